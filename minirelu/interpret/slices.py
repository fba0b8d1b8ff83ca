"""Exact partitions of any 2-D slice through a ReLU network with many inputs.

The plane x(s, t) = origin + s u + t v (u, v two directions in the d-dimensional input
space) is 2-dimensional, and on it the network is a 2-input network: its first layer
becomes

    z^(1)(s, t) = W_1 (origin + s u + t v) + b_1 = [W_1 u, W_1 v] (s, t) + (W_1 origin + b_1),

and every later layer is unchanged. So the slice is cut exactly as partition_2d cuts
the plane of a 2-input network, layer by layer (minirelu/interpret/partition.py):
convex polygons in (s, t), each with its activation pattern. With d = 2, origin = 0,
u = e_1, v = e_2 the projected first layer is W_1 itself, bit for bit, and the slice is
partition_2d's partition, cell for cell.

Each cell has two linear models: the one restricted to the plane (coefficients along s
and t, ``coef``) and the full one in the d inputs (``coef_full``), composed from the
cell's pattern as for any LLM (minirelu/interpret/local_linear.py); the restricted one is
coef_full . [u, v], its intercept coef_full . origin + intercept_full.

Introduced in lessons/16_simplifying_a_network.ipynb.
"""
import numpy as np

from ..network import MLP
from ..validation import check_vector
from ._inputs import check_feature_names, feature_index
from ._patterns import compose_llms
from .partition import (Partition2D, _check_bounds, _check_output, _check_relu, _parameters,
                        cut_plane)

__all__ = ["partition_slice", "partition_features", "PartitionSlice"]


class PartitionSlice(Partition2D):
    """The cells of a ReLU network on the plane origin + s u + t v, over a rectangle in (s, t).

    Everything of :class:`Partition2D`, in the plane's coordinates (s, t): ``polygons``,
    ``patterns``, ``areas``, ``coef`` (k, 2) and ``intercept`` (k,) of the raw output
    restricted to the plane, ``locate(ST)``, ``predict(ST)``, ``plot()``,
    ``plot_lines(layer)``, ``layer_cells``; and

    Attributes
    ----------
    origin, u, v : ndarray (d,), the plane.
    coef_full : ndarray (k, d), intercept_full : ndarray (k,)
        Each cell's LLM in all d inputs (None before the last hidden layer).
    axis_labels : (str, str), the names of s and t in figures.
    value_label : str, what the cells' colours show (the prediction, or the logit).
    layer_sizes : the network's layer sizes (d inputs).
    """

    def __init__(self, *args, plane):
        super().__init__(*args)
        net, self.origin, self.u, self.v, self.axis_labels, output_kind = plane
        self.layer_sizes = tuple(net.layer_sizes)
        self.value_label = ("prediction at the cell's centroid" if output_kind == "identity"
                            else "logit at the cell's centroid")
        self.coef_full = self.intercept_full = None
        if self.coef is not None and self.layer > 0:
            self.coef_full, self.intercept_full = compose_llms(net, self.patterns)
        elif self.coef is not None:          # no hidden layer: one linear model everywhere
            self.coef_full = np.tile(np.asarray(net.weights[0][0], np.float64), (self.n_cells, 1))
            self.intercept_full = np.full(self.n_cells, float(net.biases[0][0]))

    def points(self, ST):
        """The inputs x = origin + s u + t v (n, d) of plane coordinates ``ST`` (n, 2)."""
        ST = np.asarray(ST, np.float64)
        return self.origin + ST[:, :1] * self.u + ST[:, 1:2] * self.v

    def __repr__(self):
        smin, smax, tmin, tmax = self.bounds
        s, t = self.axis_labels
        return (f"PartitionSlice({self.n_cells} cells of {s} in [{smin:g}, {smax:g}] x {t} in "
                f"[{tmin:g}, {tmax:g}] after {self.layer} of {len(self.layer_sizes) - 2} hidden "
                f"layers, network {self.layer_sizes})")


def _plane_vector(value, d, name):
    vector = check_vector(value, name)
    if vector.size != d:
        raise ValueError(f"{name} must have {d} entries, one per input of the network; "
                         f"got {vector.size}")
    return vector


def partition_slice(model, origin, u, v, bounds, output=0, axis_labels=("s", "t")):
    """The exact partition of the plane origin + s u + t v through a d-input ReLU network.

    Parameters
    ----------
    model : MLP or fitted MLPClassifier/MLPRegressor with ReLU hidden units and d inputs.
    origin, u, v : arrays (d,): a point of the plane and two linearly independent
        directions (any lengths; s and t are measured in multiples of u and v).
    bounds : (smin, smax, tmin, tmax), the rectangle of plane coordinates.
    output : which output's local linear models to keep (default 0).
    axis_labels : names of s and t in figures and the repr.

    Returns
    -------
    PartitionSlice
        Partition2D's attributes in (s, t), plus ``coef_full`` (k, d), ``intercept_full``
        (k,), ``origin``, ``u``, ``v``, ``points(ST)``.

    The first layer is projected onto the plane (see the module docstring), then the
    cells are cut layer by layer exactly as in partition_2d, which is the special case
    d = 2, origin = 0, u = e_1, v = e_2. Cells of (numerically) zero area are dropped; the
    areas sum to the rectangle's.
    """
    net = _check_relu(model)
    d = net.layer_sizes[0]
    origin = _plane_vector(origin, d, "origin")
    u, v = _plane_vector(u, d, "u"), _plane_vector(v, d, "v")
    gram = np.array([[u @ u, u @ v], [u @ v, v @ v]])
    if u @ u == 0 or v @ v == 0 or np.linalg.det(gram) <= 1e-12 * gram[0, 0] * gram[1, 1]:
        raise ValueError("u and v must be two linearly independent directions (neither zero "
                         "nor parallel): they span the plane")
    output = _check_output(net, output)
    bounds = _check_bounds(bounds)
    if not (isinstance(axis_labels, (tuple, list)) and len(axis_labels) == 2):
        raise TypeError(f"axis_labels must be a pair of names, got {axis_labels!r}")
    weights, biases = _parameters(net)
    first = weights[0] @ np.column_stack([u, v])            # (n_1, 2): W_1 u, W_1 v
    first_bias = weights[0] @ origin + biases[0]
    single = MLP.from_weights(weights[:-1] + [weights[-1][output:output + 1]],
                              biases[:-1] + [biases[-1][output:output + 1]], "relu")
    plane = (single, origin, u, v, tuple(str(a) for a in axis_labels), net.output_activation)
    return cut_plane([first] + weights[1:], [first_bias] + biases[1:], bounds, output,
                     lambda *args: PartitionSlice(*args, plane=plane))


def partition_features(model, row, features, bounds, feature_names=None):
    """The exact partition of the plane where two features vary and the others stay at ``row``.

    Parameters
    ----------
    model : MLP or fitted estimator with ReLU hidden units and d inputs.
    row : array (d,), the values of the features held fixed.
    features : pair of feature indices or names (from ``feature_names``), e.g. ("hr", "atemp").
    bounds : (min, max, min, max) of the two features.
    feature_names : optional list of d names.

    Returns
    -------
    PartitionSlice with s, t the two features' own values (origin = row with those two
    set to 0, u and v the unit vectors of the two features).
    """
    net = _check_relu(model)
    d = net.layer_sizes[0]
    names = check_feature_names(feature_names, d)
    if not (isinstance(features, (tuple, list)) and len(features) == 2):
        raise TypeError(f"features must be a pair of feature indices or names, got {features!r}")
    i, j = (feature_index(f, d, names, "features entries") for f in features)
    if i == j:
        raise ValueError(f"features must be two different features, got {features!r}")
    origin = _plane_vector(row, d, "row").copy()
    origin[[i, j]] = 0.0
    u, v = np.zeros(d), np.zeros(d)
    u[i], v[j] = 1.0, 1.0
    return partition_slice(net, origin, u, v, bounds, axis_labels=(names[i], names[j]))
