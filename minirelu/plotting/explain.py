"""Figures of lessons 12 and 13: LIME coefficients, samples and kernel-width paths;
Shapley waterfalls and bars.

Each helper draws on ``ax`` (or a new figure) and returns the Axes.
"""
import numpy as np

from ..validation import check_int, check_vector
from ._axes import check_result, get_axes

__all__ = ["plot_shapley", "plot_lime_coefficients", "plot_lime_samples", "plot_lime_path"]


def plot_shapley(result, ax=None, kind="waterfall"):
    """Shapley values of one explained row.

    ``kind='waterfall'``: starting from the base value, one bar per feature adds phi_j
    (green up, red down), ending at f(x), drawn as a dashed line. ``kind='bar'``: one bar
    per feature. Returns the Axes (the bars are ``ax.patches`` in feature order).
    """
    check_result(result, "ShapleyValues", "result", "values", "base_value", "prediction")
    if kind not in ("waterfall", "bar"):
        raise ValueError(f"kind must be 'waterfall' or 'bar'; got {kind!r}")
    phi = np.asarray(result.values, dtype=float)
    names = list(result.feature_names)
    ax = get_axes(ax, figsize=(6.5, 3.8))
    positions = np.arange(len(phi))
    colors = np.where(phi >= 0, "tab:green", "tab:red")
    if kind == "bar":
        ax.bar(positions, phi, color=colors, label="Shapley value $\\phi_j$")
        ax.axhline(0, color="0.5", lw=0.8)
        ax.set(ylabel="$\\phi_j$", title="Shapley values, feature by feature")
    else:
        starts = result.base_value + np.concatenate([[0.0], np.cumsum(phi)[:-1]])
        ax.bar(positions, phi, bottom=starts, color=colors, label="$\\phi_j$ (added in turn)")
        ax.axhline(result.base_value, color="0.4", ls=":", lw=1.2,
                   label=f"base value E f(background) = {result.base_value:.3f}")
        ax.axhline(result.prediction, color="k", ls="--", lw=1.2,
                   label=f"f(x) = {result.prediction:.3f}")
        ax.set(ylabel="model output", title="Shapley values: from the base value to f(x)")
    ax.set_xticks(positions, names)
    ax.set_xlabel("feature")
    ax.legend(fontsize=8)
    return ax


def plot_lime_coefficients(result, ax=None, reference=None, reference_label="exact LLM"):
    """Bars of LIME's slopes beside ``reference`` slopes (d,) when given; returns the Axes."""
    check_result(result, "LimeExplanation", "result", "coef", "feature_names")
    coef = result.coef
    ax = get_axes(ax, figsize=(6.5, 3.8))
    positions = np.arange(len(coef))
    width = 0.4 if reference is not None else 0.6
    shift = width / 2 if reference is not None else 0.0
    ax.bar(positions - shift, coef, width,
           label=f"LIME (kernel width {result.kernel_width:.3g})")
    if reference is not None:
        reference = check_vector(reference, "reference")
        if len(reference) != len(coef):
            raise ValueError(f"reference has {len(reference)} entries but the explanation has "
                             f"{len(coef)} features")
        ax.bar(positions + shift, reference, width, label=reference_label)
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set_xticks(positions, list(result.feature_names))
    ax.set(xlabel="feature", ylabel="slope (change in f per unit of the feature)",
           title="Local slopes at x")
    ax.legend(fontsize=8)
    return ax


def plot_lime_samples(result, ax=None, features=(0, 1)):
    """The perturbed samples in two features, coloured by kernel weight, with x marked."""
    check_result(result, "LimeExplanation", "result", "x", "samples", "weights")
    d = len(result.x)
    i, j = (check_int(f, "features entries", minimum=0) for f in features)
    if max(i, j) >= d:
        raise ValueError(f"features entries must be below {d}, the number of features")
    ax = get_axes(ax, figsize=(5.5, 4.5))
    order = np.argsort(result.weights)           # heavy samples drawn last, on top
    dots = ax.scatter(result.samples[order, i], result.samples[order, j], c=result.weights[order],
                      s=6, cmap="viridis", vmin=0, vmax=1, label="perturbed samples")
    ax.figure.colorbar(dots, ax=ax, label="kernel weight")
    # a thin open marker, so the heaviest samples under it stay visible
    ax.scatter([result.x[i]], [result.x[j]], marker="+", s=250, color="tab:red", linewidths=2,
               zorder=3, label="explained row x")
    names = result.feature_names
    ax.set(xlabel=names[i], ylabel=names[j],
           title=f"LIME samples (n_eff = {result.effective_samples:.0f} of {len(result.samples)})")
    ax.legend(fontsize=8, loc="upper right")
    return ax


def plot_lime_path(path, ax=None, reference=None, reference_label="exact LLM", features=None):
    """Each LIME coefficient against the kernel width (log axis); ``reference`` (d,) values
    (e.g. the exact LLM at x) as dashed lines of the same colour. Returns the Axes."""
    check_result(path, "LimePath", "path", "coef")
    d = path.coef.shape[1]
    features = range(d) if features is None else [check_int(f, "features entries", 0) for f in features]
    if reference is not None:
        reference = check_vector(reference, "reference")
        if len(reference) != d:
            raise ValueError(f"reference has {len(reference)} entries but the path has {d} features")
    ax = get_axes(ax, figsize=(6.5, 4))
    for j in features:
        if j >= d:
            raise ValueError(f"features entries must be below {d}, the number of features; got {j}")
        line, = ax.plot(path.kernel_widths, path.coef[:, j], marker="o", ms=3,
                        label=f"LIME, {path.feature_names[j]}")
        if reference is not None:
            ax.axhline(reference[j], color=line.get_color(), ls="--", lw=1,
                       label=f"{reference_label}, {path.feature_names[j]}")
    ax.set_xscale("log")
    ax.set(xlabel="kernel width (units of the training spread)", ylabel="slope",
           title="LIME slopes as the kernel widens")
    ax.legend(fontsize=8)
    return ax
