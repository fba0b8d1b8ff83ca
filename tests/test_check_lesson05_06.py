"""Checkers of exercises 05 (rates, ROC points, AUC by pairs) and 06 (two scalers by hand): they
accept right answers written in different ways, name the typical slips, and their hand-worked
cases and own oracles agree with scikit-learn."""
import importlib

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix as sk_confusion_matrix
from sklearn.metrics import roc_auc_score as sk_roc_auc_score
from sklearn.metrics import roc_curve as sk_roc_curve
from sklearn.preprocessing import MinMaxScaler as SkMinMaxScaler
from sklearn.preprocessing import StandardScaler as SkStandardScaler

from minirelu import check
from minirelu.check import lesson05, lesson06
from test_checkers import solution_code_in


def run(capsys, checker, fn):
    """(returned value, printed text) of one checker call."""
    result = checker(fn)
    return result, capsys.readouterr().out


@pytest.mark.parametrize("module", [lesson05, lesson06])
def test_names_do_not_shadow_other_lessons(module):
    # check/__init__ star-imports every lesson module: a shared name would silently replace
    # another exercise's checker.
    own = int(module.__name__[-2:])
    others = set()
    for number in range(1, 15):
        if number != own:
            others |= set(importlib.import_module(f"minirelu.check.lesson{number:02d}").__all__)
    assert module.__all__ and set(module.__all__).isdisjoint(others)
    assert all(getattr(check, name) is getattr(module, name) for name in module.__all__)


# ---- exercise 05: right answers -------------------------------------------------------------

def rates(y_true, y_pred):
    positive, predicted = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp = np.sum(positive & predicted), np.sum(~positive & predicted)
    fn, tn = np.sum(positive & ~predicted), np.sum(~positive & ~predicted)

    def ratio(top, bottom):
        return float(top / bottom) if bottom else float("nan")
    return {"accuracy": ratio(tp + tn, tp + tn + fp + fn), "precision": ratio(tp, tp + fp),
            "recall": ratio(tp, tp + fn), "specificity": ratio(tn, tn + fp),
            "npv": ratio(tn, tn + fn), "fpr": ratio(fp, fp + tn), "f1": ratio(2 * tp, 2 * tp + fp + fn)}


def _rates_from_counts(tn, fp, fn, tp):
    def ratio(top, bottom):
        return float(top / bottom) if bottom else float("nan")
    return {"accuracy": ratio(tp + tn, tp + tn + fp + fn), "precision": ratio(tp, tp + fp),
            "recall": ratio(tp, tp + fn), "specificity": ratio(tn, tn + fp),
            "npv": ratio(tn, tn + fn), "fpr": ratio(fp, fp + tn), "f1": ratio(2 * tp, 2 * tp + fp + fn)}


def rates_from_sklearn(y_true, y_pred):
    # scikit-learn's confusion matrix has the same [[TN, FP], [FN, TP]] layout
    (tn, fp), (fn, tp) = sk_confusion_matrix(np.asarray(y_true, dtype=int),
                                             np.asarray(y_pred, dtype=int), labels=[0, 1])
    return _rates_from_counts(tn, fp, fn, tp)


def rates_with_a_loop(y_true, y_pred):
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for truth, guess in zip(y_true, y_pred):
        key = ("t" if truth == guess else "f") + ("p" if guess == 1 else "n")
        counts[key] += 1
    return _rates_from_counts(counts["tn"], counts["fp"], counts["fn"], counts["tp"])


def roc_points(y_true, scores):
    thresholds = np.unique(scores)[::-1]
    predicted = scores[None, :] >= thresholds[:, None]
    tp = np.sum(predicted & (y_true == 1), axis=1)
    fp = np.sum(predicted & (y_true == 0), axis=1)
    return np.r_[0.0, fp / np.sum(y_true == 0)], np.r_[0.0, tp / np.sum(y_true == 1)]


def roc_points_from_sklearn(y_true, scores):
    fpr, tpr, _ = sk_roc_curve(y_true, scores, drop_intermediate=False)
    return list(fpr), list(tpr)                                   # lists are fine too


def auc_by_pairs(y_true, scores):
    pos, neg = scores[y_true == 1], scores[y_true == 0]
    return float(np.mean((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])))


def auc_with_loops(y_true, scores):
    won = 0.0
    for s_pos in scores[y_true == 1]:
        for s_neg in scores[y_true == 0]:
            won += 1.0 if s_pos > s_neg else 0.5 if s_pos == s_neg else 0.0
    return won / (np.sum(y_true == 1) * np.sum(y_true == 0))


@pytest.mark.parametrize("checker, fn, success", [
    (check.rates, rates, "rates gives all seven rates, and NaN where a rate is 0/0."),
    (check.rates, rates_from_sklearn, "rates gives all seven rates, and NaN where a rate is 0/0."),
    (check.rates, rates_with_a_loop, "rates gives all seven rates, and NaN where a rate is 0/0."),
    (check.roc_points, roc_points,
     "roc_points gives one point per distinct score, ties as diagonal steps."),
    (check.roc_points, roc_points_from_sklearn,
     "roc_points gives one point per distinct score, ties as diagonal steps."),
    (check.auc_by_pairs, auc_by_pairs, "auc_by_pairs counts every pair, ties as one half."),
    (check.auc_by_pairs, auc_with_loops, "auc_by_pairs counts every pair, ties as one half."),
    (check.auc_by_pairs, lambda y, s: float(sk_roc_auc_score(y, s)),
     "auc_by_pairs counts every pair, ties as one half."),
])
def test_exercise05_accepts_right_answers(capsys, checker, fn, success):
    # the scikit-learn versions show that the hand-worked expected values agree with it
    assert run(capsys, checker, fn) == (True, f"Correct! {success}\n")


# ---- exercise 05: slips -----------------------------------------------------------------------

def _rates_edit(**changes):
    def wrong(y_true, y_pred):
        result = rates(y_true, y_pred)
        for key, source in changes.items():
            result[key] = rates(y_true, y_pred)[source] if isinstance(source, str) else source(result)
        return result
    return wrong


def _rates_numpy_division(y_true, y_pred):
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    tn = np.sum((y_true == 0) & (y_pred == 0))
    return {"accuracy": (tp + tn) / len(y_true), "precision": tp / (tp + fp), "recall": tp / (tp + fn),
            "specificity": tn / (tn + fp), "npv": tn / (tn + fn), "fpr": fp / (fp + tn),
            "f1": 2 * tp / (2 * tp + fp + fn)}


def _rates_python_division(y_true, y_pred):
    tp = int(np.sum((y_true == 1) & (y_pred == 1)))
    fp = int(np.sum((y_true == 0) & (y_pred == 1)))
    return {**rates(y_true, y_pred), "precision": tp / (tp + fp)}


def _rates_zero_for_undefined(y_true, y_pred):
    return {k: 0.0 if v != v else v for k, v in rates(y_true, y_pred).items()}


def _rates_label_roles_swapped(y_true, y_pred):
    return rates(1 - np.asarray(y_true, dtype=int), 1 - np.asarray(y_pred, dtype=int))


def _rates_fp_fn_swapped(y_true, y_pred):
    return rates(y_pred, y_true)


def _rates_as_indices(y_true, y_pred):
    cm = np.zeros((2, 2))
    np.add.at(cm, (y_true, y_pred), 1)    # booleans index as masks, not as 0/1
    return _rates_from_counts(cm[0, 0], cm[0, 1], cm[1, 0], cm[1, 1])


@pytest.mark.parametrize("wrong, message", [
    (_rates_edit(precision="recall", recall="precision"), "precision and recall are swapped"),
    (_rates_edit(specificity="npv", npv="specificity"), "specificity and npv are swapped"),
    (_rates_label_roles_swapped, "the labels' roles are swapped"),
    (_rates_fp_fn_swapped, "FP and FN are swapped"),
    (_rates_edit(f1=lambda r: 2 * r["precision"] * r["recall"]),
     "rates(y_true, y_pred) returned a wrong item ['f1']: a wrong value."),
    (_rates_numpy_division, "raised a warning: RuntimeWarning"),
    (_rates_python_division, "raised ZeroDivisionError"),
    (_rates_zero_for_undefined, "expected['precision'] = nan\n  got['precision']      = 0.0"),
    (lambda y, p: {k: v for k, v in rates(y, p).items() if k != "fpr"},
     "a dict with keys ['accuracy', 'f1', 'npv', 'precision', 'recall', 'specificity']"),
    (lambda y, p: list(rates(y, p).values()), "a list where a dict was expected"),
    (_rates_as_indices, "raised IndexError"),
])
def test_rates_names_slips(capsys, wrong, message):
    result, out = run(capsys, check.rates, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def _roc_per_sample(y_true, scores):
    order = np.argsort(-scores, kind="stable")
    y = y_true[order]
    return (np.r_[0.0, np.cumsum(y == 0) / np.sum(y == 0)],
            np.r_[0.0, np.cumsum(y == 1) / np.sum(y == 1)])


def _roc_ascending_thresholds(y_true, scores):
    fpr, tpr = roc_points(y_true, scores)
    return fpr[::-1], tpr[::-1]


def _roc_with_thresholds(y_true, scores):
    return (*roc_points(y_true, scores), np.r_[np.inf, np.unique(scores)[::-1]])


def _roc_strict_threshold(y_true, scores):
    # predicting 1 only for scores > t misses the samples at the threshold
    thresholds = np.unique(scores)[::-1]
    predicted = scores[None, :] > thresholds[:, None]
    tp = np.sum(predicted & (y_true == 1), axis=1) / np.sum(y_true == 1)
    fp = np.sum(predicted & (y_true == 0), axis=1) / np.sum(y_true == 0)
    return np.r_[0.0, fp], np.r_[0.0, tp]


@pytest.mark.parametrize("wrong, message", [
    (lambda y, s: roc_points(y, s)[::-1], "fpr and tpr are swapped"),
    (lambda y, s: tuple(v[1:] for v in roc_points(y, s)), "the curve must start at (0, 0)"),
    (_roc_ascending_thresholds, "the points run from (1, 1) to (0, 0)"),
    (lambda y, s: tuple((v * [np.sum(y == 0), np.sum(y == 1)][i]).astype(int)
                        for i, v in enumerate(roc_points(y, s))),
     "these are the counts FP and TP"),
    (_roc_per_sample, "an array of shape (7,) where shape (5,) was expected.\n"
                      "  y_true      = [1 0 1 0 0 1]"),
    (_roc_with_thresholds, "3 items where 2 were expected"),
    (_roc_strict_threshold, "Hint: lower the threshold through the distinct scores"),
])
def test_roc_points_names_slips(capsys, wrong, message):
    result, out = run(capsys, check.roc_points, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def _auc_ties_as(value):
    def wrong(y_true, scores):
        pos, neg = scores[y_true == 1], scores[y_true == 0]
        return float(np.mean((pos[:, None] > neg[None, :]) + value * (pos[:, None] == neg[None, :])))
    return wrong


@pytest.mark.parametrize("wrong, message", [
    (_auc_ties_as(0.0), "the ties counted 0"),
    (_auc_ties_as(1.0), "the ties counted 1"),
    (lambda y, s: 1.0 - auc_by_pairs(y, s), "that is 1 - AUC"),
    (lambda y, s: int(auc_by_pairs(y, s) * 1000), "integers (dtype int64) where floating-point"),
    (lambda y, s: np.array([auc_by_pairs(y, s)]), "an array of shape (1,) where a single number"),
    (lambda y, s: None, "returned None. Did you forget a `return` statement?"),
])
def test_auc_by_pairs_names_slips(capsys, wrong, message):
    result, out = run(capsys, check.auc_by_pairs, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


# ---- exercise 06 ------------------------------------------------------------------------------

def min_max_scale(X_train, X_test):
    low = X_train.min(axis=0)
    spread = np.where(np.ptp(X_train, axis=0) > 0, np.ptp(X_train, axis=0), 1.0)
    return (X_train - low) / spread, (X_test - low) / spread


def standard_scale(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def _with_sklearn(scaler_class):
    # scikit-learn also divides a constant column by 1
    def scale(X_train, X_test):
        scaler = scaler_class().fit(X_train)
        return [scaler.transform(X_train), scaler.transform(X_test)]
    return scale


@pytest.mark.parametrize("checker, fn, success", [
    (check.min_max_scale, min_max_scale,
     "min_max_scale uses the training minimum and range for both sets."),
    (check.min_max_scale, _with_sklearn(SkMinMaxScaler),
     "min_max_scale uses the training minimum and range for both sets."),
    (check.standard_scale, standard_scale,
     "standard_scale uses the training mean and standard deviation for both sets."),
    (check.standard_scale, _with_sklearn(SkStandardScaler),
     "standard_scale uses the training mean and standard deviation for both sets."),
])
def test_exercise06_accepts_right_answers(capsys, checker, fn, success):
    assert run(capsys, checker, fn) == (True, f"Correct! {success}\n")


def _leaky(scale):
    def wrong(X_train, X_test):
        both = np.vstack([X_train, X_test])
        scaled = scale(both, both)[0]
        return scaled[:len(X_train)], scaled[len(X_train):]
    return wrong


def _own_statistics(scale):
    return lambda X_train, X_test: (scale(X_train, X_train)[0], scale(X_test, X_test)[0])


def _in_place(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std[std == 0] = 1.0
    X_train -= mean
    X_train /= std
    return X_train, (X_test - mean) / std


def _no_guard(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def _guard_silenced(X_train, X_test):
    with np.errstate(invalid="ignore", divide="ignore"):
        return _no_guard(X_train, X_test)


def _tiny_epsilon(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-12
    return (X_train - mean) / std, (X_test - mean) / std


def _ddof_one(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def _test_unscaled(scale):
    return lambda X_train, X_test: (scale(X_train, X_test)[0], X_test)


@pytest.mark.parametrize("checker, wrong, message", [
    (check.standard_scale, _leaky(standard_scale), "leaks the test set into the scaling"),
    (check.min_max_scale, _leaky(min_max_scale), "leaks the test set into the scaling"),
    (check.standard_scale, _own_statistics(standard_scale), "X_test was scaled with its own statistics"),
    (check.min_max_scale, _own_statistics(min_max_scale), "X_test was scaled with its own statistics"),
    (check.standard_scale, lambda a, b: standard_scale(a, b)[::-1], "the two results are swapped"),
    (check.min_max_scale, _test_unscaled(min_max_scale), "X_test is returned unscaled"),
    (check.standard_scale, min_max_scale, "that is min-max scaling; this function does standard"),
    (check.min_max_scale, standard_scale, "that is standard scaling; this function does min-max"),
    (check.standard_scale, _ddof_one, "divides by n - 1 (ddof=1)"),
    (check.standard_scale, _in_place, "changed its input `X_train` in place"),
    (check.standard_scale, _no_guard, "raised a warning: RuntimeWarning: invalid value"),
    (check.standard_scale, _guard_silenced, "a column that is constant in X_train"),
    (check.standard_scale, _tiny_epsilon, "a column that is constant in X_train has range and "
                                          "standard deviation 0"),
    (check.standard_scale, lambda a, b: standard_scale(a, b)[0],
     "returned a NumPy array where a sequence of 2 items was expected"),
])
def test_exercise06_names_slips(capsys, checker, wrong, message):
    result, out = run(capsys, checker, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_single_row_test_set_needs_training_statistics(capsys):
    # a function right on every case but one that treats a one-row X_test on its own
    def wrong(X_train, X_test):
        if len(X_test) == 1:
            return standard_scale(X_train, X_test)[0], np.zeros_like(X_test)
        return standard_scale(X_train, X_test)
    result, out = run(capsys, check.standard_scale, wrong)
    assert result == False and "X_test with a single row (1, 5)" in out


# ---- both: stubs and non-functions ------------------------------------------------------------


@pytest.mark.parametrize("name", lesson05.__all__ + lesson06.__all__)
def test_a_value_instead_of_a_function(capsys, name):
    result, out = run(capsys, getattr(check, name), 0.5)
    assert result == False and f"Pass the function without calling it: `check.{name}({name})`" in out


def test_a_crash_is_reported_not_raised(capsys):
    def crashing(y_true, y_pred):
        return {"accuracy": y_true[99]}
    result, out = run(capsys, check.rates, crashing)
    assert result == False and "raised IndexError" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


# ---- the checkers' own oracles --------------------------------------------------------------

def test_rank_oracle_matches_hand_worked_cases():
    # positives 0.7, 0.2, 0.9 against negatives 0.7, 0.5, 0.2: 2.5 + 0.5 + 3 = 6 of 9 pairs
    assert lesson05._auc_by_ranks(np.array([1, 0, 1, 0, 0, 1]),
                                  np.array([0.7, 0.7, 0.2, 0.5, 0.2, 0.9])) == pytest.approx(6 / 9, abs=1e-12)
    assert lesson05._auc_by_ranks(np.array([0, 1, 0, 1]), np.full(4, 3.0)) == 0.5
    assert lesson05._auc_by_ranks(np.array([1, 1, 0]), np.array([0.1, 0.2, 0.9])) == 0.0


@pytest.mark.parametrize("seed", range(30))
def test_rank_oracle_matches_sklearn_and_pairs(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    scores = rng.integers(0, int(rng.integers(1, 8)), n).astype(float)   # heavy ties
    expected = sk_roc_auc_score(y, scores)
    assert lesson05._auc_by_ranks(y, scores) == pytest.approx(expected, abs=1e-12)
    assert auc_by_pairs(y, scores) == pytest.approx(expected, abs=1e-12)


def test_rates_of_counts_matches_hand_work():
    # TP 3, FP 2, FN 1, TN 4 (the checker's case a)
    got = lesson05._rates_of(4, 2, 1, 3)
    assert got == pytest.approx({"accuracy": 0.7, "precision": 0.6, "recall": 0.75,
                                 "specificity": 4 / 6, "npv": 0.8, "fpr": 2 / 6, "f1": 6 / 9},
                                abs=1e-12)
    assert np.isnan(lesson05._rates_of(3, 0, 2, 0)["precision"])


@pytest.mark.parametrize("kind, sk_class", [("min-max", SkMinMaxScaler), ("standard", SkStandardScaler)])
def test_scaling_formula_matches_sklearn(kind, sk_class):
    rng = np.random.default_rng(7)
    X_train = rng.normal(size=(25, 4)) * np.array([1e3, 1.0, 1e-3, 0.0]) + 2.0   # last column constant
    X_test = rng.normal(size=(6, 4))
    scaler = sk_class().fit(X_train)
    np.testing.assert_allclose(lesson06._scaled(kind, X_train, X_train), scaler.transform(X_train),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(lesson06._scaled(kind, X_test, X_train), scaler.transform(X_test),
                               rtol=1e-12, atol=1e-12)
