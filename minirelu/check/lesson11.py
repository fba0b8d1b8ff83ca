"""Checkers for exercises/11_l1_regularization.ipynb: what an L1 penalty does, by hand.

* ``check.soft_threshold(fn)``: ``soft_threshold(w, tau)`` -> sign(w) max(|w| - tau, 0),
  elementwise, as a new array;
* ``check.count_exact_zeros(fn)``: ``count_exact_zeros(weights)`` -> how many entries of a
  list of weight matrices are exactly 0;
* ``check.dead_units(fn)``: ``dead_units(W1, b1, X)`` -> how many first-layer ReLU units are
  off (z <= 0) for every row of X;
* ``check.choose_penalty(fn)``: ``choose_penalty(l1_regs, n_llms, val_scores, max_loss)`` ->
  the penalty with the fewest LLMs among those whose validation score is at most
  ``max_loss`` below the first (unpenalised) one.

Every expected value is worked out by hand in the comments below.
"""
import numpy as np

from ._core import Case, checker, run_cases, slip_case

__all__ = ["soft_threshold", "count_exact_zeros", "dead_units", "choose_penalty"]


@checker(formula="return np.sign(w) * np.maximum(np.abs(w) - tau, 0.0)")
def soft_threshold(student_soft_threshold):
    """Check ``soft_threshold(w, tau)``: each entry moves tau towards 0 and stops at 0."""
    # tau = 0.5: -1.5 -> -1.0;  -0.2 -> 0 (|w| < tau);  0 -> 0;  0.3 -> 0;  2.0 -> 1.5
    w = np.array([-1.5, -0.2, 0.0, 0.3, 2.0])
    hint = ("move each weight tau towards 0; a weight closer to 0 than tau stops at exactly 0, "
            "and a negative weight stays negative.")
    no_sign = ("negative weights became 0 or grew: shrink the size |w| of each weight, then put "
               "its sign back.")
    overshoot = ("small weights crossed 0 (that is the subgradient step w - tau * sign(w)): the "
                 "soft threshold stops at exactly 0.")
    expected = np.array([-1.0, 0.0, 0.0, 0.0, 1.5])
    return run_cases(student_soft_threshold, [
        slip_case(w, 0.5, expected=expected, hint=hint,
                   slips=[(np.array([0.0, 0.0, 0.0, 0.0, 1.5]), no_sign),
                          (np.array([-1.0, 0.3, 0.0, -0.2, 1.5]), overshoot)]),
        Case(w, 0.5, expected=expected, hint=hint),
        Case(w, 0.0, expected=w.copy(), hint="tau = 0 leaves every weight as it is."),
        # a matrix keeps its shape: [[0.4, -3], [1, -0.9]] with tau 1 -> [[0, -2], [0, 0]]
        Case(np.array([[0.4, -3.0], [1.0, -0.9]]), 1.0, expected=np.array([[0.0, -2.0], [0.0, 0.0]]),
             hint="work elementwise, whatever the shape of w. " + hint),
    ], name="soft_threshold")


@checker(formula="return sum(int(np.sum(W == 0)) for W in weights)")
def count_exact_zeros(student_count):
    """Check ``count_exact_zeros(weights)``: entries == 0 over every matrix of the list."""
    # [[0, 1], [2, 0]] holds 2 zeros, [[0, 0, 3]] holds 2: 4 in all
    first = [np.array([[0.0, 1.0], [2.0, 0.0]]), np.array([[0.0, 0.0, 3.0]])]
    # 1e-12 and -0.0: -0.0 == 0 is a zero, 1e-12 is not: 2 (the -0.0 and the 0)
    second = [np.array([[1e-12, -0.0], [0.0, 5.0]])]
    hint = "count the entries equal to 0 in each matrix, and add the counts up over the list."
    return run_cases(student_count, [
        Case(first, expected=4, hint=hint),
        Case(second, expected=2,
             hint="exactly 0 means == 0: a tiny weight such as 1e-12 is not a zero. " + hint),
        Case([np.ones((3, 3))], expected=0, hint=hint),
    ], name="count_exact_zeros")


@checker(formula="Z = X @ W1.T + b1\nreturn int(np.sum(np.all(Z <= 0, axis=0)))")
def dead_units(student_dead_units):
    """Check ``dead_units(W1, b1, X)``: units with z = W1 x + b1 <= 0 for every row of X."""
    # W1 rows (1, 0), (0, 1), (-1, -1), (0, 0); b1 (0, -5, -0.5, 0); rows (1, 2), (3, 1):
    #   unit 1: z = x1 = 1, 3             -> alive
    #   unit 2: z = x2 - 5 = -3, -4       -> dead
    #   unit 3: z = -x1 - x2 - 0.5 = -3.5, -4.5 -> dead
    #   unit 4: z = 0 for every row       -> dead (0 counts as off)
    W1 = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [0.0, 0.0]])
    b1 = np.array([0.0, -5.0, -0.5, 0.0])
    X = np.array([[1.0, 2.0], [3.0, 1.0]])
    # add the row (0, 6): z2 = 6 - 5 = 1 > 0, so unit 2 is alive: 2 dead
    X2 = np.array([[1.0, 2.0], [3.0, 1.0], [0.0, 6.0]])
    hint = ("compute every unit's pre-activation z for every row (one column per unit); a unit "
            "is dead when its whole column is <= 0.")
    strict = "a unit whose z is exactly 0 everywhere is off everywhere: count z <= 0, not z < 0."
    per_row = ("count units, not entries: a unit is dead only when it is off for every row.")
    return run_cases(student_dead_units, [
        slip_case(W1, b1, X, expected=3, hint=hint, slips=[(2, strict), (6, per_row)]),
        Case(W1, b1, X, expected=3, hint=hint),
        Case(W1, b1, X2, expected=2, hint="unit 2 is on for the row (0, 6). " + hint),
    ], name="dead_units")


@checker(formula="kept = val_scores >= val_scores[0] - max_loss\n"
                 "return l1_regs[kept][np.argmin(n_llms[kept])]")
def choose_penalty(student_choose):
    """Check ``choose_penalty(l1_regs, n_llms, val_scores, max_loss)``."""
    # An L1 path of the lesson (bike hours, 9-40-40-1, Adam 1e-3; validation R² rounded):
    regs = np.array([0.0, 1e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3])
    llms = np.array([3890, 4452, 3944, 4052, 3547, 2059, 909, 116])
    scores = np.array([0.9161, 0.9188, 0.9169, 0.9169, 0.9164, 0.9147, 0.9131, 0.8859])
    # max_loss 0.005: scores >= 0.9111 for all but 5e-3 -> fewest LLMs: 2e-3 (909)
    # max_loss 0.05:  >= 0.8661 adds 5e-3 (116 LLMs) -> 5e-3
    # max_loss 0.002: >= 0.9141 keeps 0 ... 1e-3 -> 1e-3 (2059)
    # max_loss 0.0:   >= 0.9161 keeps 0, 1e-5, 1e-4, 2e-4, 5e-4 -> 5e-4 (3547)
    hint = ("keep the penalties whose validation score is at most max_loss below the first "
            "(unpenalised) one, then return the kept penalty with the fewest LLMs.")
    fewest_overall = ("you returned the penalty with the fewest LLMs overall; only penalties "
                      "whose score is within max_loss of the first one count.")
    return run_cases(student_choose, [
        slip_case(regs, llms, scores, 0.005, expected=2e-3, hint=hint,
                  slips=[(5e-3, fewest_overall)]),
        Case(regs, llms, scores, 0.005, expected=2e-3, hint=hint),
        Case(regs, llms, scores, 0.05, expected=5e-3, hint=hint),
        Case(regs, llms, scores, 0.002, expected=1e-3, hint=hint),
        Case(regs, llms, scores, 0.0, expected=5e-4, hint=hint),
    ], name="choose_penalty")
