"""Checkers of exercise 07 (the workshop's CMB tasks): they accept right answers and name the
typical slips. The checkers' own oracles (AUC by counting pairs, confusion matrix by counting)
are tested against hand-worked cases and scikit-learn."""
import numpy as np
import pytest
from sklearn.metrics import confusion_matrix as sk_confusion_matrix
from sklearn.metrics import roc_auc_score as sk_roc_auc_score

import minirelu as mr
from minirelu import check
from minirelu.check import lesson07
from minirelu.metrics import confusion_matrix, roc_auc_score
from test_checkers import solution_code_in


def run(capsys, checker, fn):
    """(returned value, printed text) of one checker call."""
    result = checker(fn)
    return result, capsys.readouterr().out


def test_names_do_not_shadow_other_lessons():
    # check/__init__ star-imports every lesson module: a shared name would silently replace
    # another exercise's checker.
    import importlib
    others = set()
    for number in range(1, 15):
        if number != 7:
            others |= set(importlib.import_module(f"minirelu.check.lesson{number:02d}").__all__)
    assert set(lesson07.__all__).isdisjoint(others)
    assert all(getattr(check, name) is getattr(lesson07, name) for name in lesson07.__all__)


# ---- task 1: split ---------------------------------------------------------------------------

def split(X, y):
    return mr.train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)


def split_by_hand(X, y):
    # a stratified split written without train_test_split: every fifth row of each class
    rng = np.random.default_rng(1)
    val = np.concatenate([rng.permutation(np.flatnonzero(y == c))[: int(round(0.2 * np.sum(y == c)))]
                          for c in (0, 1)])
    train = np.setdiff1d(np.arange(len(y)), val)
    return X[train], X[val], y[train], y[val]


@pytest.mark.parametrize("fn", [split, split_by_hand])
def test_split_accepts_right_answers(capsys, fn):
    result, out = run(capsys, check.split, fn)
    assert (result, out) == (True, f"Correct! {fn.__name__} passes both test cases.\n")


def _parts_swapped(X, y):
    X_train, X_val, y_train, y_val = split(X, y)
    return X_train, y_train, X_val, y_val


def _labels_shuffled(X, y):
    X_train, X_val, y_train, y_val = split(X, y)
    return X_train, X_val, np.random.default_rng(0).permutation(y_train), y_val


def _cut_in_order(X, y):
    n = int(0.8 * len(X))
    return X[:n], X[n:], y[:n], y[n:]


@pytest.mark.parametrize("wrong, message", [
    (lambda X, y: mr.train_test_split(X, y, test_size=0.2, random_state=0),
     "not stratified: the validation set holds 8 of the 30 rows with label 0 (27%, not 20%)"),
    (lambda X, y: mr.train_test_split(X, y, test_size=0.2, stratify=y),
     "a second call gave a different split: fix the seed"),
    (lambda X, y: mr.train_test_split(X, y, test_size=0.3, stratify=y, random_state=0),
     "the validation set holds 15 of 50 rows (30%); the task asks for 20%"),
    (_parts_swapped, "the four arrays are 2-D, 1-D, 2-D, 1-D; expected 2-D, 2-D, 1-D, 1-D"),
    (_labels_shuffled, "some labels no longer sit beside their spectra"),
    (_cut_in_order, "not stratified: the validation set holds 0 of the 30 rows with label 0"),
    (lambda X, y: (X, split(X, y)[1], y, split(X, y)[3]),
     "10 rows are in both the training and the validation set"),
    (lambda X, y: split(X, y)[:2], "split should return four arrays"),
    (lambda X, y: (X[:40] * 2, X[40:], y[:40], y[40:]), "are not rows of X"),
])
def test_split_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, check.split, wrong)
    assert result == False
    assert out.startswith("Not yet: ") and message in out
    # a failing case shows the shapes of what was returned, not every value
    assert "holding its row number in column 0" in out and "Hint: minirelu has a function" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_split_shows_shapes_not_values(capsys):
    _, out = run(capsys, check.split, _cut_in_order)
    assert ("got      = (array of shape (40, 4) (float64), array of shape (10, 4) (float64), "
            "array of shape (40,) (int64), array of shape (10,) (int64))") in out


# ---- task 2: build_and_train -----------------------------------------------------------------

def build_and_train(X_train, y_train, X_val, y_val):
    model = mr.MLPClassifier(hidden_layer_sizes=(64, 64), activation="relu", optimizer="adam",
                             learning_rate=1e-3, batch_size=32, epochs=40, random_state=0)
    return model.fit(X_train, y_train, validation_data=(X_val, y_val))


def test_build_and_train_accepts_the_workshop_network(capsys):
    result, out = run(capsys, check.build_and_train, build_and_train)
    assert (result, out) == (True, "Correct! build_and_train passes the test case.\n")


def _fit(X_train, y_train, X_val, y_val, validation="val", **settings):
    options = {"random_state": 0, **settings}
    data = {"val": (X_val, y_val), "train": (X_train, y_train), "none": None}[validation]
    return mr.MLPClassifier(**options).fit(X_train, y_train, validation_data=data)


@pytest.mark.parametrize("wrong, message", [
    (lambda *d: _fit(*d, hidden_layer_sizes=(32,)), "the network is 93-32-1; the workshop's is 93-64-64-1"),
    (lambda *d: _fit(*d, activation="tanh"), "the hidden layers use 'tanh'"),
    (lambda *d: mr.MLPRegressor(random_state=0).fit(d[0], d[1], validation_data=(d[2], d[3])),
     "the output is 'identity', not a sigmoid"),
    (lambda *d: _fit(*d, optimizer="sgd"), "optimizer is 'sgd'; the workshop uses 'adam'"),
    (lambda *d: _fit(*d, learning_rate=0.01), "learning_rate is 0.01; the workshop uses 0.001"),
    (lambda *d: _fit(*d, batch_size=16), "batch_size is 16; the workshop uses 32"),
    (lambda *d: _fit(*d, epochs=10), "it trained for 10 epochs; the task asks for 40"),
    (lambda *d: _fit(*d, validation="none"), "the history holds no validation curves"),
    (lambda *d: _fit(*d, validation="train"), "it was validated on the training set"),
    (lambda *d: _fit(*d, random_state=None), "a second call trained a different network"),
    (lambda *d: _fit(*d).history_, "it returned a dict (the history?)"),
    (lambda *d: mr.MLPClassifier(random_state=0), "the classifier is not fitted"),
])
def test_build_and_train_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, check.build_and_train, wrong)
    assert result == False
    assert out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_build_and_train_checks_the_validation_data_used(capsys):
    def validated_elsewhere(X_train, y_train, X_val, y_val):
        return _fit(X_train, y_train, X_val[::-1].copy() * 2.0, y_val[::-1].copy())
    result, out = run(capsys, check.build_and_train, validated_elsewhere)
    assert result == False and "its validation loss is not the loss on X_val and y_val" in out


# ---- task 3: evaluate ------------------------------------------------------------------------

def test_counting_oracles_hand_worked():
    # the case worked out in the checker's comments
    p = np.array([0.2, 0.6, 0.7, 0.6, 0.1, 0.4, 0.3, 0.3])
    y = np.array([0, 0, 1, 1, 0, 1, 0, 1])
    assert lesson07._auc_by_counting(y, p) == 13 / 16
    assert lesson07._confusion_by_counting(y, (p > 0.5).astype(int)).tolist() == [[3, 1], [2, 2]]


@pytest.mark.parametrize("seed", range(20))
def test_counting_oracles_match_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 50)
    y[:2] = [0, 1]
    score = np.round(rng.random(50), 1)          # heavy ties
    assert lesson07._auc_by_counting(y, score) == pytest.approx(sk_roc_auc_score(y, score), abs=1e-12)
    predicted = (score > 0.5).astype(int)
    assert np.array_equal(lesson07._confusion_by_counting(y, predicted),
                          sk_confusion_matrix(y, predicted, labels=[0, 1]))


def evaluate(model, X_val, y_val):
    return roc_auc_score(y_val, model.predict_proba(X_val)[:, 1]), confusion_matrix(y_val, model.predict(X_val))


def evaluate_by_hand(model, X_val, y_val):
    score = model.decision_function(X_val)           # the logit ranks like the probability
    pos, neg = score[y_val == 1], score[y_val == 0]
    auc = (np.sum(pos[:, None] > neg) + 0.5 * np.sum(pos[:, None] == neg)) / (pos.size * neg.size)
    pred = model.predict(X_val)
    cm = [[np.sum((y_val == t) & (pred == p)) for p in (0, 1)] for t in (0, 1)]
    return float(auc), np.array(cm, dtype=float)


@pytest.mark.parametrize("fn", [evaluate, evaluate_by_hand])
def test_evaluate_accepts_right_answers(capsys, fn):
    result, out = run(capsys, check.evaluate, fn)
    assert (result, out) == (True, f"Correct! {fn.__name__} passes both test cases.\n")


def test_evaluate_works_on_a_fitted_classifier():
    # the stand-in model answers like a fitted MLPClassifier: same methods, same shapes
    X_train, y_train, X_val, y_val = lesson07._training_data(seed=1)
    model = build_and_train(X_train, y_train, X_val, y_val)
    auc, cm = evaluate(model, X_val, y_val)
    p = model.predict_proba(X_val)[:, 1]
    assert auc == pytest.approx(lesson07._auc_by_counting(y_val, p), abs=1e-12)
    assert np.array_equal(cm, lesson07._confusion_by_counting(y_val, model.predict(X_val)))


@pytest.mark.parametrize("wrong, message", [
    (lambda m, X, y: (roc_auc_score(y, m.predict_proba(X)[:, 0]), confusion_matrix(y, m.predict(X))),
     "AUC 0.1875 where 0.8125 was expected: column 0 of predict_proba is the probability of label 0"),
    (lambda m, X, y: (roc_auc_score(y, m.predict(X)), confusion_matrix(y, m.predict(X))),
     "AUC 0.6250 where 0.8125 was expected: the ROC curve needs the probabilities"),
    (lambda m, X, y: (evaluate(m, X, y)[0], evaluate(m, X, y)[1].T),
     "the confusion matrix is transposed"),
    (lambda m, X, y: (evaluate(m, X, y)[0], evaluate(m, X, y)[1][::-1, ::-1]),
     "the confusion matrix has label 1 first"),
    (lambda m, X, y: evaluate(m, X, y)[0], "evaluate should return two things: (auc, confusion_matrix)"),
    (lambda m, X, y: (evaluate(m, X, y)[0], [[3, 1, 2, 2]]), "the confusion matrix should be a 2x2 array"),
])
def test_evaluate_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, check.evaluate, wrong)
    assert result == False
    assert out.startswith("Not yet: ") and message in out
    assert "input    = a model whose probabilities of label 1 are [0.2 0.6 0.7 0.6 0.1 0.4 0.3 0.3]" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_evaluate_reports_the_result_on_one_line(capsys):
    _, out = run(capsys, check.evaluate,
                 lambda m, X, y: (evaluate(m, X, y)[0], evaluate(m, X, y)[1].T))
    assert "got      = (0.8125, [[3, 2], [1, 2]])" in out


# ---- task 4: standardize and what_happens ----------------------------------------------------

def standardize(X_train, X_val):
    scaler = mr.StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_val)


def standardize_ddof1(X_train, X_val):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    return (X_train - mean) / std, (X_val - mean) / std


@pytest.mark.parametrize("fn", [standardize, standardize_ddof1])
def test_standardize_accepts_right_answers(capsys, fn):
    result, out = run(capsys, check.standardize, fn)
    assert (result, out) == (True, f"Correct! {fn.__name__} passes both test cases.\n")


def test_standardize_hand_worked_case_is_right():
    # the case worked out in the checker's comments
    X_train = np.array([[1.0, 100.0, 0.001], [3.0, 300.0, 0.003]])
    X_val = np.array([[2.0, 400.0, 0.0], [4.0, 200.0, 0.004]])
    train, val = standardize(X_train, X_val)
    np.testing.assert_allclose(train, [[-1, -1, -1], [1, 1, 1]], rtol=0, atol=1e-9)
    np.testing.assert_allclose(val, [[0, 2, -2], [2, 0, 2]], rtol=0, atol=1e-9)


def _own_statistics(X_train, X_val):
    return mr.StandardScaler().fit_transform(X_train), mr.StandardScaler().fit_transform(X_val)


def _all_statistics(X_train, X_val):
    scaler = mr.StandardScaler().fit(np.vstack([X_train, X_val]))
    return scaler.transform(X_train), scaler.transform(X_val)


def _in_place(X_train, X_val):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    X_train -= mean
    X_train /= std
    return X_train, (X_val - mean) / std


@pytest.mark.parametrize("wrong, message", [
    (_own_statistics, "X_val was scaled with its own mean and std"),
    (_all_statistics, "scaled with the mean and standard deviation of training and validation "
                      "together: that leaks"),
    (lambda X_train, X_val: (standardize(X_train, X_val)[0], X_val), "X_val_std is X_val unchanged"),
    (lambda X_train, X_val: (X_train, X_val), "X_train_std is X_train unchanged"),
    (lambda X_train, X_val: tuple(s.transform(X) for s in [mr.MinMaxScaler().fit(X_train)]
                                  for X in (X_train, X_val)), "that is min-max scaling"),
    (lambda X_train, X_val: (X_train - X_train.mean(axis=0), X_val - X_train.mean(axis=0)),
     "the training features do not have mean 0 and standard deviation 1"),
    (lambda X_train, X_val: standardize(X_train, X_val)[0], "standardize should return two arrays"),
    (_in_place, "changed its input `X_train` in place"),
])
def test_standardize_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, check.standardize, wrong)
    assert result == False
    assert out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


@pytest.mark.parametrize("answer", ["c", "C", " (c) ", "c.", "C.", "c)", "'c'"])
def test_what_happens_accepts_the_right_letter(capsys, answer):
    result, out = run(capsys, check.what_happens, lambda: answer)
    assert result == True and out.startswith("Correct! what_happens() picks the right answer")


@pytest.mark.parametrize("answer, message", [
    ("a", "not 'a': compare the AUC of task 3"),
    ("b", "not 'b': look again at the ROC curve"),
    ("d", "not 'd': compare the two AUCs"),
    ("e", "return one of the letters 'a', 'b', 'c' or 'd'"),
    (3, "return one of the letters"),
    (None, "what_happens() returned None. Did you forget a `return` statement?"),
])
def test_what_happens_names_the_slip(capsys, answer, message):
    result, out = run(capsys, check.what_happens, lambda: answer)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert "'c'" not in out.replace("'a', 'b', 'c' or 'd'", "")   # never gives the answer away
    assert solution_code_in(out) == []   # a first miss never shows solution code


# ---- not attempted, and the checker given something else than a function ---------------------


@pytest.mark.parametrize("name", lesson07.__all__)
def test_a_value_instead_of_the_function(capsys, name):
    result, out = run(capsys, getattr(check, name), np.zeros(3))
    assert result == False
    assert out.startswith(f"Not yet: `check.{name}` expects your function itself")


def test_a_crash_is_reported_not_raised(capsys):
    def split(X, y):
        return X[:, 99]
    result, out = run(capsys, check.split, split)
    assert result == False and "split(X, y) raised IndexError" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_an_unfinished_helper_is_named(capsys):
    def helper(X):
        raise NotImplementedError

    def standardize(X_train, X_val):
        return helper(X_train), helper(X_val)
    result, out = run(capsys, check.standardize, standardize)
    assert result == False
    assert out.startswith("Not attempted yet: `standardize` calls `helper`, which still raises")


def test_results_are_described_by_shape():
    from minirelu.check._summary import describe_shapes
    value = (np.zeros((3, 2)), [np.arange(4)], {"b": 1, "a": 2}, 0.25)
    assert describe_shapes(value) == ("(array of shape (3, 2) (float64), [array of shape (4,) "
                                      "(int64)], a dict with keys ['a', 'b'], 0.25)")
