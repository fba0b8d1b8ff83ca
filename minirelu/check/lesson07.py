"""Checkers for exercises/07_cmb_classification.ipynb: the workshop's CMB tasks.

- task 1, ``split(X, y)`` -> ``X_train, X_val, y_train, y_val``: 20% for validation,
  stratified by label, seeded;
- task 2, ``build_and_train(X_train, y_train, X_val, y_val)`` -> a fitted ``MLPClassifier``
  d-64-64-1 (ReLU, sigmoid output), Adam at 1e-3, batches of 32, 40 epochs, validated on
  ``(X_val, y_val)``, seeded;
- task 3, ``evaluate(model, X_val, y_val)`` -> ``(auc, confusion_matrix)`` of the
  probability of label 1, the matrix laid out ``[[TN, FP], [FN, TP]]``;
- task 4, ``standardize(X_train, X_val)`` -> both sets scaled with the training set's mean
  and standard deviation; ``what_happens()`` -> the letter of the right answer.

Expected values never come from minirelu's own metrics or scalers: the split is checked by
properties on data whose rows carry their own number, the network by reading the returned
model, the AUC by counting all (positive, negative) pairs (ties count one half), the
confusion matrix by counting, and the scaled arrays from the formula written out here.

Over 400 lines because the exercise is the workshop's four tasks, and each is checked by
properties written out here rather than by minirelu's own code.
"""
import numpy as np

from ._core import Case, check_value, checker, fmt, not_attempted, not_yet, run_cases
from ._summary import describe_shapes, run_summarized

__all__ = ["split", "build_and_train", "evaluate", "standardize", "what_happens"]

VAL_SHARE = 0.2
HIDDEN = (64, 64)
EPOCHS = 40


# ---- task 1: split ---------------------------------------------------------------------------

def _numbered_data(n0, n1, d, seed):
    """X (n, d) whose column 0 is the row number, and labels sorted: n0 zeros, then n1 ones.

    The row number tells where every row went; sorted labels make an unshuffled cut
    visibly unstratified.
    """
    rng = np.random.default_rng(seed)
    X = np.round(rng.normal(0.0, 1.0, (n0 + n1, d)), 3)
    X[:, 0] = np.arange(n0 + n1)
    y = np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])
    return X, y


def _split_verdict(student_split):
    def prop(got, X, y):
        got = got.value
        if not isinstance(got, (tuple, list)) or len(got) != 4:
            kind = f"{len(got)} items" if isinstance(got, (tuple, list)) else type(got).__name__
            return f"split should return four arrays, X_train, X_val, y_train, y_val; got {kind}"
        parts = [np.asarray(part) for part in got]
        if [p.ndim for p in parts] != [2, 2, 1, 1]:
            dims = ", ".join(f"{p.ndim}-D" for p in parts)
            return (f"the four arrays are {dims}; expected 2-D, 2-D, 1-D, 1-D in the order "
                    "X_train, X_val, y_train, y_val (the order of mr.train_test_split)")
        X_train, X_val, y_train, y_val = parts
        if X_train.shape[1] != X.shape[1] or X_val.shape[1] != X.shape[1]:
            return f"X_train and X_val must keep all {X.shape[1]} columns of X"
        if len(X_train) != len(y_train) or len(X_val) != len(y_val):
            return (f"X_train has {len(X_train)} rows but y_train {len(y_train)}, X_val "
                    f"{len(X_val)} but y_val {len(y_val)}: split X and y together")
        ids = [np.rint(part[:, 0]).astype(np.int64) for part in (X_train, X_val)]
        known = all(((i >= 0) & (i < len(X))).all() for i in ids)
        if not known or any(not np.array_equal(part, X[i])
                            for part, i in zip((X_train, X_val), ids)):
            return ("some rows of X_train or X_val are not rows of X: split the rows, "
                    "do not change them")
        if any(not np.array_equal(labels, y[i]) for labels, i in zip((y_train, y_val), ids)):
            return ("some labels no longer sit beside their spectra: split X and y in one call, "
                    "with the same shuffled order")
        shared = np.intersect1d(ids[0], ids[1])
        if shared.size:
            return (f"{shared.size} rows are in both the training and the validation set "
                    "(validation rows must be new to the network)")
        used = np.concatenate(ids)
        if used.size != len(X) or np.unique(used).size != len(X):
            return (f"the two parts hold {used.size} rows ({np.unique(used).size} distinct) out "
                    f"of {len(X)}: every row must land in exactly one part")
        if abs(len(X_val) - VAL_SHARE * len(X)) > 1:
            return (f"the validation set holds {len(X_val)} of {len(X)} rows "
                    f"({len(X_val) / len(X):.0%}); the task asks for {VAL_SHARE:.0%}")
        for label in (0, 1):
            n_label, n_val = int(np.sum(y == label)), int(np.sum(y_val == label))
            if abs(n_val - VAL_SHARE * n_label) > 1:
                return (f"not stratified: the validation set holds {n_val} of the {n_label} rows "
                        f"with label {label} ({n_val / n_label:.0%}, not {VAL_SHARE:.0%}); "
                        "pass stratify=y")
        again = student_split(X.copy(), y.copy())
        if not np.array_equal(np.asarray(again[1]), X_val):
            return "a second call gave a different split: fix the seed (random_state=...)"
        return None
    return prop


@checker(formula="return mr.train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)  "
                 "(any fixed number for random_state)")
def split(student_split):
    """Check ``split(X, y)``: a seeded, stratified 80/20 split into four arrays."""
    X1, y1 = _numbered_data(30, 20, 4, seed=71)
    X2, y2 = _numbered_data(41, 20, 3, seed=72)
    hint = ("minirelu has a function that splits X and y together, keeps the share of each "
            "label (stratified) and is repeatable with a seed; it returns X_train, X_val, "
            "y_train, y_val.")
    label = "X ({}, {}) holding its row number in column 0, y: {} zeros then {} ones"
    return run_summarized(student_split, "split", lambda fn: [
        Case(X1, y1, prop=_split_verdict(fn), hint=hint, label=label.format(50, 4, 30, 20)),
        Case(X2, y2, prop=_split_verdict(fn), hint=hint, label=label.format(61, 3, 41, 20)),
    ])


# ---- task 2: build_and_train -----------------------------------------------------------------

def _training_data(seed, d=93):
    """Random inputs with a learnable label: 80 training rows and 20 validation rows."""
    rng = np.random.default_rng(seed)
    X = np.round(rng.normal(0.0, 1.0, (100, d)), 3)
    y = (X[:, :3].sum(axis=1) > 0).astype(np.int64)
    return X[:80], y[:80], X[80:], y[80:]


def _log_loss(y, p):
    p = np.clip(p, 1e-300, 1.0)
    q = np.clip(1.0 - p, 1e-300, 1.0)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(q)))


def _model_verdict(student_fn):
    def prop(got, X_train, y_train, X_val, y_val):
        got = got.value
        if isinstance(got, dict):
            return "it returned a dict (the history?); return the fitted classifier itself"
        if not hasattr(got, "network_") or not hasattr(got, "history_"):
            if hasattr(got, "fit"):
                return ("the classifier is not fitted: fit it on the training set (with the "
                        "validation set as validation_data), then return it")
            return f"it returned {type(got).__name__}, not a fitted mr.MLPClassifier"
        net, history = got.network_, got.history_
        sizes = tuple(int(s) for s in net.layer_sizes)
        expected = (X_train.shape[1],) + HIDDEN + (1,)
        if sizes != expected:
            return (f"the network is {'-'.join(map(str, sizes))}; the workshop's is "
                    f"{'-'.join(map(str, expected))} (hidden_layer_sizes={HIDDEN})")
        if net.hidden_activation != "relu":
            return f"the hidden layers use {net.hidden_activation!r}; the task asks for 'relu'"
        if net.output_activation != "sigmoid":
            return (f"the output is {net.output_activation!r}, not a sigmoid: use "
                    "mr.MLPClassifier (a probability of label 1), not a regressor")
        settings = {"optimizer": "adam", "learning_rate": 1e-3, "batch_size": 32}
        for name, value in settings.items():
            if getattr(got, name, value) != value:
                return f"{name} is {getattr(got, name)!r}; the workshop uses {value!r}"
        n_epochs = len(history.get("loss", []))
        if n_epochs != EPOCHS:
            return f"it trained for {n_epochs} epochs; the task asks for {EPOCHS}"
        if "val_loss" not in history:
            return ("the history holds no validation curves: give fit the validation set "
                    "through its validation_data argument")
        val_loss = float(history["val_loss"][-1])
        p_val = np.asarray(got.predict_proba(X_val))[:, 1]
        if not np.isclose(val_loss, _log_loss(y_val, p_val), rtol=1e-6, atol=1e-9):
            p_train = np.asarray(got.predict_proba(X_train))[:, 1]
            if np.isclose(val_loss, _log_loss(y_train, p_train), rtol=1e-6, atol=1e-9):
                return ("it was validated on the training set: validation_data must hold the "
                        "validation set, X_val and y_val")
            return ("its validation loss is not the loss on X_val and y_val: validation_data "
                    "must hold the validation set")
        again = student_fn(X_train.copy(), y_train.copy(), X_val.copy(), y_val.copy())
        if not np.array_equal(np.asarray(getattr(again, "history_", {}).get("loss", [])),
                              np.asarray(history["loss"])):
            return "a second call trained a different network: fix random_state"
        return None
    return prop


@checker(formula="model = mr.MLPClassifier(hidden_layer_sizes=(64, 64), activation='relu', "
                 "optimizer='adam', learning_rate=1e-3, batch_size=32, epochs=40, random_state=0)\n"
                 "return model.fit(X_train, y_train, validation_data=(X_val, y_val))")
def build_and_train(student_build_and_train):
    """Check ``build_and_train(X_train, y_train, X_val, y_val)``: the fitted workshop network."""
    data = _training_data(seed=73)
    hint = ("build the workshop's classifier (two hidden layers of 64 ReLU units, Adam with "
            "learning rate 1e-3, batches of 32, 40 epochs, a fixed seed), fit it on the training "
            "set with the validation set as validation data, and return the fitted model.")
    return run_summarized(student_build_and_train, "build_and_train", lambda fn: [
        Case(*data, prop=_model_verdict(fn), hint=hint,
             label="X_train (80, 93), y_train (80,), X_val (20, 93), y_val (20,): random data"),
    ])


# ---- task 3: evaluate ------------------------------------------------------------------------

class _FixedScores:
    """A stand-in for a fitted classifier: a fixed probability of label 1 for each row."""
    classes_ = np.array([0, 1])

    def __init__(self, p):
        self.p = np.asarray(p, dtype=np.float64)

    def _rows(self, X):
        if np.ndim(X) != 2 or len(X) != len(self.p):
            raise ValueError(f"this model scores X of shape ({len(self.p)}, d), "
                             f"got {np.shape(X)}")

    def predict_proba(self, X):
        self._rows(X)
        return np.column_stack([1.0 - self.p, self.p])

    def decision_function(self, X):  # the logit
        self._rows(X)
        return np.log(self.p) - np.log1p(-self.p)

    def predict(self, X):
        self._rows(X)
        return (self.p > 0.5).astype(np.int64)

    def __repr__(self):
        return f"<classifier whose probabilities of label 1 are {fmt(self.p)}>"


def _auc_by_counting(y, score):
    """Share of (positive, negative) pairs ranked right, ties counting one half."""
    pos, neg = score[y == 1], score[y == 0]
    wins = np.sum(pos[:, None] > neg[None, :]) + 0.5 * np.sum(pos[:, None] == neg[None, :])
    return float(wins / (pos.size * neg.size))


def _confusion_by_counting(y, predicted):
    """[[TN, FP], [FN, TP]]: row = true label, column = predicted label."""
    return np.array([[np.sum((y == true) & (predicted == pred)) for pred in (0, 1)]
                     for true in (0, 1)])


def _describe_evaluation(result):
    """'(auc, [[TN, FP], [FN, TP]])' on one line, when the result has that form."""
    if isinstance(result, (tuple, list)) and len(result) == 2:
        cm = np.asarray(result[1]) if isinstance(result[1], (np.ndarray, list, tuple)) else None
        if cm is not None and cm.dtype.kind in "biuf" and cm.size <= 4:
            return f"({fmt(result[0])}, {fmt(cm.tolist())})"
    return describe_shapes(result)


def _evaluate_verdict(got, model, X_val, y_val):
    got = got.value
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return "evaluate should return two things: (auc, confusion_matrix)"
    auc, cm = got
    p = model.p
    expected_auc = _auc_by_counting(y_val, p)
    expected_cm = _confusion_by_counting(y_val, (p > 0.5).astype(np.int64))
    try:
        auc = float(auc)
    except (TypeError, ValueError):
        return f"the AUC should be one number, got {type(auc).__name__}"
    if not np.isclose(auc, expected_auc, rtol=1e-9, atol=1e-12):
        if np.isclose(auc, 1.0 - expected_auc, rtol=1e-9, atol=1e-12):
            return (f"AUC {auc:.4f} where {expected_auc:.4f} was expected: column 0 of "
                    "predict_proba is the probability of label 0; take the column of label 1")
        from_labels = _auc_by_counting(y_val, (p > 0.5).astype(np.float64))
        if np.isclose(auc, from_labels, rtol=1e-9, atol=1e-12):
            return (f"AUC {auc:.4f} where {expected_auc:.4f} was expected: the ROC curve needs "
                    "the probabilities, not the predicted labels")
        return f"AUC {auc:.4f} where {expected_auc:.4f} was expected"
    cm = np.asarray(cm)
    if cm.shape != (2, 2) or cm.dtype.kind not in "biuf":
        return f"the confusion matrix should be a 2x2 array of counts, got {fmt(cm)}"
    if not np.array_equal(cm, expected_cm):
        if np.array_equal(cm, expected_cm.T):
            return ("the confusion matrix is transposed: rows are the true labels, columns the "
                    "predicted ones, [[TN, FP], [FN, TP]]")
        if np.array_equal(cm, expected_cm[::-1, ::-1]):
            return "the confusion matrix has label 1 first: the layout is [[TN, FP], [FN, TP]]"
        return (f"confusion matrix {fmt(cm.tolist())} where {fmt(expected_cm.tolist())} "
                "([[TN, FP], [FN, TP]]) was expected")
    return None


@checker(formula="auc = roc_auc_score(y_val, model.predict_proba(X_val)[:, 1])\n"
                 "cm = confusion_matrix(y_val, model.predict(X_val)); return auc, cm")
def evaluate(student_evaluate):
    """Check ``evaluate(model, X_val, y_val)`` -> ``(auc, confusion_matrix)``."""
    # Worked by hand. Probabilities of label 1 and true labels:
    #   p = 0.2 0.6 0.7 0.6 0.1 0.4 0.3 0.3      y = 0 0 1 1 0 1 0 1
    # AUC: positives 0.7, 0.6, 0.4, 0.3 against negatives 0.2, 0.6, 0.1, 0.3; a win counts 1,
    # a tie 1/2:  0.7 beats all 4 -> 4;  0.6 beats 0.2, 0.1, 0.3 and ties 0.6 -> 3.5;
    # 0.4 beats 0.2, 0.1, 0.3 -> 3;  0.3 beats 0.2, 0.1 and ties 0.3 -> 2.5;
    # (4 + 3.5 + 3 + 2.5) / 16 = 13/16 = 0.8125.
    # Predicted labels (p > 0.5): 0 1 1 1 0 0 0 0 -> TN 3, FP 1, FN 2, TP 2.
    p1 = np.array([0.2, 0.6, 0.7, 0.6, 0.1, 0.4, 0.3, 0.3])
    y1 = np.array([0, 0, 1, 1, 0, 1, 0, 1])
    rng = np.random.default_rng(74)
    y2 = rng.permutation(np.repeat([0, 1], [35, 25]))
    # probabilities on a grid of 10 values (many ties), higher for label 1; never exactly 0.5
    p2 = (np.clip(rng.integers(0, 8, 60) + 2 * y2, 0, 9) + 0.5) / 10
    hint = ("the AUC needs the probability of label 1 on the validation set (not the labels); "
            "the confusion matrix needs the predicted labels; minirelu's metrics compute both.")
    return run_summarized(student_evaluate, "evaluate", lambda fn: [
        Case(_FixedScores(p1), np.zeros((8, 2)), y1, prop=_evaluate_verdict, hint=hint,
             label=f"a model whose probabilities of label 1 are {fmt(p1)}, X_val (8, 2), "
                   f"y_val = {fmt(y1)}"),
        Case(_FixedScores(p2), np.zeros((60, 2)), y2, prop=_evaluate_verdict, hint=hint,
             label="a model with 60 fixed probabilities (many tied), X_val (60, 2), y_val (60,)"),
    ], describe=_describe_evaluation)


# ---- task 4: standardize and what_happens ----------------------------------------------------

def _scaled(X, reference, ddof=0):
    """X scaled with the mean and standard deviation of ``reference`` (NaN where std is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (X - reference.mean(axis=0)) / reference.std(axis=0, ddof=ddof)


def _standardize_verdict(got, X_train, X_val):
    got = got.value
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return "standardize should return two arrays: (X_train_std, X_val_std)"
    train, val = (np.asarray(part) for part in got)
    if train.shape != X_train.shape or val.shape != X_val.shape:
        return (f"shapes {train.shape} and {val.shape}; expected {X_train.shape} and "
                f"{X_val.shape}, the shapes of X_train and X_val")
    both = np.vstack([X_train, X_val])
    if np.allclose(train, _scaled(X_train, both)):
        return ("the training set was scaled with the mean and standard deviation of training "
                "and validation together: that leaks the validation set into training. "
                "Fit on X_train only")
    # np.std divides by n (ddof=0), as StandardScaler does; dividing by n - 1 is accepted too.
    ddof = next((d for d in (0, 1) if np.allclose(train, _scaled(X_train, X_train, d),
                                                  rtol=1e-7, atol=1e-9)), None)
    if ddof is None:
        if np.allclose(train, X_train):
            return "X_train_std is X_train unchanged"
        span = X_train.max(axis=0) - X_train.min(axis=0)
        if np.allclose(train, (X_train - X_train.min(axis=0)) / span):
            return ("that is min-max scaling; standardizing subtracts the mean and divides "
                    "by the std")
        return ("the training features do not have mean 0 and standard deviation 1: "
                "x' = (x - mean) / std, feature by feature (axis=0)")
    if np.allclose(val, _scaled(X_val, X_train, ddof), rtol=1e-7, atol=1e-9):
        return None
    if np.allclose(val, _scaled(X_val, X_val, ddof)):
        return ("X_val was scaled with its own mean and std: use the training set's, so that "
                "training and validation inputs go through the same transformation")
    if np.allclose(val, _scaled(X_val, both, ddof)):
        return ("X_val was scaled with the statistics of training and validation together: "
                "use the training set's only")
    if np.allclose(val, X_val):
        return "X_val_std is X_val unchanged: scale it with the training set's mean and std too"
    return "X_val_std is not (X_val - mean of X_train) / std of X_train"


@checker(formula="scaler = mr.StandardScaler().fit(X_train); return scaler.transform(X_train), "
                 "scaler.transform(X_val)")
def standardize(student_standardize):
    """Check ``standardize(X_train, X_val)``: both scaled with the training statistics."""
    # Worked by hand: three features on very different scales, like C_ℓ.
    #   X_train rows (1, 100, 0.001) and (3, 300, 0.003): mean (2, 200, 0.002),
    #   std (1, 100, 0.001) -> X_train_std = [[-1, -1, -1], [1, 1, 1]]
    #   X_val rows (2, 400, 0) -> ((2-2)/1, (400-200)/100, (0-0.002)/0.001) = (0, 2, -2)
    #           and (4, 200, 0.004) -> (2, 0, 2)
    X_train1 = np.array([[1.0, 100.0, 0.001], [3.0, 300.0, 0.003]])
    X_val1 = np.array([[2.0, 400.0, 0.0], [4.0, 200.0, 0.004]])
    rng = np.random.default_rng(75)
    scales = np.array([1e3, 10.0, 1.0, 1e-2, 1e-4])
    X_train2 = np.round(rng.normal(2.0, 1.0, (30, 5)), 3) * scales
    X_val2 = np.round(rng.normal(2.5, 1.5, (10, 5)), 3) * scales   # a different mean and spread
    hint = ("learn the mean and standard deviation of each feature from X_train only, and "
            "scale both sets with them (minirelu has a scaler that does this).")
    return run_summarized(student_standardize, "standardize", lambda fn: [
        Case(X_train1, X_val1, prop=_standardize_verdict, hint=hint),
        Case(X_train2, X_val2, prop=_standardize_verdict, hint=hint,
             label="X_train (30, 5) and X_val (10, 5), features from 1e3 down to 1e-4"),
    ])


ANSWER = "c"
WRONG = {
    "a": "compare the AUC of task 3 (raw) with the AUC after standardizing: did both stay "
         "near 0.5?",
    "b": "look again at the ROC curve and AUC of the raw network in task 3.",
    "d": "compare the two AUCs: which network did better?",
}


@checker(formula="compare the AUC of the raw network (task 3) with the AUC after standardizing, "
                 "and the training with the validation curves.")
def what_happens(student_what_happens):
    """Check ``what_happens()``: the letter of the right answer, as a string."""
    if not callable(student_what_happens):  # _core's "expects your function itself"
        return run_cases(student_what_happens, [], name="what_happens")
    try:
        answer = student_what_happens()
    except NotImplementedError:
        return not_attempted("what_happens")
    except Exception as error:  # the student's crash is reported, never propagated
        return not_yet(f"what_happens() raised {type(error).__name__}: {error}")
    if answer is None:
        return not_yet("what_happens() returned None. Did you forget a `return` statement?",
                       hint="return the letter of your answer, e.g. return 'a'.")
    if isinstance(answer, str):  # 'c', 'C', '(c)', 'c)', 'c.', ' C. ' all mean c
        answer = answer.strip().strip("()[]'\".:;, ").strip().lower()

    def right(value):
        if value == ANSWER:
            return None
        if value in WRONG:
            return f"not {value!r}: {WRONG[value]}"
        return "return one of the letters 'a', 'b', 'c' or 'd', as a string"
    return check_value(answer, name="what_happens()", prop=right,
                       success="what_happens() picks the right answer: raw C_ℓ leave the network "
                               "at chance, standardized ones let it learn (and overfit).")
