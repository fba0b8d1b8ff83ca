"""Evaluation figures: learning curves, the ROC curve, the confusion matrix with its rates.

Each helper draws on the given Axes (or a new figure) and returns the Axes, so that
tests can read back the plotted data. Introduced in lessons/05_evaluation.ipynb; the
K×K matrix and the one-vs-rest ROC curves in lessons/15_more_than_two_classes.ipynb.
"""
from collections.abc import Mapping

import numpy as np

from .. import metrics
from ..validation import check_consistent_length, check_vector
from ._axes import get_axes, pyplot

__all__ = ["plot_learning_curves", "plot_roc_curve", "plot_confusion_matrix",
           "plot_classification_rates", "plot_multiclass_rates", "plot_roc_ovr"]

# metric keys an estimator's history_ may hold, in the order they are looked for
METRIC_TITLES = {"accuracy": "Accuracy", "r2": "R²"}


def _history_series(history, key):
    return check_vector(history[key], f"history[{key!r}]")


def plot_learning_curves(history, metric=None, axes=None):
    """Loss and metric per epoch, training against validation: the learning curves.

    Parameters
    ----------
    history : dict or fitted estimator
        An estimator's ``history_`` (or the estimator itself): ``"loss"`` and, when
        validation data was given, ``"val_loss"``, plus ``"accuracy"``/``"val_accuracy"``
        (classifier) or ``"r2"``/``"val_r2"`` (regressor); each a list with one float
        per epoch, epoch 1 first.
    metric : str, optional
        The metric key for the second panel; by default ``"accuracy"`` or ``"r2"``,
        whichever ``history`` holds.
    axes : sequence of 2 Axes, optional
        Where to draw the loss and the metric; a new (1, 2) figure when None.

    Returns
    -------
    ndarray of shape (2,) of Axes
        The loss panel and the metric panel; each has one line per series
        (training first, then validation when present) with x = epochs 1..n_epochs.
    """
    if not isinstance(history, Mapping) and hasattr(history, "history_"):
        history = history.history_
    if not isinstance(history, Mapping):
        raise TypeError(f"history must be a dict such as an estimator's history_, "
                        f"got {type(history).__name__}")
    if "loss" not in history:
        raise ValueError(f"history must hold a 'loss' series; it has keys {sorted(history)}")
    if metric is None:
        found = [key for key in METRIC_TITLES if key in history]
        if not found:
            raise ValueError("history holds no metric series ('accuracy' or 'r2'); "
                             f"it has keys {sorted(history)}")
        metric = found[0]
    elif (not isinstance(metric, str) or metric not in history or metric == "loss"
          or metric.startswith("val_")):
        choices = sorted(key for key in history if key != "loss" and not key.startswith("val_"))
        raise ValueError(f"metric must be one of the training series in history {choices}; "
                         f"got {metric!r}")
    if axes is None:
        _, axes = pyplot().subplots(1, 2, figsize=(10, 4))
    elif len(axes) != 2:
        raise ValueError(f"axes must hold 2 Axes (loss, metric), got {len(axes)}")
    panels = np.empty(2, dtype=object)
    panels[0], panels[1] = axes[0], axes[1]

    loss = _history_series(history, "loss")
    epochs = np.arange(1, len(loss) + 1)
    for ax, key, title in ((panels[0], "loss", "Loss"),
                           (panels[1], metric, METRIC_TITLES.get(metric, metric))):
        train = _history_series(history, key)
        check_consistent_length(**{f"history[{key!r}]": train, "history['loss']": loss})
        ax.plot(epochs, train, marker="o", markersize=3, label="training")
        if f"val_{key}" in history:
            val = _history_series(history, f"val_{key}")
            check_consistent_length(**{f"history['val_{key}']": val, "history['loss']": loss})
            ax.plot(epochs, val, marker="o", markersize=3, label="validation")
        ax.set_title(f"{title} per epoch")
        ax.set_xlabel("epoch")
        ax.set_ylabel(title)
        ax.locator_params(axis="x", integer=True)
        ax.legend()
    return panels


def plot_roc_curve(y_true, y_score, ax=None, label=None):
    """The ROC curve with its AUC in the legend, over the chance diagonal.

    Calling it again on the same Axes adds another curve (to compare models); the
    diagonal is drawn once.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1, both classes present.
    y_score : array-like of shape (n_samples,)
        Scores, higher meaning "more positive".
    ax : Axes, optional
        Where to draw; a new figure when None.
    label : str, optional
        Name of the curve in the legend, followed by its AUC.

    Returns
    -------
    Axes
        The curve is the line labelled ``"<label> (AUC = 0.xxx)"``, its data the
        points of ``roc_curve(y_true, y_score, drop_intermediate=True)``; the chance
        line is labelled ``"chance (AUC = 0.5)"``.
    """
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a string or None, got {type(label).__name__}")
    fpr, tpr, _ = metrics.roc_curve(y_true, y_score, drop_intermediate=True)
    area = metrics.roc_auc_score(y_true, y_score)
    ax = get_axes(ax, figsize=(5, 5))
    if not any(line.get_gid() == "chance" for line in ax.lines):
        ax.plot([0, 1], [0, 1], linestyle="--", color="gray", gid="chance",
                label="chance (AUC = 0.5)")
    name = "ROC" if label is None else label
    ax.plot(fpr, tpr, linewidth=2, label=f"{name} (AUC = {area:.3f})")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_aspect("equal")
    ax.set_title("ROC curve")
    ax.set_xlabel("false positive rate (1 - specificity)")
    ax.set_ylabel("true positive rate (sensitivity)")
    ax.legend(loc="lower right")
    return ax


def plot_classification_rates(rates, ax=None):
    """Draw a ``ClassificationRates`` as an annotated 2×2 heatmap with its rates beside it.

    Parameters
    ----------
    rates : minirelu.metrics.ClassificationRates
    ax : Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    Axes
        ``ax.images[0]`` holds the confusion matrix; ``ax.texts`` holds one
        ``"TN\\n<count>"``-style annotation per cell (row by row), then the rates text.
    """
    if not isinstance(rates, metrics.ClassificationRates):
        raise TypeError(f"rates must be a ClassificationRates, got {type(rates).__name__}")
    cm = rates.confusion_matrix
    ax = get_axes(ax, figsize=(7.5, 3.5))
    ax.imshow(cm, cmap="Blues", vmin=0, vmax=max(int(cm.max()), 1))
    # dark cells get white text so the count stays readable
    dark = cm > cm.max() / 2
    for (row, col), name in np.ndenumerate(np.array([["TN", "FP"], ["FN", "TP"]])):
        ax.text(col, row, f"{name}\n{cm[row, col]}", ha="center", va="center", fontsize=12,
                color="white" if dark[row, col] else "black")
    ax.set_xticks([0, 1], labels=["0", "1"])
    ax.set_yticks([0, 1], labels=["0", "1"])
    ax.set_xlabel("predicted label")
    ax.set_ylabel("true label")
    ax.set_title("Confusion matrix")
    table = rates.table
    width = max(len(name) for name in table["rate"])
    lines = [f"{name:<{width}}  {value:.3f}" for name, value in zip(table["rate"], table["value"])]
    ax.text(1.08, 0.5, "\n".join(lines), transform=ax.transAxes, ha="left", va="center",
            family="monospace", fontsize=9)
    return ax


def _display_labels(display_labels, labels):
    if display_labels is None:
        return [str(v) for v in labels]
    names = [str(v) for v in display_labels]
    if len(names) != len(labels) or isinstance(display_labels, str):
        raise ValueError(f"display_labels must name each of the {len(labels)} classes, "
                         f"got {display_labels!r}")
    return names


def plot_multiclass_rates(rates, ax=None, display_labels=None, normalize=False):
    """Draw a ``MulticlassRates`` as an annotated K×K heatmap, per-class recall and precision beside it.

    Parameters
    ----------
    rates : minirelu.metrics.MulticlassRates
    ax : Axes, optional
        Where to draw; a new figure when None.
    display_labels : sequence of K str, optional
        Names of the classes on the axes (default: the labels).
    normalize : bool
        Colour by the fraction of each true class (row) instead of the count; each
        cell then shows the count and that fraction.

    Returns
    -------
    Axes
        ``ax.images[0]`` holds the matrix (counts, or row fractions with ``normalize``);
        ``ax.texts`` holds one annotation per cell (row by row, starting with the count),
        then the rates text.
    """
    if not isinstance(rates, metrics.MulticlassRates):
        raise TypeError(f"rates must be a MulticlassRates, got {type(rates).__name__}")
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize must be True or False, got {normalize!r}")
    names = _display_labels(display_labels, rates.labels)
    cm = rates.confusion_matrix
    k = len(names)
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    ax = get_axes(ax, figsize=(4.5 + 0.7 * k, 1.2 + 0.7 * k))
    top = 1.0 if normalize else max(int(cm.max()), 1)
    ax.imshow(shown, cmap="Blues", vmin=0, vmax=top)
    dark = shown > top / 2
    for (row, col), count in np.ndenumerate(cm):
        text = f"{count}\n{shown[row, col]:.0%}" if normalize else f"{count}"
        ax.text(col, row, text, ha="center", va="center", fontsize=11 if k <= 5 else 8,
                color="white" if dark[row, col] else "black")
    ax.set_xticks(range(k), labels=names)
    ax.set_yticks(range(k), labels=names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(f"Confusion matrix ({k} classes, accuracy {rates.accuracy:.3f})")
    width = max(5, max(len(name) for name in names))
    lines = [f"{'':<{width}}  recall  precision"]
    lines += [f"{name:<{width}}  {r:6.3f}  {p:9.3f}"
              for name, r, p in zip(names, rates.recall, rates.precision)]
    lines.append(f"{'macro':<{width}}  {rates.macro['recall']:6.3f}  {rates.macro['precision']:9.3f}")
    ax.text(1.05, 0.5, "\n".join(lines), transform=ax.transAxes, ha="left", va="center",
            family="monospace", fontsize=9)
    return ax


def plot_confusion_matrix(y_true, y_pred, ax=None, labels=None, display_labels=None,
                          normalize=False):
    """The confusion matrix as an annotated heatmap, rates beside it.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels: 0/1 (the 2×2 TN/FP/FN/TP layout with every
        rate), or any K class labels (a K×K matrix with per-class recall and precision).
    ax : Axes, optional
        Where to draw; a new figure when None.
    labels, display_labels, normalize : optional, K classes only
        The classes and their order, their names on the axes, colouring by row
        fraction (see ``plot_multiclass_rates``). Giving any of them draws the K×K
        form even for 0/1 labels.

    Returns
    -------
    Axes
        As ``plot_classification_rates(classification_rates(y_true, y_pred), ax)``
        for 0/1 labels, else as ``plot_multiclass_rates(multiclass_rates(...), ax, ...)``.
    """
    if (labels is None and display_labels is None and not normalize
            and metrics._is_binary(y_true) and metrics._is_binary(y_pred)):
        return plot_classification_rates(metrics.classification_rates(y_true, y_pred), ax=ax)
    rates = metrics.multiclass_rates(y_true, y_pred, labels=labels)
    return plot_multiclass_rates(rates, ax=ax, display_labels=display_labels, normalize=normalize)


def plot_roc_ovr(y_true, y_proba, ax=None, labels=None, display_labels=None):
    """One ROC curve per class (that class against the rest), each with its AUC.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,), class labels
    y_proba : array-like of shape (n_samples, K)
        Probability of each class (``predict_proba``), rows summing to 1.
    ax : Axes, optional
        Where to draw; a new figure when None.
    labels : array-like of shape (K,), optional
        The class of each column (default: sorted labels of ``y_true``).
    display_labels : sequence of K str, optional
        Names of the classes in the legend.

    Returns
    -------
    Axes
        After the chance diagonal (gid ``"chance"``), one line per class in column order,
        labelled ``"<name> vs rest (AUC = 0.xxx)"``, its data the points of
        ``roc_curve(y_true, y_proba[:, k], pos_label=c, drop_intermediate=True)``; the
        title quotes the macro-average AUC.
    """
    curves = metrics.roc_curves_ovr(y_true, y_proba, labels=labels, drop_intermediate=True)
    names = _display_labels(display_labels, list(curves))
    areas = metrics.roc_auc_score(y_true, y_proba, multi_class="ovr", average=None, labels=labels)
    ax = get_axes(ax, figsize=(5.5, 5.5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="gray", gid="chance", label="chance (AUC = 0.5)")
    for name, (fpr, tpr, _), area in zip(names, curves.values(), areas):
        ax.plot(fpr, tpr, linewidth=2, label=f"{name} vs rest (AUC = {area:.3f})")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_aspect("equal")
    ax.set_title(f"One-vs-rest ROC curves (macro AUC = {float(np.mean(areas)):.3f})")
    ax.set_xlabel("false positive rate (1 - specificity)")
    ax.set_ylabel("true positive rate (sensitivity)")
    ax.legend(loc="lower right")
    return ax
