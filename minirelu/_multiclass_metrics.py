"""Metrics of K classes: the K×K confusion matrix and the per-class (one-vs-rest) rates.

With labels c_1..c_K, the confusion matrix C has C[i, j] = the number of samples
whose true label is c_i and predicted label is c_j (row = true, column = predicted),
so the diagonal counts the correct predictions. Each class c is then read as the
positive class of a two-class problem against all the others (one-vs-rest):

    TP_c = C[c, c]               FP_c = column sum − TP_c   (predicted c, are not)
    FN_c = row sum − TP_c        TN_c = n − TP_c − FP_c − FN_c

and every two-class rate (precision, recall, specificity, NPV, F1) has one value
per class. Two summaries of the K values: the macro average (their plain mean:
every class counts the same) and the support-weighted average (weighted by the
number of true samples of each class, its "support"; the weighted recall is the
accuracy). A rate with denominator 0 is NaN with an ``UndefinedMetricWarning``.

The public entry points are in ``minirelu.metrics``. For two classes 0/1 the
matrix is the familiar [[TN, FP], [FN, TP]].

Introduced in lessons/15_more_than_two_classes.ipynb.
"""
import warnings

import numpy as np

from .table import Table, format_float

__all__ = ["UndefinedMetricWarning", "check_average", "check_class_labels", "multiclass_labels",
           "label_codes", "class_indices", "confusion_matrix_k",
           "per_class_rates", "MulticlassRates", "AVERAGES"]

AVERAGES = (None, "macro", "weighted")


class UndefinedMetricWarning(UserWarning):
    """A rate was 0/0 (its denominator counts no sample); it is reported as NaN."""


def check_average(average, options=AVERAGES):
    """Raise unless ``average`` is one of ``options`` (which may include None)."""
    if not any(average is o or (isinstance(average, str) and average == o) for o in options):
        valid = ", ".join(repr(o) for o in options)
        raise ValueError(f"average must be one of {valid}; got {average!r}")
    return average


def check_class_labels(y, name="y"):
    """Return class labels as a 1-D array: integers, strings, or whole-number floats.

    Booleans become 0/1; a column (n, 1) is accepted. NaN, infinities, fractions
    (0.5) and empty input are errors naming ``name``.
    """
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name} must be array-like of class labels, got {type(y).__name__}")
    try:
        arr = np.asarray(y)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be array-like of class labels ({exc})") from None
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels of shape (n_samples,), "
                         f"got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty; at least one sample is needed")
    kind = arr.dtype.kind
    if kind == "b":
        return arr.astype(np.int64)
    if kind in "iuUS":
        return arr
    if kind == "f":
        bad = ~np.isfinite(arr) | (arr != np.round(arr))
        if bad.any():
            found = ", ".join(f"{v:g}" for v in np.unique(arr[bad])[:5])
            raise ValueError(f"{name} must hold class labels (integers or strings); found {found}")
        return arr
    if kind == "O" and all(isinstance(v, str) for v in arr):
        return arr.astype(str)
    raise TypeError(f"{name} must hold class labels (integers or strings), got dtype {arr.dtype}")


def multiclass_labels(y, name="y"):
    """``(classes, codes)`` of labels with three or more distinct values: ``classes`` sorted
    (K,), ``codes`` each row's index in it (n,) int64. ``(None, None)`` when ``y`` holds at
    most two values or is not a vector of class labels: the two-class checks then apply
    (and word their own errors)."""
    try:
        labels = check_class_labels(y, name)
    except (TypeError, ValueError):
        return None, None
    classes, codes = np.unique(labels, return_inverse=True)
    if len(classes) <= 2:
        return None, None
    return classes, codes.astype(np.int64)


def label_codes(y, classes, name="y"):
    """Index in ``classes`` of each label of ``y`` (n,) int64; a label not in ``classes`` is
    an error naming ``name``."""
    labels = check_class_labels(y, name)
    _same_kind(labels, classes, (name, "the classes seen in fit"))
    known = np.isin(labels, classes)
    if not known.all():
        found = ", ".join(str(v) for v in np.unique(labels[~known])[:5])
        raise ValueError(f"{name} holds {found}, not among the classes seen in fit "
                         f"({', '.join(str(c) for c in classes)})")
    return class_indices(np.asarray(classes), labels, name).astype(np.int64)   # any order


def _same_kind(a, b, names):
    numeric = [x.dtype.kind in "iuf" for x in (a, b)]
    if numeric[0] != numeric[1]:
        raise TypeError(f"{names[0]} and {names[1]} mix numbers and strings as labels")


def class_indices(labels, y, name):
    """Index of each entry of ``y`` in ``labels`` (distinct); a label not listed is an error."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    pos = np.clip(np.searchsorted(sorted_labels, y), 0, len(labels) - 1)
    missing = sorted_labels[pos] != y
    if missing.any():
        found = ", ".join(str(v) for v in np.unique(y[missing])[:5])
        raise ValueError(f"{name} holds {found}, which labels does not list")
    return order[pos]


def _check_labels_argument(labels, y_true):
    labels = check_class_labels(labels, "labels")
    _same_kind(labels, y_true, ("labels", "y_true"))
    if len(np.unique(labels)) != len(labels):
        raise ValueError("labels must not repeat a label")
    return labels


def confusion_matrix_k(y_true, y_pred, labels=None):
    """K×K counts C[i, j] = #{true label i, predicted label j}.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Class labels (integers or strings).
    labels : array-like of shape (K,), optional
        The classes and their order in the rows and columns; by default the
        sorted union of the labels in ``y_true`` and ``y_pred``. A sample whose
        label is not listed is an error (not silently dropped).

    Returns
    -------
    C : ndarray of shape (K, K), int64
    labels : ndarray of shape (K,)
    """
    y_true = check_class_labels(y_true, "y_true")
    y_pred = check_class_labels(y_pred, "y_pred")
    _same_kind(y_true, y_pred, ("y_true", "y_pred"))
    if len(y_true) != len(y_pred):
        raise ValueError(f"inconsistent numbers of samples: y_true has {len(y_true)}, "
                         f"y_pred has {len(y_pred)}")
    if labels is None:
        labels = np.union1d(y_true, y_pred)
    else:
        labels = _check_labels_argument(labels, y_true)
    k = len(labels)
    i = class_indices(labels, y_true, "y_true")
    j = class_indices(labels, y_pred, "y_pred")
    C = np.bincount(i * k + j, minlength=k * k).reshape(k, k).astype(np.int64)
    return C, labels


# name shown in messages, formula, and (numerator, denominator) from one-vs-rest counts
RATES_K = {
    "precision": ("precision", "TP / (TP + FP)", lambda tn, fp, fn, tp: (tp, tp + fp)),
    "recall": ("recall (sensitivity)", "TP / (TP + FN)", lambda tn, fp, fn, tp: (tp, tp + fn)),
    "specificity": ("specificity", "TN / (TN + FP)", lambda tn, fp, fn, tp: (tn, tn + fp)),
    "npv": ("negative predictive value", "TN / (TN + FN)", lambda tn, fp, fn, tp: (tn, tn + fn)),
    "f1": ("F1", "2 TP / (2 TP + FP + FN)", lambda tn, fp, fn, tp: (2 * tp, 2 * tp + fp + fn)),
}


def one_vs_rest_counts(C):
    """(TN, FP, FN, TP), each of shape (K,), of every class against the rest."""
    tp = np.diag(C)
    fp = C.sum(axis=0) - tp
    fn = C.sum(axis=1) - tp
    tn = C.sum() - tp - fp - fn
    return tn, fp, fn, tp


def per_class_rates(C, key, labels, stacklevel=4):
    """One rate (a key of ``RATES_K``) for every class of the K×K matrix ``C``: shape (K,)."""
    name, formula, ratio = RATES_K[key]
    numerator, denominator = ratio(*one_vs_rest_counts(C))
    undefined = denominator == 0
    if undefined.any():
        which = ", ".join(str(v) for v in labels[undefined])
        warnings.warn(f"{name} of class {which} is undefined: {formula} has denominator 0; "
                      "reported as NaN", UndefinedMetricWarning, stacklevel=stacklevel)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(undefined, np.nan, numerator / np.maximum(denominator, 1))


def average_rates(values, support, average):
    """Per-class ``values`` (K,) as they are (None), their mean ("macro"), or their mean
    weighted by ``support`` ("weighted"; a class with no true sample has weight 0)."""
    if average is None:
        return values
    if average == "macro":
        return float(np.mean(values))
    keep = support > 0
    return float(np.dot(values[keep], support[keep]) / support[keep].sum())


class MulticlassRates:
    """The K×K confusion matrix and the one-vs-rest rates of every class.

    Parameters
    ----------
    confusion_matrix : array-like of shape (K, K)
        Non-negative integer counts, row = true class, column = predicted class.
    labels : array-like of shape (K,)
        The class of each row and column.

    Attributes
    ----------
    confusion_matrix : ndarray (K, K), int64
    labels : ndarray (K,)
    support : ndarray (K,), int64
        True samples of each class (row sums).
    accuracy : float
        Trace over total.
    precision, recall, specificity, npv, f1 : ndarray (K,)
        One-vs-rest rate of each class; NaN (with a warning) where undefined.
    macro, weighted : dict of str to float
        The averages of each rate.
    table : Table
        One row per class, then ``macro avg`` and ``weighted avg``.
    """

    def __init__(self, confusion_matrix, labels):
        cm = np.asarray(confusion_matrix)
        labels = np.asarray(labels)
        if (cm.ndim != 2 or cm.shape[0] != cm.shape[1] or not np.issubdtype(cm.dtype, np.integer)
                or (cm < 0).any()):
            raise ValueError("confusion_matrix must be a square (K, K) array of non-negative "
                             f"integer counts, got {cm.dtype} array of shape {cm.shape}")
        if labels.shape != (cm.shape[0],):
            raise ValueError(f"labels must hold one label per row of confusion_matrix "
                             f"({cm.shape[0]}), got shape {labels.shape}")
        if cm.sum() == 0:
            raise ValueError("confusion_matrix counts no sample")
        self.confusion_matrix = cm.astype(np.int64)
        self.labels = labels
        self.support = self.confusion_matrix.sum(axis=1)
        self.accuracy = float(np.trace(cm) / cm.sum())
        for key in RATES_K:
            setattr(self, key, per_class_rates(self.confusion_matrix, key, labels, stacklevel=4))
        self.macro = {key: average_rates(getattr(self, key), self.support, "macro")
                      for key in RATES_K}
        self.weighted = {key: average_rates(getattr(self, key), self.support, "weighted")
                         for key in RATES_K}

    @property
    def n_classes(self):
        return len(self.labels)

    @property
    def table(self):
        rows = [str(v) for v in self.labels] + ["macro avg", "weighted avg"]
        columns = {"class": rows,
                   "support": list(self.support) + [int(self.support.sum())] * 2}
        for key in RATES_K:
            columns[key] = np.r_[getattr(self, key), self.macro[key], self.weighted[key]]
        return Table(columns, formats={key: ".3f" for key in RATES_K})

    def __repr__(self):
        macro = ", ".join(f"{key}={format_float(value)}" for key, value in self.macro.items())
        return (f"MulticlassRates(n_classes={self.n_classes}, n_samples={int(self.support.sum())}, "
                f"accuracy={format_float(self.accuracy)}, macro: {macro})")

    def plot(self, ax=None, display_labels=None, normalize=False):
        """Draw the annotated K×K matrix; return the Axes (see ``plot_multiclass_rates``)."""
        # plotting sits on the floor above metrics: imported only when a figure is asked for
        from .plotting.evaluation import plot_multiclass_rates
        return plot_multiclass_rates(self, ax=ax, display_labels=display_labels,
                                     normalize=normalize)
