"""Checkers for exercises/14_why_relu.ipynb: slopes at the bounds, and gradients layer by layer.

``best_slopes(c)`` returns the slopes sigma in [0, 1]^K (floats) that maximize c . sigma;
``projected_gradient_ascent(gradient, sigma, learning_rate, steps)`` returns the slopes
after ``steps`` steps sigma <- clip(sigma + learning_rate * gradient(sigma), 0, 1);
``layer_gradient_norms(net, X, y)`` returns ||dL/dW_l|| (Frobenius) for every layer, shape (L,);
``shrink_bound(n_layers)`` returns the largest factor (1/4)^n_layers (``check.sigmoid_shrink_bound``).

Expected values are worked out by hand in the comments, or come from central differences
of the network's loss (never from minirelu.interpret).
"""
import numpy as np

from ..gradcheck import numerical_gradient
from ..network import MLP
from ._core import Case, checker, run_cases
from ._core import slip_case as _slip_case

__all__ = ["best_slopes", "projected_gradient_ascent", "layer_gradient_norms",
           "sigmoid_shrink_bound"]


def _is_optimal(got, c):
    """Property: slopes in [0, 1] whose criterion no corner of the box beats."""
    got = np.asarray(got, dtype=float)
    if got.shape != c.shape:
        return f"got shape {got.shape}; one slope per entry of c, shape {c.shape}, was expected"
    if got.min() < 0 or got.max() > 1:
        return "some slopes lie outside [0, 1]: every slope must stay between 0 and 1"
    best = float(np.maximum(c, 0).sum())      # the best corner: slope 1 wherever c_k > 0
    if c @ got < best - 1e-9:
        return f"c . sigma = {c @ got:.4f}, but {best:.4f} can be reached"
    return None


@checker(formula="return (c > 0).astype(float)")
def best_slopes(student_fn):
    """Check ``best_slopes(c)``: the slopes in [0, 1] that maximize c . sigma, as floats."""
    c = np.array([-1.0, 2.0, 0.5, -0.1])
    c_random = np.round(np.random.default_rng(14).normal(size=40), 3)
    hint = ("each term c_k * sigma_k can be made largest on its own: which end of [0, 1] "
            "should sigma_k take when c_k is positive, and when it is negative? Return floats.")
    return run_cases(student_fn, [
        _slip_case(c, expected=np.array([0.0, 1.0, 1.0, 0.0]), slips=[
            (np.array([1.0, 0.0, 0.0, 1.0]), "these slopes minimize c . sigma: take 1 where c_k "
             "is positive."),
            (np.array([0.0, 1.0, 0.0, 0.0]), "only the largest c_k got slope 1: every positive "
             "c_k adds to the criterion."),
        ], hint=hint),
        # c = (-1, 2, 0.5, -0.1): slope 1 for the two positive entries
        Case(c, expected=np.array([0.0, 1.0, 1.0, 0.0]), hint=hint),
        Case(c_random, prop=_is_optimal, hint=hint, label="40 random values of c (seed 14)"),
        Case(-np.abs(c_random) - 0.01, expected=np.zeros(40), hint=hint,
             label="40 negative values of c: the best is a constant activation"),
    ], name="best_slopes", success="best_slopes puts every slope at the right bound.")


@checker(formula="for _ in range(steps): sigma = np.clip(sigma + learning_rate * gradient(sigma), "
                 "0.0, 1.0); return sigma")
def projected_gradient_ascent(student_fn):
    """Check ``projected_gradient_ascent(gradient, sigma, learning_rate, steps)``."""
    def constant(sigma):
        return np.array([-10.0, 2.0, 0.5])

    def towards_03(sigma):
        return 0.3 - sigma          # the gradient of -(sigma - 0.3)^2 / 2: a maximum inside

    constant.__name__ = "gradient(sigma) = (-10, 2, 0.5)"
    towards_03.__name__ = "gradient(sigma) = 0.3 - sigma"
    start = np.array([0.5, 0.5, 0.5])
    hint = ("repeat `steps` times: one step uphill along the gradient, then put every slope "
            "back into [0, 1]; build a new array each time (never update sigma in place).")
    # one step: 0.5 + 0.1 * (-10, 2, 0.5) = (-0.5, 0.7, 0.55), clipped to (0, 0.7, 0.55)
    return run_cases(student_fn, [
        _slip_case(constant, start, 0.1, 1, expected=np.array([0.0, 0.7, 0.55]), slips=[
            (np.array([-0.5, 0.7, 0.55]), "the slope -0.5 left [0, 1]: clip after every step."),
            (np.array([1.0, 0.3, 0.45]), "that step went downhill: ascent adds "
             "learning_rate * gradient."),
        ], hint=hint),
        Case(constant, start, 0.1, 1, expected=np.array([0.0, 0.7, 0.55]), hint=hint),
        # after 5 steps the second and third slopes reach 1.5 and 0.75 before clipping
        Case(constant, start, 0.1, 5, expected=np.array([0.0, 1.0, 0.75]), hint=hint),
        # (sigma - 0.3) shrinks by (1 - 0.5) per step: 0.2 * 0.5**3 = 0.025 after 3 steps
        Case(towards_03, np.array([0.5, 0.1, 0.3]), 0.5, 3,
             expected=np.array([0.325, 0.275, 0.3]), hint=hint),
    ], name="projected_gradient_ascent",
        success="projected_gradient_ascent steps uphill and stays in [0, 1].")


def _numerical_norms(net, X, y):
    """Frobenius norms and RMS of the central-difference gradient of each weight matrix."""
    def loss():
        return net.loss_and_gradients(X, y, gradients=False)

    grads = [numerical_gradient(loss, W) for W in net.weights]
    bias_grads = [numerical_gradient(loss, b) for b in net.biases]
    return (np.array([np.linalg.norm(g) for g in grads]),
            np.array([np.sqrt(np.mean(g ** 2)) for g in grads]),
            np.array([np.linalg.norm(g) for g in bias_grads]))


@checker(formula="_, dW, _ = net.loss_and_gradients(X, y); "
                 "return np.array([np.linalg.norm(g) for g in dW])")
def layer_gradient_norms(student_fn):
    """Check ``layer_gradient_norms(net, X, y)``: ||dL/dW_l|| for each layer, shape (L,)."""
    rng = np.random.default_rng(140)
    X = np.round(rng.normal(size=(8, 2)), 2)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    cases = []
    for sizes, activation in (((2, 3, 1), "sigmoid"), ((2, 4, 4, 3, 1), "sigmoid"),
                              ((2, 5, 5, 1), "tanh")):
        net = MLP(sizes, activation, "sigmoid", random_state=14)
        frobenius, rms, biases = _numerical_norms(net, X, y)
        hint = ("the network gives you its weight gradients (one matrix per layer); reduce "
                "each matrix to one number, the root of the sum of its squared entries.")
        label = f"a {'-'.join(map(str, sizes))} {activation} network, 8 rows (X, y)"
        cases.append(_slip_case(net, X, y, expected=frobenius, slips=[
            (rms, "that is the root mean square of the entries, as in lesson 04; the norm "
                  "adds the squares up instead of averaging them."),
            (biases, "those are the norms of the bias gradients db; take the weights' dW."),
            (frobenius ** 2, "those are squared norms: take the square root."),
        ], hint=hint, label=label))
        cases.append(Case(net, X, y, expected=frobenius, rtol=1e-5, atol=1e-9, hint=hint,
                          label=label + "; expected from central differences of the loss"))
    return run_cases(student_fn, cases, name="layer_gradient_norms",
                     success="layer_gradient_norms matches central differences on 3 networks.")


@checker(formula="return 0.25 ** n_layers")
def sigmoid_shrink_bound(student_fn):
    """Check ``shrink_bound(n_layers)``: the largest factor by which the slopes of
    ``n_layers`` sigmoid layers can scale the backpropagated error, (1/4)^n_layers."""
    # sigma'(z) = sigma (1 - sigma) <= 1/4, reached at z = 0; the chain rule multiplies
    # one such slope per layer: 0.25, 0.25**8 = 1.52587890625e-05, and 1 for no layer
    hint = ("the sigmoid's slope is at most 1/4 (at z = 0), and the chain rule multiplies one "
            "slope per layer.")
    return run_cases(student_fn, [
        _slip_case(8, expected=0.25 ** 8, slips=[
            (4.0 ** 8, "that is 4^8: the factor is at most 1/4 per layer, so (1/4)^8, a small "
                       "number."),
            (0.25 * 8, "that adds the slopes; the chain rule multiplies them."),
            (0.25, "that is one layer; through 8 layers the factors multiply."),
        ], hint=hint),
        Case(1, expected=0.25, hint=hint),
        Case(8, expected=0.25 ** 8, rtol=1e-9, atol=0.0, hint=hint),
        Case(0, expected=1.0, hint="through no layer at all, nothing shrinks: the factor is 1."),
    ], name="shrink_bound", success="shrink_bound is right: (1/4)^8 is about 1.5e-05.")
