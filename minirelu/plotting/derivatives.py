"""Figures of lessons 08 and 14: coefficients, per-row derivatives, marginal effects,
partial dependence, and gradient norms layer by layer.

Each helper draws on ``ax`` (or a new figure) and returns the Axes.
Features are named by their column index, as in ``feature=1``, unless names are given
(the interpret results pass the model's feature names, from a DataFrame).
"""
from collections.abc import Mapping

import numpy as np

from ..validation import check_int, check_vector
from ._axes import check_result, get_axes

__all__ = ["plot_coefficients", "plot_input_gradients", "plot_marginal_effect",
           "plot_partial_dependence", "plot_layer_gradient_norms"]

_YLABEL = {"prediction": "prediction", "logit": "logit", "probability": "probability"}


def _namer(names, d):
    """names[j], or 'feature j' when no names are given (checked to be d names)."""
    if names is None:
        return lambda j: f"feature {j}"
    names = [str(name) for name in names]
    if len(names) != d:
        raise ValueError(f"names must hold one name per feature ({d}), got {len(names)}")
    return lambda j: names[j]


def plot_coefficients(coef, ax=None, label="coefficients", reference=None,
                      reference_label="reference", title="Coefficients, feature by feature",
                      names=None):
    """Bars of one coefficient per feature, beside a second set (``reference``) when given.

    Parameters
    ----------
    coef : array (d,).     reference : optional array (d,), e.g. a linear regression's coef_.
    names : optional feature names, one per coefficient (default 'feature j').

    Returns the Axes (one bar container per set: ``coef`` first).
    """
    coef = check_vector(coef, "coef")
    ax = get_axes(ax, figsize=(6, 3.6))
    x = np.arange(len(coef))
    width = 0.4 if reference is not None else 0.6
    ax.bar(x - (width / 2 if reference is not None else 0), coef, width, label=label)
    if reference is not None:
        reference = check_vector(reference, "reference")
        if len(reference) != len(coef):
            raise ValueError(f"reference has {len(reference)} entries but coef has {len(coef)}")
        ax.bar(x + width / 2, reference, width, label=reference_label)
    ax.axhline(0, color="0.5", lw=0.8)
    name = _namer(names, len(coef))
    ax.set_xticks(x, [name(j) for j in x])
    ax.set(xlabel="feature", ylabel="coefficient", title=title)
    ax.legend()
    return ax


def plot_input_gradients(result, ax=None, features=None, against=None, names=None):
    """Scatter of d f / d x_j against x_j, one colour per feature, with each mean dashed.

    Parameters
    ----------
    result : InputGradients.    features : optional list of column indices (default: all).
    against : optional column index k: plot d f / d x_j against x_k instead of x_j
        (a derivative that moves with another feature shows an interaction).
    names : optional feature names, one per column (default 'feature j').
    """
    check_result(result, "InputGradients", "result", "values", "scale")
    d = result.values.shape[1]
    name = _namer(names, d)
    features = range(d) if features is None else [check_int(j, "features entries", 0) for j in features]
    if against is not None:
        against = check_int(against, "against", 0)
        if against >= d:
            raise ValueError(f"against must be below {d}, the number of features; got {against}")
    ax = get_axes(ax, figsize=(6.5, 4))
    for j in features:
        if j >= d:
            raise ValueError(f"features entries must be below {d}, the number of features; got {j}")
        dots = ax.scatter(result.X[:, j if against is None else against], result.values[:, j],
                          s=8, alpha=0.5, label=f"d/d {name(j)}")
        ax.axhline(result.mean[j], color=dots.get_facecolor()[0][:3], ls="--", lw=1)
    ax.plot([], [], color="0.3", ls="--", label="mean over rows (AME)")
    ax.axhline(0, color="0.8", lw=0.8)
    what = _YLABEL[result.scale]
    xlabel = "value of the same feature" if against is None else f"value of {name(against)}"
    ax.set(xlabel=xlabel, ylabel=f"partial derivative of the {what}",
           title="Partial derivatives, one per row")
    ax.legend(fontsize=8)
    return ax


def plot_marginal_effect(result, ax=None, bins=30, name=None):
    """Histograms of the per-row derivatives and of the per-row changes per unit,
    with both averages as vertical lines. ``result`` is a MarginalEffect; ``name`` names
    its feature (default 'feature j')."""
    check_result(result, "MarginalEffect", "result", "derivatives", "changes")
    name = f"feature {result.feature}" if name is None else str(name)
    ax = get_axes(ax, figsize=(6.5, 3.8))
    per_unit = result.changes / result.delta
    lo = min(result.derivatives.min(), per_unit.min())
    hi = max(result.derivatives.max(), per_unit.max())
    edges = np.linspace(lo, hi if hi > lo else lo + 1.0, bins + 1)
    ax.hist(result.derivatives, edges, alpha=0.55, label="derivative at the row")
    ax.hist(per_unit, edges, alpha=0.55, label=f"change for +{result.delta:g}, per unit")
    ax.axvline(result.mean_derivative, color="C0", lw=2,
               label=f"mean derivative {result.mean_derivative:.3f}")
    ax.axvline(result.per_unit, color="C1", lw=2, ls="--",
               label=f"mean change per unit {result.per_unit:.3f}")
    ax.set(xlabel=f"effect of {name} on the {_YLABEL[result.scale]}",
           ylabel="rows", title=f"Marginal effect of {name}, row by row")
    ax.legend(fontsize=8)
    return ax


def plot_partial_dependence(result, ax=None, individual=30, name=None):
    """The partial dependence curve, over ``individual`` thin per-row curves (0 for none).
    ``name`` names the feature (default 'feature j').

    Rows are taken evenly through X (not at random) so that the figure is repeatable.
    """
    check_result(result, "PartialDependence", "result", "grid", "average")
    individual = check_int(individual, "individual", minimum=0)
    name = f"feature {result.feature}" if name is None else str(name)
    ax = get_axes(ax, figsize=(6, 4))
    n = result.individual.shape[0]
    if individual:
        rows = np.unique(np.linspace(0, n - 1, min(individual, n)).round().astype(int))
        for k, i in enumerate(rows):
            ax.plot(result.grid, result.individual[i], color="0.6", lw=0.7, alpha=0.6,
                    label="one row's curve" if k == 0 else None)
    ax.plot(result.grid, result.average, color="C3", lw=2.5, label="partial dependence (mean)")
    ax.set(xlabel=f"value given to {name}",
           ylabel=_YLABEL[result.scale], title=f"Partial dependence on {name}")
    ax.legend(fontsize=8)
    return ax


def plot_layer_gradient_norms(norms, ax=None, title="Gradient norm, layer by layer"):
    """||dL/dW_l|| against the layer l (1 = nearest the input), log scale, one line per network.

    Parameters
    ----------
    norms : dict name -> array (L,), e.g. {"sigmoid": ..., "relu": ...}.
    """
    if not isinstance(norms, Mapping) or not norms:
        raise TypeError("norms must be a non-empty dict name -> array of per-layer norms")
    ax = get_axes(ax, figsize=(6.5, 4))
    for name, values in norms.items():
        values = check_vector(values, f"norms[{name!r}]")
        if (values <= 0).any():
            raise ValueError(f"norms[{name!r}] must be positive to be drawn on a log scale")
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", label=name)
    ax.set_yscale("log")
    ax.set(xlabel="layer l (1 = first hidden layer, nearest the input)",
           ylabel="$\\|\\partial L / \\partial W_l\\|$", title=title)
    ax.legend()
    return ax
