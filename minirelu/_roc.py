"""ROC curves and the area under them, for two classes and one class against the rest.

Predicting 1 when score >= t, for each distinct score t (highest first), gives the
curve of (FPR, TPR) = (FP / N, TP / P); its area is the probability that a random
positive scores above a random negative, ties counting one half (the Mann–Whitney
U over P·N). For K classes each class in turn is the positive one, scored by its
column of probabilities (one-vs-rest).

The public names are re-exported by ``minirelu.metrics``, where the lessons use them.
Introduced in lessons/05_evaluation.ipynb; one-vs-rest in
lessons/15_more_than_two_classes.ipynb.
"""
import numpy as np

from ._multiclass_metrics import (average_rates, check_average, check_class_labels,
                                  class_indices)
from ._scaled import power_of_two_scale, times_power_of_two
from .validation import (check_array, check_binary_labels, check_consistent_length, check_option,
                         check_vector)

__all__ = ["roc_curve", "auc", "roc_auc_score", "roc_curves_ovr"]


def _positives(y_true, pos_label):
    """0/1 labels: ``y_true`` itself (pos_label None), or 1 where ``y_true == pos_label``."""
    if pos_label is None:
        return y_true
    y_true = check_class_labels(y_true, "y_true")
    if not np.any(y_true == pos_label):
        raise ValueError(f"pos_label {pos_label!r} does not occur in y_true")
    return (y_true == pos_label).astype(np.int64)


def _check_scores(y_true, y_score, pos_label=None):
    y_true = check_binary_labels(_positives(y_true, pos_label), "y_true")
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


def roc_curve(y_true, y_score, *, pos_label=None, drop_intermediate=False):
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
        Labels 0/1; both classes must be present. With ``pos_label``, any class labels.
    y_score : array-like of shape (n_samples,)
        Finite scores, higher meaning "more positive" (probabilities or logits).
    pos_label : label, optional
        The positive class (one-vs-rest for K classes: then ``y_score`` is that
        class's column of ``predict_proba``); None means ``y_true`` holds 0/1.
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
    y_true, y_score = _check_scores(y_true, y_score, pos_label)
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
    (sx, ex), (sy, ey) = power_of_two_scale(x), power_of_two_scale(y)   # exact; no overflow
    x, y = x / sx, y / sy
    dx = np.diff(x)
    if (dx >= 0).all():
        direction = 1.0
    elif (dx <= 0).all():
        direction = -1.0
    else:
        raise ValueError("x must be monotonic (increasing or decreasing) for the trapezoidal rule")
    return direction * times_power_of_two(float(np.sum(dx * (y[1:] + y[:-1]) / 2.0)), ex + ey)


def _binary_auc(y_true, y_score):
    """AUC of checked 0/1 labels and scores: U / (P N) in exact integer arithmetic."""
    _, tps, fps = _threshold_counts(y_true, y_score)
    n_pos, n_neg = int(tps[-1]), int(fps[-1])
    # A tie group adds a positives and b negatives; each of its positives beats the
    # N - fps negatives scored lower and ties with the b in its group:
    # 2U = sum a (2 (N - fps) + b), exact in int64 for n < 4e9.
    new_pos = np.diff(tps, prepend=0)
    new_neg = np.diff(fps, prepend=0)
    twice_u = int(np.dot(new_pos, 2 * (n_neg - fps) + new_neg))
    return twice_u / (2 * n_pos * n_neg)


def _check_proba(y_true, y_score, labels):
    """Labels (n,), probabilities (n, K) and the K classes of the columns, checked."""
    y_true = check_class_labels(y_true, "y_true")
    y_score = check_array(y_score, "y_score", ensure_2d=False)
    if y_score.ndim != 2:
        raise ValueError("y_score must be a 2-D array (n_samples, n_classes) of class "
                         "probabilities (predict_proba) for multi_class='ovr'")
    check_consistent_length(y_true=y_true, y_score=y_score)
    found = np.unique(y_true)
    if labels is None:
        labels = found
    else:
        labels = check_class_labels(labels, "labels")
        if len(np.unique(labels)) != len(labels):
            raise ValueError("labels must not repeat a label")
        class_indices(labels, y_true, "y_true")
    if len(labels) != y_score.shape[1]:
        raise ValueError(f"y_score has {y_score.shape[1]} columns but there are {len(labels)} "
                         f"classes ({', '.join(str(v) for v in labels)}); pass labels= naming "
                         "the class of every column")
    if len(labels) < 3:
        raise ValueError("multi_class='ovr' needs at least 3 classes; for two, pass the "
                         "positive class's column y_score[:, 1] with 0/1 labels")
    if (y_score < 0).any() or not np.allclose(y_score.sum(axis=1), 1.0, rtol=0, atol=1e-8):
        raise ValueError("y_score rows must be probabilities summing to 1 (predict_proba, "
                         "not logits): one-vs-rest AUC ranks each class's probability")
    return y_true, y_score, labels


def roc_curves_ovr(y_true, y_score, *, labels=None, drop_intermediate=False):
    """One ROC curve per class, each class against the rest (one-vs-rest).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,), class labels
    y_score : array-like of shape (n_samples, K)
        Probability of each class (``predict_proba``), rows summing to 1.
    labels : array-like of shape (K,), optional
        The class of each column; default the sorted labels of ``y_true``.
    drop_intermediate : bool, as in :func:`roc_curve`.

    Returns
    -------
    dict of label to (fpr, tpr, thresholds)
        In column order; ``curves[c]`` is ``roc_curve(y_true, y_score[:, k], pos_label=c)``.
        A class absent from ``y_true`` has no curve (a ``ValueError``).
    """
    y_true, y_score, labels = _check_proba(y_true, y_score, labels)
    return {label.item() if hasattr(label, "item") else label:
            roc_curve(y_true, y_score[:, k], pos_label=label, drop_intermediate=drop_intermediate)
            for k, label in enumerate(labels)}


def roc_auc_score(y_true, y_score, *, multi_class="raise", average="macro", labels=None):
    """Area under the ROC curve: P(score of a random positive > that of a random negative).

    Counting ties one half, AUC = U / (P N) with the Mann–Whitney statistic

        U = #{(i, j): y_i = 1, y_j = 0, s_i > s_j} + 1/2 #{(i, j): y_i = 1, y_j = 0, s_i = s_j},

    which equals the trapezoidal area under ``roc_curve``. Computed from the TP/FP
    counts at each distinct score in exact integer arithmetic: O(n log n).

    For K >= 3 classes, ``multi_class="ovr"`` scores each class against the rest
    with its column of probabilities, AUC_c, and averages: ``average="macro"`` the
    plain mean, ``"weighted"`` the mean weighted by each class's number of true
    samples, None the (K,) array of AUC_c. As scikit-learn's
    ``roc_auc_score(..., multi_class="ovr")``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1, both present (else a ``ValueError``); with ``multi_class="ovr"``
        any class labels, every class of ``labels`` present.
    y_score : array-like of shape (n_samples,) or (n_samples, K)
        Finite scores, higher meaning "more positive"; for "ovr" the (n, K)
        probabilities (rows summing to 1).
    multi_class : {"raise", "ovr"}
        "raise" (default) accepts only the two-class case.
    average : {"macro", "weighted", None}
    labels : array-like of shape (K,), optional
        The class of each column of ``y_score`` (default: sorted labels of ``y_true``).

    Returns
    -------
    float (or ndarray (K,) for ``average=None``)
        1 for a perfect ranking, 0.5 for chance (or for all scores tied), 0 for a reversed one.
    """
    check_option(multi_class, ("raise", "ovr"), "multi_class")
    check_average(average)
    if multi_class == "raise":
        try:
            per_class = np.ndim(y_score) == 2 and np.shape(y_score)[1] > 1
        except ValueError:              # ragged: the score checks below name the argument
            per_class = False
        if per_class:
            raise ValueError("y_score has one column per class: pass multi_class='ovr' for "
                             "one-vs-rest AUC of more than two classes")
        return _binary_auc(*_check_scores(y_true, y_score))
    y_true, y_score, labels = _check_proba(y_true, y_score, labels)
    areas = np.array([_binary_auc(*_check_scores(y_true, y_score[:, k], pos_label=label))
                      for k, label in enumerate(labels)])
    support = np.array([np.count_nonzero(y_true == label) for label in labels])
    return average_rates(areas, support, average)
