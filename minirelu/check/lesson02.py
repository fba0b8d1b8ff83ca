"""Checkers for exercises/02_logistic_regression.ipynb.

``check.sigmoid``, ``check.log_loss``, ``check.log_loss_gradient``,
``check.workshop_probability`` and ``check.workshop_class`` each take the student's
function. Expected values are hand-worked (sigmoid values computed once with
``1 / (1 + math.exp(-z))`` and written out to full precision), central differences
of the log-loss written out here, or properties (range, symmetry, monotonicity); none
of them calls minirelu's own sigmoid or log-loss.

Numerical stability is part of the answer: inputs reach |z| = 1000, and a warning
(an overflow in ``exp``, a ``log(0)``) fails the case with a hint on how to avoid it.
"""
import numpy as np

from ._core import Case, checker, numerical_case, run_cases
from .lesson01 import _slip_case

__all__ = ["sigmoid", "log_loss", "log_loss_gradient", "workshop_probability", "workshop_class"]

# sigma(z) = 1 / (1 + e^-z), to full float64 precision
_SIGMOID = {-5.0: 0.0066928509242848554, -3.0: 0.04742587317756678,
            -2.0: 0.11920292202211755, -1.0: 0.2689414213699951, 0.0: 0.5,
            1.0: 0.7310585786300049, 2.0: 0.8807970779778823, 3.0: 0.9525741268224334,
            5.0: 0.9933071490757153, 7.0: 0.9990889488055994, -10.0: 4.5397868702434395e-05,
            -15.0: 3.059022269256247e-07, -40.0: 4.248354255291589e-18}

_STABLE_HINT = ("np.exp(-z) overflows for z = -1000 (and np.exp(z) for z = 1000). Note that "
                "np.where(cond, a, b) computes both a and b for every z, so it does not avoid the "
                "overflow. Only ever take exp of a number that is not positive: for z < 0, "
                "rewrite sigmoid(z) with e^z in it (multiply the top and the bottom by e^z).")


def _sigmoid_properties(got, z):
    """None when got = sigmoid(z) has the right shape, range, symmetry and order; else why not."""
    got = np.asarray(got, dtype=float)
    if got.shape != z.shape:
        return f"the result has shape {got.shape}, but z has shape {z.shape}: work elementwise."
    if np.any((got < 0) | (got > 1)):
        return "some values lie outside [0, 1]; a probability cannot."
    if np.any(np.diff(got) < 0):
        return "the values decrease somewhere; sigmoid increases with z."
    # z is symmetric around 0, so got[::-1] is sigmoid(-z)
    if not np.allclose(got + got[::-1], 1.0, rtol=0, atol=1e-12):
        return "sigmoid(z) + sigmoid(-z) should be 1 for every z."
    return None


@checker(formula="e = np.exp(-np.abs(z)) (never above 1); sigmoid(z) = 1 / (1 + e) where z >= 0 and "
                 "e / (1 + e) where z < 0: np.where(z >= 0, 1.0, e) / (1.0 + e).")
def sigmoid(student_sigmoid):
    """Check ``sigmoid(z)``: elementwise 1 / (1 + exp(-z)), without warnings for |z| up to 1000."""
    z_a = np.array([0.0, 2.0, -2.0])
    expected_a = np.array([_SIGMOID[0.0], _SIGMOID[2.0], _SIGMOID[-2.0]])
    slips = [(expected_a[[0, 2, 1]], "you computed sigmoid(-z): the exponent is -z, "
              "sigmoid(z) = 1 / (1 + np.exp(-z))."),
             (np.tanh(z_a), "that is tanh(z), whose values lie in (-1, 1); sigmoid is "
              "1 / (1 + np.exp(-z)).")]
    hint = ("sigmoid(z) = 1 / (1 + e^(-z)), elementwise on the array z (NumPy functions, not "
            "`if`): sigmoid(0) = 0.5, sigmoid(2) = 0.8808.")
    z_b = np.array([[1.0, -1.0], [3.0, -3.0]])
    expected_b = np.array([[_SIGMOID[1.0], _SIGMOID[-1.0]], [_SIGMOID[3.0], _SIGMOID[-3.0]]])
    z_c = np.array([-1000.0, -40.0, 40.0, 1000.0])
    expected_c = np.array([0.0, _SIGMOID[-40.0], 1.0, 1.0])
    z_d = np.linspace(-30.0, 30.0, 61)
    return run_cases(student_sigmoid, [
        _slip_case(z_a, expected=expected_a, slips=slips, hint=hint),
        Case(z_a, expected=expected_a, hint=hint),
        Case(z_b, expected=expected_b,
             hint="work elementwise with NumPy (np.exp, np.where), so that any shape works."),
        Case(z_c, expected=expected_c, hint=_STABLE_HINT),
        Case(z_d, prop=_sigmoid_properties, label="z = np.linspace(-30, 30, 61)",
             hint="values in [0, 1], increasing, and sigmoid(-z) = 1 - sigmoid(z)."),
    ], name="sigmoid", success="sigmoid is right, elementwise, and stable for |z| up to 1000.")


@checker(formula="loss = np.mean(np.logaddexp(0, z) - y * z): np.logaddexp(0, z) is log(1 + e^z) "
                 "without overflow.")
def log_loss(student_log_loss):
    """Check ``log_loss(y, z)``: mean of log(1 + e^z) - y z over the samples, from logits z."""
    y_b, z_b = np.array([1.0, 0.0, 1.0]), np.array([2.0, -1.0, 0.0])
    # terms log(1 + e^z) - y z: log(1 + e^-2), log(1 + e^-1), log 2 -> mean 0.37777895970704690
    expected_b = 0.3777789597070469
    slips = [(3 * expected_b, "you returned the sum over the samples; the log-loss is their "
                              "mean (divide by n)."),
             (-expected_b, "the sign is flipped: the log-loss is never negative, it is "
                           "minus the mean log-probability of the true class.")]
    hint = ("write the loss of one sample with the logit z (not p): log(1 + e^z) - y z, then "
            "average over the samples. NumPy has a function for log(e^a + e^b) that never overflows.")
    return run_cases(student_log_loss, [
        _slip_case(y_b, z_b, expected=expected_b, slips=slips, hint=hint),
        Case(y_b, z_b, expected=expected_b, hint=hint),
        # both terms are log 2 when z = 0, whatever y
        Case(np.array([1.0, 0.0]), np.array([0.0, 0.0]), expected=np.log(2.0),
             hint="at z = 0 the model says p = 0.5, and the loss of each sample is log 2 = 0.6931."),
        # integer labels; terms log(1 + e^-3), log(1 + e^-2), log(1 + e^-1) + 1, log(1 + e^-0.5)
        Case(np.array([1, 0, 1, 1]), np.array([3.0, -2.0, -1.0, 0.5]), expected=0.490713508578761,
             hint="labels may arrive as integers 0/1; the result is a float. " + hint),
        # confidently wrong twice (loss 1000 each), confidently right twice (loss 0 each)
        Case(np.array([0.0, 1.0, 1.0, 0.0]), np.array([1000.0, -1000.0, 1000.0, -1000.0]),
             expected=500.0,
             hint="compute from the logit, never through p = sigmoid(z), which rounds to exactly "
                  "0 or 1 (and log(0) = -inf; clipping p gives a wrong, capped loss). "
                  "log(1 + e^z) = log(e^0 + e^z) has a NumPy function that never overflows."),
    ], name="log_loss", success="log_loss is right, computed from logits, and stable for |z| up to 1000.")


def _log_loss_by_hand(X, y, w, b):
    z = X @ w + b
    return np.mean(np.logaddexp(0.0, z) - y * z)


@checker(formula="p = sigmoid(X @ w + b); dw = X.T @ (p - y) / n and db = np.sum(p - y) / n.")
def log_loss_gradient(student_log_loss_gradient):
    """Check ``log_loss_gradient(X, y, w, b)`` -> ``(dw, db)``: (1/n) X^T (p - y) and mean(p - y)."""
    # w = 0, b = 0: p = 0.5 everywhere, p - y = [-0.5, -0.5, 0.5, -0.5]
    # dw = (1/4) * (1*(-0.5) + 2*(-0.5) + (-1)*0.5 + 0*(-0.5)) = -0.5,  db = (1/4) * (-1) = -0.25
    X_a, y_a = np.array([[1.0], [2.0], [-1.0], [0.0]]), np.array([1.0, 1.0, 0.0, 1.0])
    expected_a = (np.array([-0.5]), -0.25)
    slips = [((np.array([-1.0]), -0.5), "dw and db are twice the right values: unlike the MSE, "
              "the log-loss gradient has no factor 2, it is (1/n) X^T (p - y)."),
             ((np.array([-2.0]), -1.0), "dw and db are n times too large: the log-loss is a "
              "mean, so divide by n."),
             ((np.array([0.5]), 0.25), "dw and db have the wrong sign: use p - y "
              "(probability minus label), not y - p.")]
    hint = ("the derivative of the log-loss with respect to the logit of one sample is p - y; "
            "the chain rule then gives the feature for w and 1 for b, averaged over the n samples.")
    X_b = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7], [-0.4, 0.8, 0.1],
                    [2.0, -0.2, -1.1], [0.1, 1.2, 0.6]])
    y_b = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    # z = [1000, -1000]: p = [1, 0], p - y = [1, -1]; dw = (500 * 1 + (-500) * (-1)) / 2 = 500, db = 0
    X_c, y_c = np.array([[500.0], [-500.0]]), np.array([0.0, 1.0])
    return run_cases(student_log_loss_gradient, [
        _slip_case(X_a, y_a, np.array([0.0]), 0.0, expected=expected_a, slips=slips, hint=hint,
                   names=("dw", "db")),
        Case(X_a, y_a, np.array([0.0]), 0.0, expected=expected_a, hint=hint, names=("dw", "db")),
        numerical_case(_log_loss_by_hand, X_b, y_b, np.array([0.4, -0.6, 0.25]), 0.3, wrt=(2, 3),
                       hint=hint),
        Case(X_c, y_c, np.array([2.0]), 0.0, expected=(np.array([500.0]), 0.0),
             hint="logits of +-1000 need a sigmoid that does not overflow: use your stable "
                  "sigmoid from above. " + hint),
    ], name="log_loss_gradient",
        success="log_loss_gradient matches a hand-worked case and central differences, "
                "and is stable for |z| up to 1000.")


@checker(formula="p = sigmoid(2 * x + 5), with your stable sigmoid.")
def workshop_probability(student_workshop_probability):
    """Check ``workshop_probability(x)``: p = sigmoid(2 x + 5), elementwise."""
    x_a = np.array([-2.5, 0.0, -5.0, 1.0])
    expected_a = np.array([0.5, _SIGMOID[5.0], _SIGMOID[-5.0], _SIGMOID[7.0]])
    # sigmoid(2x - 5) at the same x: z = [-10, -5, -15, -3]
    slips = [(np.array([_SIGMOID[-10.0], _SIGMOID[-5.0], _SIGMOID[-15.0], _SIGMOID[-3.0]]),
              "the bias has the wrong sign: the workshop's score is z = 2x + 5."),
             (2 * x_a + 5, "you returned the score z = 2x + 5; pass it through the sigmoid.")]
    hint = "the score is z = 2x + 5; the probability is the sigmoid of the score: at x = -2.5, p = 0.5."
    return run_cases(student_workshop_probability, [
        _slip_case(x_a, expected=expected_a, slips=slips, hint=hint),
        Case(x_a, expected=expected_a, hint=hint),
        Case(np.array([-600.0, 600.0]), expected=np.array([0.0, 1.0]),
             hint="at x = -600 the score is -1195: use your stable sigmoid, not np.exp(-z) directly."),
    ], name="workshop_probability", success="workshop_probability gives sigmoid(2x + 5).")


@checker(formula="(workshop_probability(x) > 0.5).astype(int), the same as (2 * x + 5 > 0).astype(int).")
def workshop_class(student_workshop_class):
    """Check ``workshop_class(x)``: 1 where sigmoid(2 x + 5) > 0.5 (that is x > -2.5), else 0."""
    x_a = np.array([-4.0, -3.0, -2.0, 0.0, 1.0])
    expected_a = np.array([0, 0, 1, 1, 1])
    slips = [(1 - expected_a, "the classes are swapped: class 1 is where p > 0.5, to the "
                              "right of x = -2.5."),
             (np.array([_SIGMOID[-3.0], _SIGMOID[-1.0], _SIGMOID[1.0], _SIGMOID[5.0], _SIGMOID[7.0]]),
              "you returned probabilities; turn them into classes: 1 where p > 0.5, else 0.")]
    hint = "class 1 where the probability is above 0.5, that is where the score 2x + 5 is positive; class 0 elsewhere."
    return run_cases(student_workshop_class, [
        _slip_case(x_a, expected=expected_a, slips=slips, hint=hint),
        Case(x_a, expected=expected_a, hint=hint),
        Case(np.array([-2.4, -2.6, 10.0, -10.0]), expected=np.array([1, 0, 1, 0]),
             hint="the boundary is x = -2.5: -2.4 is just right of it, -2.6 just left. " + hint),
    ], name="workshop_class", success="workshop_class switches from 0 to 1 at x = -2.5.")
