"""Reading a network like a regression: collapse, input gradients, marginal effects, partial dependence.

A network whose activations are all the identity is a product of affine maps,

    yhat = W_L (... (W_2 (W_1 x + b_1) + b_2) ...) + b_L = w x + b,
    w = W_L ... W_2 W_1,     b = W_L ... W_2 b_1 + ... + W_L b_{L-1} + b_L,

so the coefficient of x_j is the sum, over every path from input j to the output,
of the product of the weights along the path: the regression reading holds exactly.
With a nonlinear activation it holds only locally, and the derivative

    d yhat / d x_j  (one number per row, by backpropagation)

takes its place. Averaging it over the rows gives the average marginal effect (AME);
the "raise x_j by delta in every row" version averages (f(x + delta e_j) - f(x)) / delta
instead, and the two differ where f curves. The partial dependence of feature j at v
is the mean prediction with x_j set to v in every row.

``model`` is an MLP, a fitted MLPClassifier/MLPRegressor, or a fitted
LinearRegression/LogisticRegression. A classifier is read on the logit scale by
default (``scale='logit'``), where a ReLU network is piecewise linear;
``scale='probability'`` reads the probability, whose derivative is the logit's times
p (1 - p): the same sign, but small wherever the model is sure.

Features are shown by the names the model was fitted with (``feature_names_in_``, from a
DataFrame) or the columns of a DataFrame ``X``; without either, by column index.

Introduced in lessons/08_reading_a_network.ipynb and lessons/14_why_relu.ipynb.
"""
import numpy as np

from ..table import Table, format_float, format_floats
from ..network import as_network
from ._inputs import (Response, check_class_targets, check_rows, feature_index, known_feature_names,
                      select_class)
from ..validation import check_int, check_positive, check_vector

__all__ = ["collapse_linear", "CollapsedLinear", "input_gradient", "InputGradients",
           "average_marginal_effect", "MarginalEffect", "partial_dependence", "PartialDependence",
           "layer_gradient_norms"]

# Rows per batched model call in partial_dependence: 2**16 rows of 10 float64 features
# is 5 MB, small next to memory yet large enough that the per-call overhead vanishes.
PD_CHUNK_ROWS = 2 ** 16


# ---------------------------------------------------------------------------- collapse
class CollapsedLinear:
    """The single linear model ``x @ coef + intercept`` that a linear-activation network equals.

    Attributes
    ----------
    coef : (d,) sum over paths of products of weights, i.e. the one row of W_L ... W_1.
    intercept : float.
    scale : 'prediction', or 'logit' when a sigmoid output was set aside (``raw=True``).
    max_abs_difference : float or None, max |network - collapsed| on the X given to
        :func:`collapse_linear` (None when none was given).
    table : Table with columns ``feature``, ``coef``.
    feature_names : list of d names, or None (the table then shows column indices).
    """

    def __init__(self, network, coef, intercept, scale, feature_names=None):
        self._network, self.coef, self.intercept, self.scale = network, coef, intercept, scale
        self.max_abs_difference = None
        self.feature_names = feature_names

    def predict(self, X):
        """``X @ coef + intercept``, shape (n,)."""
        X = check_rows(X, self._network.n_features, dtype=self._network.dtype)
        return X @ self.coef + self.intercept

    def max_difference(self, X):
        """max over rows of |network's raw output - predict(X)|: 0 up to rounding."""
        X = check_rows(X, self._network.n_features, dtype=self._network.dtype)
        return float(np.max(np.abs(self._network.raw_output(X)[:, 0] - self.predict(X))))

    def coincides(self, X, atol=1e-9):
        """True when the network and the collapsed model agree on every row of X to ``atol``
        (relative to the size of the predictions, when they exceed 1)."""
        X = check_rows(X, self._network.n_features, dtype=self._network.dtype)
        scale = max(1.0, float(np.max(np.abs(self.predict(X)))))
        return self.max_difference(X) <= check_positive(atol, "atol") * scale

    @property
    def table(self):
        features = self.feature_names or list(range(len(self.coef)))
        return Table({"feature": features, "coef": [float(c) for c in self.coef]})

    def __repr__(self):
        checked = ("" if self.max_abs_difference is None
                   else f", max_abs_difference={self.max_abs_difference:.1e}")
        return (f"CollapsedLinear(coef={format_floats(self.coef)}, "
                f"intercept={format_float(self.intercept)}, "
                f"scale={self.scale!r}{checked})")

    def plot(self, ax=None, reference=None, reference_label="reference", names=None):
        """Bars of the coefficients (beside ``reference`` coefficients when given); returns the Axes."""
        from ..plotting.derivatives import plot_coefficients
        names = self.feature_names if names is None else names
        return plot_coefficients(self.coef, ax=ax, label="collapsed network", names=names,
                                 reference=reference, reference_label=reference_label)


def collapse_linear(model, X=None, raw=False):
    """The (w, b) that a network with identity activations equals: yhat = x @ w + b.

    Parameters
    ----------
    model : MLP or fitted MLPRegressor/MLPClassifier with ``hidden_activation='identity'``
        and a single output.
    X : optional array (n, d): check on these rows that the predictions coincide
        (fills ``max_abs_difference``).
    raw : bool. A sigmoid output is not linear; with ``raw=True`` the logit is collapsed
        instead (a linear-activation classifier is a logistic regression).

    Returns
    -------
    CollapsedLinear with ``coef`` (d,), ``intercept``, ``predict``, ``coincides(X)``.
    """
    net = as_network(model)
    if net.hidden_activation != "identity":
        raise ValueError(f"model has hidden_activation={net.hidden_activation!r}: only a network "
                         "whose activations are all the identity collapses to one linear model "
                         "(a nonlinear activation makes the weight products hold only locally; "
                         "see input_gradient)")
    if net.output_activation != "identity" and not raw:
        raise ValueError(f"model has output_activation={net.output_activation!r}, which is not "
                         "linear; pass raw=True to collapse the logit instead")
    if net.layer_sizes[-1] != 1:
        raise ValueError(f"model has {net.layer_sizes[-1]} outputs; collapse_linear reads a "
                         "network with a single output")
    W = net.weights[0].astype(np.float64)
    b = net.biases[0].astype(np.float64)
    for W_l, b_l in zip(net.weights[1:], net.biases[1:]):
        # z_l = W_l (W x + b) + b_l: the products of weights accumulate path by path
        W, b = W_l @ W, W_l @ b + b_l
    scale = "prediction" if net.output_activation == "identity" else "logit"
    result = CollapsedLinear(net, W[0], float(b[0]), scale,
                             known_feature_names(net.n_features, model, X))
    if X is not None:
        result.max_abs_difference = result.max_difference(X)
    return result


# ---------------------------------------------------------------------------- input gradients
class InputGradients:
    """d f / d x for every row: the partial derivatives, one row per sample.

    Attributes
    ----------
    values : (n, d), values[i, j] = d f / d x_j at row i.
    X : (n, d), the rows.
    scale : 'prediction', 'logit' or 'probability': what f is.
    mean : (d,), the average marginal effect of each feature (mean over rows).
    table : Table with columns ``feature``, ``mean``, ``std``, ``min``, ``max``.
    feature_names : list of d names, or None (the table then shows column indices).
    """

    def __init__(self, values, X, scale, feature_names=None):
        self.values, self.X, self.scale = values, X, scale
        self.feature_names = feature_names
        self.mean = values.mean(axis=0)

    @property
    def table(self):
        v = self.values
        features = self.feature_names or list(range(v.shape[1]))
        return Table({"feature": features, "mean": self.mean.tolist(),
                      "std": v.std(axis=0).tolist(), "min": v.min(axis=0).tolist(),
                      "max": v.max(axis=0).tolist()})

    def __repr__(self):
        return (f"InputGradients(n_samples={self.values.shape[0]}, n_features={self.values.shape[1]}, "
                f"scale={self.scale!r}, mean={format_floats(self.mean)})")

    def plot(self, ax=None, features=None, against=None, names=None):
        """Each feature's derivative against its value (or feature ``against``'s); returns the Axes."""
        from ..plotting.derivatives import plot_input_gradients
        names = self.feature_names if names is None else names
        return plot_input_gradients(self, ax=ax, features=features, against=against, names=names)


def input_gradient(model, X, scale=None, class_=None):
    """The partial derivatives d f / d x_j at every row of X, by backpropagation.

    Parameters
    ----------
    model : MLP, fitted MLPClassifier/MLPRegressor, or fitted LinearRegression/LogisticRegression.
    X : array (n, d).
    scale : for a classifier 'logit' (default) or 'probability'; for a regressor 'prediction'.
    class_ : optional, for a K-class network: a label of its ``classes_``; the gradient of
        that class's logit, as on ``interpret.class_network(model, class_)`` (scale
        'prediction'; lessons/15_more_than_two_classes.ipynb).

    Returns
    -------
    InputGradients: ``values`` (n, d), ``mean`` (d,), ``table``, ``plot()``.
    For a ReLU network on the logit scale, row i's gradient is the coefficient vector of
    the local linear model row i lies in.
    """
    model = select_class(model, class_)
    response = Response(model, scale)
    names = known_feature_names(response.n_features, model, X)
    X = response.check_X(X)
    return InputGradients(response.gradient(X), X.copy(), response.scale, names)   # keeps its own X


# ---------------------------------------------------------------------------- marginal effects
class MarginalEffect:
    """The average marginal effect of one feature, computed two ways.

    Attributes
    ----------
    feature : int.    delta : float, the raise of x_j.    scale : what f is.
    feature_name : str or None, the feature's name (the model's or the DataFrame's).
    derivatives : (n,), d f / d x_j at each row.
    changes : (n,), f(x + delta e_j) - f(x) at each row.
    mean_derivative : float, the mean of ``derivatives`` (the AME as a derivative).
    mean_change : float, the mean of ``changes`` (raise every row by delta, average).
    per_unit : float, ``mean_change / delta``; equals ``mean_derivative`` when f is linear
        in x_j, and differs by about delta/2 times the mean curvature otherwise.
    table : Table with the three numbers.
    """

    def __init__(self, feature, delta, scale, derivatives, changes, feature_name=None):
        self.feature, self.delta, self.scale = feature, delta, scale
        self.feature_name = feature_name
        self.derivatives, self.changes = derivatives, changes
        self.mean_derivative = float(derivatives.mean())
        self.mean_change = float(changes.mean())
        self.per_unit = self.mean_change / delta

    @property
    def table(self):
        return Table({"quantity": ["mean derivative", f"mean change for +{self.delta:g}",
                                   "mean change per unit"],
                      "value": [self.mean_derivative, self.mean_change, self.per_unit]})

    def __repr__(self):
        return (f"MarginalEffect(feature={self.feature}, scale={self.scale!r}, "
                f"mean_derivative={format_float(self.mean_derivative)}, delta={self.delta:g}, "
                f"mean_change={format_float(self.mean_change)}, "
                f"per_unit={format_float(self.per_unit)})")

    def plot(self, ax=None, name=None):
        """Histograms of the per-row derivatives and changes per unit; returns the Axes."""
        from ..plotting.derivatives import plot_marginal_effect
        return plot_marginal_effect(self, ax=ax, name=self.feature_name if name is None else name)


def average_marginal_effect(model, X, feature, delta=None, scale=None, class_=None):
    """The average marginal effect of ``feature`` over the rows of X, both ways.

    Parameters
    ----------
    model : as for :func:`input_gradient`.
    X : array (n, d), the rows to average over.
    feature : int, column index, or a feature name when the model or X has names.
    delta : float > 0, the raise of x_j in every row (default 1, one unit).
    scale : as for :func:`input_gradient`.
    class_ : as for :func:`input_gradient` (one class's logit of a K-class network).

    Returns
    -------
    MarginalEffect: ``mean_derivative`` (mean of d f / d x_j), ``mean_change`` (mean of
    f(x + delta e_j) - f(x)), ``per_unit``, and the per-row arrays.
    """
    model = select_class(model, class_)
    response = Response(model, scale)
    names = known_feature_names(response.n_features, model, X)
    X = response.check_X(X)
    feature = feature_index(feature, X.shape[1], names)
    delta = 1.0 if delta is None else check_positive(delta, "delta")
    derivatives = response.gradient(X)[:, feature]
    raised = X.copy()
    raised[:, feature] += delta
    # one call on the stacked rows: the raised and the original predictions together
    both = response(np.concatenate([raised, X]))
    changes = both[:len(X)] - both[len(X):]
    return MarginalEffect(feature, delta, response.scale, derivatives, changes,
                          None if names is None else names[feature])


# ---------------------------------------------------------------------------- partial dependence
class PartialDependence:
    """Mean prediction with one feature set to each grid value in every row.

    Attributes
    ----------
    feature : int.     scale : what f is.
    feature_name : str or None, the feature's name (the model's or the DataFrame's).
    grid : (g,), the values given to x_j.
    average : (g,), the partial dependence: mean over rows of f(x with x_j = grid[k]).
    individual : (n, g), each row's curve (individual conditional expectation).
    table : Table with columns ``grid`` and ``average``.
    """

    def __init__(self, feature, scale, grid, individual, feature_name=None):
        self.feature, self.scale, self.grid, self.individual = feature, scale, grid, individual
        self.feature_name = feature_name
        self.average = individual.mean(axis=0)

    @property
    def table(self):
        return Table({"grid": self.grid.tolist(), "average": self.average.tolist()})

    def __repr__(self):
        return (f"PartialDependence(feature={self.feature}, scale={self.scale!r}, "
                f"n_samples={self.individual.shape[0]}, grid={len(self.grid)} points from "
                f"{format_float(self.grid[0])} to {format_float(self.grid[-1])})")

    def plot(self, ax=None, individual=30, name=None):
        """The partial dependence curve over ``individual`` thin per-row curves; returns the Axes."""
        from ..plotting.derivatives import plot_partial_dependence
        name = self.feature_name if name is None else name
        return plot_partial_dependence(self, ax=ax, individual=individual, name=name)


def partial_dependence(model, X, feature, grid=20, scale=None, class_=None):
    """PD_j(v) = mean over rows i of f(x_i with x_ij replaced by v), for every v in ``grid``.

    Parameters
    ----------
    model : as for :func:`input_gradient`.
    X : array (n, d), the rows to average over.
    feature : int, column index, or a feature name when the model or X has names.
    grid : int (that many evenly spaced values from the feature's min to max in X), or a
        1-D array of values.
    scale : as for :func:`input_gradient`.
    class_ : as for :func:`input_gradient` (one class's logit of a K-class network).

    Returns
    -------
    PartialDependence: ``grid`` (g,), ``average`` (g,), ``individual`` (n, g).

    All g * n modified rows go through the model in a few batched calls of at most
    ``PD_CHUNK_ROWS`` rows (whole grid values at a time).
    """
    model = select_class(model, class_)
    response = Response(model, scale)
    names = known_feature_names(response.n_features, model, X)
    X = response.check_X(X)
    feature = feature_index(feature, X.shape[1], names)
    if isinstance(grid, (int, np.integer)) and not isinstance(grid, bool):
        points = check_int(grid, "grid", minimum=1)
        grid = np.linspace(X[:, feature].min(), X[:, feature].max(), points)
    else:
        grid = check_vector(grid, "grid")
    n = X.shape[0]
    individual = np.empty((n, len(grid)))
    per_call = max(1, PD_CHUNK_ROWS // n)
    for start in range(0, len(grid), per_call):
        values = grid[start:start + per_call]
        stacked = np.tile(X, (len(values), 1))      # block k holds every row with x_j = values[k]
        stacked[:, feature] = np.repeat(values, n)
        individual[:, start:start + len(values)] = response(stacked).reshape(len(values), n).T
    return PartialDependence(feature, response.scale, grid, individual,
                             None if names is None else names[feature])


# ---------------------------------------------------------------------------- training gradients
def layer_gradient_norms(model, X, y):
    """||dL/dW_l|| (Frobenius norm) of the mean training loss, for every layer l = 1..L.

    Parameters
    ----------
    model : MLP or fitted MLPClassifier/MLPRegressor.
    X : array (n, d).    y : array (n,), labels 0/1 or targets (a fitted classifier's own
        labels, e.g. 'no'/'yes', are read through its ``classes_``).

    Returns
    -------
    array (L,): entry l - 1 belongs to layer l (the first is nearest the input).
    In a deep sigmoid network these shrink towards the input, since every layer
    multiplies the backpropagated delta by g'(z) <= 1/4.
    """
    _, dW, _ = as_network(model).loss_and_gradients(X, check_class_targets(model, y))
    return np.array([float(np.linalg.norm(g)) for g in dW])
