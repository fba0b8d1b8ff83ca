"""Figures of exact partitions: the lines of each layer, and the cells with their models.

Both read a :class:`minirelu.interpret.Partition2D` and draw polygons and segments
exactly (no grid): what a figure shows is what the partition holds.

Introduced in lessons/10_partitions.ipynb.
"""
import numpy as np

from ..validation import check_array, check_binary_labels, check_int
from ._axes import check_result, get_axes, pyplot

__all__ = ["plot_partition", "plot_unit_lines"]

COLOR_OPTIONS = ("logit", "random", None)
# qualitative colour maps (name, number of colours) for the units of layers 1, 2, 3, ...
LAYER_PALETTES = (("tab10", 10), ("Dark2", 8), ("Set1", 9))


def _frame(ax, cells, title):
    xmin, xmax, ymin, ymax = cells.bounds
    labels = getattr(cells, "axis_labels", None)      # a slice names its coordinates
    ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax), xlabel=labels[0] if labels else "$x_1$",
           ylabel=labels[1] if labels else "$x_2$", title=title)
    # the plane of a 2-input network in equal units; a slice's two features may differ in scale
    ax.set_aspect("equal" if labels is None else "auto")


def _cell_collection(cells, facecolors, edgecolor, linewidth, label=None):
    from matplotlib.collections import PolyCollection
    return PolyCollection(cells.polygons, facecolors=facecolors, edgecolors=edgecolor,
                          linewidths=linewidth, label=label)


def _random_colors(n, seed=0):
    """``n`` light, well-spread colours (RGB rows), the same ones on every call."""
    rng = np.random.default_rng(seed)
    hue = (np.arange(n) * 0.618033988749895 + rng.random()) % 1.0   # golden-ratio steps
    from matplotlib.colors import hsv_to_rgb
    hsv = np.column_stack([rng.permutation(hue), 0.25 + 0.3 * rng.random(n),
                           0.85 + 0.15 * rng.random(n)])
    return hsv_to_rgb(hsv)


def plot_partition(cells, ax=None, color="logit", boundary=True, X=None, y=None, title=None):
    """The cells of a partition, filled, with the decision boundary drawn exactly.

    Parameters
    ----------
    cells : Partition2D
    color : 'logit' (each cell by its LLM's value at its centroid, on a diverging scale;
        needs a partition after every hidden layer), 'random' (one distinct colour per
        cell), or None (edges only).
    boundary : draw where the raw output is 0, one segment per cell it crosses.
    X, y : optional data (n, 2) and 0/1 labels (n,) drawn on top.

    Returns the Axes.
    """
    check_result(cells, "Partition2D", "cells", "polygons", "bounds", "coef")
    if color not in COLOR_OPTIONS:
        raise ValueError(f"color must be one of 'logit', 'random', None; got {color!r}")
    complete = cells.coef is not None
    if color == "logit" and not complete:
        raise ValueError("color='logit' needs the partition after every hidden layer; "
                         "use color='random' for a partition after fewer layers")
    plt = pyplot()
    ax = get_axes(ax, figsize=(6.5, 5.5))
    k = cells.n_cells
    label = f"{k} cells (edges)"
    if color == "logit":
        centre = cells.centroids
        value = np.einsum("kd,kd->k", centre, cells.coef) + cells.intercept
        top = max(float(np.abs(value).max()), 1e-12)
        norm = plt.Normalize(-top, top)
        faces = plt.get_cmap("RdBu_r")(norm(value))
        faces[:, :3] = 0.35 + 0.65 * faces[:, :3]            # lighter, so lines stay visible
        ax.add_collection(_cell_collection(cells, faces, "0.35", 0.4, label))
        mappable = plt.cm.ScalarMappable(norm=norm, cmap="RdBu_r")
        ax.figure.colorbar(mappable, ax=ax, shrink=0.8,
                           label=getattr(cells, "value_label", "logit at the cell's centroid"))
    else:
        faces = _random_colors(k) if color == "random" else "none"
        ax.add_collection(_cell_collection(cells, faces, "0.35", 0.4, label))
    if boundary and complete:
        from matplotlib.collections import LineCollection
        segments, _ = cells.zero_segments()
        ax.add_collection(LineCollection(segments, colors="k", linewidths=2.0,
                                         label="decision boundary (logit = 0)"))
    if X is not None:
        X = check_array(X, "X")
        labels = check_binary_labels(y) if y is not None else np.zeros(len(X), int)
        for value, colour, marker in ((0, "#2171b5", "o"), (1, "#d94801", "^")):
            rows = labels == value
            if rows.any():
                # dark edges and a saturated fill keep the markers visible over pastel cells
                ax.scatter(X[rows, 0], X[rows, 1], s=24, c=colour, marker=marker,
                           edgecolor="k", linewidth=0.5, zorder=3,
                           label=f"class {value}" if y is not None else "data")
    _frame(ax, cells, title or f"{k} linear regions of the network {cells.layer_sizes}")
    _legend_below(ax)
    return ax


def _legend_below(ax):
    """A legend under the plot, where it hides no cell."""
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=min(len(handles), 3),
              fontsize=8, frameon=False)


def plot_unit_lines(cells, layer, ax=None, title=None, legend_units=8):
    """Where each unit of hidden ``layer`` switches (z = 0), over the cells of the layers before.

    Layer 1's zero sets are straight lines across the rectangle. A unit of a later layer
    is affine inside each cell of the layers before it, so its zero set is a straight
    segment in each cell: a line that bends where it crosses an earlier boundary.

    Parameters
    ----------
    cells : Partition2D after at least ``layer - 1`` hidden layers.
    layer : int, 1 .. number of hidden layers.
    legend_units : label units one by one up to this many, else one legend entry.

    Returns the Axes.
    """
    check_result(cells, "Partition2D", "cells", "layer_sizes", "after_layer")
    n_hidden = len(cells.layer_sizes) - 2
    layer = check_int(layer, "layer", minimum=1)
    if layer > n_hidden:
        raise ValueError(f"layer must be between 1 and {n_hidden}, the number of hidden "
                         f"layers, got {layer}")
    from matplotlib.collections import LineCollection
    base = cells.after_layer(layer - 1)
    ax = get_axes(ax, figsize=(6, 5.5))
    if layer > 1:
        ax.add_collection(_cell_collection(base, "none", "0.7", 0.8,
                                           f"layers 1-{layer - 1}: {base.n_cells} cells"
                                           if layer > 2 else f"layer 1: {base.n_cells} cells"))
    width = cells.layer_sizes[layer]
    # each layer its own colours and names, so layer 2's unit 1 is not mistaken for layer 1's
    name, n_colours = LAYER_PALETTES[(layer - 1) % len(LAYER_PALETTES)]
    palette = pyplot().get_cmap(name if width <= n_colours else "turbo")
    style = "-" if layer == 1 else "--"
    drawn = 0
    for unit in range(width):
        segments, _ = base.zero_segments(unit)
        colour = palette(unit) if width <= n_colours else palette((unit + 0.5) / width)
        label = f"layer {layer}, unit {unit + 1}" if width <= legend_units else None
        if len(segments):
            drawn += 1
            ax.add_collection(LineCollection(segments, colors=[colour], linewidths=1.6,
                                             linestyles=style, label=label))
    if width > legend_units:
        ax.plot([], [], color=palette(0.5), lw=1.6, ls=style,
                label=f"zero sets of {drawn} of {width} layer-{layer} units")
    shape = "lines" if layer == 1 else "bent lines"
    _frame(ax, cells, title or f"Layer {layer}: where each unit switches ({shape})")
    _legend_below(ax)
    return ax
