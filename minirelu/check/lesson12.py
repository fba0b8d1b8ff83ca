"""Checkers for exercises/12_lime.ipynb.

``check.kernel_weights``, ``check.weighted_ridge_fit``, ``check.effective_samples`` and
``check.lime_by_hand`` each take the student's function. Expected values are worked by
hand (exponentials written out to full precision, weighted means and variances of
three points), or properties: the gradient of the weighted ridge objective vanishes at
the answer, and a linear function's slopes come back exactly. None of them calls
minirelu's own LIME code.
"""
import numpy as np

from ._core import Case, checker, run_cases, slip_case

__all__ = ["kernel_weights", "weighted_ridge_fit", "effective_samples", "lime_by_hand"]

# exp(-x) for the squared distances of the cases below, to full float64 precision
_E = {0.5: 0.6065306597126334, 1.0: 0.36787944117144233, 2.0: 0.1353352832366127,
      2.5: 0.0820849986238988, 4.0: 0.01831563888873418, 12.5: 3.726653172078671e-06,
      25.0: 1.3887943864964021e-11}


@checker(formula="squared_distance = np.sum(U ** 2, axis=1); "
                 "return np.exp(-squared_distance / (2 * kernel_width ** 2))")
def kernel_weights(student_kernel_weights):
    """Check ``kernel_weights(U, kernel_width)``: exp(-||u_i||^2 / (2 w^2)) per row, shape (n,)."""
    # rows at squared distances 0, 1, 4, 25 from x; w = 1: exp(0), exp(-0.5), exp(-2), exp(-12.5)
    U_a = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 4.0]])
    expected_a = np.array([1.0, _E[0.5], _E[2.0], _E[12.5]])
    slips = [(np.array([1.0, _E[1.0], _E[4.0], _E[25.0]]),
              "these are exp(-d^2 / w^2): the kernel's denominator is twice the squared width."),
             (np.array([1.0, _E[0.5], _E[1.0], _E[2.5]]),
              "you used the distance d, not its square d^2, in the exponent."),
             (np.array([0.0, 0.5, 2.0, 12.5]), "you returned d^2 / (2 w^2); take exp(-...) of it.")]
    hint = ("one weight per row: the row's squared distance from x (summed over the features), "
            "put through the Gaussian kernel of the lesson.")
    # w = 0.5: squared distances 0.25, 0, 2 -> exp(-0.5), 1, exp(-4)
    U_b = np.array([[0.5, 0.0], [0.0, 0.0], [1.0, 1.0]])
    return run_cases(student_kernel_weights, [
        slip_case(U_a, 1.0, expected=expected_a, slips=slips, hint=hint),
        Case(U_a, 1.0, expected=expected_a, hint=hint),
        Case(U_b, 0.5, expected=np.array([_E[0.5], 1.0, _E[4.0]]),
             hint="kernel_width enters squared: with w = 0.5, 2 w^2 = 0.5. " + hint),
        Case(np.zeros((3, 5)), 0.1, expected=np.ones(3),
             hint="a sample at x itself (u = 0) gets weight exp(0) = 1, whatever the width."),
    ], name="kernel_weights", success="kernel_weights gives exp(-d^2 / (2 w^2)) row by row.")


def _ridge_gradient_is_zero(alpha):
    """A property: the gradient of the weighted ridge objective vanishes at (b, beta)."""
    def prop(got, T, y, weights, _alpha):
        b, beta = got
        beta = np.asarray(beta, dtype=float)
        if beta.shape != (T.shape[1],):
            return f"beta has shape {beta.shape}; it needs one slope per column of T, {(T.shape[1],)}"
        p = weights / weights.sum()
        residual = y - b - T @ beta
        d_b = -2 * p @ residual
        d_beta = -2 * T.T @ (p * residual) + 2 * alpha * beta
        if abs(d_b) > 1e-8 or np.abs(d_beta).max() > 1e-8:
            return (f"the objective is not at its minimum: its gradient is d/db = {d_b:.2e}, "
                    f"d/dbeta = {np.array2string(d_beta, precision=2)} (both should be 0)")
        return None
    return prop


@checker(formula="p = weights / weights.sum(); t_bar, y_bar = p @ T, p @ y; Tc = T - t_bar\n"
                 "beta = np.linalg.solve(Tc.T @ (p[:, None] * Tc) + alpha * np.eye(T.shape[1]), "
                 "Tc.T @ (p * (y - y_bar)))\nb = y_bar - t_bar @ beta; return b, beta")
def weighted_ridge_fit(student_weighted_ridge_fit):
    """Check ``weighted_ridge_fit(T, y, weights, alpha)`` -> ``(b, beta)``: the minimiser of
    sum_i w_i (y_i - b - t_i . beta)^2 / sum_i w_i + alpha ||beta||^2 (intercept not penalised)."""
    # one feature, weights (1, 1, 2) -> p = (1/4, 1/4, 1/2); weighted means t = 1.25, y = 3.25;
    # var = 0.6875, cov = 1.4375 -> beta = 23/11, b = 3.25 - 1.25 * 23/11 = 7/11
    T_a, y_a, w_a = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 5.0]), np.array([1.0, 1.0, 2.0])
    expected_a = (7 / 11, np.array([23 / 11]))
    slips = [((2 / 3, np.array([2.0])), "that is the unweighted least-squares line: every sample "
              "must count with its weight (weighted means, weighted sums of squares)."),
             ((np.array([2.0]), 2 / 3), "b and beta are swapped: return (b, beta)."),
             ((np.array([23 / 11]), 7 / 11), "b and beta are swapped: return (b, beta).")]
    hint = ("normalise the weights to sum to 1, centre T and y on their weighted means, solve "
            "the penalised normal equations for the slopes, then recover b from the means.")
    # same data, alpha = 0.3125: beta = cov / (var + alpha) = 1.4375 / 1 ; b = 3.25 - 1.25 * 1.4375
    expected_b = (3.25 - 1.25 * 1.4375, np.array([1.4375]))
    slips_b = [((3.25 - 1.25 * 5.75 / 3.0625, np.array([5.75 / 3.0625])),
                "the penalty is too weak by a factor sum(weights): the squared errors are divided by "
                "sum(weights) (normalise the weights), alpha is not.")]
    # y = 1 + 2 t1 - t2 exactly: any weights give (1, [2, -1])
    T_c = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 2.0], [-1.0, 0.5]])
    y_c = 1 + 2 * T_c[:, 0] - T_c[:, 1]
    rng = np.random.default_rng(12)
    T_d, y_d, w_d = rng.normal(size=(30, 3)), rng.normal(size=30), rng.uniform(0.0, 2.0, size=30)
    return run_cases(student_weighted_ridge_fit, [
        slip_case(T_a, y_a, w_a, 0.0, expected=expected_a, slips=slips, hint=hint,
                  names=("b", "beta")),
        Case(T_a, y_a, w_a, 0.0, expected=expected_a, hint=hint, names=("b", "beta")),
        slip_case(T_a, y_a, w_a, 0.3125, expected=expected_b, slips=slips_b, hint=hint),
        Case(T_a, y_a, w_a, 0.3125, expected=expected_b,
             hint="alpha is added to the diagonal of the weighted covariance, and only for the "
                  "slopes: the intercept b is not penalised. " + hint),
        Case(T_c, y_c, np.array([1.0, 0.1, 3.0, 0.5, 2.0]), 0.0, expected=(1.0, np.array([2.0, -1.0])),
             hint="data on an exact plane y = 1 + 2 t1 - t2 give back b = 1, beta = (2, -1) with any weights."),
        Case(T_d, y_d, w_d, 0.1, prop=_ridge_gradient_is_zero(0.1), label="30 random rows, 3 columns, alpha = 0.1",
             hint=hint),
    ], name="weighted_ridge_fit",
        success="weighted_ridge_fit minimises the weighted, penalised squared error.")


@checker(formula="return weights.sum() ** 2 / np.sum(weights ** 2)")
def effective_samples(student_effective_samples):
    """Check ``effective_samples(weights)``: Kish's (sum w)^2 / sum w^2."""
    w_a = np.array([1.0, 1.0, 2.0])                      # 4^2 / 6 = 8/3
    slips = [(6 / 16, "that is sum(w^2) / (sum w)^2, upside down."),
             (4 / 3, "that is the mean weight, not Kish's effective sample size."),
             (3, "that is the number of samples; unequal weights count for fewer.")]
    hint = "Kish's effective sample size compares the squared total weight with the total of the squared weights."
    return run_cases(student_effective_samples, [
        slip_case(w_a, expected=8 / 3, slips=slips, hint=hint),
        Case(w_a, expected=8 / 3, hint=hint),
        Case(np.full(10, 0.3), expected=10.0, hint="ten equal weights are worth ten samples."),
        Case(np.array([0.0, 5.0, 0.0, 0.0]), expected=1.0,
             hint="a single non-zero weight leaves one effective sample."),
    ], name="effective_samples", success="effective_samples gives (sum w)^2 / sum w^2.")


def _abs_plus_line(Z):
    """f(z) = |z0| + 2 z1 - z2: slopes (1, 2, -1) where z0 > 0 and (-1, 2, -1) where z0 < 0."""
    return np.abs(Z[:, 0]) + 2 * Z[:, 1] - Z[:, 2]


@checker(formula="sigma = X_train.std(axis=0); U = rng.normal(0.0, kernel_width, (n_samples, len(x)))\n"
                 "Z = x + U * sigma; y = f(Z); weights = kernel_weights(U, kernel_width)\n"
                 "b, beta = weighted_ridge_fit(U, y, weights, 0.0); return beta / sigma")
def lime_by_hand(student_lime_by_hand):
    """Check ``lime_by_hand(f, x, X_train, n_samples, kernel_width, rng)`` -> slopes (d,) in x's units."""
    # training spreads about (1, 10, 0.1): slopes per unit differ from slopes per spread
    base = np.random.default_rng(0).normal(size=(200, 3))
    X_train = base * np.array([1.0, 10.0, 0.1])
    sigma = X_train.std(axis=0)
    w = np.array([5.0, 3.0, 2.0])
    linear = lambda Z: Z @ w + 1.0                        # noqa: E731
    x = np.array([1.0, 1.0, 1.0])
    slips = [(w * sigma, "these are slopes per training standard deviation: divide by each "
                         "feature's training spread to get the change in f per unit of x_j."),
             (w * sigma ** 2, "divide the fitted slopes by sigma_j once, not multiply.")]
    hint = ("perturb x in units of each feature's training spread, weight the samples with "
            "your kernel, fit your weighted line, and turn its slopes back into units of x.")
    return run_cases(student_lime_by_hand, [
        slip_case(linear, x, X_train, 500, 0.5, np.random.default_rng(1), expected=w, slips=slips,
                   hint=hint, label="f(z) = 5 z0 + 3 z1 + 2 z2 + 1, x = (1, 1, 1), spreads about (1, 10, 0.1)"),
        Case(linear, x, X_train, 500, 0.5, np.random.default_rng(1), expected=w, hint=hint,
             label="f(z) = 5 z0 + 3 z1 + 2 z2 + 1, x = (1, 1, 1), spreads about (1, 10, 0.1)"),
        Case(_abs_plus_line, np.array([1.0, 0.0, 0.0]), base, 2000, 0.05, np.random.default_rng(2),
             expected=np.array([1.0, 2.0, -1.0]), rtol=0.05, atol=0.0,
             label="f(z) = |z0| + 2 z1 - z2 at x = (1, 0, 0), kernel width 0.05",
             hint="a narrow kernel (and samples as narrow as the kernel) keeps every sample on the "
                  "side z0 > 0, where the slopes are (1, 2, -1)."),
        Case(_abs_plus_line, np.array([-1.0, 0.0, 0.0]), base, 2000, 0.05, np.random.default_rng(3),
             expected=np.array([-1.0, 2.0, -1.0]), rtol=0.05, atol=0.0,
             label="f(z) = |z0| + 2 z1 - z2 at x = (-1, 0, 0), kernel width 0.05",
             hint="left of z0 = 0 the slope of |z0| is -1. " + hint),
    ], name="lime_by_hand", success="lime_by_hand recovers the local slopes.")
