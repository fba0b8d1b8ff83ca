"""Evaluation metrics: regression errors, the confusion matrix and its rates, ROC and AUC.

For binary labels (0 = negative, 1 = positive) and predicted labels, the
confusion matrix counts the four outcomes, laid out as

    [[TN, FP],        row = true label, column = predicted label
     [FN, TP]]

and every rate is a ratio of these counts, as the workshop's table defines them:

    accuracy                 (TP + TN) / n
    precision                TP / (TP + FP)
    recall = sensitivity     TP / (TP + FN)     (the true positive rate, TPR)
    specificity              TN / (TN + FP)
    negative predictive val. TN / (TN + FN)
    false positive rate      FP / (FP + TN)     = 1 - specificity
    F1                       2 TP / (2 TP + FP + FN)   (harmonic mean of precision and recall)

A rate whose denominator is 0 (say, precision when nothing is predicted
positive) is undefined: it is reported as NaN together with an
``UndefinedMetricWarning``, never as an error and never as a silent 0.

For real-valued scores, ``roc_curve`` lists (FPR, TPR) at every distinct
score used as a threshold (predict 1 when score >= threshold), and
``roc_auc_score`` is the area under it: the probability that a random
positive scores above a random negative, ties counting one half
(the Mann–Whitney statistic U divided by P·N).

Introduced in lessons/05_evaluation.ipynb.
"""
import warnings

import numpy as np

from .table import Table, format_float
from .validation import check_binary_labels, check_consistent_length, check_vector

__all__ = [
    "accuracy_score", "mean_squared_error", "mean_absolute_error", "r2_score",
    "UndefinedMetricWarning", "confusion_matrix", "precision_score", "recall_score",
    "specificity_score", "npv_score", "f1_score", "classification_rates",
    "ClassificationRates", "Table", "roc_curve", "auc", "roc_auc_score",
]


class UndefinedMetricWarning(UserWarning):
    """A rate was 0/0 (its denominator counts no sample); it is reported as NaN."""


# ----------------------------------------------------------------------------- regression
def _power_of_two_scale(*arrays):
    """``(s, e)``: s = 2**e, a power of two near the largest magnitude in ``arrays``.

    Dividing by s is exact (barring underflow), brings every value into (-2, 2), and
    leaves ordinary data's results bit for bit as they were unscaled, while values
    near ±1e300 no longer overflow when squared, summed or subtracted.
    """
    m = max(float(np.max(np.abs(a), initial=0.0)) for a in arrays)
    e = 0 if m == 0 else int(np.frexp(m)[1]) - 1           # m / 2**e in [1, 2)
    return float(np.ldexp(1.0, e)), e


def _times_power_of_two(value, e):
    """``value * 2**e`` rounded once: inf (no warning) only when the result is past the range."""
    with np.errstate(over="ignore"):
        return float(np.ldexp(value, e))


def _check_pair(y_true, y_pred):
    y_true, y_pred = check_vector(y_true, "y_true"), check_vector(y_pred, "y_pred")
    check_consistent_length(y_true=y_true, y_pred=y_pred)
    return y_true, y_pred


def accuracy_score(y_true, y_pred):
    """Fraction of rows where the predicted label equals the true label: (TP + TN) / n for 0/1.

    ``y_true``, ``y_pred``: array-like of shape (n_samples,), labels compared for equality.
    Returns a float in [0, 1].
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def mean_squared_error(y_true, y_pred):
    """Mean squared error (1/n) sum (y_pred_i - y_true_i)**2.

    ``y_true``, ``y_pred``: array-like of shape (n_samples,). Returns a float.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    s, e = _power_of_two_scale(y_true, y_pred)
    return _times_power_of_two(float(np.mean((y_pred / s - y_true / s) ** 2)), 2 * e)


def mean_absolute_error(y_true, y_pred):
    """Mean absolute error (1/n) sum |y_pred_i - y_true_i|.

    ``y_true``, ``y_pred``: array-like of shape (n_samples,). Returns a float.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    s, e = _power_of_two_scale(y_true, y_pred)
    return _times_power_of_two(float(np.mean(np.abs(y_pred / s - y_true / s))), e)


def r2_score(y_true, y_pred):
    """Coefficient of determination R² = 1 - SS_res / SS_tot.

    SS_res = sum (y_true_i - y_pred_i)**2, SS_tot = sum (y_true_i - mean(y_true))**2.
    ``y_true``, ``y_pred``: array-like of shape (n_samples,). Returns a float: 1 for a
    perfect fit, 0 for predicting the mean, negative when worse. A constant ``y_true``
    (SS_tot = 0) is a ``ValueError``.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    # Each sum of squares is computed on values divided by a power of two (exact), so
    # ±1e300 neither overflows nor loses the answer; their ratio is rescaled at the end.
    s_tot, e_tot = _power_of_two_scale(y_true)
    t = y_true / s_tot
    ss_tot = float(np.sum((t - t.mean()) ** 2))
    if ss_tot == 0:
        raise ValueError("y_true is constant: R² is undefined")
    s_res, e_res = _power_of_two_scale(y_true, y_pred)
    ss_res = float(np.sum((y_true / s_res - y_pred / s_res) ** 2))
    return 1.0 - _times_power_of_two(ss_res / ss_tot, 2 * (e_res - e_tot))


# ----------------------------------------------------------------------------- confusion matrix
def confusion_matrix(y_true, y_pred):
    """Count the four outcomes of binary predictions.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels, each 0 or 1 (booleans accepted).

    Returns
    -------
    ndarray of shape (2, 2), int64
        ``[[TN, FP], [FN, TP]]``: row = true label, column = predicted label.
    """
    y_true = check_binary_labels(y_true, "y_true")
    y_pred = check_binary_labels(y_pred, "y_pred")
    check_consistent_length(y_true=y_true, y_pred=y_pred)
    # cell index 2*true + pred is 0=TN, 1=FP, 2=FN, 3=TP: one bincount fills the table
    return np.bincount(2 * y_true + y_pred, minlength=4).reshape(2, 2).astype(np.int64)


# name shown in messages, formula, and (numerator, denominator) from the counts (tn, fp, fn, tp)
RATES = {
    "accuracy": ("accuracy", "(TP + TN) / n", lambda tn, fp, fn, tp: (tp + tn, tn + fp + fn + tp)),
    "precision": ("precision", "TP / (TP + FP)", lambda tn, fp, fn, tp: (tp, tp + fp)),
    "recall": ("recall (sensitivity, TPR)", "TP / (TP + FN)", lambda tn, fp, fn, tp: (tp, tp + fn)),
    "specificity": ("specificity", "TN / (TN + FP)", lambda tn, fp, fn, tp: (tn, tn + fp)),
    "npv": ("negative predictive value", "TN / (TN + FN)", lambda tn, fp, fn, tp: (tn, tn + fn)),
    "fpr": ("false positive rate", "FP / (FP + TN)", lambda tn, fp, fn, tp: (fp, fp + tn)),
    "f1": ("F1", "2 TP / (2 TP + FP + FN)", lambda tn, fp, fn, tp: (2 * tp, 2 * tp + fp + fn)),
}


def _rate(key, counts, stacklevel=3):
    name, formula, ratio = RATES[key]
    numerator, denominator = ratio(*counts)
    if denominator == 0:
        warnings.warn(f"{name} is undefined: {formula} has denominator 0; reported as NaN",
                      UndefinedMetricWarning, stacklevel=stacklevel)
        return float("nan")
    return numerator / denominator


def _counts(y_true, y_pred):
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred).tolist()
    return tn, fp, fn, tp


def precision_score(y_true, y_pred):
    """Precision TP / (TP + FP): of the samples predicted positive, the fraction that are.

    ``y_true``, ``y_pred``: labels 0/1 of shape (n_samples,). Returns a float, NaN with an
    ``UndefinedMetricWarning`` when nothing is predicted positive.
    """
    return _rate("precision", _counts(y_true, y_pred))


def recall_score(y_true, y_pred):
    """Recall = sensitivity = true positive rate TP / (TP + FN).

    ``y_true``, ``y_pred``: labels 0/1 of shape (n_samples,). Returns a float, NaN with an
    ``UndefinedMetricWarning`` when ``y_true`` holds no positive.
    """
    return _rate("recall", _counts(y_true, y_pred))


def specificity_score(y_true, y_pred):
    """Specificity = true negative rate TN / (TN + FP).

    ``y_true``, ``y_pred``: labels 0/1 of shape (n_samples,). Returns a float, NaN with an
    ``UndefinedMetricWarning`` when ``y_true`` holds no negative.
    """
    return _rate("specificity", _counts(y_true, y_pred))


def npv_score(y_true, y_pred):
    """Negative predictive value TN / (TN + FN): of the predicted negatives, the fraction that are.

    ``y_true``, ``y_pred``: labels 0/1 of shape (n_samples,). Returns a float, NaN with an
    ``UndefinedMetricWarning`` when nothing is predicted negative.
    """
    return _rate("npv", _counts(y_true, y_pred))


def f1_score(y_true, y_pred):
    """F1 = 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall.

    Written with counts, F1 stays defined when precision or recall alone is 0/0 (it is
    then 0, as in scikit-learn); it is 0/0 only when TP = FP = FN = 0.
    ``y_true``, ``y_pred``: labels 0/1 of shape (n_samples,). Returns a float, NaN with an
    ``UndefinedMetricWarning`` when TP = FP = FN = 0.
    """
    return _rate("f1", _counts(y_true, y_pred))


class ClassificationRates:
    """The confusion matrix of binary predictions and every rate computed from it.

    Parameters
    ----------
    confusion_matrix : array-like of shape (2, 2)
        Non-negative integer counts ``[[TN, FP], [FN, TP]]``.

    Attributes
    ----------
    confusion_matrix : ndarray of shape (2, 2), int64
    tn, fp, fn, tp : int
    accuracy, precision, recall, specificity, npv, fpr, f1 : float
        As in the module docstring; an undefined rate (0/0) is NaN, with a warning.
    sensitivity, tpr : float
        The same number as ``recall``.
    table : Table
        Columns ``rate``, ``formula``, ``value``.
    """

    def __init__(self, confusion_matrix):
        cm = np.asarray(confusion_matrix)
        if cm.shape != (2, 2) or not np.issubdtype(cm.dtype, np.integer) or (cm < 0).any():
            raise ValueError("confusion_matrix must be a (2, 2) array of non-negative integer "
                             f"counts [[TN, FP], [FN, TP]], got {cm.dtype} array of shape {cm.shape}")
        if cm.sum() == 0:
            raise ValueError("confusion_matrix counts no sample")
        self.confusion_matrix = cm.astype(np.int64)
        (tn, fp), (fn, tp) = self.confusion_matrix.tolist()
        self.tn, self.fp, self.fn, self.tp = tn, fp, fn, tp
        for key in RATES:
            setattr(self, key, _rate(key, (tn, fp, fn, tp), stacklevel=4))

    @property
    def sensitivity(self):
        return self.recall

    @property
    def tpr(self):
        return self.recall

    @property
    def table(self):
        return Table({"rate": [name for name, _, _ in RATES.values()],
                      "formula": [formula for _, formula, _ in RATES.values()],
                      "value": [getattr(self, key) for key in RATES]})

    def __repr__(self):
        rates = ", ".join(f"{key}={format_float(getattr(self, key))}" for key in RATES)
        return (f"ClassificationRates(tn={self.tn}, fp={self.fp}, fn={self.fn}, tp={self.tp}, "
                f"{rates})")

    def plot(self, ax=None):
        """Draw the annotated 2×2 heatmap with the rates beside it; return the Axes."""
        # plotting sits on the floor above metrics: imported only when a figure is asked for
        from .plotting.evaluation import plot_classification_rates
        return plot_classification_rates(self, ax=ax)


def classification_rates(y_true, y_pred):
    """Confusion matrix and every rate of binary predictions, in one result.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,), labels 0/1

    Returns
    -------
    ClassificationRates
        ``.confusion_matrix``, ``.accuracy``, ``.precision``, ``.recall`` (= ``.sensitivity``),
        ``.specificity``, ``.npv``, ``.fpr``, ``.f1``, ``.table`` and ``.plot(ax=None)``.
    """
    return ClassificationRates(confusion_matrix(y_true, y_pred))


# ----------------------------------------------------------------------------- ROC and AUC
def _check_scores(y_true, y_score):
    y_true = check_binary_labels(y_true, "y_true")
    y_score = check_vector(y_score, "y_score")
    check_consistent_length(y_true=y_true, y_score=y_score)
    n_pos = int(np.count_nonzero(y_true))
    if n_pos == 0 or n_pos == len(y_true):
        only = "1 (positive)" if n_pos else "0 (negative)"
        raise ValueError(f"y_true holds only the class {only}: ROC and AUC need at least one "
                         "positive and one negative sample")
    return y_true, y_score


def _threshold_counts(y_true, y_score):
    """TP and FP counts when predicting 1 for score >= t, at every distinct score t.

    Returns thresholds (k,) in decreasing order and int counts tps, fps (k,).
    """
    # Same counts as a stable descending argsort followed by a cumulative sum, but
    # sorting values (a SIMD sort in NumPy 2) is several times faster than sorting
    # indices. All samples sharing a score cross the threshold together, so the
    # order within a tie never matters: the curve steps diagonally across a tie.
    ascending = np.sort(y_score)
    # first index of each run of equal scores: n - first = number of scores >= that value
    first = np.flatnonzero(np.r_[True, ascending[1:] != ascending[:-1]])
    thresholds = ascending[first]
    positive_scores = np.sort(y_score[y_true == 1])
    tps = len(positive_scores) - np.searchsorted(positive_scores, thresholds, side="left")
    fps = (len(y_score) - first) - tps
    return thresholds[::-1], tps[::-1], fps[::-1]


def roc_curve(y_true, y_score, *, drop_intermediate=False):
    """Receiver operating characteristic: (FPR, TPR) at every distinct score as threshold.

    Predicting 1 when ``y_score >= t``, for each threshold t taken from the distinct
    scores (highest first), gives FPR(t) = FP(t) / N and TPR(t) = TP(t) / P, with P, N
    the numbers of positives and negatives. The curve starts at (0, 0) with
    threshold +inf (nothing predicted positive) and ends at (1, 1). Samples sharing
    a score cross the threshold together, so across a tie holding a positives and
    b negatives the curve takes one diagonal step (b/N, a/P): the result does not
    depend on the order of the samples.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1; both classes must be present.
    y_score : array-like of shape (n_samples,)
        Finite scores, higher meaning "more positive" (probabilities or logits).
    drop_intermediate : bool, default False
        Keep one point per distinct score (False), or drop each point whose incoming
        and outgoing steps are equal (same ΔFP and ΔTP), as scikit-learn's
        ``roc_curve`` does by default (True). Such a point lies on a straight
        segment, so the curve and its area are unchanged.

    Returns
    -------
    fpr, tpr : ndarray of shape (k + 1,)
        Increasing; ``fpr[0] = tpr[0] = 0`` and ``fpr[-1] = tpr[-1] = 1``.
    thresholds : ndarray of shape (k + 1,)
        Decreasing; ``thresholds[0] = inf``, then the distinct scores kept.
    """
    if not isinstance(drop_intermediate, (bool, np.bool_)):
        raise TypeError(f"drop_intermediate must be True or False, got {drop_intermediate!r}")
    y_true, y_score = _check_scores(y_true, y_score)
    thresholds, tps, fps = _threshold_counts(y_true, y_score)
    if drop_intermediate and len(tps) > 2:
        turns = np.flatnonzero(np.r_[True, (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0), True])
        thresholds, tps, fps = thresholds[turns], tps[turns], fps[turns]
    fpr = np.r_[0.0, fps / fps[-1]]
    tpr = np.r_[0.0, tps / tps[-1]]
    return fpr, tpr, np.r_[np.inf, thresholds]


def auc(x, y):
    """Area under a curve by the trapezoidal rule: sum (x_{i+1} - x_i) (y_i + y_{i+1}) / 2.

    Parameters
    ----------
    x : array-like of shape (m,)
        Monotonic (increasing or decreasing) finite values, m >= 2.
        Decreasing ``x`` gives the same, positive-oriented area.
    y : array-like of shape (m,)

    Returns
    -------
    float
    """
    x, y = check_vector(x, "x"), check_vector(y, "y")
    check_consistent_length(x=x, y=y)
    if len(x) < 2:
        raise ValueError(f"x needs at least 2 points to enclose an area, got {len(x)}")
    (sx, ex), (sy, ey) = _power_of_two_scale(x), _power_of_two_scale(y)   # exact; no overflow
    x, y = x / sx, y / sy
    dx = np.diff(x)
    if (dx >= 0).all():
        direction = 1.0
    elif (dx <= 0).all():
        direction = -1.0
    else:
        raise ValueError("x must be monotonic (increasing or decreasing) for the trapezoidal rule")
    return direction * _times_power_of_two(float(np.sum(dx * (y[1:] + y[:-1]) / 2.0)), ex + ey)


def roc_auc_score(y_true, y_score):
    """Area under the ROC curve: P(score of a random positive > that of a random negative).

    Counting ties one half, AUC = U / (P N) with the Mann–Whitney statistic

        U = #{(i, j): y_i = 1, y_j = 0, s_i > s_j} + 1/2 #{(i, j): y_i = 1, y_j = 0, s_i = s_j},

    which equals the trapezoidal area under ``roc_curve``. Computed from the TP/FP
    counts at each distinct score in exact integer arithmetic: O(n log n).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1; both classes must be present (else a ``ValueError``).
    y_score : array-like of shape (n_samples,)
        Finite scores, higher meaning "more positive".

    Returns
    -------
    float
        1 for a perfect ranking, 0.5 for chance (or for all scores tied), 0 for a reversed one.
    """
    y_true, y_score = _check_scores(y_true, y_score)
    _, tps, fps = _threshold_counts(y_true, y_score)
    n_pos, n_neg = int(tps[-1]), int(fps[-1])
    # A tie group adds a positives and b negatives; each of its positives beats the
    # N - fps negatives scored lower and ties with the b in its group:
    # 2U = sum a (2 (N - fps) + b), exact in int64 for n < 4e9.
    new_pos = np.diff(tps, prepend=0)
    new_neg = np.diff(fps, prepend=0)
    twice_u = int(np.dot(new_pos, 2 * (n_neg - fps) + new_neg))
    return twice_u / (2 * n_pos * n_neg)
