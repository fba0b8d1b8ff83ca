"""Checkers for exercises/06_normalization.ipynb: two scalers written by hand.

- ``min_max_scale(X_train, X_test)`` -> both arrays scaled with the training set's minimum
  and range, (x - min) / (max - min) per column;
- ``standard_scale(X_train, X_test)`` -> both arrays scaled with the training set's mean and
  standard deviation (np.std, dividing by n), (x - mean) / std per column.

A column that is constant on the training set is divided by 1 instead of 0. Expected values
are worked out by hand in the comments beside each case, or come from the formulas written
out below; none comes from ``minirelu.preprocessing``. Typical slips (statistics of the test
set or of both sets, the other scaler, n - 1 in the standard deviation, the two results
swapped) are named.
"""
import numpy as np

from ._core import Case, checker, compare, run_cases

__all__ = ["min_max_scale", "standard_scale"]


def _statistics(kind, reference, ddof=0):
    """(shift, scale) per column of ``reference``: (min, max - min) or (mean, std), 0 -> 1."""
    if kind == "min-max":
        shift, spread = reference.min(axis=0), reference.max(axis=0) - reference.min(axis=0)
    else:
        shift, spread = reference.mean(axis=0), reference.std(axis=0, ddof=ddof)
    return shift, np.where(spread > 0, spread, 1.0)


def _scaled(kind, X, reference, ddof=0):
    shift, scale = _statistics(kind, reference, ddof)
    return (X - shift) / scale


def _pair(kind, X_train, X_test, train_reference, test_reference, ddof=0):
    return (_scaled(kind, X_train, train_reference, ddof),
            _scaled(kind, X_test, test_reference, ddof))


def _slips(kind, X_train, X_test):
    """(wrong result, sentence) pairs for the slips worth naming on this input."""
    both = np.vstack([X_train, X_test])
    other = "standard" if kind == "min-max" else "min-max"
    right = _pair(kind, X_train, X_test, X_train, X_train)
    slips = [
        (_pair(kind, X_train, X_test, both, both),
         "both sets were scaled with statistics of training and test data together: that leaks "
         "the test set into the scaling. Compute the statistics from X_train only."),
        (_pair(kind, X_train, X_test, X_train, X_test),
         "X_test was scaled with its own statistics. Use the training statistics for both sets, "
         "so that both go through the same transformation."),
        ((right[1], right[0]), "the two results are swapped: return (X_train_scaled, X_test_scaled)."),
        ((right[0], X_test), "X_test is returned unscaled: apply the same training statistics to it."),
        (_pair(other, X_train, X_test, X_train, X_train),
         f"that is {other} scaling; this function does {kind} scaling."),
    ]
    if kind == "standard":
        slips.append((_pair(kind, X_train, X_test, X_train, X_train, ddof=1),
                      "the standard deviation divides by n - 1 (ddof=1); use np.std's default, "
                      "which divides by n."))
    constant = np.ptp(X_train, axis=0) == 0
    if constant.any():
        # dividing constant columns by something other than 1 (e.g. by their value, or by 1e-12)
        # changes only those columns: any result right elsewhere and wrong there is this slip
        slips.append(("constant", "a column that is constant in X_train has range and standard "
                                  "deviation 0: divide by 1 there instead, so that the column "
                                  "becomes 0."))
    return slips, constant


def _slip_prop(kind):
    def recognise(got, X_train, X_test):
        expected = _pair(kind, X_train, X_test, X_train, X_train)
        if compare(got, expected) is None:
            return None
        slips, constant = _slips(kind, X_train, X_test)
        for wrong, sentence in slips:
            if isinstance(wrong, str):
                parts = [np.asarray(part, dtype=float) for part in got] if (
                    isinstance(got, (tuple, list)) and len(got) == 2) else None
                if parts is not None and all(p.shape == e.shape for p, e in zip(parts, expected)) \
                        and all(np.allclose(p[:, ~constant], e[:, ~constant])
                                for p, e in zip(parts, expected)):
                    return sentence
            elif compare(got, wrong) is None:
                return sentence
        return None  # not a known slip: the next case reports expected against got
    return recognise


def _cases(kind, expected_a, expected_b, hint):
    # (a) two columns, no constant one; (b) the second column constant in X_train
    X_train_a = np.array([[0.0, 100.0], [2.0, 300.0], [0.0, 300.0], [2.0, 100.0]])
    X_test_a = np.array([[1.0, 400.0], [3.0, 200.0]])
    X_train_b = np.array([[1.0, 5.0], [3.0, 5.0]])
    X_test_b = np.array([[2.0, 5.0], [5.0, 7.0]])
    # (c) five columns from 1e3 down to 1e-4, a test set with another mean and spread, one row
    rng = np.random.default_rng(606)
    scales = np.array([1e3, 10.0, 1.0, 1e-2, 1e-4])
    X_train_c = np.round(rng.normal(2.0, 1.0, (30, 5)), 3) * scales
    X_test_c = np.round(rng.normal(2.5, 1.5, (10, 5)), 3) * scales
    X_one = X_test_c[:1]
    hint_constant = ("a column that is constant in X_train has spread 0: divide by 1 there "
                     "(a spread that is 0 is replaced by 1). " + hint)
    expected_c = _pair(kind, X_train_c, X_test_c, X_train_c, X_train_c)
    names = ("X_train_scaled", "X_test_scaled")
    return [
        Case(X_train_a, X_test_a, prop=_slip_prop(kind), hint=hint, shown=expected_a),
        Case(X_train_a, X_test_a, expected=expected_a, hint=hint, names=names),
        Case(X_train_b, X_test_b, prop=_slip_prop(kind), hint=hint_constant, shown=expected_b),
        Case(X_train_b, X_test_b, expected=expected_b, hint=hint_constant, names=names),
        Case(X_train_c, X_test_c, prop=_slip_prop(kind), hint=hint, shown=expected_c,
             label="X_train (30, 5) and X_test (10, 5), columns from 1e3 down to 1e-4"),
        Case(X_train_c, X_test_c, expected=_pair(kind, X_train_c, X_test_c, X_train_c, X_train_c),
             hint=hint, label="X_train (30, 5) and X_test (10, 5), columns from 1e3 down to 1e-4"),
        Case(X_train_c, X_one, expected=_pair(kind, X_train_c, X_one, X_train_c, X_train_c),
             hint="X_test may hold a single row: it still needs the training statistics. " + hint,
             label="X_train (30, 5) and X_test with a single row (1, 5)"),
    ]


@checker(formula="lo = X_train.min(axis=0); spread = X_train.max(axis=0) - lo; spread = "
                 "np.where(spread > 0, spread, 1.0); return (X_train - lo) / spread, (X_test - lo) / spread")
def min_max_scale(student_min_max_scale):
    """Check ``min_max_scale(X_train, X_test)``: (x - min) / (max - min) with X_train's min and max."""
    # (a) min (0, 100), max (2, 300): range (2, 200)
    #     X_train -> [[0, 0], [1, 1], [0, 1], [1, 0]]
    #     X_test (1, 400) -> (1/2, 300/200) = (0.5, 1.5);  (3, 200) -> (1.5, 0.5): outside [0, 1]
    expected_a = (np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]),
                  np.array([[0.5, 1.5], [1.5, 0.5]]))
    # (b) min (1, 5), range (2, 0 -> 1)
    #     X_train -> [[0, 0], [1, 0]];  X_test (2, 5) -> (0.5, 0);  (5, 7) -> (2, 2)
    expected_b = (np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[0.5, 0.0], [2.0, 2.0]]))
    hint = ("take the minimum and the range of each column of X_train (never of X_test), and "
            "scale both sets with them.")
    return run_cases(student_min_max_scale, _cases("min-max", expected_a, expected_b, hint),
                     name="min_max_scale",
                     success="min_max_scale uses the training minimum and range for both sets.")


@checker(formula="mean = X_train.mean(axis=0); std = X_train.std(axis=0); std = np.where(std > 0, "
                 "std, 1.0); return (X_train - mean) / std, (X_test - mean) / std")
def standard_scale(student_standard_scale):
    """Check ``standard_scale(X_train, X_test)``: (x - mean) / std with X_train's mean and std."""
    # (a) mean (1, 200); std: sqrt(mean of (1, 1, 1, 1)) = 1 and sqrt(mean of 100^2 ...) = 100
    #     X_train -> [[-1, -1], [1, 1], [-1, 1], [1, -1]]
    #     X_test (1, 400) -> (0, 2);  (3, 200) -> (2, 0)
    expected_a = (np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]]),
                  np.array([[0.0, 2.0], [2.0, 0.0]]))
    # (b) mean (2, 5), std (1, 0 -> 1)
    #     X_train -> [[-1, 0], [1, 0]];  X_test (2, 5) -> (0, 0);  (5, 7) -> (3, 2)
    expected_b = (np.array([[-1.0, 0.0], [1.0, 0.0]]), np.array([[0.0, 0.0], [3.0, 2.0]]))
    hint = ("take the mean and the standard deviation of each column of X_train (never of "
            "X_test), and scale both sets with them.")
    return run_cases(student_standard_scale, _cases("standard", expected_a, expected_b, hint),
                     name="standard_scale",
                     success="standard_scale uses the training mean and standard deviation for "
                             "both sets.")
