"""Checkers for exercises/08_reading_a_network.ipynb: a network read like a regression.

``collapse_by_hand(W1, b1, W2, b2)`` and ``collapse(weights, biases)`` return the ``(w, b)``
of a network with identity activations, ``w`` of shape (d,) and ``b`` a number;
``partial_derivatives(f, X, feature, h)`` returns d f / d x_feature at every row (n,) by
central differences; ``unit_raise_effect(f, X, feature, delta)`` returns the mean of
(f(X + delta e_feature) - f(X)) / delta, one number.

Expected values are worked out by hand in the comments, or read off a forward pass
written out here (b = f(0) and w_j = f(e_j) - f(0) for a linear f); none comes from
minirelu.interpret. Known slips (one path instead of all, the biases forgotten, a forward
difference, a missing division) are named before the generic expected/got report.
"""
import numpy as np

from ._core import Case, checker, compare, run_cases
from ._core import slip_case

__all__ = ["collapse_by_hand", "collapse", "partial_derivatives", "unit_raise_effect"]


def _matches(got, wrong):
    """True when ``got`` is the slip ``wrong``; a None item of a tuple ``wrong`` matches anything."""
    if isinstance(wrong, tuple) and any(w is None for w in wrong):
        return (isinstance(got, (tuple, list)) and len(got) == len(wrong)
                and all(w is None or compare(g, w) is None for g, w in zip(got, wrong)))
    return compare(got, wrong) is None


def _slip_case(*args, **options):
    """slip_case, with wrong results given as tuples whose None entries match anything."""
    return slip_case(*args, match=_matches, **options)


def _linear_forward(weights, biases, X):
    """z = W a + b layer after layer, no activation: the network's output for rows X, (n,)."""
    a = X
    for W, b in zip(weights, biases):
        a = a @ W.T + b
    return a[:, 0]


def _probe(weights, biases):
    """(w, b) of a linear network read off its predictions: b = f(0), w_j = f(e_j) - f(0)."""
    d = weights[0].shape[1]
    points = np.vstack([np.zeros(d), np.eye(d)])
    out = _linear_forward(weights, biases, points)
    return out[1:] - out[0], float(out[0])


def _random_network(sizes, seed):
    rng = np.random.default_rng(seed)
    weights = [np.round(rng.normal(0.0, 1.0, (n_out, n_in)), 2)
               for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [np.round(rng.normal(0.0, 1.0, n_out), 2) for n_out in sizes[1:]]
    return weights, biases


# A 2-2-1 network worked by hand. The paths from x1: x1 -> h1 -> y (1 * 2) and
# x1 -> h2 -> y (3 * -1), so w1 = 2 - 3 = -1; from x2: 2 * 2 + (-1) * (-1) = 5.
# b = 2 * 0.5 + (-1) * 1 + 0.25 = 0.25.
_W1 = np.array([[1.0, 2.0], [3.0, -1.0]])
_B1 = np.array([0.5, 1.0])
_W2 = np.array([[2.0, -1.0]])
_B2 = np.array([0.25])
_EXPECTED = (np.array([-1.0, 5.0]), 0.25)
_SLIPS = [
    ((np.array([2.0, 4.0]), None), "w follows only the paths through the first hidden unit: "
     "add the paths through every hidden unit."),
    ((np.array([-3.0, 1.0]), None), "w follows only the paths through the second hidden unit: "
     "add the paths through every hidden unit."),
    ((np.array([0.0, 7.0]), None), "w multiplies the weights in the wrong order (W1 @ W2[0]): "
     "the path x_j -> h_k -> y uses W1[k, j] and W2[0, k]."),
    ((np.array([-1.0, 5.0]), 1.75), "b adds up the biases, but b1 reaches the output through W2: "
     "carry b1 through W2 like an input, then add b2."),
    ((np.array([-1.0, 5.0]), 0.0), "b forgets the output bias b2."),
]
_HINT = ("follow every path from input x_j through a hidden unit to the output: multiply the "
         "two weights on it, and add up the paths; the bias collects b1 carried through W2, "
         "plus b2. Write the network's output out by hand for x = (x1, x2) first.")


@checker(formula="w_j = W2[0, 0] * W1[0, j] + W2[0, 1] * W1[1, j];  "
                 "b = W2[0, 0] * b1[0] + W2[0, 1] * b1[1] + b2[0]  (that is w = W2[0] @ W1, "
                 "b = W2[0] @ b1 + b2[0])")
def collapse_by_hand(student_fn):
    """Check ``collapse_by_hand(W1, b1, W2, b2)`` -> ``(w, b)`` for a 2-2-1 linear network."""
    # (b) a diagonal W1: each input has one path; w = (4 * 0.5, 0.5 * 2) = (2, 1), b = -1
    diagonal = (np.array([[0.5, 0.0], [0.0, 2.0]]), np.zeros(2), np.array([[4.0, 0.5]]),
                np.array([-1.0]))
    weights, biases = _random_network((2, 2, 1), seed=8)
    return run_cases(student_fn, [
        _slip_case(_W1, _B1, _W2, _B2, expected=_EXPECTED, slips=_SLIPS, hint=_HINT),
        Case(_W1, _B1, _W2, _B2, expected=_EXPECTED, hint=_HINT),
        Case(*diagonal, expected=(np.array([2.0, 1.0]), -1.0), hint=_HINT),
        Case(weights[0], biases[0], weights[1], biases[1], expected=_probe(weights, biases),
             hint="the collapsed line must predict what the network predicts: "
                  "for every x, the line and the two layers give the same number."),
    ], name="collapse_by_hand",
        success="collapse_by_hand adds the weight products over every path, on 3 networks.")


@checker(formula="w, b = weights[0], biases[0]; for W, c in zip(weights[1:], biases[1:]): "
                 "w, b = W @ w, W @ b + c; return w[0], b[0]")
def collapse(student_fn):
    """Check ``collapse(weights, biases)`` -> ``(w, b)`` for a linear network of any depth."""
    # A chain 1-1-1-1: h1 = 2x + 1, h2 = 3 h1 = 6x + 3, y = -h2 + 0.5 = -6x - 2.5
    chain = ([np.array([[2.0]]), np.array([[3.0]]), np.array([[-1.0]])],
             [np.array([1.0]), np.array([0.0]), np.array([0.5])])
    deep = _random_network((3, 5, 4, 2, 1), seed=80)
    hint = ("carry a running map (w, b) through the layers: each layer multiplies both by its "
            "weights and adds its own bias to b; with one output, return its single row.")
    return run_cases(student_fn, [
        Case([_W1, _W2], [_B1, _B2], expected=_EXPECTED, hint=hint),
        _slip_case(*chain, expected=(np.array([-6.0]), -2.5), slips=[
            ((np.array([-6.0]), 0.5), "b is only the last layer's bias: the earlier biases "
             "also travel through the later weights."),
            ((np.array([-6.0]), 1.5), "b adds up the biases without passing them through the "
             "later weights."),
        ], hint=hint),
        Case(*chain, expected=(np.array([-6.0]), -2.5), hint=hint),
        Case(*deep, expected=_probe(*deep), hint=hint,
             label="a 3-5-4-2-1 network with random weights (the collapse must predict what "
                   "the network predicts)"),
    ], name="collapse", success="collapse is right for depths 2, 3 and 4.")


@checker(formula="X_plus, X_minus = X.copy(), X.copy(); X_plus[:, feature] += h; "
                 "X_minus[:, feature] -= h; return (f(X_plus) - f(X_minus)) / (2 * h)")
def partial_derivatives(student_fn):
    """Check ``partial_derivatives(f, X, feature, h=1e-5)``: central differences, shape (n,)."""
    def quadratic(X):
        return X[:, 0] ** 2 + 3.0 * X[:, 1]

    def product(X):
        return X[:, 0] * X[:, 1]

    quadratic.__name__ = "f(X) = x0**2 + 3 x1"
    product.__name__ = "f(X) = x0 * x1"
    X = np.array([[1.0, 2.0], [-0.5, 0.0], [3.0, -1.0]])
    hint = ("move column `feature` of two copies of X by +h and by -h, and divide the change "
            "in f by the distance between the two points: one value per row.")
    # d/dx0 of x0**2 is 2 x0 = (2, -1, 6): a central difference is exact for a quadratic,
    # whatever h; a forward difference gives 2 x0 + h = (2.5, -0.5, 6.5) with h = 0.5.
    return run_cases(student_fn, [
        _slip_case(quadratic, X, 0, kwargs={"h": 0.5}, expected=np.array([2.0, -1.0, 6.0]), slips=[
            (np.array([2.5, -0.5, 6.5]), "that is a forward difference, from x to x + h; "
             "step both ways, to x + h and x - h (a central difference)."),
            (np.array([4.0, -2.0, 12.0]), "the values are twice too large: the two points are "
             "2 h apart, so divide by 2 h."),
        ], hint=hint),
        Case(quadratic, X, 0, kwargs={"h": 0.5}, expected=np.array([2.0, -1.0, 6.0]), hint=hint),
        Case(quadratic, X, 1, expected=np.array([3.0, 3.0, 3.0]), rtol=1e-6, atol=1e-6, hint=hint),
        # d/dx1 of x0 x1 is x0: it changes with the other feature
        Case(product, X, 1, expected=np.array([1.0, -0.5, 3.0]), rtol=1e-6, atol=1e-6, hint=hint),
    ], name="partial_derivatives",
        success="partial_derivatives gives exact central differences on 3 hand-worked cases.")


@checker(formula="X_raised = X.copy(); X_raised[:, feature] += delta; "
                 "return np.mean(f(X_raised) - f(X)) / delta")
def unit_raise_effect(student_fn):
    """Check ``unit_raise_effect(f, X, feature, delta=1.0)``: mean change per unit, a number."""
    def square(X):
        return X[:, 0] ** 2

    def linear(X):
        return 3.0 * X[:, 1] - 2.0 * X[:, 0]

    square.__name__ = "f(X) = x0**2"
    linear.__name__ = "f(X) = 3 x1 - 2 x0"
    X = np.array([[-1.0, 4.0], [0.5, 1.0], [2.0, -3.0]])
    hint = ("raise column `feature` of a copy of X by delta, average the change in f over "
            "the rows, and give it per unit of the raise.")
    # ((x + delta)**2 - x**2) / delta = 2 x + delta; mean x0 = 0.5, so 1 + delta
    return run_cases(student_fn, [
        _slip_case(square, X, 0, kwargs={"delta": 0.5}, expected=1.5, slips=[
            (0.75, "that is the mean change for a raise of delta, not per unit: divide by delta."),
            (1.0, "that is the mean derivative 2 * mean(x0), not the effect of a raise by delta."),
        ], hint=hint),
        Case(square, X, 0, expected=2.0, hint=hint),
        Case(square, X, 0, kwargs={"delta": 0.5}, expected=1.5, hint=hint),
        # a linear function: the coefficient, whatever delta
        Case(linear, X, 0, kwargs={"delta": 2.0}, expected=-2.0, hint=hint),
        Case(linear, X, 1, kwargs={"delta": 0.1}, expected=3.0, hint=hint),
    ], name="unit_raise_effect",
        success="unit_raise_effect is right on a curve (where it depends on delta) and a line.")
