"""K classes in minirelu.metrics: a hand-worked 3×3 case, scikit-learn as an oracle on 200
random tied cases, and the two-class API left as it was."""
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm

from minirelu import metrics as mm
from minirelu.metrics import UndefinedMetricWarning

# --------------------------------------------------------------------------- a worked example
# i:        0    1    2    3    4    5    6    7    8
Y_TRUE = ["a", "a", "a", "b", "b", "c", "c", "c", "c"]
Y_PRED = ["a", "b", "a", "b", "c", "c", "c", "a", "c"]
#             true a: a b a -> [2, 1, 0];  true b: b c -> [0, 1, 1];  true c: c c a c -> [1, 0, 3]
CM = [[2, 1, 0], [0, 1, 1], [1, 0, 3]]


def test_confusion_matrix_hand_worked():
    cm = mm.confusion_matrix(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(cm, CM)
    assert cm.dtype == np.int64
    # labels= reorders rows and columns together, and may list a class no sample has
    np.testing.assert_array_equal(mm.confusion_matrix(Y_TRUE, Y_PRED, labels=["c", "b", "a"]),
                                  [[3, 0, 1], [1, 1, 0], [0, 1, 2]])
    np.testing.assert_array_equal(mm.confusion_matrix(Y_TRUE, Y_PRED, labels=["a", "b", "c", "d"]),
                                  np.pad(CM, ((0, 1), (0, 1))))


def test_per_class_rates_hand_worked():
    # class a: TP 2, FP 1 (c predicted a), FN 1, TN 5;  b: TP 1, FP 1, FN 1, TN 6;
    # class c: TP 3, FP 1, FN 1, TN 4
    precision = [2 / 3, 1 / 2, 3 / 4]
    recall = [2 / 3, 1 / 2, 3 / 4]
    specificity = [5 / 6, 6 / 7, 4 / 5]
    npv = [5 / 6, 6 / 7, 4 / 5]
    support = np.array([3, 2, 4])
    for function, expected in ((mm.precision_score, precision), (mm.recall_score, recall),
                               (mm.specificity_score, specificity), (mm.npv_score, npv)):
        np.testing.assert_allclose(function(Y_TRUE, Y_PRED, average=None), expected, atol=1e-12)
        assert function(Y_TRUE, Y_PRED, average="macro") == pytest.approx(np.mean(expected),
                                                                           abs=1e-12)
        assert function(Y_TRUE, Y_PRED, average="weighted") == pytest.approx(
            np.dot(expected, support) / 9, abs=1e-12)
    # the support-weighted recall is the accuracy
    assert mm.recall_score(Y_TRUE, Y_PRED, average="weighted") == pytest.approx(6 / 9, abs=1e-12)
    rates = mm.multiclass_rates(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(rates.confusion_matrix, CM)
    np.testing.assert_array_equal(rates.support, support)
    assert rates.accuracy == pytest.approx(6 / 9, abs=1e-12)
    np.testing.assert_allclose(rates.specificity, specificity, atol=1e-12)
    assert rates.macro["npv"] == pytest.approx(np.mean(npv), abs=1e-12)
    assert list(rates.table["class"]) == ["a", "b", "c", "macro avg", "weighted avg"]
    assert repr(rates).startswith("MulticlassRates(n_classes=3, n_samples=9, accuracy=0.6667")


def test_undefined_per_class_rate_is_nan_with_a_warning_naming_the_class():
    with pytest.warns(UndefinedMetricWarning, match="precision of class 2 is undefined"):
        values = mm.precision_score([0, 1, 2], [0, 1, 1], average=None)
    assert np.isnan(values[2]) and values[0] == 1.0


def test_two_class_results_are_unchanged():
    y, p = [0, 0, 1, 1, 1], [0, 1, 1, 1, 0]
    np.testing.assert_array_equal(mm.confusion_matrix(y, p), [[1, 1], [1, 2]])
    np.testing.assert_array_equal(mm.confusion_matrix([0, 0], [0, 0]), [[2, 0], [0, 0]])
    assert mm.precision_score(y, p) == 2 / 3
    # the positive class's one-vs-rest rate is the binary rate
    assert mm.precision_score(y, p, average=None)[1] == 2 / 3
    assert mm.specificity_score(y, p, average=None)[1] == mm.specificity_score(y, p)


def _random_case(rng, i):
    """K in 3..6, heavy ties in the probabilities (few distinct values), any class balance."""
    k = int(rng.integers(3, 7))
    n = int(rng.integers(3 * k, 300))
    weights = rng.dirichlet(np.ones(k) * (0.3, 1.0, 5.0)[i % 3])
    y_true = rng.choice(k, size=n, p=weights)
    y_true[:k] = rng.permutation(k)                      # every class present
    grain = (1, 2, 4, 10, 1000)[i % 5]                   # probabilities in steps of 1/grain
    proba = rng.multinomial(grain, np.ones(k) / k, size=n) / grain
    if i % 4 == 0:                                       # scores that carry signal
        proba[np.arange(n), y_true] += 1.0
        proba /= proba.sum(axis=1, keepdims=True)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, k, n))
    labels = np.array([10, -3, 7, 0, 42, 5])[:k]        # labels that are not 0..K-1
    return labels[y_true], labels[y_pred], proba, labels


def test_against_scikit_learn_on_200_random_tied_cases():
    rng = np.random.default_rng(11)
    worst = 0.0
    for i in range(200):
        y_true, y_pred, proba, labels = _random_case(rng, i)
        order = np.sort(labels)
        # columns of proba belong to the labels in sorted order (as predict_proba's classes_)
        np.testing.assert_array_equal(mm.confusion_matrix(y_true, y_pred),
                                      skm.confusion_matrix(y_true, y_pred))
        np.testing.assert_array_equal(mm.confusion_matrix(y_true, y_pred, labels=labels),
                                      skm.confusion_matrix(y_true, y_pred, labels=labels))
        # scikit-learn's per-class AUCs in one call, averaged as it averages them
        # (plain and support-weighted mean); its own averages on every tenth case (speed)
        per_class = skm.roc_auc_score(y_true, proba, multi_class="ovr", average=None)
        support = np.array([np.sum(y_true == c) for c in order])
        theirs = {None: per_class, "macro": per_class.mean(),
                  "weighted": np.dot(per_class, support) / support.sum()}
        if i % 10 == 0:
            theirs.update({average: skm.roc_auc_score(y_true, proba, multi_class="ovr",
                                                      average=average)
                           for average in ("macro", "weighted")})
        for average, expected in theirs.items():
            ours = mm.roc_auc_score(y_true, proba, multi_class="ovr", average=average)
            worst = max(worst, float(np.max(np.abs(ours - expected))))
        if i % 5:          # per-class curves and rates on a fifth of the cases (speed)
            continue
        curves = mm.roc_curves_ovr(y_true, proba)
        assert list(curves) == list(order)
        for k, c in enumerate(order):
            for a, b in zip(curves[c], skm.roc_curve(y_true, proba[:, k], pos_label=c,
                                                     drop_intermediate=False)):
                np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for ours_fn, theirs_fn in ((mm.precision_score, skm.precision_score),
                                       (mm.recall_score, skm.recall_score),
                                       (mm.f1_score, skm.f1_score)):
                for average in (None, "macro", "weighted")[i % 3:i % 3 + 1]:
                    np.testing.assert_allclose(
                        ours_fn(y_true, y_pred, average=average, labels=labels),
                        theirs_fn(y_true, y_pred, average=average, labels=labels,
                                  zero_division=np.nan), rtol=0, atol=1e-12)
    assert worst <= 1e-12


def test_ovr_auc_with_labels_naming_the_columns():
    y = ["x", "y", "z", "z", "y", "x"]
    proba = np.array([[.6, .3, .1], [.2, .5, .3], [.1, .1, .8], [.3, .3, .4], [.4, .4, .2],
                      [.5, .2, .3]])
    reordered = proba[:, [2, 0, 1]]
    assert mm.roc_auc_score(y, reordered, multi_class="ovr", labels=["z", "x", "y"]) == \
        mm.roc_auc_score(y, proba, multi_class="ovr")


GOOD_Y, GOOD_P = [0, 1, 2, 2], [[.6, .3, .1], [.2, .5, .3], [.1, .1, .8], [.3, .3, .4]]


@pytest.mark.parametrize("call, error, words", [
    (lambda: mm.confusion_matrix([0, 1, 2], [0, 1, 3], labels=[0, 1, 2]), ValueError,
     "y_pred holds 3, which labels does not list"),
    (lambda: mm.confusion_matrix([0, 1, 2], [0, 1, 1], labels=[0, 1, 1]), ValueError,
     "labels must not repeat"),
    (lambda: mm.confusion_matrix(["a", "b"], [0, 1]), TypeError, "mix numbers and strings"),
    (lambda: mm.confusion_matrix([0, 1, 2], [[0, 1, 2]]), ValueError, "y_pred must be a 1-D"),
    (lambda: mm.precision_score([0, 1, 2], [0, 1, 1], average="micro"), ValueError,
     "average must be one of"),
    (lambda: mm.precision_score([0, 1], [0, 1], labels=[0, 1]), ValueError,
     "labels is only used with average"),
    (lambda: mm.roc_auc_score(GOOD_Y, GOOD_P), ValueError, "pass multi_class='ovr'"),
    (lambda: mm.roc_auc_score(GOOD_Y, GOOD_P, multi_class="ovo"), ValueError,
     "multi_class must be one of"),
    (lambda: mm.roc_auc_score(GOOD_Y, np.log(GOOD_P), multi_class="ovr"), ValueError,
     "rows must be probabilities summing to 1"),
    (lambda: mm.roc_auc_score([0, 1, 1, 1], GOOD_P, multi_class="ovr"), ValueError,
     "y_score has 3 columns but there are 2 classes"),
    (lambda: mm.roc_auc_score(GOOD_Y, [row[:2] for row in GOOD_P], multi_class="ovr"),
     ValueError, "y_score has 2 columns but there are 3 classes"),
    (lambda: mm.roc_auc_score(GOOD_Y, [.1, .2, .3, .4], multi_class="ovr"), ValueError,
     "y_score must be a 2-D array"),
    (lambda: mm.roc_auc_score(GOOD_Y, np.array(GOOD_P)[:3], multi_class="ovr"), ValueError,
     "y_score has 3"),
    (lambda: mm.roc_curve(GOOD_Y, [.1, .2, .3, .4], pos_label=5), ValueError,
     "pos_label 5 does not occur in y_true"),
    (lambda: mm.roc_curves_ovr(GOOD_Y, GOOD_P, labels=[0, 1, 5]), ValueError,
     "y_true holds 2, which labels does not list"),
])
def test_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()
