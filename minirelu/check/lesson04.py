"""Checkers for exercises/04_activations_optimizers.ipynb: ReLU and one step of each optimizer.

Signatures (the update functions return new arrays and leave their inputs unchanged)::

    relu(z)                     relu_derivative(z)
    sgd_step(w, grad, learning_rate) -> w_new
    momentum_step(w, v, grad, learning_rate, momentum) -> (w_new, v_new)
    adam_step(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon) -> (w_new, m_new, s_new)
    choose_learning_rate() -> a learning rate for gradient descent on the valley below

Expected values are worked out by hand (the arithmetic is written next to each case) or come
from central differences; never from minirelu.optimizers.
"""
import numbers

import numpy as np

from ._core import Case, checker, compare, fmt, numerical_case, run_cases

__all__ = ["relu", "relu_derivative", "sgd_step", "momentum_step", "adam_step",
           "choose_learning_rate"]


# ---- ReLU ----------------------------------------------------------------------------------

@checker(formula="np.maximum(z, 0.0)")
def relu(student_relu):
    """Check ``relu(z)``: max(z, 0) elementwise, as a new float array of z's shape."""
    return run_cases(student_relu, [
        Case(np.array([-2.0, 0.0, 3.0]), expected=np.array([0.0, 0.0, 3.0]),
             hint="relu keeps positive numbers and turns negative numbers into 0, elementwise "
                  "(a NumPy function that takes the larger of two values, not `if`)."),
        Case(np.array([[-1.5, 2.5], [0.5, -0.1]]), expected=np.array([[0.0, 2.5], [0.5, 0.0]]),
             hint="relu works elementwise, whatever the shape of z."),
    ], name="relu")


@checker(formula="(z > 0).astype(float)")
def relu_derivative(student_relu_derivative):
    """Check ``relu_derivative(z)``: 1.0 where z > 0, else 0.0 (0 at the kink z = 0)."""
    z = np.array([[-1.5, 0.3], [2.0, -0.2], [0.7, -3.0]])   # away from the kink at 0
    float_hint = "compare with 0, then turn the booleans into floats (0.0 and 1.0)."
    return run_cases(student_relu_derivative, [
        Case(np.array([-2.0, -0.5, 0.5, 3.0]), expected=np.array([0.0, 0.0, 1.0, 1.0]),
             hint="the slope of max(z, 0) is 0 for negative z and 1 for positive z; " + float_hint),
        Case(np.array([0.0]), expected=np.array([0.0]),
             hint="at the kink z = 0 we take the derivative to be 0, as minirelu does: use z > 0, "
                  "not z >= 0."),
        numerical_case(lambda z: np.maximum(z, 0.0).sum(), z,
                       hint="the derivative is taken elementwise and has the shape of z."),
    ], name="relu_derivative")


# ---- SGD -----------------------------------------------------------------------------------

@checker(formula="return w - learning_rate * grad")
def sgd_step(student_sgd_step):
    """Check ``sgd_step(w, grad, learning_rate)`` -> w - learning_rate * grad (a new array)."""
    hint = "one step against the gradient, scaled by the learning rate; return a new array."
    return run_cases(student_sgd_step, [
        # 1 - 0.1 * 0.5 = 0.95;  -2 - 0.1 * (-1) = -1.9
        Case(np.array([1.0, -2.0]), np.array([0.5, -1.0]), 0.1,
             expected=np.array([0.95, -1.9]), hint=hint),
        # 0.2 - 0.5 * 1 = -0.3;  0.4 - 0.5 * 2 = -0.6;  0 - 0.5 * (-0.5) = 0.25;  -1 - 0 = -1
        Case(np.array([[0.2, 0.4], [0.0, -1.0]]), np.array([[1.0, 2.0], [-0.5, 0.0]]), 0.5,
             expected=np.array([[-0.3, -0.6], [0.25, -1.0]]), hint=hint),
    ], name="sgd_step")


# ---- momentum ------------------------------------------------------------------------------

def _advice_momentum(expected_w, expected_v, w, v, grad, learning_rate, momentum):
    def advice(got, *args):
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            kind = f"{len(got)} items" if isinstance(got, (tuple, list)) else type(got).__name__
            return f"momentum_step should return the pair (w_new, v_new), got {kind}"
        w_got, v_got = got
        v_wrong = compare(v_got, expected_v)
        if v_wrong:
            if compare(v_got, momentum * v + learning_rate * grad) is None:
                return ("v_new has the wrong sign. Here the velocity points downhill: the "
                        "gradient term is subtracted, and w then moves by adding v_new")
            return (f"v_new: {v_wrong}. The velocity decays (the old v times momentum) and "
                    "collects the new gradient, scaled by the learning rate")
        w_wrong = compare(w_got, expected_w)
        if w_wrong:
            if compare(w_got, w + v) is None:
                return "w_new moved by the old velocity v: move it by the new one, v_new"
            if compare(w_got, w - expected_v) is None:
                return ("subtracting v_new moves uphill: the velocity already points downhill, "
                        "so add it")
            return f"v_new is right, but w_new: {w_wrong}. w moves by exactly the new velocity"
        return None
    return advice


@checker(formula="v_new = momentum * v - learning_rate * grad;  w_new = w + v_new;  "
                 "return w_new, v_new")
def momentum_step(student_momentum_step):
    """Check ``momentum_step(w, v, grad, learning_rate, momentum)`` -> (w_new, v_new).

    v_new = momentum * v - learning_rate * grad;  w_new = w + v_new.
    """
    cases = []
    # v_new = 0.9 * (0.1, 0) - 0.1 * (0.5, -1) = (0.09 - 0.05, 0 + 0.1) = (0.04, 0.1)
    # w_new = (1, -2) + (0.04, 0.1) = (1.04, -1.9)
    # From rest (v = 0) a momentum step is an SGD step:
    # v_new = -0.2 * (1, -3) = (-0.2, 0.6);  w_new = (0.5, 0.5) + v_new = (0.3, 1.1)
    for w, v, grad, learning_rate, momentum, w_new, v_new in (
            ([1.0, -2.0], [0.1, 0.0], [0.5, -1.0], 0.1, 0.9, [1.04, -1.9], [0.04, 0.1]),
            ([[0.5, 0.5]], [[0.0, 0.0]], [[1.0, -3.0]], 0.2, 0.5, [[0.3, 1.1]], [[-0.2, 0.6]])):
        w, v, grad, w_new, v_new = map(np.array, (w, v, grad, w_new, v_new))
        cases.append(Case(w, v, grad, learning_rate, momentum,
                          prop=_advice_momentum(w_new, v_new, w, v, grad, learning_rate, momentum)))
    return run_cases(student_momentum_step, cases, name="momentum_step")


# ---- Adam ----------------------------------------------------------------------------------

def _advice_adam(expected, w, m, s, grad, t, learning_rate, beta1, beta2, epsilon):
    w_exp, m_exp, s_exp = expected

    def advice(got, *args, **kwargs):
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            kind = f"{len(got)} items" if isinstance(got, (tuple, list)) else type(got).__name__
            return f"adam_step should return (w_new, m_new, s_new), got {kind}"
        w_got, m_got, s_got = got
        wrong = compare(m_got, m_exp)
        if wrong:
            return (f"m_new: {wrong}. The first moment is a running average of the gradient: "
                    "beta1 of the old m and (1 - beta1) of the new gradient")
        wrong = compare(s_got, s_exp)
        if wrong:
            if compare(s_got, beta2 * s + (1 - beta2) * grad) is None:
                return ("s_new averages the gradient itself: it should average its square "
                        "(elementwise)")
            return (f"s_new: {wrong}. The second moment is a running average of the squared "
                    "gradient: beta2 of the old s and (1 - beta2) of the new square")
        wrong = compare(w_got, w_exp)
        if not wrong:
            return None
        m_hat, s_hat = m_exp / (1 - beta1 ** t), s_exp / (1 - beta2 ** t)
        slips = [
            (w - learning_rate * m_exp / (np.sqrt(s_exp) + epsilon),
             "w_new is computed without the bias correction: divide m_new by (1 - beta1**t) "
             "and s_new by (1 - beta2**t) before the step"),
            (w - learning_rate * m_hat / (s_hat + epsilon),
             "w_new divides by s_hat instead of its square root (plus epsilon)"),
            (w + learning_rate * m_hat / (np.sqrt(s_hat) + epsilon),
             "w_new moves uphill: the step is subtracted from w"),
            (w - learning_rate * (m / (1 - beta1 ** t)) / (np.sqrt(s / (1 - beta2 ** t)) + epsilon),
             "w_new uses the old m and s: use the updated m_new and s_new"),
        ]
        for candidate, message in slips:
            with np.errstate(divide="ignore", invalid="ignore"):
                if compare(w_got, candidate) is None:
                    return f"m_new and s_new are right, but {message}"
        return (f"m_new and s_new are right, but w_new: {wrong}. The step is learning_rate "
                "times the corrected m, divided by the root of the corrected s plus epsilon")
    return advice


@checker(formula="m_new = beta1 * m + (1 - beta1) * grad;  s_new = beta2 * s + (1 - beta2) * grad**2\n"
                 "m_hat = m_new / (1 - beta1**t);  s_hat = s_new / (1 - beta2**t)\n"
                 "w_new = w - learning_rate * m_hat / (np.sqrt(s_hat) + epsilon);  "
                 "return w_new, m_new, s_new")
def adam_step(student_adam_step):
    """Check ``adam_step(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon)``.

    Returns (w_new, m_new, s_new) with m_new = beta1 m + (1 - beta1) grad,
    s_new = beta2 s + (1 - beta2) grad**2, m_hat = m_new / (1 - beta1**t),
    s_hat = s_new / (1 - beta2**t), w_new = w - learning_rate m_hat / (sqrt(s_hat) + epsilon).
    """
    cases = []
    # First step (t = 1) from m = s = 0: m_new = 0.1 g, s_new = 0.001 g**2, so m_hat = g and
    # s_hat = g**2: every entry moves by learning_rate * g / |g| = 0.1 in the sign of -g.
    w, g = np.array([0.5, -1.5, 2.0]), np.array([0.5, -2.0, 0.1])
    first = (np.array([0.5 - 0.1 * 0.5 / (0.5 + 1e-8), -1.5 + 0.1 * 2.0 / (2.0 + 1e-8),
                       2.0 - 0.1 * 0.1 / (0.1 + 1e-8)]),
             np.array([0.05, -0.2, 0.01]), np.array([0.00025, 0.004, 0.00001]))
    cases.append((w, np.zeros(3), np.zeros(3), g, 1, 0.1, 0.9, 0.999, 1e-8, first))
    # Second step (t = 2) with beta1 = beta2 = 0.5, so that the arithmetic is short:
    # m_new = 0.5 (0.1, -0.2) + 0.5 (0.3, 0.2) = (0.2, 0);  s_new = 0.5 (0.04, 0.01) + 0.5 (0.09, 0.04)
    # = (0.065, 0.025); corrections 1 - 0.5**2 = 0.75: m_hat = (0.2 / 0.75, 0), s_hat = s_new / 0.75;
    # w_new = (1, -1) - 0.1 (0.2 / 0.75 / (sqrt(0.065 / 0.75) + 1e-8), 0) = (0.909418..., -1).
    second = (np.array([1.0 - 0.1 * (0.2 / 0.75) / (np.sqrt(0.065 / 0.75) + 1e-8), -1.0]),
              np.array([0.2, 0.0]), np.array([0.065, 0.025]))
    cases.append((np.array([1.0, -1.0]), np.array([0.1, -0.2]), np.array([0.04, 0.01]),
                  np.array([0.3, 0.2]), 2, 0.1, 0.5, 0.5, 1e-8, second))
    return run_cases(student_adam_step, [
        Case(w, m, s, g, t, kwargs=dict(learning_rate=lr, beta1=b1, beta2=b2, epsilon=eps),
             prop=_advice_adam(expected, w, m, s, g, t, lr, b1, b2, eps))
        for w, m, s, g, t, lr, b1, b2, eps, expected in cases
    ], name="adam_step")


# ---- choosing a learning rate ----------------------------------------------------------------

VALLEY_CURVATURES = np.array([1.0, 40.0])
VALLEY_START = np.array([4.0, 1.0])
TARGET_LOSS, N_STEPS = 0.01, 100


def valley_loss(w):
    """L(w) = (w1**2 + 40 w2**2) / 2: a valley 40 times more curved across than along."""
    w = np.asarray(w, dtype=float)
    return float(0.5 * np.sum(VALLEY_CURVATURES * w ** 2))


def _advice_learning_rate(got):
    if isinstance(got, bool) or not isinstance(got, numbers.Real):
        return f"choose_learning_rate should return a number, got {type(got).__name__}"
    eta = float(got)
    if not np.isfinite(eta) or eta <= 0:
        return f"a learning rate must be a positive number, got {fmt(eta)}"
    # Along each axis one step multiplies w by (1 - eta * curvature).
    factors = 1.0 - eta * VALLEY_CURVATURES
    with np.errstate(over="ignore"):
        loss = valley_loss(VALLEY_START * factors ** N_STEPS)
    if loss < TARGET_LOSS:
        return None
    limit = 2.0 / VALLEY_CURVATURES.max()
    if eta >= limit:
        return (f"with learning_rate = {fmt(eta)} the loss grows to {loss:.3g} in {N_STEPS} steps. "
                f"Along the steep direction (curvature 40) each step multiplies the distance by "
                f"1 - 40 * learning_rate = {factors[1]:.3g}, which overshoots more and more when "
                f"learning_rate >= 2/40 = {limit:g}. Choose a smaller learning rate")
    if abs(factors[1]) > abs(factors[0]):
        return (f"with learning_rate = {fmt(eta)} the loss is still {loss:.3g} after {N_STEPS} "
                f"steps: the steep direction zigzags, shrinking only by |1 - 40 * learning_rate| = "
                f"{abs(factors[1]):.3g} per step. Step back a little from {limit:g}")
    return (f"with learning_rate = {fmt(eta)} the loss is still {loss:.3g} after {N_STEPS} steps, "
            f"above {TARGET_LOSS}: along the flat direction (curvature 1) each step shrinks the "
            f"distance only by a factor 1 - learning_rate = {factors[0]:.3g}. Try a larger "
            f"learning rate (it must stay below 2/40 = {limit:g})")


@checker(formula="each step multiplies the distance along a direction of curvature c by "
                 "(1 - learning_rate * c): the steep direction needs learning_rate < 2/40 = 0.05, "
                 "the flat one as large a learning rate as possible. Try 0.03 to 0.045.")
def choose_learning_rate(student_choose_learning_rate):
    """Check ``choose_learning_rate()``: 100 steps of gradient descent on the valley
    L(w) = (w1**2 + 40 w2**2) / 2 from w = (4, 1) must bring the loss below 0.01."""
    return run_cases(student_choose_learning_rate, [Case(prop=_advice_learning_rate)],
                     name="choose_learning_rate",
                     success=f"with your learning rate, {N_STEPS} steps of gradient descent bring "
                             f"the loss below {TARGET_LOSS}.")
