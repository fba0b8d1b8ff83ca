"""Checkers for exercises/09_local_linear_models.ipynb: local linear models by hand.

* ``check.pattern_by_hand(fn)``: ``pattern_by_hand(W1, b1, x)`` -> the activation pattern
  (z > 0 for each hidden unit, as booleans) of a one-hidden-layer network at x;
* ``check.llm_by_hand(fn)``: ``llm_by_hand(W1, b1, w2, b2, x)`` -> (coef, intercept) of the
  network's raw output eta(x) = w2 . relu(W1 x + b1) + b2 on the region holding x;
* ``check.local_scores(fn)``: ``local_scores(coef, intercept, x, x_mean)`` -> (scores,
  baseline) of the centered local feature importance;
* ``check.summary_columns(fn)``: ``summary_columns(y, fitted, assignment)`` -> (counts,
  response mean, response std, local MSE) per LLM;
* ``check.read_summary(fn)``: ``read_summary()`` -> (share_largest, most_global, single_row),
  three values read off the summary table printed in the exercise (``SUMMARY``).

Every expected value is worked out by hand in the comments below; none comes from
minirelu.interpret.
"""
import numbers

import numpy as np

from ._core import Case, checker, fmt, run_cases, slip_case

__all__ = ["pattern_by_hand", "llm_by_hand", "local_scores", "summary_columns", "read_summary"]

# The network of the lesson: z = W1 x + b1, eta = w2 . relu(z) + b2.
W1 = np.array([[1.0, -1.0], [2.0, 1.0]])
B1 = np.array([0.0, -1.0])
W2 = np.array([3.0, -2.0])
B2 = 0.5
# A 3-3-1 network.
W1_3 = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 1.0], [1.0, 1.0, 1.0]])
B1_3 = np.array([-1.0, 0.0, 0.5])
W2_3 = np.array([2.0, -1.0, 0.5])
B2_3 = -1.0


# ---- pattern_by_hand -----------------------------------------------------------------------

def _booleans(got, *_args):
    arr = np.asarray(got)
    if arr.dtype.kind == "f":
        return ("the pattern holds the values of z (or relu(z)); it should say only on or off: "
                "return booleans, True where the unit is on")
    return None


@checker(formula="return W1 @ x + b1 > 0")
def pattern_by_hand(student_pattern):
    """Check ``pattern_by_hand(W1, b1, x)``: the booleans z > 0, z = W1 x + b1."""
    # z = W1 x + b1 for the lesson's network:
    #   x = (3, 1):   z = (3 - 1, 6 + 1 - 1) = (2, 6)     -> on, on
    #   x = (0, 3):   z = (-3, 3 - 1) = (-3, 2)            -> off, on
    #   x = (-1, -1): z = (-1 + 1, -2 - 1 - 1) = (0, -4)   -> off, off (0 counts as off)
    # The 3-3-1 network at x = (2, -1, 3): z = (2 - 2 - 1, 1 + 3, 2 - 1 + 3 + 0.5)
    #   = (-1, 4, 4.5) -> off, on, on
    hint = ("compute each hidden unit's pre-activation z at x; a unit is on where z is "
            "positive (a z of exactly 0 is off).")
    zero = "a pre-activation of exactly 0 counts as off: the comparison is strict."
    return run_cases(student_pattern, [
        Case(W1, B1, np.array([3.0, 1.0]), prop=_booleans, hint=hint),
        Case(W1, B1, np.array([3.0, 1.0]), expected=np.array([True, True]), hint=hint),
        Case(W1, B1, np.array([0.0, 3.0]), expected=np.array([False, True]), hint=hint),
        slip_case(W1, B1, np.array([-1.0, -1.0]), expected=np.array([False, False]),
                   slips=[(np.array([True, False]), zero)], hint=hint),
        Case(W1, B1, np.array([-1.0, -1.0]), expected=np.array([False, False]), hint=hint),
        Case(W1_3, B1_3, np.array([2.0, -1.0, 3.0]), expected=np.array([False, True, True]),
             hint="nothing should assume 2 units or 2 inputs. " + hint),
    ], name="pattern_by_hand")


# ---- llm_by_hand ---------------------------------------------------------------------------

@checker(formula="m = W1 @ x + b1 > 0;  coef = W1.T @ (m * w2);  intercept = (m * w2) @ b1 + b2")
def llm_by_hand(student_llm):
    """Check ``llm_by_hand(W1, b1, w2, b2, x)`` -> (coef, intercept) on the region of x."""
    # With D = diag(z > 0):  coef = W1^T D w2,  intercept = w2 . D b1 + b2.
    #   x = (3, 1), both on:   coef = 3 (1, -1) - 2 (2, 1) = (-1, -5); b = 3*0 - 2*(-1) + 0.5 = 2.5
    #   x = (0, 3), unit 2 on: coef = -2 (2, 1) = (-4, -2);  b = -2 * (-1) + 0.5 = 2.5
    #   x = (-1, -1), both off: coef = (0, 0);  b = 0.5
    # 3-3-1 network at x = (1, 0, 1): z = (1 - 1, 0 + 1, 1 + 1 + 0.5) = (0, 1, 2.5), units 2, 3 on:
    #   coef = -1 (0, -1, 1) + 0.5 (1, 1, 1) = (0.5, 1.5, -0.5);  b = -1*0 + 0.5*0.5 - 1 = -0.75
    #   check: eta = -1 * 1 + 0.5 * 2.5 - 1 = -0.75 = 0.5 * 1 - 0.5 * 1 - 0.75
    hint = ("on x's region the units that are off pass nothing and the others pass z itself: "
            "keep only the on units' output weights, then collect the slope and the constant "
            "of w2 . relu(W1 x + b1) + b2.")
    no_mask = ("the coefficients ignore the pattern: units that are off pass nothing, so their "
               "output weights must count as 0.")
    no_b2 = "the intercept is missing b2, the output's own bias."
    cases = [
        slip_case(W1, B1, W2, B2, np.array([3.0, 1.0]), expected=(np.array([-1.0, -5.0]), 2.5),
                   slips=[((np.array([-1.0, -5.0]), 2.0), no_b2)], hint=hint),
        Case(W1, B1, W2, B2, np.array([3.0, 1.0]), expected=(np.array([-1.0, -5.0]), 2.5),
             hint=hint),
        slip_case(W1, B1, W2, B2, np.array([0.0, 3.0]), expected=(np.array([-4.0, -2.0]), 2.5),
                   slips=[((np.array([-1.0, -5.0]), 2.5), no_mask),
                          ((np.array([-4.0, -2.0]), 2.0), no_b2)], hint=hint),
        Case(W1, B1, W2, B2, np.array([0.0, 3.0]), expected=(np.array([-4.0, -2.0]), 2.5),
             hint=hint),
        Case(W1, B1, W2, B2, np.array([-1.0, -1.0]), expected=(np.array([0.0, 0.0]), 0.5),
             hint=hint),
        Case(W1_3, B1_3, W2_3, B2_3, np.array([1.0, 0.0, 1.0]),
             expected=(np.array([0.5, 1.5, -0.5]), -0.75),
             hint="nothing should assume 2 units or 2 inputs. " + hint),
    ]
    return run_cases(student_llm, cases, name="llm_by_hand")


# ---- local_scores --------------------------------------------------------------------------

@checker(formula="scores = coef * (x - x_mean);  baseline = intercept + coef @ x_mean")
def local_scores(student_scores):
    """Check ``local_scores(coef, intercept, x, x_mean)`` -> (scores, baseline), centered."""
    # coef (-1, -5), b 2.5, x (1, 0), mean (0.5, 0.5):
    #   scores = (-1 * 0.5, -5 * -0.5) = (-0.5, 2.5);  baseline = 2.5 + (-0.5 - 2.5) = -0.5
    #   baseline + sum = -0.5 + 2 = 1.5 = -1 * 1 - 5 * 0 + 2.5
    # mean 0: the uncentered scores (-1, 0), baseline 2.5.
    # coef (0.5, 1.5, -0.5), b -0.75, x (1, 0, 1), mean (1, 2, -1):
    #   scores = (0, -3, -1);  baseline = -0.75 + 0.5 + 3 + 0.5 = 3.25;  3.25 - 4 = -0.75
    hint = ("one score per feature, measured from the mean row; the baseline is the LLM's "
            "value at the mean row, so that baseline plus the scores is the LLM's value at x.")
    no_shift = ("the baseline is the intercept alone: with centered scores it must be the "
                "LLM's value at the mean row.")
    coef2, x2 = np.array([-1.0, -5.0]), np.array([1.0, 0.0])
    return run_cases(student_scores, [
        slip_case(coef2, 2.5, x2, np.array([0.5, 0.5]), expected=(np.array([-0.5, 2.5]), -0.5),
                   slips=[((np.array([-0.5, 2.5]), 2.5), no_shift)], hint=hint),
        Case(coef2, 2.5, x2, np.array([0.5, 0.5]), expected=(np.array([-0.5, 2.5]), -0.5),
             hint=hint),
        Case(coef2, 2.5, x2, np.zeros(2), expected=(np.array([-1.0, 0.0]), 2.5), hint=hint),
        Case(np.array([0.5, 1.5, -0.5]), -0.75, np.array([1.0, 0.0, 1.0]),
             np.array([1.0, 2.0, -1.0]), expected=(np.array([0.0, -3.0, -1.0]), 3.25), hint=hint),
    ], name="local_scores")


# ---- summary_columns -----------------------------------------------------------------------

@checker(formula="for k in range(assignment.max() + 1): rows = assignment == k; counts[k] = "
                 "rows.sum(); mean[k] = y[rows].mean(); std[k] = y[rows].std(ddof=1) if "
                 "counts[k] > 1 else np.nan; local_mse[k] = np.mean((y[rows] - fitted[rows]) ** 2)")
def summary_columns(student_summary):
    """Check ``summary_columns(y, fitted, assignment)`` -> (counts, mean, std, local MSE)."""
    # LLM 0 holds rows 0 and 2 (y 1, 4): count 2, mean 2.5, std sqrt(((1 - 2.5)^2 + (4 - 2.5)^2) / 1)
    # = sqrt(4.5); residuals 1 - 1.5 = -0.5 and 4 - 0.5 = 3.5 -> MSE (0.25 + 12.25) / 2 = 6.25.
    # LLMs 1 and 2 hold one row each: std NaN, MSE (-1 + 1.5)^2 = 0.25 and (0 - 0.5)^2 = 0.25.
    y1 = np.array([1.0, -1.0, 4.0, 0.0])
    fitted1 = np.array([1.5, -1.5, 0.5, 0.5])
    a1 = np.array([0, 1, 0, 2])
    expected1 = (np.array([2, 1, 1]), np.array([2.5, -1.0, 0.0]),
                 np.array([np.sqrt(4.5), np.nan, np.nan]), np.array([6.25, 0.25, 0.25]))
    # LLM 0: rows 1, 3, 5, y (4, 1, 5): mean 10/3; squares about the mean 4/9 + 49/9 + 25/9 = 78/9,
    # std sqrt(78/9 / 2) = sqrt(13/3); residuals (0.5, -1, 0) -> MSE 1.25 / 3.
    # LLM 1: rows 0, 2, 4, y (2, 6, 3): mean 11/3; squares 25/9 + 49/9 + 4/9 = 78/9, the same std;
    # residuals (-0.5, 0, 1) -> MSE 1.25 / 3.
    y2 = np.array([2.0, 4.0, 6.0, 1.0, 3.0, 5.0])
    fitted2 = y2 + np.array([0.5, -0.5, 0.0, 1.0, -1.0, 0.0])
    a2 = np.array([1, 0, 1, 0, 1, 0])
    std2 = np.sqrt(13 / 3)
    expected2 = (np.array([3, 3]), np.array([10 / 3, 11 / 3]), np.array([std2, std2]),
                 np.array([1.25 / 3, 1.25 / 3]))
    ddof0 = ("the standard deviation divides by n_k; the summary uses the sample std, which "
             "divides by n_k - 1 (ddof=1).")
    hint = ("for each LLM, take the rows assigned to it: count them, average y, take the "
            "sample std (ddof=1) and the mean squared residual. A single row has no sample "
            "std: set NaN yourself (the std of one value with ddof=1 warns).")
    # with ddof=0 LLM 0's std would be sqrt(4.5 / 2) = 1.5 (and 0 for a single row)
    slips1 = [((expected1[0], expected1[1], np.array([1.5, v, v]), expected1[3]), ddof0)
              for v in (np.nan, 0.0)]
    return run_cases(student_summary, [
        slip_case(y1, fitted1, a1, expected=expected1, slips=slips1, hint=hint),
        Case(y1, fitted1, a1, expected=expected1, hint=hint),
        slip_case(y2, fitted2, a2, expected=expected2, hint=hint,
                   slips=[((expected2[0], expected2[1], np.sqrt(26 / 9) * np.ones(2),
                            expected2[3]), ddof0)]),
        Case(y2, fitted2, a2, expected=expected2, hint=hint),
    ], name="summary_columns")


# ---- read_summary --------------------------------------------------------------------------

# The table printed in the exercise (n = 241 rows):
#   LLM  Count  Response Mean  Response Std  Local MSE  Global MSE
#     0    120           5.10          0.62       0.21        1.90
#     1     80           2.30          0.85       0.30       48.00
#     2     40           4.80          0.70       0.25        0.40
#     3      1           3.00           nan       0.10        9.50
SUMMARY = {"LLM": [0, 1, 2, 3], "Count": [120, 80, 40, 1],
           "Response Mean": [5.10, 2.30, 4.80, 3.00], "Response Std": [0.62, 0.85, 0.70, np.nan],
           "Local MSE": [0.21, 0.30, 0.25, 0.10], "Global MSE": [1.90, 48.00, 0.40, 9.50]}


def _summary_answers(got):
    """What is wrong with (share_largest, most_global, single_row), or None."""
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return "read_summary should return three values: share_largest, most_global, single_row"
    share_largest, most_global, single_row = got
    if not isinstance(share_largest, numbers.Real) or abs(share_largest - 120 / 241) > 1e-3:
        return (f"share_largest is {fmt(share_largest)}; the largest LLM is the first row (Count "
                "120): divide by the total count, 120 + 80 + 40 + 1 = 241")
    if not isinstance(most_global, numbers.Integral) or most_global != 2:
        return (f"most_global is {fmt(most_global)}; compare Global MSE with Local MSE row by row "
                "(their ratio): the closer the two, the more the LLM holds beyond its own region")
    if np.ndim(single_row) != 1 or sorted(int(k) for k in single_row) != [3]:
        return (f"single_row is {fmt(np.asarray(single_row).tolist())}; give the list of LLM indices with Count 1 (their "
                "Response Std is NaN)")
    return None


@checker(formula="share_largest = 120 / 241 (the largest Count over the total); most_global: the "
                 "smallest ratio Global MSE / Local MSE; single_row: the LLMs with Count 1.")
def read_summary(student_read_summary):
    """Check ``read_summary()`` -> (share_largest, most_global, single_row), read off ``SUMMARY``.

    share_largest : share of all rows held by the largest LLM, 120 / 241;
    most_global : the LLM whose global MSE is closest to its local MSE (ratios 9.0, 160,
        1.6, 95: LLM 2);
    single_row : the LLMs holding a single row (their std is NaN): [3].
    """
    return run_cases(student_read_summary, [Case(prop=_summary_answers, label="the table above")],
                     name="read_summary",
                     success="read_summary reads the table right: 50% of the rows in LLM 0, "
                             "LLM 2 closest to global, LLM 3 a single row.")
