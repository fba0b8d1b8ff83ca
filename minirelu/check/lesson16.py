"""Checkers for exercises/16_simplifying_a_network.ipynb: the pieces of lesson 16 by hand.

* ``check.unseen_rows(fn)``: ``unseen_rows(train_patterns, test_patterns)`` -> bool (m,),
  True where a test row's activation pattern is none of the training rows' patterns;
* ``check.project_first_layer(fn)``: ``project_first_layer(W1, b1, origin, u, v)`` ->
  (W_plane (n1, 2), b_plane (n1,)), the first layer on the plane origin + s u + t v;
* ``check.group_fit(fn)``: ``group_fit(X, f)`` -> (coef (d,), intercept), the least-squares
  line through a group's rows (the refit of a merged group);
* ``check.variance_importance(fn)``: ``variance_importance(coef, counts, X)`` -> (d,), the
  variance-weighted importance, summing to one.

Every expected value is worked out by hand in the comments below; none comes from
minirelu.interpret.
"""
import numpy as np

from ._core import Case, checker, run_cases
from ._core import slip_case as _slip_case

__all__ = ["unseen_rows", "project_first_layer", "group_fit", "variance_importance"]


# ---- unseen_rows ---------------------------------------------------------------------------

@checker(formula="seen = {tuple(row) for row in train_patterns}\n"
                 "np.array([tuple(row) not in seen for row in test_patterns])")
def unseen_rows(student_unseen_rows):
    """Check ``unseen_rows(train_patterns, test_patterns)``: True where the test pattern is new."""
    train = np.array([[True, False, True], [False, False, True], [True, False, True]])
    test = np.array([[True, False, True], [True, True, True], [False, False, True],
                     [False, False, False]])
    # rows 0 and 2 of test equal training rows 0 (and 2) and 1; rows 1 and 3 are new
    expected = np.array([False, True, False, True])
    one = np.array([[False, True]])
    # a pattern is a whole row: (False, True) is new although each bit occurs in training
    mixed_train = np.array([[True, True], [False, False]])
    hint = ("compare whole rows: a test row is unseen when no training row has the same "
            "on/off bit in every unit (a set of tuples makes the lookup easy).")
    def boolean(got, *_args):
        got = np.asarray(got)
        if got.dtype != bool:
            return f"return an array of True/False, got dtype {got.dtype}"
        return None
    return run_cases(student_unseen_rows, [
        _slip_case(train, test, expected=expected, hint=hint,
                   slips=[(~expected, "True and False are swapped: True marks the *unseen* rows.")]),
        Case(train, test, expected=expected, prop=boolean, hint=hint),
        Case(mixed_train, one, expected=np.array([True]), hint=hint),
        Case(train, train, expected=np.zeros(3, bool), hint=hint),
    ], name="unseen_rows")


# ---- project_first_layer -------------------------------------------------------------------

@checker(formula="W_plane = W1 @ np.column_stack([u, v])\nb_plane = W1 @ origin + b1")
def project_first_layer(student_project_first_layer):
    """Check ``project_first_layer(W1, b1, origin, u, v)``: [W1 u, W1 v] and W1 origin + b1."""
    W1 = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    b1 = np.array([0.5, -1.0])
    origin = np.array([1.0, 1.0, 1.0])
    u = np.array([1.0, 0.0, 0.0])
    v = np.array([0.0, 1.0, 1.0])
    # W1 u = first column = (1, 0); W1 v = second + third column = (2, 2)
    # W1 origin = row sums = (3, 2); plus b1 -> (3.5, 1.0)
    W_plane = np.array([[1.0, 2.0], [0.0, 2.0]])
    b_plane = np.array([3.5, 1.0])
    hint = ("put x = origin + s u + t v into z = W1 x + b1: the coefficient of s is W1 u, "
            "that of t is W1 v, and the rest, W1 origin + b1, is the new bias.")
    return run_cases(student_project_first_layer, [
        _slip_case(W1, b1, origin, u, v, expected=(W_plane, b_plane), hint=hint,
                   names=("W_plane", "b_plane"),
                   slips=[((W_plane, b1), "the bias must also take in W1 @ origin: the plane "
                                          "does not pass through 0."),
                          ((W_plane.T, b_plane), "W_plane must be (units, 2): one row per unit, "
                                                 "columns W1 u and W1 v.")]),
        Case(W1, b1, origin, u, v, expected=(W_plane, b_plane), hint=hint,
             names=("W_plane", "b_plane")),
        # the plane of the first two inputs through 0: W_plane = W1 itself, b_plane = b1
        Case(np.array([[2.0, -1.0]]), np.array([0.25]), np.zeros(2), np.array([1.0, 0.0]),
             np.array([0.0, 1.0]), expected=(np.array([[2.0, -1.0]]), np.array([0.25])),
             hint=hint, names=("W_plane", "b_plane")),
    ], name="project_first_layer")


# ---- group_fit -----------------------------------------------------------------------------

@checker(formula="Z = np.column_stack([X, np.ones(len(X))])\n"
                 "beta = np.linalg.lstsq(Z, f, rcond=None)[0]\nreturn beta[:-1], beta[-1]")
def group_fit(student_group_fit):
    """Check ``group_fit(X, f)``: the least-squares (coef, intercept) of f on the rows X."""
    X = np.array([[0.0], [1.0], [2.0]])
    f = np.array([1.0, 2.0, 4.0])
    # mean x = 1, mean f = 7/3; slope = sum (x - 1)(f - 7/3) / sum (x - 1)^2
    #   = ((-1)(-4/3) + 0 + (1)(5/3)) / 2 = 3/2; intercept = 7/3 - 3/2 = 5/6
    # without an intercept column: slope = sum x f / sum x^2 = (0 + 2 + 8) / 5 = 2
    exact = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]])
    g = 3.0 * exact[:, 0] - 2.0 * exact[:, 1] + 0.5      # exactly linear: recovered exactly
    hint = ("least squares with an intercept: add a column of ones to X, solve "
            "min |Z beta - f|^2, and split beta into the slopes and the last entry.")
    return run_cases(student_group_fit, [
        _slip_case(X, f, expected=(np.array([1.5]), 5.0 / 6.0), hint=hint,
                   names=("coef", "intercept"),
                   slips=[((np.array([2.0]), 0.0), "the fit has no intercept: add a column of "
                                                   "ones to X.")]),
        Case(X, f, expected=(np.array([1.5]), 5.0 / 6.0), hint=hint, names=("coef", "intercept")),
        Case(exact, g, expected=(np.array([3.0, -2.0]), 0.5), hint=hint,
             names=("coef", "intercept")),
    ], name="group_fit")


# ---- variance_importance -------------------------------------------------------------------

@checker(formula="raw = (counts @ coef ** 2) * X.var(axis=0)\nreturn raw / raw.sum()")
def variance_importance(student_variance_importance):
    """Check ``variance_importance(coef, counts, X)``: var(x_j) sum_k n_k w_kj^2, normalised."""
    coef = np.array([[1.0, 2.0], [3.0, 0.0]])
    counts = np.array([3, 1])
    X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 1.0], [2.0, 1.0]])
    # sum_k n_k w_kj^2: feature 0: 3*1 + 1*9 = 12; feature 1: 3*4 + 0 = 12
    # var over the rows (divide by n): feature 0: 1.0; feature 1: 0.25
    # raw = (12, 3) -> (0.8, 0.2); count-weighted alone: (0.5, 0.5)
    expected = np.array([0.8, 0.2])
    hint = ("weight each LLM's squared slopes by its count, multiply each feature's total by "
            "the variance of that feature over all rows of X, then divide by the sum.")
    return run_cases(student_variance_importance, [
        _slip_case(coef, counts, X, expected=expected, hint=hint,
                   slips=[(np.array([0.5, 0.5]), "that is the count-weighted importance: multiply "
                                                 "each feature's sum by its variance."),
                          (np.array([12.0, 3.0]),
                           "normalise: the importances must sum to one.")]),
        Case(coef, counts, X, expected=expected, hint=hint),
        # one LLM, slopes (1, 1); variances 1 and 4 -> (0.2, 0.8)
        Case(np.array([[1.0, 1.0]]), np.array([2]), np.array([[-1.0, -2.0], [1.0, 2.0]]),
             expected=np.array([0.2, 0.8]), hint=hint),
    ], name="variance_importance")
