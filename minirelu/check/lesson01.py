"""Checkers for exercises/01_linear_regression.ipynb.

``check.mse``, ``check.mse_gradient``, ``check.gradient_descent_step`` and
``check.normal_equations`` each take the student's function. Expected values are
worked out by hand in the comments, or come from central differences of the MSE
written out here, or from a property of the answer (the gradient vanishes at the
least-squares solution); none of them calls minirelu's own implementation.

Common slips (a missing factor 2, a sum instead of a mean, a step uphill, a line
forced through the origin, ...) are recognised and named before the generic
"expected / got" report.
"""
import numpy as np

from ..gradcheck import numerical_gradient
from ._core import Case, checker, numerical_case, run_cases
from ._core import slip_case as _slip_case

__all__ = ["mse", "mse_gradient", "gradient_descent_step", "normal_equations"]


def _mse_by_hand(X, y, w, b):
    residual = X @ w + b - y
    return np.mean(residual * residual)


# Small data sets shared by the cases below.
# (a) three points, one feature, at w = 0.5, b = 0.5:
#     y_hat = [1, 1.5, 2], residual y_hat - y = [0, -0.5, 0]
#     dL/dw = (2/3) * (1*0 + 2*(-0.5) + 3*0) = -2/3,  dL/db = (2/3) * (-0.5) = -1/3
_X_A = np.array([[1.0], [2.0], [3.0]])
_Y_A = np.array([1.0, 2.0, 2.0])
_W_A = np.array([0.5])
_B_A = 0.5
# (b) three points exactly on y = 2x + 1: the MSE is 0 at w = 2, b = 1, and so is its gradient.
_X_LINE = np.array([[0.0], [1.0], [2.0]])
_Y_LINE = np.array([1.0, 3.0, 5.0])
# (c) five points, two features, an arbitrary (w, b): for central differences.
_X_C = np.array([[0.5, -1.0], [1.5, 2.0], [-0.3, 0.7], [2.2, -0.4], [1.0, 1.0]])
_Y_C = np.array([1.0, -0.5, 2.0, 0.3, 1.2])
_W_C = np.array([0.4, -0.8])
_B_C = 0.3


@checker(formula="MSE = (1/n) * sum((y_hat - y)**2), in NumPy np.mean((y_hat - y) ** 2).")
def mse(student_mse):
    """Check ``mse(y, y_hat)``: the mean of the squared residuals, one number."""
    y, y_hat = np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 1.0])
    # residual y_hat - y = [1, 0, -2]; squares [1, 0, 4]; mean 5/3
    slips = [(5.0, "you returned the sum of the squared residuals; the MSE is their mean "
                   "(divide by n)."),
             (2.5, "you divided by n - 1; the MSE divides by n."),
             (1.0, "that is the mean absolute error: square the residuals instead of taking "
                   "their absolute value."),
             (np.sqrt(5 / 3), "that is the root of the MSE (RMSE): leave out the square root."),
             (-1 / 3, "you averaged the residuals without squaring them."),
             (1 / 9, "you squared the mean residual; the MSE is the mean of the squared residuals.")]
    hint = "square each residual y_hat - y, then average the squares over the n samples."
    alternating = np.linspace(0.0, 1.0, 100)
    return run_cases(student_mse, [
        _slip_case(y, y_hat, expected=5 / 3, slips=slips, hint=hint),
        Case(y, y_hat, expected=5 / 3, hint=hint),
        # every prediction 0.5 too high: each squared residual is 0.25
        Case(np.array([0.5, -1.0, 2.0, 3.5]), np.array([1.0, -0.5, 2.5, 4.0]), expected=0.25,
             hint=hint),
        Case(np.array([3.0, -2.0]), np.array([3.0, -2.0]), expected=0.0,
             hint="a perfect prediction has MSE 0."),
        # residuals alternate +1, -1: every square is 1, so the mean is 1
        Case(alternating, alternating + np.tile([1.0, -1.0], 50), expected=1.0,
             label="y = 100 values, y_hat = y + 1, y - 1, y + 1, ... (alternating)",
             hint="average over all n samples: the answer must not depend on n."),
    ], name="mse", success="mse is right on 4 hand-worked cases.")


@checker(formula="dw = (2/n) * X.T @ (X @ w + b - y) and db = (2/n) * sum(X @ w + b - y).")
def mse_gradient(student_mse_gradient):
    """Check ``mse_gradient(X, y, w, b)`` -> ``(dw, db)``: dw of shape (d,), db a number."""
    expected_a = (np.array([-2 / 3]), -1 / 3)
    slips = [((np.array([-1 / 3]), -1 / 6), "dw and db are half the right values: the "
              "derivative of (y_hat - y)**2 is 2 * (y_hat - y), so both carry a factor 2."),
             ((np.array([2 / 3]), 1 / 3), "dw and db have the wrong sign: the residual is "
              "y_hat - y (prediction minus target), not y - y_hat."),
             ((np.array([-2.0]), -1.0), "dw and db are n times too large: the MSE is a mean, "
              "so its gradient is divided by n."),
             ((np.array([-8 / 3]), -4 / 3), "the prediction left out b: use y_hat = X @ w + b.")]
    hint = ("differentiate the mean of the squared residuals with the chain rule: each residual "
            "brings a factor 2, its derivative with respect to w_j is the feature x_j, with "
            "respect to b it is 1, and the mean divides by n. Work case (a) out on paper.")
    return run_cases(student_mse_gradient, [
        _slip_case(_X_A, _Y_A, _W_A, _B_A, expected=expected_a, slips=slips, hint=hint,
                   names=("dw", "db")),
        Case(_X_A, _Y_A, _W_A, _B_A, expected=expected_a, hint=hint, names=("dw", "db")),
        numerical_case(_mse_by_hand, _X_C, _Y_C, _W_C, _B_C, wrt=(2, 3), hint=hint),
        Case(_X_LINE, _Y_LINE, np.array([2.0]), 1.0, expected=(np.array([0.0]), 0.0),
             hint="the data lie exactly on y = 2x + 1, so at w = 2, b = 1 the gradient is 0."),
    ], name="mse_gradient",
        success="mse_gradient matches a hand-worked case, central differences, and is 0 at the minimum.")


@checker(formula="w_new = w - learning_rate * dw and b_new = b - learning_rate * db, with "
                 "(dw, db) = mse_gradient(X, y, w, b).")
def gradient_descent_step(student_step):
    """Check ``gradient_descent_step(X, y, w, b, learning_rate)`` -> new ``(w, b)``."""
    # From case (a): w = 0.5 - 0.3 * (-2/3) = 0.7, b = 0.5 - 0.3 * (-1/3) = 0.6
    expected_a = (np.array([0.7]), 0.6)
    slips = [((np.array([0.3]), 0.4), "you stepped uphill: subtract learning_rate * gradient, "
              "do not add it."),
             ((np.array([0.5 + 2 / 3]), 0.5 + 1 / 3), "the step ignores the learning rate: "
              "multiply the gradient by learning_rate."),
             ((np.array([0.7]), 0.5), "b did not move: update b with db as well."),
             ((np.array([0.5]), 0.6), "w did not move: update w with dw as well.")]
    hint = ("one step moves w and b against their gradients, each scaled by the learning rate; "
            "the gradient comes from your mse_gradient.")
    lr_c = 0.05
    w_c, b_c = _W_C.copy(), np.array(_B_C)
    dw_c = numerical_gradient(lambda: _mse_by_hand(_X_C, _Y_C, w_c, b_c), w_c)
    db_c = numerical_gradient(lambda: _mse_by_hand(_X_C, _Y_C, w_c, b_c), b_c)
    return run_cases(student_step, [
        _slip_case(_X_A, _Y_A, _W_A, _B_A, 0.3, expected=expected_a, slips=slips, hint=hint,
                   names=("w_new", "b_new")),
        Case(_X_A, _Y_A, _W_A, _B_A, 0.3, expected=expected_a, hint=hint, names=("w_new", "b_new")),
        Case(_X_C, _Y_C, _W_C, _B_C, lr_c, expected=(_W_C - lr_c * dw_c, _B_C - lr_c * float(db_c)),
             rtol=1e-5, atol=1e-8, hint=hint),
        Case(_X_LINE, _Y_LINE, np.array([2.0]), 1.0, 0.1, expected=(np.array([2.0]), 1.0),
             hint="at the minimum (w = 2, b = 1 for points on y = 2x + 1) the gradient is 0, "
                  "so a step must not move."),
    ], name="gradient_descent_step",
        success="gradient_descent_step moves (w, b) downhill by learning_rate times the gradient.")


def _gradient_vanishes(result, X, y):
    """None when the MSE gradient at (w, b) = result is 0 (the normal equations hold), else why not."""
    w, b = result
    residual = X @ np.asarray(w, dtype=float) + float(b) - y
    size = np.abs(X).sum() * np.abs(y).sum() + 1.0
    if np.max(np.abs(X.T @ residual)) > 1e-8 * size or abs(residual.sum()) > 1e-8 * size:
        return ("the MSE gradient at your (w, b) is not 0, so it is not the least-squares "
                "solution: X.T @ residual and sum(residual) should both vanish.")
    return None


@checker(formula="X1 = np.column_stack([X, np.ones(len(X))]); theta = np.linalg.solve(X1.T @ X1, "
                 "X1.T @ y); return theta[:-1], theta[-1].")
def normal_equations(student_normal_equations):
    """Check ``normal_equations(X, y)`` -> ``(w, b)`` minimising the MSE."""
    # x = [0, 1, 2, 3], y = [1, 2, 4, 5]: mean x 1.5, mean y 3,
    # w = sum((x - 1.5)(y - 3)) / sum((x - 1.5)**2) = 7 / 5 = 1.4, b = 3 - 1.4 * 1.5 = 0.9
    X_b, y_b = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1.0, 2.0, 4.0, 5.0])
    expected_b = (np.array([1.4]), 0.9)
    slips = [((np.array([25 / 14]), 0.0), "your line goes through the origin: append a column "
              "of ones to X so that b is fitted too."),
             ((0.9, np.array([1.4])), "w and b are swapped: return (w, b), weights first."),
             ((np.array([0.9]), 1.4), "the column of ones came first, so theta starts with b: "
              "put the ones in the last column, or take b from the front of theta."),
             (np.array([1.4, 0.9]), "you returned theta = (w, b) as one array: return the "
              "weights and the bias separately, as a pair (w, b).")]
    hint = ("give X an extra column of ones so that b is fitted like a weight, solve the normal "
            "equations for theta, then split theta into the weights and the bias.")
    # y = 2 x1 - 3 x2 + 1 exactly at five points: the solution is w = (2, -3), b = 1
    X_c = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
    y_c = X_c @ np.array([2.0, -3.0]) + 1.0
    return run_cases(student_normal_equations, [
        _slip_case(X_b, y_b, expected=expected_b, slips=slips, hint=hint, names=("w", "b")),
        Case(X_b, y_b, expected=expected_b, hint=hint, names=("w", "b")),
        Case(_X_LINE, _Y_LINE, expected=(np.array([2.0]), 1.0),
             hint="points exactly on y = 2x + 1 give w = 2, b = 1."),
        Case(X_c, y_c, expected=(np.array([2.0, -3.0]), 1.0),
             hint="with two features w has two entries; points exactly on y = 2 x1 - 3 x2 + 1 "
                  "give w = (2, -3), b = 1."),
        Case(_X_C, _Y_C, prop=lambda got, X, y: _gradient_vanishes(got, X, y), hint=hint),
    ], name="normal_equations",
        success="normal_equations finds the least-squares (w, b) on 4 data sets.")
