"""Checkers for exercises/15_more_than_two_classes.ipynb: softmax, its cross-entropy gradient,
and the K×K confusion matrix, by hand.

- ``softmax(Z)`` -> the (n, K) probabilities of each row of logits, stable for huge logits;
- ``cross_entropy_gradient(Z, y)`` -> dL/dZ of the mean cross-entropy, (n, K);
- ``confusion_matrix_k(y_true, y_pred, K)`` -> the (K, K) counts, row = true class.

Expected values are worked out by hand in the comments beside each case, or come from
central differences of the cross-entropy written out here; none comes from minirelu's
own softmax, loss or metrics.
"""
import numpy as np

from ._core import Case, checker, numerical_case, run_cases
from ._core import slip_case as _slip_case

__all__ = ["softmax", "cross_entropy_gradient", "confusion_matrix_k"]

LN2, LN5 = float(np.log(2.0)), float(np.log(5.0))


@checker(formula="shifted = Z - Z.max(axis=1, keepdims=True); e = np.exp(shifted); "
                 "return e / e.sum(axis=1, keepdims=True)")
def softmax(student_softmax):
    """Check ``softmax(Z)``: each row of logits Z (n, K) becomes K probabilities
    exp(z_c) / sum_k exp(z_k), without overflow for logits like 1000."""
    # (a) one row (0, ln 2, ln 5): exp gives 1, 2, 5, which sum to 8
    z_a = np.array([[0.0, LN2, LN5]])
    expected_a = np.array([[1 / 8, 2 / 8, 5 / 8]])
    # (b) two rows: (0, ln 2, ln 5) -> 1/8, 2/8, 5/8 and (ln 2, ln 2, 0) -> 2/5, 2/5, 1/5
    z_b = np.array([[0.0, LN2, LN5], [LN2, LN2, 0.0]])
    expected_b = np.array([[1 / 8, 2 / 8, 5 / 8], [2 / 5, 2 / 5, 1 / 5]])
    # exp of the whole matrix sums to 8 + 5 = 13; per column: 1+2, 2+2, 5+1
    slips = [(np.array([[1, 2, 5], [2, 2, 1]]) / 13,
              "the whole matrix was normalized at once: each row (one sample) must sum to 1 "
              "on its own."),
             (np.array([[1 / 3, 2 / 4, 5 / 6], [2 / 3, 2 / 4, 1 / 6]]),
              "the columns sum to 1 here: normalize along each row (axis=1), one sample's "
              "K classes."),
             (np.exp(z_b), "these are exp(z) before dividing by the row's sum.")]
    # (c) huge logits: shifting a row by its maximum changes nothing but avoids exp(1000) = inf
    #     (1000, 0, -1000) -> (1, 0, 0);  (-1000, -1000) -> (1/2, 1/2)
    z_c = np.array([[1000.0, 0.0, -1000.0]])
    z_d = np.array([[-1000.0, -1000.0]])
    hint_shift = ("exp(1000) overflows to inf and inf/inf is NaN; exp(-1000) underflows to 0 and "
                  "0/0 is NaN. Subtracting the same number from every logit of a row does not "
                  "change its softmax: pick one that keeps exp in range.")
    return run_cases(student_softmax, [
        _slip_case(z_b, expected=expected_b, slips=slips,
                   hint="softmax works row by row: each sample's K logits give K probabilities."),
        Case(z_a, expected=expected_a, rtol=1e-12,
             hint="exponentiate every logit, then divide by the sum of the row's exponentials."),
        Case(z_b, expected=expected_b, rtol=1e-12,
             hint="softmax works row by row: each sample's K logits give K probabilities."),
        Case(z_c, expected=np.array([[1.0, 0.0, 0.0]]), hint=hint_shift),
        Case(z_d, expected=np.array([[0.5, 0.5]]), hint=hint_shift),
    ], name="softmax", success="softmax gives rows that sum to 1, even for logits of ±1000.")


def _cross_entropy_by_hand(Z, y):
    """Mean over rows of log(sum_k exp(z_k)) - z_{y}, with the row maximum taken out first."""
    y = np.asarray(y).astype(np.int64)        # numerical_case hands every array over as floats
    m = Z.max(axis=1, keepdims=True)
    log_sum = m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))
    return float(np.mean(log_sum - Z[np.arange(len(y)), y]))


@checker(formula="P = softmax(Z); P[np.arange(len(y)), y] -= 1; return P / len(y)   "
                 "(the softmax of each row minus the one-hot label, over n)")
def cross_entropy_gradient(student_gradient):
    """Check ``cross_entropy_gradient(Z, y)``: the gradient of the mean cross-entropy
    L = (1/n) sum_i -log softmax(z_i)[y_i] with respect to the logits Z (n, K)."""
    # (a) one row of equal logits (0, 0, 0), true class 1: p = (1/3, 1/3, 1/3),
    #     p - onehot = (1/3, -2/3, 1/3), n = 1
    z_a, y_a = np.zeros((1, 3)), np.array([1])
    expected_a = np.array([[1 / 3, -2 / 3, 1 / 3]])
    # (b) two rows (0, ln 2, ln 5) with classes 2 and 0: p = (1, 2, 5)/8 in both;
    #     row 1: (1/8, 2/8, -3/8), row 2: (-7/8, 2/8, 5/8); divided by n = 2
    z_b, y_b = np.array([[0.0, LN2, LN5], [0.0, LN2, LN5]]), np.array([2, 0])
    expected_b = np.array([[1 / 8, 2 / 8, -3 / 8], [-7 / 8, 2 / 8, 5 / 8]]) / 2
    slips = [(expected_b * 2, "the gradient of the *mean* loss carries a factor 1/n: divide by "
                              "the number of rows."),
             (-expected_b, "the sign is reversed: the gradient points to where the loss grows, "
                           "p minus the one-hot label."),
             (np.array([[1, 2, 5], [1, 2, 5]]) / 16,
              "the one-hot label is missing: subtract 1 at each row's true class.")]
    hint = ("for softmax followed by cross-entropy the chain rule collapses to a difference: "
            "each row's probabilities minus its one-hot label, then the mean over the n rows.")
    rng = np.random.default_rng(1515)
    z_c = rng.normal(size=(6, 4)) * 2
    y_c = rng.integers(0, 4, 6)
    return run_cases(student_gradient, [
        _slip_case(z_b, y_b, expected=expected_b, slips=slips, hint=hint),
        Case(z_a, y_a, expected=expected_a, rtol=1e-12, hint=hint),
        Case(z_b, y_b, expected=expected_b, rtol=1e-12, hint=hint),
        numerical_case(_cross_entropy_by_hand, z_c, y_c, hint=hint),
        Case(np.array([[800.0, 0.0]]), np.array([1]), expected=np.array([[1.0, -1.0]]),
             hint="a logit of 800 must not overflow: use a softmax that shifts each row by its "
                  "maximum."),
    ], name="cross_entropy_gradient",
        success="cross_entropy_gradient is (softmax - one-hot) / n, even for huge logits.")


@checker(formula="C = np.zeros((K, K), dtype=int); for t, p in zip(y_true, y_pred): "
                 "C[t, p] += 1; return C")
def confusion_matrix_k(student_confusion_matrix):
    """Check ``confusion_matrix_k(y_true, y_pred, K)``: C[i, j] = the number of samples of
    true class i predicted as class j, for classes 0..K-1."""
    # (a) true 0 0 1 1 2 2 2, predicted 0 1 1 2 2 0 2:
    #     true 0 -> predicted 0, 1: row (1, 1, 0); true 1 -> 1, 2: (0, 1, 1);
    #     true 2 -> 2, 0, 2: (1, 0, 2)
    y_a = np.array([0, 0, 1, 1, 2, 2, 2])
    p_a = np.array([0, 1, 1, 2, 2, 0, 2])
    expected_a = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 2]])
    slips = [(expected_a.T, "rows and columns are swapped: a row is the *true* class, a column "
                            "the predicted one."),
             (np.diag(np.diag(expected_a)), "only the correct predictions were counted: every "
                                            "(true, predicted) pair has its cell.")]
    hint = "go through the samples: each adds one to the cell (its true class, its predicted class)."
    # (b) K = 4 but class 3 never occurs: the matrix is still 4 x 4, with a zero row and column
    y_b, p_b = np.array([0, 1, 2, 1]), np.array([0, 2, 2, 1])
    expected_b = np.zeros((4, 4), dtype=int)
    expected_b[0, 0] = expected_b[1, 2] = expected_b[2, 2] = expected_b[1, 1] = 1
    return run_cases(student_confusion_matrix, [
        _slip_case(y_a, p_a, 3, expected=expected_a, slips=slips, hint=hint),
        Case(y_a, p_a, 3, expected=expected_a, hint=hint),
        Case(y_b, p_b, 4, expected=expected_b,
             hint="the matrix is K x K even when a class is never seen or never predicted."),
        Case(np.array([1, 1, 1]), np.array([1, 1, 1]), 2, expected=np.array([[0, 0], [0, 3]]),
             hint="three samples of class 1, all predicted 1: only the cell (1, 1) counts."),
    ], name="confusion_matrix_k",
        success="confusion_matrix_k counts every (true, predicted) pair in a K x K table.")
