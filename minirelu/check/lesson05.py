"""Checkers for exercises/05_evaluation.ipynb: the rates, the ROC points and the AUC by hand.

- ``rates(y_true, y_pred)`` -> a dict of the seven rates of the workshop's table, NaN
  (without a warning) where a denominator is 0;
- ``roc_points(y_true, scores)`` -> ``(fpr, tpr)``, from (0, 0), one point per distinct score;
- ``auc_by_pairs(y_true, scores)`` -> the share of (positive, negative) pairs ranked right,
  ties counting one half.

Expected values are worked out by hand in the comments beside each case, or come from
properties and from the rank (Mann–Whitney) formula written out here; none comes from
``minirelu.metrics``.
"""
import numpy as np

from ._core import Case, checker, run_cases
from .lesson01 import _slip_case

__all__ = ["rates", "roc_points", "auc_by_pairs"]

NAN = float("nan")


def _rates_of(tn, fp, fn, tp):
    """The seven rates from the four counts, 0/0 as NaN: used to spell out the slips."""
    def ratio(top, bottom):
        return top / bottom if bottom else NAN
    return {"accuracy": ratio(tp + tn, tn + fp + fn + tp), "precision": ratio(tp, tp + fp),
            "recall": ratio(tp, tp + fn), "specificity": ratio(tn, tn + fp),
            "npv": ratio(tn, tn + fn), "fpr": ratio(fp, fp + tn),
            "f1": ratio(2 * tp, 2 * tp + fp + fn)}


@checker(formula="TP = np.sum((y_true == 1) & (y_pred == 1)), FP, FN, TN alike; precision = TP / "
                 "(TP + FP), recall = TP / (TP + FN), specificity = TN / (TN + FP), npv = TN / "
                 "(TN + FN), fpr = FP / (FP + TN), f1 = 2 TP / (2 TP + FP + FN), accuracy = (TP + "
                 "TN) / n; float('nan') where a denominator is 0.")
def rates(student_rates):
    """Check ``rates(y_true, y_pred)``: a dict of accuracy, precision, recall, specificity,
    npv, fpr and f1, each a float; NaN where the denominator is 0."""
    # (a) y_true 1 0 1 1 0 0 1 0 0 0
    #     y_pred 1 1 0 1 0 0 1 0 1 0
    #            TP FP FN TP TN TN TP TN FP TN  -> TP 3, FP 2, FN 1, TN 4
    y_a = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 0])
    p_a = np.array([1, 1, 0, 1, 0, 0, 1, 0, 1, 0])
    expected_a = {"accuracy": 7 / 10, "precision": 3 / 5, "recall": 3 / 4, "specificity": 4 / 6,
                  "npv": 4 / 5, "fpr": 2 / 6, "f1": 6 / 9}
    swapped_pr = dict(expected_a, precision=3 / 4, recall=3 / 5)
    swapped_sn = dict(expected_a, specificity=4 / 5, npv=4 / 6)
    slips = [(swapped_pr, "precision and recall are swapped: precision = TP / (TP + FP) is about "
                          "the predicted 1s, recall = TP / (TP + FN) about the true 1s."),
             (swapped_sn, "specificity and npv are swapped: specificity = TN / (TN + FP) is about "
                          "the true 0s, npv = TN / (TN + FN) about the predicted 0s."),
             (_rates_of(3, 1, 2, 4), "the labels' roles are swapped: label 1 is the positive "
                                     "class, so TP counts y_true == 1 and y_pred == 1."),
             (_rates_of(4, 1, 2, 3), "FP and FN are swapped: a false positive is a true 0 "
                                     "predicted as 1 (y_true == 0 and y_pred == 1).")]
    hint_a = ("count the four cells TP, FP, FN, TN first (a true positive is y_true 1 and "
              "y_pred 1); each rate is then a ratio of these counts, as in the lesson's table.")
    # (b) nothing predicted positive: y_true 0 0 1 1 0, y_pred all 0 -> TP 0, FP 0, FN 2, TN 3
    #     precision 0/0 = nan, recall 0/2, specificity 3/3, npv 3/5, fpr 0/3, f1 0/(0+0+2)
    y_b, p_b = np.array([0, 0, 1, 1, 0]), np.zeros(5, dtype=int)
    expected_b = {"accuracy": 3 / 5, "precision": NAN, "recall": 0.0, "specificity": 1.0,
                  "npv": 3 / 5, "fpr": 0.0, "f1": 0.0}
    hint_nan = ("when a denominator is 0 the rate is undefined: return float('nan') for it, "
                "without dividing (a NumPy 0/0 warns, a Python 0/0 raises).")
    # (c) no true positive in y_true: y_true 0 0 0, y_pred 1 0 0 -> TP 0, FP 1, FN 0, TN 2
    #     recall 0/0 = nan, precision 0/1, specificity 2/3, npv 2/2, fpr 1/3, f1 0/(0+1+0)
    y_c, p_c = np.array([0, 0, 0]), np.array([1, 0, 0])
    expected_c = {"accuracy": 2 / 3, "precision": 0.0, "recall": NAN, "specificity": 2 / 3,
                  "npv": 1.0, "fpr": 1 / 3, "f1": 0.0}
    # (d) booleans work like 0/1: all right -> TP 2, TN 2
    y_d = np.array([True, False, True, False])
    expected_d = {"accuracy": 1.0, "precision": 1.0, "recall": 1.0, "specificity": 1.0,
                  "npv": 1.0, "fpr": 0.0, "f1": 1.0}
    return run_cases(student_rates, [
        _slip_case(y_a, p_a, expected=expected_a, slips=slips, hint=hint_a),
        Case(y_a, p_a, expected=expected_a, hint=hint_a),
        Case(y_b, p_b, expected=expected_b, hint=hint_nan),
        Case(y_c, p_c, expected=expected_c, hint=hint_nan),
        Case(y_d, y_d.copy(), expected=expected_d,
             hint="labels may come as booleans: compare with == 1 (True == 1) rather than "
                  "using them as indices."),
    ], name="rates",
        success="rates gives all seven rates, and NaN where a rate is 0/0.")


def _roc_properties(got, y_true, scores):
    """The points of a ROC curve, checked through properties: start, end, monotone, one point
    per distinct score, and a trapezoid area equal to the rank formula of the AUC."""
    fpr, tpr = (np.asarray(v, dtype=float) for v in got)
    k = np.unique(scores).size + 1
    if fpr.shape != (k,) or tpr.shape != (k,):
        return (f"fpr and tpr have shapes {fpr.shape} and {tpr.shape}; with {k - 1} distinct "
                f"scores there are {k} points, (0, 0) and one per distinct score")
    if fpr[0] != 0 or tpr[0] != 0 or fpr[-1] != 1 or tpr[-1] != 1:
        return "the curve must start at (0, 0) and end at (1, 1)"
    if (np.diff(fpr) < 0).any() or (np.diff(tpr) < 0).any():
        return "fpr and tpr must never decrease as the threshold is lowered"
    area = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    expected = _auc_by_ranks(y_true, scores)
    if not np.isclose(area, expected, rtol=1e-9, atol=1e-12):
        return f"the area under these points is {area:.6f}, but the AUC of the data is {expected:.6f}"
    return None


@checker(formula="thresholds = np.unique(scores)[::-1]; for each t: predicted = scores >= t, "
                 "tpr = TP / P, fpr = FP / N; prepend the point (0, 0).")
def roc_points(student_roc_points):
    """Check ``roc_points(y_true, scores)`` -> ``(fpr, tpr)``: from (0, 0), one point per
    distinct score, highest score first, ending at (1, 1)."""
    # (a) no ties. Sorted: 0.9 (1), 0.8 (0), 0.4 (1), 0.35 (1), 0.1 (0); P = 3, N = 2.
    #     TP: 1 1 2 3 3   FP: 0 1 1 1 2  -> with the start (0, 0):
    y_a = np.array([0, 1, 1, 0, 1])
    s_a = np.array([0.1, 0.4, 0.35, 0.8, 0.9])
    expected_a = (np.array([0, 0, 1 / 2, 1 / 2, 1 / 2, 1]), np.array([0, 1 / 3, 1 / 3, 2 / 3, 1, 1]))
    slips = [((expected_a[1], expected_a[0]), "fpr and tpr are swapped: return (fpr, tpr)."),
             ((expected_a[0][1:], expected_a[1][1:]),
              "the curve must start at (0, 0): the threshold above every score, nothing "
              "predicted positive."),
             ((expected_a[0][::-1], expected_a[1][::-1]),
              "the points run from (1, 1) to (0, 0): start with the highest score as threshold."),
             ((np.array([0, 0, 1, 1, 1, 2]), np.array([0, 1, 1, 2, 3, 3])),
              "these are the counts FP and TP: divide by N (negatives) and P (positives).")]
    hint_a = ("lower the threshold through the distinct scores, highest first; at each one "
              "count the true and false positives, as shares of the positives and of the "
              "negatives; the curve starts at (0, 0).")
    # (b) ties. Positives 0.7, 0.2, 0.9; negatives 0.7, 0.5, 0.2; distinct scores 0.9 0.7 0.5 0.2
    #     TP: 1 2 2 3   FP: 0 1 2 3  -> the ties at 0.7 and 0.2 give diagonal steps
    y_b = np.array([1, 0, 1, 0, 0, 1])
    s_b = np.array([0.7, 0.7, 0.2, 0.5, 0.2, 0.9])
    expected_b = (np.array([0, 0, 1 / 3, 2 / 3, 1]), np.array([0, 1 / 3, 2 / 3, 2 / 3, 1]))
    hint_ties = ("samples that share a score cross the threshold together: one point per "
                 "distinct score, not one per sample.")
    # (c) logits, a tie of three. Positives 2.0, 0.5, -1.0; negatives -1.0, 0.5, 0.5, -3.0.
    #     distinct 2.0 0.5 -1.0 -3.0 -> TP: 1 2 3 3, FP: 0 2 3 4
    y_c = np.array([0, 1, 0, 1, 1, 0, 0])
    s_c = np.array([-1.0, 2.0, 0.5, 0.5, -1.0, 0.5, -3.0])
    expected_c = (np.array([0, 0, 1 / 2, 3 / 4, 1]), np.array([0, 1 / 3, 2 / 3, 1, 1]))
    rng = np.random.default_rng(505)
    y_d = rng.permutation(np.repeat([0, 1], [23, 17]))
    s_d = np.round(rng.uniform(0, 1, 40) + 0.3 * y_d, 1)       # one decimal: many ties
    return run_cases(student_roc_points, [
        _slip_case(y_a, s_a, expected=expected_a, slips=slips, hint=hint_a),
        Case(y_a, s_a, expected=expected_a, hint=hint_a),
        Case(y_b, s_b, expected=expected_b, hint=hint_ties),
        Case(y_c, s_c, expected=expected_c,
             hint="scores need not lie in [0, 1]: any numbers work, higher meaning more "
                  "positive. " + hint_ties),
        Case(y_d, s_d, prop=_roc_properties, hint=hint_ties,
             label="40 labels (17 ones) and scores rounded to one decimal (many ties)"),
    ], name="roc_points",
        success="roc_points gives one point per distinct score, ties as diagonal steps.")


def _auc_by_ranks(y_true, scores):
    """AUC from ranks: (sum of the positives' mid-ranks - P(P+1)/2) / (P N)."""
    y_true, scores = np.asarray(y_true), np.asarray(scores, dtype=float)
    values, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    last = np.cumsum(counts)                     # rank of the last sample of each tie group
    mid_rank = (last - (counts - 1) / 2.0)[inverse]
    n_pos, n_neg = int(np.sum(y_true == 1)), int(np.sum(y_true == 0))
    return float((mid_rank[y_true == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


@checker(formula="pos, neg = scores[y_true == 1], scores[y_true == 0]; wins = (pos[:, None] > "
                 "neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum(); "
                 "return wins / (len(pos) * len(neg))")
def auc_by_pairs(student_auc_by_pairs):
    """Check ``auc_by_pairs(y_true, scores)``: the share of (positive, negative) pairs in which
    the positive scores higher, a tie counting one half."""
    # (a) positives 0.4, 0.35, 0.9 against negatives 0.1, 0.8:
    #     0.4 beats 0.1 -> 1;  0.35 beats 0.1 -> 1;  0.9 beats both -> 2;  4 of 6 pairs
    y_a = np.array([0, 1, 1, 0, 1])
    s_a = np.array([0.1, 0.4, 0.35, 0.8, 0.9])
    # (b) positives 0.7, 0.2, 0.9 against negatives 0.7, 0.5, 0.2:
    #     0.7 beats 0.5, 0.2 and ties 0.7 -> 2.5;  0.2 ties 0.2 -> 0.5;  0.9 -> 3;  6 of 9
    y_b = np.array([1, 0, 1, 0, 0, 1])
    s_b = np.array([0.7, 0.7, 0.2, 0.5, 0.2, 0.9])
    slips = [(5 / 9, "the ties counted 0: a tie between a positive and a negative counts one half."),
             (7 / 9, "the ties counted 1: a tie between a positive and a negative counts one half."),
             (3 / 9, "that is 1 - AUC: count the pairs where the *positive* scores higher.")]
    hint = ("compare every positive score with every negative score (a P by N table of "
            "comparisons): count the wins, add one half for each tie, divide by the number of pairs.")
    rng = np.random.default_rng(506)
    y_e = rng.permutation(np.repeat([0, 1], [31, 19]))
    s_e = rng.integers(0, 6, 50) + y_e                        # integer scores: many ties
    return run_cases(student_auc_by_pairs, [
        _slip_case(y_b, s_b, expected=6 / 9, slips=slips, hint=hint),
        Case(y_a, s_a, expected=4 / 6, hint=hint),
        Case(y_b, s_b, expected=6 / 9, hint=hint),
        Case(np.array([0, 1, 0, 1]), np.full(4, 0.5), expected=0.5,
             hint="when every score is the same, every pair is a tie: the AUC is 1/2."),
        Case(np.array([1, 1, 0]), np.array([0.1, 0.2, 0.9]), expected=0.0,
             hint="every positive scores below the negative here: no pair is won, AUC = 0."),
        Case(y_e, s_e, expected=_auc_by_ranks(y_e, s_e), rtol=1e-9, hint=hint,
             label="50 labels (19 ones) and integer scores 0..6 (many ties)"),
    ], name="auc_by_pairs",
        success="auc_by_pairs counts every pair, ties as one half.")

