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

More than two classes (any labels): ``confusion_matrix`` is K×K (``labels=`` fixes
the classes and their order), the rate functions take ``average=None | "macro" |
"weighted"`` for one-vs-rest rates per class and their averages,
``multiclass_rates`` gathers them, ``roc_curve(..., pos_label=c)`` and
``roc_curves_ovr`` give one curve per class, and ``roc_auc_score(..., multi_class="ovr")``
averages the per-class AUCs. The K-class counting lives in ``_multiclass_metrics``,
ROC and AUC in ``_roc``.

Introduced in lessons/05_evaluation.ipynb; more than two classes in
lessons/15_more_than_two_classes.ipynb.
"""
import warnings

import numpy as np

from ._multiclass_metrics import (AVERAGES, MulticlassRates, UndefinedMetricWarning,
                                  average_rates, check_average, confusion_matrix_k,
                                  per_class_rates)
from ._roc import auc, roc_auc_score, roc_curve, roc_curves_ovr
from ._scaled import power_of_two_scale, times_power_of_two
from .table import Table, format_float
from .validation import check_binary_labels, check_consistent_length, check_vector

__all__ = [
    "accuracy_score", "mean_squared_error", "mean_absolute_error", "r2_score",
    "UndefinedMetricWarning", "confusion_matrix", "precision_score", "recall_score",
    "specificity_score", "npv_score", "f1_score", "classification_rates",
    "ClassificationRates", "Table", "roc_curve", "auc", "roc_auc_score",
    "multiclass_rates", "MulticlassRates", "roc_curves_ovr",
]


# ----------------------------------------------------------------------------- regression
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
    s, e = power_of_two_scale(y_true, y_pred)
    return times_power_of_two(float(np.mean((y_pred / s - y_true / s) ** 2)), 2 * e)


def mean_absolute_error(y_true, y_pred):
    """Mean absolute error (1/n) sum |y_pred_i - y_true_i|.

    ``y_true``, ``y_pred``: array-like of shape (n_samples,). Returns a float.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    s, e = power_of_two_scale(y_true, y_pred)
    return times_power_of_two(float(np.mean(np.abs(y_pred / s - y_true / s))), e)


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
    s_tot, e_tot = power_of_two_scale(y_true)
    t = y_true / s_tot
    ss_tot = float(np.sum((t - t.mean()) ** 2))
    if ss_tot == 0:
        raise ValueError("y_true is constant: R² is undefined")
    s_res, e_res = power_of_two_scale(y_true, y_pred)
    ss_res = float(np.sum((y_true / s_res - y_pred / s_res) ** 2))
    return 1.0 - times_power_of_two(ss_res / ss_tot, 2 * (e_res - e_tot))


# ----------------------------------------------------------------------------- confusion matrix
def _is_binary(y):
    """True for booleans and for numbers that are all 0 or 1 (the two-class layout applies)."""
    try:
        arr = np.asarray(y)
    except (TypeError, ValueError):
        return False                     # ragged input: the label checks name the argument
    if arr.dtype == bool:
        return True
    if arr.dtype.kind not in "iuf":
        return False
    return bool(np.isin(arr, (0, 1)).all())


def confusion_matrix(y_true, y_pred, labels=None):
    """Count the outcomes of predictions: [[TN, FP], [FN, TP]] for 0/1, K×K for K classes.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels: 0/1 (booleans accepted), or any class labels
        (integers or strings).
    labels : array-like of shape (K,), optional
        The classes in the order of the rows and columns. By default: 0 and 1 when
        both arrays hold only 0/1 (a 2×2 even if a class is absent), else the
        sorted union of the labels found. A sample whose label is not listed is a
        ``ValueError`` (never dropped silently).

    Returns
    -------
    ndarray of shape (2, 2) or (K, K), int64
        Row = true label, column = predicted label; for 0/1 ``[[TN, FP], [FN, TP]]``.
        Equal to scikit-learn's ``confusion_matrix(y_true, y_pred, labels=labels)``.
    """
    if labels is not None or not (_is_binary(y_true) and _is_binary(y_pred)):
        return confusion_matrix_k(y_true, y_pred, labels)[0]
    return _binary_confusion_matrix(y_true, y_pred)


def _binary_confusion_matrix(y_true, y_pred):
    """[[TN, FP], [FN, TP]] of labels that must be 0/1."""
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
    (tn, fp), (fn, tp) = _binary_confusion_matrix(y_true, y_pred).tolist()
    return tn, fp, fn, tp


def _score(key, y_true, y_pred, average, labels):
    """A rate for 0/1 labels (``average="binary"``) or per class and averaged (K classes)."""
    check_average(average, ("binary",) + AVERAGES)
    if average == "binary":
        if labels is not None:
            raise ValueError('labels is only used with average=None, "macro" or "weighted"')
        return _rate(key, _counts(y_true, y_pred), stacklevel=4)
    C, labels = confusion_matrix_k(y_true, y_pred, labels)
    return average_rates(per_class_rates(C, key, labels, stacklevel=4), C.sum(axis=1), average)


_AVERAGE_DOC = """
    With ``average="binary"`` (default) ``y_true``, ``y_pred`` hold labels 0/1 and the
    result is a float, NaN with an ``UndefinedMetricWarning`` when {undefined}.
    For K classes (any labels), each class in turn is the positive class against
    the rest: ``average=None`` returns the (K,) per-class rates in the order of
    ``labels`` (default: sorted union of the labels found), ``"macro"`` their mean,
    ``"weighted"`` their mean weighted by each class's number of true samples.
    """


def precision_score(y_true, y_pred, *, average="binary", labels=None):
    """Precision TP / (TP + FP): of the samples predicted positive, the fraction that are."""
    return _score("precision", y_true, y_pred, average, labels)


def recall_score(y_true, y_pred, *, average="binary", labels=None):
    """Recall = sensitivity = true positive rate TP / (TP + FN)."""
    return _score("recall", y_true, y_pred, average, labels)


def specificity_score(y_true, y_pred, *, average="binary", labels=None):
    """Specificity = true negative rate TN / (TN + FP)."""
    return _score("specificity", y_true, y_pred, average, labels)


def npv_score(y_true, y_pred, *, average="binary", labels=None):
    """Negative predictive value TN / (TN + FN): of the predicted negatives, the fraction that are."""
    return _score("npv", y_true, y_pred, average, labels)


def f1_score(y_true, y_pred, *, average="binary", labels=None):
    """F1 = 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall.

    Written with counts, F1 stays defined when precision or recall alone is 0/0 (it is
    then 0, as in scikit-learn); it is 0/0 only when TP = FP = FN = 0.
    """
    return _score("f1", y_true, y_pred, average, labels)


for _function, _undefined in ((precision_score, "nothing is predicted positive"),
                              (recall_score, "y_true holds no positive"),
                              (specificity_score, "y_true holds no negative"),
                              (npv_score, "nothing is predicted negative"),
                              (f1_score, "TP = FP = FN = 0")):
    _function.__doc__ += _AVERAGE_DOC.format(undefined=_undefined)


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
    return ClassificationRates(_binary_confusion_matrix(y_true, y_pred))


def multiclass_rates(y_true, y_pred, labels=None):
    """K×K confusion matrix and the one-vs-rest rates of every class, in one result.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,), class labels (integers or strings)
    labels : array-like of shape (K,), optional
        Classes and their order; default the sorted union of the labels found.

    Returns
    -------
    MulticlassRates
        ``.confusion_matrix`` (K, K), ``.labels``, ``.support``, ``.accuracy``,
        per-class ``.precision``, ``.recall``, ``.specificity``, ``.npv``, ``.f1`` (K,),
        their ``.macro`` and ``.weighted`` averages, ``.table`` and ``.plot(ax=None)``.
    """
    return MulticlassRates(*confusion_matrix_k(y_true, y_pred, labels))
