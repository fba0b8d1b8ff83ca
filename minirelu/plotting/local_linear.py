"""Figures of the local linear models of a ReLU network.

Parallel coordinates of the LLM coefficients, the summary's local against global
scores, feature importance bars, LLM profiles, the local feature importance of one
row, and the L1 path. Each helper takes the result object from
``minirelu.interpret`` and returns the Axes it drew on, so tests can read the data back.
Introduced in lessons/09_local_linear_models.ipynb and lessons/11_l1_regularization.ipynb.
"""
import numpy as np

from ..validation import check_int
from ._axes import check_result, get_axes, pyplot

__all__ = ["plot_llm_coefficients", "plot_llm_summary", "plot_feature_importance",
           "plot_llm_profile", "plot_local_linear_fi", "plot_l1_path", "plot_merge_path",
           "plot_importances"]

# the largest LLMs get these colours; the rest are drawn thin and grey
COLOURS = ("#1b6ca8", "#d9480f", "#2b8a3e", "#862e9c", "#f59f00", "#0b7285", "#c2255c",
           "#5c940d", "#364fc7", "#a61e4d")


def _how_many(value, total, name):
    """``value`` capped at ``total``; None means all."""
    return total if value is None else min(check_int(value, name, minimum=1), total)


def _limits_from_highlighted(ax, highlighted, others, noun="lines"):
    """Set the y-limits from the ``highlighted`` values (with a margin and 0 included), so
    one outlier among ``others`` cannot squash the coloured series; returns how many rows
    of ``others`` (one per grey line) leave that range, for the title to say."""
    values = np.asarray(highlighted, np.float64)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 0
    lo, hi = min(values.min(), 0.0), max(values.max(), 0.0)
    pad = 0.08 * (hi - lo) if hi > lo else 1.0
    lo, hi = lo - pad, hi + pad
    clipped = 0
    for row in others:
        row = np.asarray(row, np.float64)
        if row.size and (np.nanmin(row) < lo or np.nanmax(row) > hi):
            clipped += 1
    ax.set_ylim(lo, hi)
    return clipped


def _clipped_note(clipped, noun="grey line"):
    if clipped == 0:
        return ""
    return f"; {clipped} {noun}{'s' if clipped != 1 else ''} clipped"


def plot_llm_coefficients(llms, ax=None, n_features=10, n_llms=None, highlight=5):
    """Parallel coordinates: one line per LLM through its coefficients, feature by feature.

    Features run along x from most to least important (count-weighted importance),
    the ``n_features`` most important (None: all). Lines are the ``n_llms`` largest LLMs
    (None: all); the ``highlight`` largest are coloured and labelled, the others grey.
    The y-limits fit the coloured lines (all lines when none is coloured); the title says
    how many grey lines run outside them. Returns the Axes.
    """
    check_result(llms, "LocalLinearModels", "llms", "coef", "feature_importance")
    d = llms.coef.shape[1]
    features = llms.feature_importance().order[:_how_many(n_features, d, "n_features")]
    m = _how_many(n_llms, llms.n_llms, "n_llms")
    shown = min(check_int(highlight, "highlight", minimum=0), m, len(COLOURS))
    ax = get_axes(ax, figsize=(max(6.0, 0.7 * len(features) + 2), 4.2))
    x = np.arange(len(features))
    for k in range(m - 1, shown - 1, -1):            # small LLMs first, underneath
        ax.plot(x, llms.coef[k, features], color="0.6", lw=0.6, alpha=0.5,
                label="other LLMs" if k == shown else None)
    for k in range(shown - 1, -1, -1):
        ax.plot(x, llms.coef[k, features], color=COLOURS[k], lw=2, marker="o", ms=4,
                label=f"LLM {k} ({int(llms.counts[k])} rows)")
    ax.axhline(0, color="k", lw=0.8, ls="--")
    coef = llms.coef[:m][:, features]
    clipped = _limits_from_highlighted(ax, coef[:shown] if shown else coef, coef[shown:])
    ax.set_xticks(x, [llms.feature_names[j] for j in features], rotation=45, ha="right")
    ax.set(xlabel="feature (most important first)", ylabel="coefficient $\\tilde w_{kj}$",
           title=f"Coefficients of the {m} largest of {llms.n_llms} local linear models"
                 f"{_clipped_note(clipped)}")
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: (labels[i] == "other LLMs", labels[i]))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], fontsize=8, loc="best")
    return ax


def plot_llm_summary(summary, ax=None, top=20):
    """Local against global MSE (or AUC) of the ``top`` largest LLMs, as paired dots.

    Dots, not bars: MSE is drawn on a log scale, where a bar's height would depend on
    where the axis happens to start. A local score that is undefined (an AUC on rows of
    one class) is marked "n/a". Tick labels give each LLM's index and count. Returns the Axes.
    """
    check_result(summary, "LLMSummary", "summary", "counts", "local_score")
    m = _how_many(top, len(summary.counts), "top")
    ax = get_axes(ax, figsize=(max(6.0, 0.45 * m + 2), 4))
    x = np.arange(m)
    metric = summary.metric
    local = np.asarray(summary.local_score[:m], np.float64)
    global_ = np.asarray(summary.global_score[:m], np.float64)
    ax.vlines(x, np.fmin(local, global_), np.fmax(local, global_), color="0.75", lw=1)
    ax.plot(x, local, "o", color=COLOURS[0], ms=6, label=f"local {metric} (its own rows)")
    ax.plot(x, global_, "s", color=COLOURS[1], ms=6, label=f"global {metric} (all rows)")
    if metric == "AUC":
        ax.axhline(0.5, color="k", lw=0.8, ls="--", label="AUC 0.5 (chance)")
    else:                 # global errors can be 100 times the local ones: a log scale shows both
        ax.set_yscale("log")
    missing = np.flatnonzero(np.isnan(local))
    if missing.size:
        from matplotlib.transforms import blended_transform_factory
        where = blended_transform_factory(ax.transData, ax.transAxes)
        for k in missing:
            ax.text(k, 0.03, "n/a", transform=where, ha="center", va="bottom", fontsize=7,
                    color=COLOURS[0])
        ax.plot([], [], " ", label=f'"n/a": local {metric} undefined')
    ax.set_xticks(x, [f"{k}\n{int(c)}" for k, c in zip(x, summary.counts[:m])], fontsize=7)
    ax.set_xlim(-0.7, m - 0.3)
    ax.set(xlabel="LLM (index, and rows it holds)", ylabel=metric,
           title=f"Local and global {metric} of the {m} largest LLMs")
    ax.legend(fontsize=8)
    return ax


def plot_feature_importance(importance, ax=None):
    """Horizontal bars of every feature's importance, the most important on top. Returns the Axes."""
    check_result(importance, "FeatureImportance", "importance", "order")
    order = importance.order
    ax = get_axes(ax, figsize=(6, max(2.5, 0.35 * len(order) + 1)))
    y = np.arange(len(order))[::-1]
    ax.barh(y, importance.importance[order], color=COLOURS[0], label=f"{getattr(importance, 'weighting', 'count')}-weighted importance")
    ax.set_yticks(y, [importance.feature_names[j] for j in order])
    ax.set(xlabel="importance (sums to 1)", ylabel="feature",
           title="Feature importance from the local linear models")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def plot_llm_profile(profile, ax=None):
    """Each LLM's centred effect of the feature, drawn over that LLM's own range of it.

    Line k runs from the smallest to the largest value of the feature among LLM k's
    rows, at height slope_k * (x - center_k). The five largest LLMs are coloured; the
    y-limits fit them, and the title says how many grey lines run outside. Returns the Axes.
    """
    check_result(profile, "LLMProfile", "profile", "llm", "feature_name")
    ax = get_axes(ax, figsize=(6.5, 4))
    m = profile.llm.size
    heights = []
    for k in range(m - 1, -1, -1):
        xs = profile.x_range[k]
        ys = profile.slopes[k] * (xs - profile.centers[k])
        heights.append(ys)
        colour = COLOURS[k] if k < 5 else "0.55"
        ax.plot(xs, ys, color=colour, lw=2 if k < 5 else 0.8,
                label=f"LLM {k} ({int(profile.counts[k])} rows)" if k < 5 else
                ("smaller LLMs" if k == 5 else None))
    ax.axhline(0, color="k", lw=0.8, ls="--")
    heights = heights[::-1]                            # back to k = 0, 1, ...
    shown = min(m, 5)
    clipped = _limits_from_highlighted(ax, np.concatenate(heights[:shown]) if shown else [],
                                       heights[shown:])
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: (labels[i] == "smaller LLMs", labels[i]))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], fontsize=8)
    ax.set(xlabel=profile.feature_name,
           ylabel="centred effect $\\tilde w_{k}\\,(x - \\bar x_k)$",
           title=f"LLM profile of {profile.feature_name} ({m} largest LLMs); "
                 f"importance {100 * profile.importance:.1f}%{_clipped_note(clipped)}")
    return ax


def _fmt(value):
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def plot_local_linear_fi(local_fi, ax=None, n_features=10):
    """Scores as bars and coefficients as stems, for the ``n_features`` largest |scores|.

    The title gives the predicted value (the probability and the logit for a classifier)
    and the actual value when known. Returns the Axes.
    """
    check_result(local_fi, "LocalLinearFI", "local_fi", "order", "scores")
    order = local_fi.order[:_how_many(n_features, local_fi.scores.size, "n_features")]
    ax = get_axes(ax, figsize=(6.5, max(2.5, 0.4 * len(order) + 1.2)))
    y = np.arange(len(order))[::-1]
    kind = "centered" if local_fi.centered else "uncentered"
    ax.barh(y, local_fi.scores[order], height=0.6, color=COLOURS[0], alpha=0.8,
            label=f"score ({kind})")
    ax.hlines(y, 0, local_fi.coef[order], color=COLOURS[1], lw=1.2)
    ax.plot(local_fi.coef[order], y, "o", color=COLOURS[1], ms=5, label="coefficient")
    ax.axvline(0, color="k", lw=0.8)
    ax.set_yticks(y, [local_fi.feature_names[j] for j in order])
    if local_fi.probability is None:
        predicted = f"Predicted: {local_fi.prediction:.4g}"
    else:
        predicted = f"Predicted: {local_fi.probability:.4g} (logit {local_fi.prediction:.4g})"
    actual = "" if local_fi.actual is None else f" | Actual: {_fmt(local_fi.actual)}"
    ax.set(xlabel="score and coefficient", ylabel="feature",
           title=f"Row {local_fi.index}, LLM {local_fi.llm}. {predicted}{actual}")
    ax.legend(fontsize=8, loc="best")
    return ax


def plot_l1_path(path, axes=None):
    """Four panels against l1_reg: number of LLMs (log scale), dead units, share of
    exact-zero weights, validation score. The x axis is linear up to the smallest positive
    penalty and logarithmic beyond, so l1_reg = 0 has its place. Returns the array of 4 Axes."""
    check_result(path, "L1Path", "path", "l1_regs", "n_llms")
    if axes is None:
        _, axes = pyplot().subplots(2, 2, figsize=(10, 6.5))
    axes = np.asarray(axes).ravel()
    positive = path.l1_regs[path.l1_regs > 0]
    panels = ((path.n_llms, "local linear models on the training rows", "number of LLMs"),
              (path.dead_units, f"dead hidden units (of {path.n_units})", "dead units"),
              (path.zero_weights / path.n_weights, "weights exactly 0", "share of weights"),
              (path.val_score, f"validation {path.score_name}", path.score_name))
    from matplotlib.ticker import MaxNLocator
    for ax, (values, label, ylabel) in zip(axes, panels):
        ax.plot(path.l1_regs, values, "o-", color=COLOURS[0], label="one network per $\\lambda$")
        if positive.size:
            ax.set_xscale("symlog", linthresh=positive.min())
        ax.set(xlabel="l1_reg $\\lambda$", ylabel=ylabel, title=label[0].upper() + label[1:])
        ax.legend(fontsize=8)
    axes[0].set_yscale("log")
    axes[1].yaxis.set_major_locator(MaxNLocator(integer=True))      # counts: whole numbers
    return axes


def plot_merge_path(path, ax=None):
    """Fidelity and accuracy of a merge path against the number of groups (log scale),
    training rows solid and held-out rows dashed; the network's own accuracy dotted.
    Returns the Axes."""
    ax = get_axes(ax, figsize=(7, 4.2))
    groups = path.n_groups
    series = ((path.fidelity_train, path.fidelity_test, f"fidelity ({path.fidelity_name})", 0),
              (path.accuracy_train, path.accuracy_test, f"accuracy ({path.accuracy_name})", 1))
    for train, test, label, c in series:
        if not np.isnan(train).all():
            ax.plot(groups, train, "o-", ms=3, color=COLOURS[c], label=f"{label}, training rows")
        if not np.isnan(test).all():
            ax.plot(groups, test, "s--", ms=3, color=COLOURS[c], label=f"{label}, held-out rows")
    for acc, style in ((path.accuracy_test, ":"), (path.accuracy_train, "-.")):
        if not np.isnan(acc[0]):
            ax.axhline(acc[0], color="0.4", lw=1, ls=style,
                       label=f"the network's own accuracy ({'held-out' if style == ':' else 'training'})")
    ax.set_xscale("log")
    ax.set(xlabel="number of linear models (log scale; the first point: the network's LLMs)",
           ylabel="score", title=f"Merging {path.n_llms} local linear models")
    ax.legend(fontsize=8, loc="lower right")
    return ax


def plot_importances(importances, labels=None, ax=None):
    """Several importances of the same features side by side, as grouped horizontal bars.

    ``importances``: FeatureImportance or PermutationImportance results over the same
    features. Each is scaled to sum to one (a permutation importance's negative drops,
    noise, count as 0), so that the rankings can be compared; features ordered by the
    first. Returns the Axes.
    """
    if not importances:
        raise ValueError("importances must hold at least one importance result")
    for result in importances:
        check_result(result, "FeatureImportance", "importances entries", "importance", "order")
    labels = labels or [getattr(r, "label", type(r).__name__) for r in importances]
    if len(labels) != len(importances):
        raise ValueError(f"labels has {len(labels)} entries but importances has {len(importances)}")
    first = importances[0]
    order = first.order
    names = first.feature_names
    ax = get_axes(ax, figsize=(7, max(3.0, 0.5 * len(order) + 1)))
    height = 0.8 / len(importances)
    y = np.arange(len(order))[::-1]
    for i, (result, label) in enumerate(zip(importances, labels)):
        values = np.maximum(np.asarray(result.importance, np.float64), 0.0)
        total = values.sum()
        share = values / total if total > 0 else values
        ax.barh(y + 0.4 - (i + 0.5) * height, share[order], height=height,
                color=COLOURS[i % len(COLOURS)], label=label)
    ax.set_yticks(y, [names[j] for j in order])
    ax.set(xlabel="share of the total importance (each scaled to sum to 1)", ylabel="feature",
           title="Feature importance, three ways")
    ax.legend(fontsize=8, loc="lower right")
    return ax
