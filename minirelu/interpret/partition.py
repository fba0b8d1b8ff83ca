"""Exact partitions of the input plane of a 2-input ReLU network into convex polygons.

A ReLU network is linear on every region where its activation pattern
C(x) = [1{z^(1) > 0}; ...; 1{z^(L-1) > 0}] is constant. In two dimensions those
regions are convex polygons, and they can be computed exactly, layer by layer:

* layer 1: z^(1) = W_1 x + b_1. Unit j is on where w_j . x + b_j > 0, so its zero
  line cuts the plane in two. Cutting the rectangle by every unit's line gives
  the arrangement of lines.
* layer l + 1: inside a cell of layers 1..l the pattern is fixed, so
  a^(l) = D_l (A x + c) is affine, with D_l the 0/1 diagonal of the pattern, and
  z^(l+1) = W_{l+1} a^(l) + b_{l+1} = A' x + c' is affine too. Each unit of layer
  l + 1 therefore cuts each cell by a straight line: over the whole plane its
  zero set is a line bent where it crosses an earlier boundary.
* after the last hidden layer, the raw output (the logit of a classifier) is
  affine in each cell: the cell's local linear model, coef . x + intercept.

Each unit cuts all cells at once (minirelu/interpret/_polygons.py: convex polygons
stored flat, cut by array operations over their vertices), so a layer costs one
pass per unit. A vertex within a tiny distance of a line counts as on it, so
nearly-touching lines never make slivers; pieces of zero area are dropped.

Introduced in lessons/10_partitions.ipynb.
"""
import numbers

import numpy as np

from ..network import MLP, as_network
from ..table import Table
from ..validation import check_array, check_int
from ._patterns import pattern_bits
from ._polygons import cut_by_lines, line_segments, next_vertex, polygon_areas, signed_distance

__all__ = ["partition_2d", "Partition2D"]

# Distances below TOL * (the rectangle's diagonal) count as zero when cutting;
# pieces with area below AREA_TOL * (the rectangle's area) are dropped.
TOL = 1e-10
AREA_TOL = 1e-14
# A pre-activation coefficient smaller than CANCEL times the sum of the magnitudes
# of its terms is rounding noise around 0.
CANCEL = 1e-13
# Bounds the rectangle may take: coordinates up to 1e150 in magnitude (their products
# stay finite) and an area of at least 1e-280 (AREA_TOL times it stays a normal float).
BOUNDS_RANGE = (1e-280, 1e150)


# ----------------------------------------------------------------------------- the result
class Partition2D:
    """The cells of a 2-input ReLU network over a rectangle, after some of its hidden layers.

    Attributes
    ----------
    polygons : list of k arrays (m_i, 2)
        The vertices of each cell, counter-clockwise.
    patterns : bool array (k, units)
        The activation pattern of each cell, hidden layers 1..``layer`` in order.
    areas : array (k,)
    coef, intercept : arrays (k, 2), (k,)
        The local linear model of the raw output (the logit of a classifier) in each
        cell: ``coef[i] @ x + intercept[i]``. None for a partition after fewer than
        all hidden layers.
    next_coef, next_intercept : arrays (k, n_next, 2), (k, n_next)
        Inside cell i, the next layer's pre-activations are ``next_coef[i] @ x +
        next_intercept[i]`` (the output layer's, once every hidden layer has cut).
    bounds : (xmin, xmax, ymin, ymax)
    layer : number of hidden layers applied (0 is the whole rectangle).
    layer_sizes : the network's layer sizes.
    layer_cells : tuple of Partition2D, the partitions after layer 1, 2, ..., L-1
        (the last one holds the same cells as the full partition).
    table : Table, one row per cell: pattern (a group of digits per layer), area, number
        of vertices, and the LLM when known.

    Cells are ordered by their pattern read as a binary number, largest first
    (layer-1 units are the leading bits), so the order does not depend on how
    the cuts were made.
    """

    def __init__(self, vertices, starts, patterns, next_coef, next_intercept, bounds, layer,
                 parameters, output=0, history=(), start=None):
        order = np.lexsort((~patterns).T[::-1]) if patterns.shape[1] else np.arange(len(starts) - 1)
        counts = np.diff(starts)[order]
        self._starts = np.concatenate([[0], np.cumsum(counts)])
        shift = np.repeat(starts[:-1][order] - self._starts[:-1], counts)
        self._vertices = vertices[np.arange(self._starts[-1]) + shift]
        self.patterns = patterns[order]
        self.next_coef, self.next_intercept = next_coef[order], next_intercept[order]
        self.areas = polygon_areas(self._vertices, self._starts)
        self._weights, self._biases = parameters
        layer_sizes = (self._weights[0].shape[1],) + tuple(W.shape[0] for W in self._weights)
        self.bounds, self.layer, self.layer_sizes = bounds, layer, layer_sizes
        self.output = output
        complete = layer == len(layer_sizes) - 2
        self.coef = self.next_coef[:, output, :] if complete else None
        self.intercept = self.next_intercept[:, output] if complete else None
        self._history = tuple(history)
        self._polygons = None
        self._start = self if start is None else start

    # ---- basic facts ---------------------------------------------------------------------
    @property
    def polygons(self):
        if self._polygons is None:       # built on first use: intermediate layers rarely need it
            self._polygons = np.split(self._vertices, self._starts[1:-1])
        return self._polygons

    @property
    def n_cells(self):
        return len(self._starts) - 1

    @property
    def layer_cells(self):
        return self._history + ((self,) if self.layer > 0 else ())

    def after_layer(self, layer):
        """The partition made by hidden layers 1..``layer`` (0: the whole rectangle)."""
        n_hidden = len(self.layer_sizes) - 2
        layer = check_int(layer, "layer", minimum=0)
        if layer > self.layer:
            raise ValueError(f"layer must be <= {self.layer} (the hidden layers cut here, of "
                             f"{n_hidden}), got {layer}")
        if layer == self.layer:
            return self
        if layer == 0:
            return self._start
        return self._history[layer - 1]

    def __repr__(self):
        xmin, xmax, ymin, ymax = self.bounds
        return (f"Partition2D({self.n_cells} cells of [{xmin:g}, {xmax:g}] x [{ymin:g}, {ymax:g}] "
                f"after {self.layer} of {len(self.layer_sizes) - 2} hidden layers, "
                f"network {self.layer_sizes})")

    @property
    def table(self):
        # one group of digits per layer, e.g. "101 0011"
        ends = np.cumsum(self.layer_sizes[1:1 + self.layer])
        digits = np.where(self.patterns, "1", "0")
        columns = {"cell": list(range(self.n_cells)),
                   "pattern": [" ".join("".join(part) for part in np.split(row, ends[:-1]))
                               for row in digits],
                   "area": [float(a) for a in self.areas],
                   "vertices": [len(p) for p in self.polygons]}
        if self.coef is not None:
            columns.update({"coef_x1": [float(c) for c in self.coef[:, 0]],
                            "coef_x2": [float(c) for c in self.coef[:, 1]],
                            "intercept": [float(c) for c in self.intercept]})
        return Table(columns)

    @property
    def centroids(self):
        """The centre of mass of each cell, shape (k, 2)."""
        nxt = self._vertices[next_vertex(self._starts)]
        cross = self._vertices[:, 0] * nxt[:, 1] - nxt[:, 0] * self._vertices[:, 1]
        moment = np.add.reduceat((self._vertices + nxt) * cross[:, None], self._starts[:-1])
        return moment / (6.0 * self.areas[:, None])

    # ---- points --------------------------------------------------------------------------
    def locate(self, X):
        """Index of the cell each row of X (n, 2) lies in, by its activation pattern; shape (n,).

        A point outside the rectangle, or whose pattern is no cell's, gets -1. A point
        on a boundary takes the pattern of 1{z > 0} (the side where its units are off).
        """
        X = check_array(X, "X")
        if X.shape[1] != 2:
            raise ValueError(f"X must have 2 columns (x1, x2), got {X.shape[1]}")
        units = self.patterns.shape[1]
        # Patterns packed to bytes become one opaque key per row; one np.unique over the
        # cells' keys and the points' keys matches them without a loop over points.
        net = MLP.from_weights(self._weights, self._biases)
        packed = np.packbits(np.vstack([self.patterns, pattern_bits(net, X)[:, :units]]), axis=1)
        keys = np.ascontiguousarray(packed).view(np.dtype((np.void, max(packed.shape[1], 1))))
        _, inverse = np.unique(keys.ravel(), return_inverse=True)
        lookup = np.full(inverse.max() + 1, -1, dtype=np.int64)
        lookup[inverse[:self.n_cells]] = np.arange(self.n_cells)
        index = lookup[inverse[self.n_cells:]]
        xmin, xmax, ymin, ymax = self.bounds
        outside = (X[:, 0] < xmin) | (X[:, 0] > xmax) | (X[:, 1] < ymin) | (X[:, 1] > ymax)
        index[outside] = -1
        return index

    def predict(self, X):
        """The raw output at the rows of X (n, 2) from each point's cell's LLM; NaN outside."""
        if self.coef is None:
            raise ValueError("predict needs the partition after every hidden layer; this one "
                             f"stops after layer {self.layer}")
        index = self.locate(X)
        X = np.asarray(X, dtype=np.float64)
        safe = np.maximum(index, 0)
        out = np.einsum("nd,nd->n", X, self.coef[safe]) + self.intercept[safe]
        out[index < 0] = np.nan
        return out

    def zero_segments(self, unit=None):
        """Where a next-layer pre-activation is 0, as one segment per cell it crosses.

        ``unit`` indexes the next layer (default: the output of the full partition,
        i.e. the decision boundary logit = 0). Returns segments (m, 2, 2), cells (m,).
        """
        n_next = self.next_coef.shape[1]
        if unit is None and self.coef is None:
            raise ValueError(f"unit is needed: this partition stops after layer {self.layer}, "
                             f"so the next layer has {n_next} units, not the output")
        unit = self.output if unit is None else check_int(unit, "unit", minimum=0)
        if unit >= n_next:
            raise ValueError(f"unit must be < {n_next}, the width of the next layer, got {unit}")
        return line_segments(self._vertices, self._starts, self.next_coef[:, unit],
                              self.next_intercept[:, unit], TOL * self._scale)

    @property
    def _scale(self):
        xmin, xmax, ymin, ymax = self.bounds
        return float(np.hypot(xmax - xmin, ymax - ymin))

    # ---- figures -------------------------------------------------------------------------
    def plot(self, ax=None, color="logit", boundary=True, X=None, y=None, title=None):
        """Draw the cells (coloured by ``color``: 'logit', 'random' or None), the decision
        boundary and optionally the data. Returns the Axes."""
        from ..plotting.partition import plot_partition
        return plot_partition(self, ax=ax, color=color, boundary=boundary, X=X, y=y, title=title)

    def plot_lines(self, layer, ax=None, title=None):
        """Draw the zero sets of the units of hidden ``layer`` over the cells of the layers
        before it: straight lines for layer 1, bent lines after. Returns the Axes."""
        from ..plotting.partition import plot_unit_lines
        return plot_unit_lines(self, layer, ax=ax, title=title)


# ----------------------------------------------------------------------------- the algorithm
def _check_bounds(bounds):
    try:
        values = tuple(bounds)
    except TypeError:
        values = ()
    if len(values) != 4 or not all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                                   for v in values):
        raise ValueError(f"bounds must be 4 numbers (xmin, xmax, ymin, ymax), got {bounds!r}")
    xmin, xmax, ymin, ymax = (float(v) for v in values)
    if not np.isfinite([xmin, xmax, ymin, ymax]).all():
        raise ValueError(f"bounds must be finite, got {bounds!r}")
    if not xmin < xmax:
        raise ValueError(f"bounds must have xmin < xmax, got xmin={xmin:g}, xmax={xmax:g}")
    if not ymin < ymax:
        raise ValueError(f"bounds must have ymin < ymax, got ymin={ymin:g}, ymax={ymax:g}")
    # Areas are products of coordinates: beyond BOUNDS_RANGE they overflow or underflow
    # float64, and every cell would be dropped as "zero area". Refuse rather than return none.
    span = max(abs(xmin), abs(xmax), abs(ymin), abs(ymax))
    if span > BOUNDS_RANGE[1] or (xmax - xmin) * (ymax - ymin) < BOUNDS_RANGE[0]:
        raise ValueError(f"bounds must lie within ±{BOUNDS_RANGE[1]:g} and enclose an area of at "
                         f"least {BOUNDS_RANGE[0]:g} (the exact geometry multiplies coordinates "
                         f"in float64), got {bounds!r}; rescale the inputs")
    return xmin, xmax, ymin, ymax


def partition_2d(model, bounds, output=0):
    """The exact partition of a rectangle by a 2-input ReLU network, layer by layer.

    Taught in lessons/10_partitions.ipynb, sections 2-6.

    Parameters
    ----------
    model : MLP or fitted MLPClassifier/MLPRegressor with 2 inputs and ReLU hidden units.
    bounds : (xmin, xmax, ymin, ymax), the rectangle.
    output : which output's local linear models to keep (default 0, the logit).

    Returns
    -------
    Partition2D
        ``.polygons`` (list of (m, 2) vertex arrays, counter-clockwise), ``.patterns``
        (k, hidden units) bool, ``.areas`` (k,), ``.coef`` (k, 2) and ``.intercept`` (k,)
        of the raw output in each cell, ``.layer_cells`` (the partitions after layer 1,
        2, ...), ``.table``, ``.locate(X)``, ``.predict(X)``, ``.plot()``, ``.plot_lines(layer)``.

    Cells of (numerically) zero area are dropped; the areas sum to the rectangle's.
    """
    net = _check_relu(model)
    if net.layer_sizes[0] != 2:
        raise ValueError(f"model must take 2 inputs (x1, x2) for a partition of the plane, "
                         f"got {net.layer_sizes[0]} (for a slice of a network with more inputs, "
                         f"see partition_slice)")
    output = _check_output(net, output)
    bounds = _check_bounds(bounds)
    weights, biases = _parameters(net)
    return cut_plane(weights, biases, bounds, output, Partition2D)


def _check_relu(model):
    net = as_network(model)
    if net.hidden_activation != "relu":
        raise ValueError(f"model must have ReLU hidden units: partitions into linear pieces "
                         f"exist only for ReLU, got hidden_activation={net.hidden_activation!r}")
    return net


def _check_output(net, output):
    output = check_int(output, "output", minimum=0)
    if output >= net.layer_sizes[-1]:
        raise ValueError(f"output must be < {net.layer_sizes[-1]}, the number of outputs, "
                         f"got {output}")
    return output


def _parameters(net):
    weights = [np.array(W, np.float64) for W in net.weights]   # copies: the result stays
    biases = [np.array(b, np.float64) for b in net.biases]     # valid if the model changes
    if not all(np.isfinite(p).all() for p in weights + biases):
        raise ValueError("model has NaN or infinite weights or biases")
    return weights, biases


def cut_plane(weights, biases, bounds, output, make):
    """The layer-by-layer cutting of the rectangle ``bounds`` by a network whose first
    layer takes 2 inputs (the plane's coordinates); ``make`` builds each layer's result
    with Partition2D's arguments. Shared by partition_2d and partition_slice.

    Taught in lessons/10_partitions.ipynb, sections 2-4 (one layer after another).
    """
    xmin, xmax, ymin, ymax = bounds
    scale = float(np.hypot(xmax - xmin, ymax - ymin))
    tol, area_tol = TOL * scale, AREA_TOL * (xmax - xmin) * (ymax - ymin)
    vertices = np.array([[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]])
    starts = np.array([0, 4])
    # In each cell, the current layer's output is a = A x + c: at the input, A = I, c = 0.
    A, c = np.eye(2)[None], np.zeros((1, 2))
    patterns = np.zeros((1, 0), bool)
    history, start = [], None
    for l, (W, b) in enumerate(zip(weights, biases)):
        G = np.matmul(W, A)                        # z = G x + H in each cell, (k, units, 2)
        H = c @ W.T + b
        # A sum that cancels to within rounding of its terms is 0 in exact arithmetic
        # (e.g. a unit fed equal and opposite paths): zero it rather than cut along noise.
        G[np.abs(G) <= CANCEL * np.matmul(np.abs(W), np.abs(A))] = 0.0
        H[np.abs(H) <= CANCEL * (np.abs(c) @ np.abs(W).T + np.abs(b))] = 0.0
        done = make(vertices, starts, patterns, G, H, (xmin, xmax, ymin, ymax), l,
                    (weights, biases), output, history, start)
        if l == len(weights) - 1:
            return done
        if l == 0:
            start = done
        else:
            history.append(done)
        parent, signs = np.arange(len(starts) - 1), np.zeros((len(starts) - 1, 0), bool)
        for unit in range(W.shape[0]):
            dist = signed_distance(vertices, starts, G[parent, unit], H[parent, unit])
            vertices, starts, from_cell, side = cut_by_lines(vertices, starts, dist, tol, area_tol)
            parent = parent[from_cell]
            signs = np.column_stack([signs[from_cell], side])
        patterns = np.hstack([patterns[parent], signs])
        A, c = G[parent] * signs[:, :, None], H[parent] * signs
