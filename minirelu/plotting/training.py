"""Figures of the first lessons: activation functions, decision boundaries, loss curves."""
import numpy as np

from ..validation import check_array, check_int, check_non_negative, check_vector
from ._axes import get_axes, pyplot

__all__ = ["plot_activation_functions", "plot_decision_boundary", "plot_loss_curve"]


def plot_activation_functions(names=("sigmoid", "tanh", "relu"), z_range=(-4, 4), axes=None):
    """Each activation g(z) and its derivative g'(z), in two panels.

    Returns the array of two Axes (functions, derivatives).
    """
    from ..activations import get_activation
    if axes is None:
        _, axes = pyplot().subplots(1, 2, figsize=(10, 3.6))
    z = np.linspace(z_range[0], z_range[1], 401)
    for name in names:
        g, g_prime = get_activation(name, "names")
        a = g(z)
        axes[0].plot(z, a, label=name)
        axes[1].plot(z, g_prime(a), label=name)
    for ax, title, ylabel in ((axes[0], "Activation functions", "g(z)"),
                              (axes[1], "Their derivatives", "g'(z)")):
        ax.axhline(0, color="0.8", lw=0.8)
        ax.axvline(0, color="0.8", lw=0.8)
        ax.set(title=title, xlabel="pre-activation z", ylabel=ylabel)
        ax.legend()
    return axes


def _score_function(model):
    """A function X -> score whose 0 (logit) or 1/2 (probability) level is the boundary."""
    if hasattr(model, "decision_function"):
        return model.decision_function, 0.0
    if hasattr(model, "predict_proba"):
        return (lambda X: model.predict_proba(X)[:, 1]), 0.5
    if callable(model):
        return model, 0.0
    raise TypeError("model must have decision_function or predict_proba, or be a function of X")


def plot_decision_boundary(model, X, y, ax=None, resolution=300, margin=0.5, title=None):
    """Class regions and decision boundary of a 2-feature classifier, with the data on top.

    Parameters
    ----------
    model : fitted classifier (decision_function or predict_proba), or a function
        X (m, 2) -> score with the boundary at score 0.
    X : array (n, 2).    y : labels (n,) 0/1, or a fitted classifier's own labels (its
        ``classes_``, e.g. 'no'/'yes'; the legend then names them).
    resolution : grid points per axis.   margin : padding around the data.

    Returns the Axes.
    """
    classes = getattr(model, "classes_", None) if hasattr(model, "_label_codes") else None
    X = check_array(X)
    y = check_vector(y) if classes is None else model._label_codes(y)   # label -> index
    if classes is not None and classes.dtype.kind in "iuf" and list(classes) == [0, 1]:
        classes = None                  # 0/1 (also fitted as 0.0/1.0): legend 'class 0', 'class 1'
    resolution = check_int(resolution, "resolution", minimum=2)
    margin = check_non_negative(margin, "margin")
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 features to draw a decision boundary, got {X.shape[1]}")
    score, level = _score_function(model)
    ax = get_axes(ax, figsize=(5.5, 4.5))
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    s = np.asarray(score(np.column_stack([g0.ravel(), g1.ravel()]))).reshape(g0.shape)
    ax.contourf(g0, g1, (s > level).astype(float), levels=[-0.5, 0.5, 1.5],
                colors=["#c6dbef", "#fdd0a2"], alpha=0.8)
    ax.contour(g0, g1, s, levels=[level], colors="k", linewidths=1.5)
    for label, colour, marker in ((0, "#2171b5", "o"), (1, "#d94801", "^")):
        rows = y == label
        ax.scatter(X[rows, 0], X[rows, 1], s=22, c=colour, marker=marker, edgecolor="k",
                   linewidth=0.5, label=f"class {label if classes is None else classes[label]}")
    ax.plot([], [], color="k", label="decision boundary")
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$",
           title=title or "Decision boundary")
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_loss_curve(losses, ax=None, label="training loss", title="Loss during training",
                    xlabel="iteration", logy=False, ylabel="loss"):
    """One loss value per iteration or epoch, as a line.

    ``ylabel`` names what is drawn (the loss, or e.g. the MSE minus the best MSE).
    Returns the Axes.
    """
    losses = check_vector(losses, "losses")
    ax = get_axes(ax, figsize=(6, 3.6))
    ax.plot(np.arange(1, len(losses) + 1), losses, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    return ax
