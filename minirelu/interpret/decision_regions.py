"""Exact decision regions of a 2-input K-class ReLU network: polygons, each with its class.

Inside one cell of the network's partition (``partition_2d``) every logit is linear,
z_c(x) = a_c · x + b_c, so the set where class c wins, {x in the cell: z_c(x) >= z_k(x)
for every k}, is the cell cut by the K − 1 half-planes (a_c − a_k) · x + (b_c − b_k) >= 0:
a convex polygon (possibly empty). Over all cells these pieces tile the rectangle, and
the class boundaries inside a cell are straight. A two-class network with one logit z
is read as the logits (0, z).

Introduced in lessons/15_more_than_two_classes.ipynb.
"""
import numpy as np

from ..network import as_network
from ..table import Table
from .partition import TOL, partition_2d

__all__ = ["decision_regions_2d", "DecisionRegions"]


def _clip(polygon, normal, offset, tol):
    """The part of the convex ``polygon`` (m, 2) where normal · x + offset >= 0 (Sutherland-
    Hodgman for one half-plane); vertices within ``tol`` of the line count as inside."""
    side = polygon @ normal + offset
    inside = side >= -tol
    if inside.all():
        return polygon
    if not inside.any():
        return polygon[:0]
    out = []
    m = len(polygon)
    for i in range(m):
        j = (i + 1) % m
        if inside[i]:
            out.append(polygon[i])
        if inside[i] != inside[j] and abs(side[i]) > tol and abs(side[j]) > tol:
            t = side[i] / (side[i] - side[j])
            out.append(polygon[i] + t * (polygon[j] - polygon[i]))
    return np.array(out) if len(out) >= 3 else polygon[:0]


def _area(polygon):
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


class DecisionRegions:
    """Where each class wins: convex polygons, one or more per cell of the partition.

    Attributes
    ----------
    polygons : list of r arrays (m_i, 2), counter-clockwise.
    classes : int array (r,), the index (0..K-1) of the winning class of each polygon.
    cells : int array (r,), the partition cell each polygon lies in.
    areas : array (r,); they sum to the rectangle's area.
    coef, intercept : arrays (k, K, 2), (k, K): the K logits' local linear models per cell.
    partition : the Partition2D the regions refine.
    class_names : list of K str, for tables and legends.
    table : Table, the total area and number of polygons of each class.
    """

    def __init__(self, polygons, classes, cells, partition, class_names):
        self.polygons, self.partition = polygons, partition
        self.classes = np.asarray(classes, dtype=np.int64)
        self.cells = np.asarray(cells, dtype=np.int64)
        self.areas = np.array([_area(p) for p in polygons])
        self.coef, self.intercept = partition.next_coef, partition.next_intercept
        self.class_names = list(class_names)
        self.bounds = partition.bounds

    @property
    def n_classes(self):
        return len(self.class_names)

    def predict(self, X):
        """The class index (0..K-1) of each row of X (n, 2), from its cell's K linear logits."""
        index = self.partition.locate(X)
        X = np.asarray(X, dtype=np.float64)
        logits = np.einsum("nkd,nd->nk", self.coef[np.maximum(index, 0)], X)
        logits += self.intercept[np.maximum(index, 0)]
        if self.coef.shape[1] == 1:                   # two classes: logits (0, z)
            logits = np.column_stack([np.zeros(len(X)), logits[:, 0]])
        out = np.argmax(logits, axis=1)
        out[index < 0] = -1
        return out

    @property
    def table(self):
        totals = np.bincount(self.classes, weights=self.areas, minlength=self.n_classes)
        counts = np.bincount(self.classes, minlength=self.n_classes)
        return Table({"class": self.class_names, "polygons": list(counts),
                      "area": list(totals)})

    def __repr__(self):
        xmin, xmax, ymin, ymax = self.bounds
        return (f"DecisionRegions({len(self.polygons)} polygons of {self.n_classes} classes in "
                f"{self.partition.n_cells} cells of [{xmin:g}, {xmax:g}] x [{ymin:g}, {ymax:g}])")

    def plot(self, ax=None, X=None, y=None, title=None, edges=True):
        """Fill each polygon with its class's colour (cell edges thin, optional data on top);
        return the Axes."""
        from ..plotting.decision_regions import plot_decision_regions
        return plot_decision_regions(self, ax=ax, X=X, y=y, title=title, edges=edges)


def decision_regions_2d(model, bounds, class_names=None):
    """The exact decision regions of a 2-input ReLU classifier over a rectangle.

    Parameters
    ----------
    model : MLP (softmax or sigmoid output) or fitted MLPClassifier, 2 inputs, ReLU units.
    bounds : (xmin, xmax, ymin, ymax).
    class_names : sequence of K str, optional (default: a fitted classifier's ``classes_``,
        else "0".."K-1").

    Returns
    -------
    DecisionRegions
        ``.polygons``, ``.classes``, ``.cells``, ``.areas``, ``.predict(X)``, ``.table``,
        ``.plot()``. Every point of the rectangle lies in the polygon of the class of
        largest logit there (ties on the boundaries).
    """
    net = as_network(model)
    partition = partition_2d(model, bounds)
    k_out = net.layer_sizes[-1]
    k = 2 if k_out == 1 else k_out
    if class_names is None:
        classes = getattr(model, "classes_", None)
        class_names = [str(c) for c in classes] if classes is not None and len(classes) == k \
            else [str(c) for c in range(k)]
    elif len(class_names) != k or isinstance(class_names, str):
        raise ValueError(f"class_names must name each of the {k} classes, got {class_names!r}")
    tol = TOL * partition._scale
    polygons, classes, cells = [], [], []
    for cell, polygon in enumerate(partition.polygons):
        a, b = partition.next_coef[cell], partition.next_intercept[cell]
        if k_out == 1:                                 # two classes: logits (0, z)
            a, b = np.vstack([np.zeros(2), a]), np.r_[0.0, b]
        for c in range(k):
            piece = polygon
            for other in range(k):
                if other != c and len(piece):
                    piece = _clip(piece, a[c] - a[other], b[c] - b[other], tol)
            if len(piece) >= 3 and _area(piece) > 0:
                polygons.append(piece)
                classes.append(c)
                cells.append(cell)
    return DecisionRegions(polygons, classes, cells, partition, [str(n) for n in class_names])
