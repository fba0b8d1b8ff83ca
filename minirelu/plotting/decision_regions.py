"""Figure of the exact decision regions of a K-class network: each polygon filled with the
colour of its class, the cells' edges thin, the data on top.

Introduced in lessons/15_more_than_two_classes.ipynb.
"""
import numpy as np

from ._axes import check_result, get_axes

__all__ = ["plot_decision_regions"]


def plot_decision_regions(regions, ax=None, X=None, y=None, title=None, edges=True):
    """Draw a :class:`minirelu.interpret.DecisionRegions`.

    Parameters
    ----------
    regions : DecisionRegions
    X, y : optional data (n, 2) and class indices 0..K-1 (n,) drawn on top, one colour per class.
    title : str, optional
    edges : draw the edges of the partition's cells (thin grey), to see the linear pieces.

    Returns
    -------
    Axes
        ``ax.collections[0]`` holds the polygons (in ``regions.polygons`` order, coloured
        by class); the legend names every class with its share of the rectangle.
    """
    check_result(regions, "DecisionRegions", "regions", "polygons", "classes", "bounds")
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch
    ax = get_axes(ax, figsize=(6, 6))
    import matplotlib
    palette = matplotlib.colormaps["tab10"]
    light = np.array([palette(c % 10) for c in range(regions.n_classes)])
    light[:, :3] = 0.55 * light[:, :3] + 0.45          # pale fills, the data stands out
    ax.add_collection(PolyCollection(regions.polygons, facecolors=light[regions.classes],
                                     edgecolors="none"))
    if edges:
        ax.add_collection(PolyCollection(regions.partition.polygons, facecolors="none",
                                         edgecolors="0.5", linewidths=0.3))
    total = float(np.sum(regions.areas))
    shares = np.bincount(regions.classes, weights=regions.areas, minlength=regions.n_classes)
    handles = [Patch(facecolor=light[c], edgecolor="0.3",
                     label=f"{name} ({shares[c] / total:.0%} of the box)")
               for c, name in enumerate(regions.class_names)]
    if X is not None:
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        for c in range(regions.n_classes):
            rows = y == c
            ax.scatter(X[rows, 0], X[rows, 1], s=8, color=palette(c % 10), edgecolors="none")
    xmin, xmax, ymin, ymax = regions.bounds
    ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax), xlabel="$x_1$", ylabel="$x_2$",
           title=title or f"Exact decision regions: {len(regions.polygons)} polygons in "
                          f"{regions.partition.n_cells} cells")
    ax.set_aspect("equal")
    ax.legend(handles=handles, loc="upper right", fontsize=8)
    return ax
