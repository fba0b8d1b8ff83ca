"""minirelu.metrics: hand-worked cases, scikit-learn as an oracle, Mann–Whitney by brute force."""
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from sklearn.exceptions import UndefinedMetricWarning as SklearnUndefinedMetricWarning

from minirelu import metrics as mm
from minirelu.metrics import UndefinedMetricWarning

# --------------------------------------------------------------------------- a worked example
# i:       0  1  2  3  4  5  6  7  8  9
Y_TRUE = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0]
Y_PRED = [0, 1, 1, 0, 1, 0, 1, 1, 1, 0]
# outcome: TN FP FP TN TP FN TP TP TP TN  ->  TN = 3, FP = 2, FN = 1, TP = 4, n = 10


def test_confusion_matrix_hand_worked():
    cm = mm.confusion_matrix(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(cm, [[3, 2], [1, 4]])
    assert cm.dtype == np.int64


def test_confusion_matrix_layout_is_true_rows_predicted_columns():
    # one sample of each kind, each in its own cell
    np.testing.assert_array_equal(mm.confusion_matrix([0], [1]), [[0, 1], [0, 0]])   # FP
    np.testing.assert_array_equal(mm.confusion_matrix([1], [0]), [[0, 0], [1, 0]])   # FN
    np.testing.assert_array_equal(mm.confusion_matrix([True, False], [True, True]),
                                  [[0, 1], [0, 1]])                                  # booleans


@pytest.mark.parametrize("function, expected", [
    (mm.precision_score, 4 / 6),        # TP / (TP + FP) = 4 / (4 + 2)
    (mm.recall_score, 4 / 5),           # TP / (TP + FN) = 4 / (4 + 1)
    (mm.specificity_score, 3 / 5),      # TN / (TN + FP) = 3 / (3 + 2)
    (mm.npv_score, 3 / 4),              # TN / (TN + FN) = 3 / (3 + 1)
    (mm.f1_score, 8 / 11),              # 2 TP / (2 TP + FP + FN) = 8 / (8 + 2 + 1)
    (mm.accuracy_score, 7 / 10),        # (TP + TN) / n = (4 + 3) / 10
])
def test_rates_hand_worked(function, expected):
    assert function(Y_TRUE, Y_PRED) == pytest.approx(expected, abs=1e-12)


def test_f1_is_the_harmonic_mean_of_precision_and_recall():
    # 2 P R / (P + R) = 2 (2/3)(4/5) / (2/3 + 4/5) = (16/15) / (22/15) = 8/11
    p, r = mm.precision_score(Y_TRUE, Y_PRED), mm.recall_score(Y_TRUE, Y_PRED)
    assert mm.f1_score(Y_TRUE, Y_PRED) == pytest.approx(2 * p * r / (p + r), abs=1e-12)


def test_classification_rates_hand_worked():
    rates = mm.classification_rates(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(rates.confusion_matrix, [[3, 2], [1, 4]])
    assert (rates.tn, rates.fp, rates.fn, rates.tp) == (3, 2, 1, 4)
    expected = {"accuracy": 0.7, "precision": 2 / 3, "recall": 0.8, "sensitivity": 0.8,
                "tpr": 0.8, "specificity": 0.6, "npv": 0.75,
                "fpr": 0.4,                       # FP / (FP + TN) = 2 / 5 = 1 - specificity
                "f1": 8 / 11}
    for name, value in expected.items():
        assert getattr(rates, name) == pytest.approx(value, abs=1e-12), name
    table = rates.table
    assert len(table) == 7
    assert table["rate"][0] == "accuracy" and table["formula"][1] == "TP / (TP + FP)"
    np.testing.assert_allclose(table["value"], [0.7, 2 / 3, 0.8, 0.6, 0.75, 0.4, 8 / 11],
                               rtol=0, atol=1e-12)


def test_classification_rates_repr_and_table_are_stable():
    rates = mm.classification_rates(Y_TRUE, Y_PRED)
    assert repr(rates) == (
        "ClassificationRates(tn=3, fp=2, fn=1, tp=4, accuracy=0.7000, precision=0.6667, "
        "recall=0.8000, specificity=0.6000, npv=0.7500, fpr=0.4000, f1=0.7273)")
    lines = repr(rates.table).splitlines()
    assert lines[0].split() == ["rate", "formula", "value"]
    assert lines[2].split() == ["precision", "TP", "/", "(TP", "+", "FP)", "0.6667"]
    assert lines[7].endswith("0.7273") and lines[7].startswith("F1 ")


def test_classification_rates_from_counts():
    rates = mm.ClassificationRates([[3, 2], [1, 4]])
    assert rates.f1 == pytest.approx(8 / 11, abs=1e-12)


@pytest.mark.parametrize("function, y_true, y_pred, undefined", [
    (mm.precision_score, [0, 1, 1], [0, 0, 0], "precision"),      # TP + FP = 0: nothing predicted 1
    (mm.recall_score, [0, 0, 0], [0, 1, 0], "recall"),            # TP + FN = 0: no positive
    (mm.specificity_score, [1, 1, 1], [0, 1, 1], "specificity"),  # TN + FP = 0: no negative
    (mm.npv_score, [0, 1, 1], [1, 1, 1], "negative predictive"),  # TN + FN = 0: nothing predicted 0
    (mm.f1_score, [0, 0], [0, 0], "F1"),                          # 2 TP + FP + FN = 0
])
def test_zero_over_zero_is_nan_with_a_warning(function, y_true, y_pred, undefined):
    with pytest.warns(UndefinedMetricWarning, match=undefined):
        value = function(y_true, y_pred)
    assert np.isnan(value)


def test_f1_defined_when_precision_is_not():
    # TP = 0, FP = 0, FN = 1: precision 0/0, but F1 = 2*0 / (0 + 0 + 1) = 0, recall = 0/1 = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mm.f1_score([1, 0], [0, 0]) == 0.0
        assert mm.recall_score([1, 0], [0, 0]) == 0.0


def test_classification_rates_with_undefined_rates():
    # all negative, all predicted negative: TN = 3, FP = FN = TP = 0
    with pytest.warns(UndefinedMetricWarning) as record:
        rates = mm.classification_rates([0, 0, 0], [0, 0, 0])
    assert sorted(str(w.message).split()[0] for w in record) == ["F1", "precision", "recall"]
    assert np.isnan(rates.precision) and np.isnan(rates.recall) and np.isnan(rates.f1)
    assert (rates.accuracy, rates.specificity, rates.npv, rates.fpr) == (1.0, 1.0, 1.0, 0.0)
    assert "precision=nan" in repr(rates)


def test_regression_metrics_hand_worked():
    y_true, y_pred = [1.0, 2.0, 3.0], [2.0, 2.0, 5.0]     # errors +1, 0, +2
    assert mm.mean_absolute_error(y_true, y_pred) == pytest.approx(3 / 3, abs=1e-12)
    assert mm.mean_squared_error(y_true, y_pred) == pytest.approx(5 / 3, abs=1e-12)
    # SS_res = 1 + 0 + 4 = 5, SS_tot = 1 + 0 + 1 = 2 around the mean 2: R² = 1 - 5/2
    assert mm.r2_score(y_true, y_pred) == pytest.approx(-1.5, abs=1e-12)


# --------------------------------------------------------------------------- ROC by hand
def test_roc_curve_with_ties_hand_worked():
    y_true = [1, 0, 1, 1, 0, 0, 1, 0]
    y_score = [0.8, 0.8, 0.6, 0.4, 0.4, 0.4, 0.2, 0.1]
    # P = 4, N = 4. Distinct scores high to low, with the samples each one adds:
    #   t = 0.8: +1 pos +1 neg -> TP 1, FP 1 -> (1/4, 1/4)   (a diagonal step across the tie)
    #   t = 0.6: +1 pos        -> TP 2, FP 1 -> (1/4, 2/4)
    #   t = 0.4: +1 pos +2 neg -> TP 3, FP 3 -> (3/4, 3/4)   (diagonal again)
    #   t = 0.2: +1 pos        -> TP 4, FP 3 -> (3/4, 1)
    #   t = 0.1: +1 neg        -> TP 4, FP 4 -> (1, 1)
    fpr, tpr, thresholds = mm.roc_curve(y_true, y_score)
    np.testing.assert_allclose(fpr, [0, 0.25, 0.25, 0.75, 0.75, 1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(tpr, [0, 0.25, 0.5, 0.75, 1, 1], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(thresholds, [np.inf, 0.8, 0.6, 0.4, 0.2, 0.1])
    # trapezoids: 1/4 * (0 + 1/4)/2 + 0 + 2/4 * (2/4 + 3/4)/2 + 0 + 1/4 * (1 + 1)/2
    #           = 1/32 + 10/32 + 8/32 = 19/32
    # Mann–Whitney: positive 0.8 beats 3 negatives and ties 1 (3.5), 0.6 beats 3,
    #           0.4 beats 1 and ties 2 (2), 0.2 beats 1: U = 9.5 of 16 pairs = 19/32
    assert mm.auc(fpr, tpr) == pytest.approx(19 / 32, abs=1e-12)
    assert mm.roc_auc_score(y_true, y_score) == pytest.approx(19 / 32, abs=1e-12)


def test_roc_auc_note_example():
    # labels [0,1,0,1,1,0], scores [.9,.9,.5,.5,.5,.1]; P = N = 3
    #   t = .9: +1 pos +1 neg -> (1/3, 1/3); t = .5: +2 pos +1 neg -> (2/3, 1); t = .1 -> (1, 1)
    # area = 1/3 * (1/3)/2 + 1/3 * (1/3 + 1)/2 + 1/3 * 1 = 1/18 + 4/18 + 6/18 = 11/18
    # U: .9 beats 2, ties 1 -> 2.5; each .5 beats 1, ties 1 -> 1.5, twice: U = 5.5 of 9 = 11/18
    y_true, y_score = [0, 1, 0, 1, 1, 0], [0.9, 0.9, 0.5, 0.5, 0.5, 0.1]
    assert mm.roc_auc_score(y_true, y_score) == pytest.approx(11 / 18, abs=1e-12)
    assert 11 / 18 == pytest.approx(0.6111, abs=1e-4)
    fpr, tpr, thresholds = mm.roc_curve(y_true, y_score)
    np.testing.assert_allclose(fpr, [0, 1 / 3, 2 / 3, 1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(tpr, [0, 1 / 3, 1, 1], rtol=0, atol=1e-12)
    # the order of the samples within a tie cannot matter (a per-sample step curve
    # would give 0.444 or 0.778 here depending on it)
    for order in ([1, 0, 3, 4, 2, 5], [0, 1, 2, 3, 4, 5][::-1]):
        assert mm.roc_auc_score(np.take(y_true, order), np.take(y_score, order)) == \
            pytest.approx(11 / 18, abs=1e-12)


def test_drop_intermediate_hand_worked():
    # scores 5 > 4 > 3 > 2 > 1, labels 1 1 1 0 0: steps (ΔFP, ΔTP) = (0,1) (0,1) (0,1) (1,0) (1,0)
    # from (0,0); the points after scores 4 and 2 sit between two equal steps and go.
    fpr, tpr, thresholds = mm.roc_curve([1, 1, 1, 0, 0], [5, 4, 3, 2, 1], drop_intermediate=True)
    np.testing.assert_array_equal(thresholds, [np.inf, 5, 3, 1])
    np.testing.assert_allclose(fpr, [0, 0, 0, 1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(tpr, [0, 1 / 3, 1, 1], rtol=0, atol=1e-12)
    assert len(mm.roc_curve([1, 1, 1, 0, 0], [5, 4, 3, 2, 1])[0]) == 6


def test_all_tied_scores_give_chance():
    fpr, tpr, thresholds = mm.roc_curve([0, 1, 1, 0, 1], [0.3] * 5)
    np.testing.assert_array_equal(fpr, [0, 1])
    np.testing.assert_array_equal(tpr, [0, 1])
    np.testing.assert_array_equal(thresholds, [np.inf, 0.3])
    assert mm.roc_auc_score([0, 1, 1, 0, 1], [0.3] * 5) == 0.5


def test_perfect_and_reversed_ranking():
    assert mm.roc_auc_score([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert mm.roc_auc_score([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]) == 0.0


def test_auc_trapezoid_hand_worked():
    # trapezoids: 1 * (0 + 2)/2 + 2 * (2 + 2)/2 = 1 + 4 = 5
    assert mm.auc([0, 1, 3], [0, 2, 2]) == pytest.approx(5, abs=1e-12)
    assert mm.auc([3, 1, 0], [2, 2, 0]) == pytest.approx(5, abs=1e-12)   # decreasing x


@pytest.mark.parametrize("function", [mm.roc_auc_score, mm.roc_curve])
@pytest.mark.parametrize("y_true, only", [([1, 1, 1], "only the class 1"),
                                          ([0, 0, 0], "only the class 0")])
def test_single_class_is_an_error(function, y_true, only):
    with pytest.raises(ValueError, match=only) as info:
        function(y_true, [0.1, 0.5, 0.9])
    assert "y_true" in str(info.value)


# --------------------------------------------------------------------------- random cases
def _random_case(rng, i):
    """Heavy ties (few distinct score values) and both class balances."""
    n = int(rng.integers(2, 400)) if i % 10 else int(rng.integers(1000, 5000))
    positive_rate = (0.03, 0.5, 0.97)[i % 3]        # rare positives, balanced, rare negatives
    y_true = (rng.random(n) < positive_rate).astype(np.int64)
    y_true[:2] = rng.permutation([0, 1])                  # both classes present
    n_distinct = (1, 2, 3, 5, 10, 40, n)[i % 7]
    y_score = rng.integers(0, n_distinct, size=n) / max(n_distinct - 1, 1)
    if i % 4 == 0:                                        # scores that carry signal
        y_score = np.round(y_score + 0.3 * y_true, 2)
    if i % 11 == 5:                                       # continuous: no ties at all
        y_score = rng.random(n) + 0.2 * y_true
    return y_true, y_score


RANDOM_CASES = 240


@pytest.mark.parametrize("seed", range(4))
def test_against_scikit_learn_on_random_cases(seed):
    rng = np.random.default_rng(seed)
    for i in range(RANDOM_CASES // 4):
        y_true, y_score = _random_case(rng, i)
        y_pred = (y_score >= np.median(y_score)).astype(np.int64)
        np.testing.assert_array_equal(mm.confusion_matrix(y_true, y_pred),
                                      skm.confusion_matrix(y_true, y_pred, labels=[0, 1]))
        for drop in (True, False):
            ours = mm.roc_curve(y_true, y_score, drop_intermediate=drop)
            theirs = skm.roc_curve(y_true, y_score, drop_intermediate=drop)
            for a, b in zip(ours, theirs):
                assert a.shape == b.shape
                np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
        area = mm.roc_auc_score(y_true, y_score)
        assert abs(area - skm.roc_auc_score(y_true, y_score)) <= 1e-12
        assert abs(area - mm.auc(*mm.roc_curve(y_true, y_score)[:2])) <= 1e-12
        assert abs(mm.mean_absolute_error(y_true, y_score)
                   - skm.mean_absolute_error(y_true, y_score)) <= 1e-12
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            warnings.simplefilter("ignore", SklearnUndefinedMetricWarning)
            for ours_f, theirs_f in ((mm.precision_score, skm.precision_score),
                                     (mm.recall_score, skm.recall_score),
                                     (mm.f1_score, skm.f1_score)):
                a = ours_f(y_true, y_pred)
                b = theirs_f(y_true, y_pred, zero_division=np.nan)
                assert (np.isnan(a) and np.isnan(b)) or abs(a - b) <= 1e-12


def _brute_force_mann_whitney(y_true, y_score):
    pos, neg = y_score[y_true == 1], y_score[y_true == 0]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return wins / (len(pos) * len(neg))


def test_mann_whitney_brute_force():
    rng = np.random.default_rng(7)
    for i in range(300):
        n = int(rng.integers(2, 25))
        y_true = rng.integers(0, 2, size=n)
        y_true[:2] = [0, 1]
        y_score = rng.integers(0, int(rng.integers(1, 6)), size=n).astype(float)
        assert abs(mm.roc_auc_score(y_true, y_score)
                   - _brute_force_mann_whitney(y_true, y_score)) <= 1e-12


def test_roc_does_not_depend_on_sample_order():
    rng = np.random.default_rng(3)
    y_true, y_score = rng.integers(0, 2, 500), rng.integers(0, 7, 500) / 6
    order = rng.permutation(500)
    for a, b in zip(mm.roc_curve(y_true, y_score), mm.roc_curve(y_true[order], y_score[order])):
        np.testing.assert_array_equal(a, b)


def test_inputs_are_not_changed():
    y_true, y_score = np.array([0, 1, 0, 1]), np.array([0.4, 0.3, 0.2, 0.9])
    mm.roc_curve(y_true, y_score)
    mm.roc_auc_score(y_true, y_score)
    np.testing.assert_array_equal(y_score, [0.4, 0.3, 0.2, 0.9])
    np.testing.assert_array_equal(y_true, [0, 1, 0, 1])


# --------------------------------------------------------------------------- bad input
GOOD_LABELS, GOOD_SCORES = [0, 1, 1, 0], [0.2, 0.7, 0.4, 0.1]


@pytest.mark.parametrize("call, error, words", [
    (lambda: mm.confusion_matrix([0, 0.5, 1], [0, 1, 1]), ValueError,
     "y_true must hold class labels"),
    (lambda: mm.confusion_matrix([0, 1, 1], [0, np.nan, 1]), ValueError,
     "y_pred must hold class labels"),
    (lambda: mm.classification_rates([0, 2, 1], [0, 1, 1]), ValueError, "y_true must hold binary"),
    (lambda: mm.recall_score([0, 1, 1], [0, -1, 1]), ValueError, "y_pred must hold binary"),
    (lambda: mm.confusion_matrix([0, 1, 1], [0, 1]), ValueError, "y_pred has 2"),
    (lambda: mm.confusion_matrix([], []), ValueError, "y_true is empty"),
    (lambda: mm.precision_score([0, 1], [0.5, 1]), ValueError, "y_pred must hold binary"),
    (lambda: mm.classification_rates([0, 1, np.nan], [0, 1, 1]), ValueError, "y_true must hold"),
    (lambda: mm.roc_curve([0, 1, 3, 0], GOOD_SCORES), ValueError, "y_true must hold binary"),
    (lambda: mm.roc_auc_score([0, 1, 3, 0], GOOD_SCORES), ValueError, "y_true must hold binary"),
    (lambda: mm.roc_curve(GOOD_LABELS, [0.2, np.nan, 0.4, 0.1]), ValueError, "y_score contains NaN"),
    (lambda: mm.roc_auc_score(GOOD_LABELS, [0.2, np.nan, 0.4, 0.1]), ValueError,
     "y_score contains NaN"),
    (lambda: mm.roc_auc_score(GOOD_LABELS, [0.2, np.inf, 0.4, 0.1]), ValueError,
     "y_score contains NaN or infinite"),
    (lambda: mm.roc_curve(GOOD_LABELS, GOOD_SCORES[:3]), ValueError, "y_score has 3"),
    (lambda: mm.roc_auc_score(GOOD_LABELS[:3], GOOD_SCORES), ValueError, "y_true has 3"),
    (lambda: mm.roc_curve([], []), ValueError, "y_true is empty"),
    (lambda: mm.roc_auc_score(GOOD_LABELS, []), ValueError, "y_score is empty"),
    (lambda: mm.roc_auc_score(GOOD_LABELS, "abcd"), TypeError, "y_score must be array-like"),
    (lambda: mm.roc_curve(GOOD_LABELS, [[0.1, 0.2]] * 4), ValueError, "y_score must be a 1-D"),
    (lambda: mm.roc_curve(GOOD_LABELS, GOOD_SCORES, drop_intermediate="yes"), TypeError,
     "drop_intermediate must be True or False"),
    (lambda: mm.auc([0, 2, 1], [0, 1, 1]), ValueError, "x must be monotonic"),
    (lambda: mm.auc([0, 1, 2], [0, 1]), ValueError, "y has 2"),
    (lambda: mm.auc([0.5], [1.0]), ValueError, "x needs at least 2 points"),
    (lambda: mm.auc([0, 1], [0, np.nan]), ValueError, "y contains NaN"),
    (lambda: mm.auc([], []), ValueError, "x is empty"),
    (lambda: mm.mean_absolute_error([1, 2], [1, np.nan]), ValueError, "y_pred contains NaN"),
    (lambda: mm.mean_absolute_error([1, 2], [1, 2, 3]), ValueError, "y_pred has 3"),
    (lambda: mm.ClassificationRates([[1, 2, 3]]), ValueError, "confusion_matrix must be a (2, 2)"),
    (lambda: mm.ClassificationRates([[1, -2], [3, 4]]), ValueError, "confusion_matrix must be"),
    (lambda: mm.ClassificationRates([[0, 0], [0, 0]]), ValueError, "confusion_matrix counts no"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_input_names_the_argument(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


# --------------------------------------------------------------------------- a large case
def test_large_tied_input_closed_form():
    # 10^6 scores at two levels, against the closed form (and int64 counts that stay exact)
    n = 10 ** 6
    y_true = np.tile([1, 0, 0, 1], n // 4)                 # P = N = n/2
    y_score = np.tile([1.0, 1.0, 0.0, 0.0], n // 4)        # half of each class scores 1
    # U = (n/4 positives at 1) * (n/4 negatives at 0) + 1/2 * 2 * (n/4)^2 ties = 2 (n/4)^2
    assert mm.roc_auc_score(y_true, y_score) == pytest.approx(2 * (n / 4) ** 2 / (n / 2) ** 2,
                                                              abs=1e-12)
