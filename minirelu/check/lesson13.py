"""Checkers for exercises/13_shapley.ipynb.

``check.coalition_value``, ``check.shapley_by_enumeration`` and ``check.slide_fixed``
(for ``phi1_two_ways(v)``, the slide's value and the right one from a table of coalition
values) take the student's function.
Expected values are worked by hand (the workshop's example, a product of two features,
a two-row background), or come from a second, independent definition of the Shapley
value written out here: the average, over all d! orderings of the features, of each
feature's marginal contribution when it joins. None of them calls minirelu's own
Shapley code.
"""
import itertools

import numpy as np

from ._core import Case, checker, run_cases, slip_case

__all__ = ["coalition_value", "shapley_by_enumeration", "slide_fixed"]


def _workshop(Z):
    """The workshop's model f = 5 x1 + 3 x2 + 2 x3 (columns 0, 1, 2)."""
    return Z @ np.array([5.0, 3.0, 2.0])


def _interaction(Z):
    """g = 5 x1 + 3 x2 + 2 x3 + 4 x1 x2."""
    return _workshop(Z) + 4.0 * Z[:, 0] * Z[:, 1]


def _triple(Z):
    """x1 x2 x3: worth something only when all three are present."""
    return Z[:, 0] * Z[:, 1] * Z[:, 2]


def _square_plus_product(Z):
    """z0^2 + z0 z1."""
    return Z[:, 0] ** 2 + Z[:, 0] * Z[:, 1]


def _smooth4(Z):
    return np.sin(Z[:, 0] * Z[:, 1]) + Z[:, 2] ** 2 * Z[:, 3] - Z[:, 1] * Z[:, 3]


def _by_orderings(f, x, background):
    """Shapley values as the mean marginal contribution over every ordering of the features."""
    d = len(x)

    def v(S):
        Z = background.copy()
        Z[:, list(S)] = x[list(S)]
        return float(np.mean(f(Z)))

    phi = np.zeros(d)
    orders = list(itertools.permutations(range(d)))
    for order in orders:
        for k, j in enumerate(order):
            phi[j] += v(order[:k + 1]) - v(order[:k])
    return phi / len(orders)


@checker(formula="Z = background.copy(); Z[:, list(S)] = x[list(S)]; return float(np.mean(f(Z)))")
def coalition_value(student_coalition_value):
    """Check ``coalition_value(f, x, background, S)``: the mean over background rows b of f at
    the row taking x's values on the features in S and b's elsewhere."""
    x, zero = np.array([1.0, 1.0, 1.0]), np.zeros((1, 3))
    slips = [(2.0, "you took x on the features outside S and the background on S: the features "
                   "in S are the present ones, they keep x's values."),
             (10.0, "that is f(x): only the features in S take x's values, the others come from "
                    "the background row.")]
    hint = ("make one row per background row: the features in S take x's values, the others "
            "keep the background's; v(S) is the mean of f over those rows.")
    two_rows = np.array([[0.0, 0.0, 0.0], [2.0, 2.0, 2.0]])
    return run_cases(student_coalition_value, [
        # S = {x1, x2} with a zero baseline: f(1, 1, 0) = 8
        slip_case(_workshop, x, zero, (0, 1), expected=8.0, slips=slips, hint=hint,
                   label="f = 5 x1 + 3 x2 + 2 x3, x = (1, 1, 1), background = [(0, 0, 0)], S = (0, 1)"),
        Case(_workshop, x, zero, (0, 1), expected=8.0, hint=hint,
             label="f = 5 x1 + 3 x2 + 2 x3, x = (1, 1, 1), background = [(0, 0, 0)], S = (0, 1)"),
        Case(_workshop, x, zero, (), expected=0.0,
             label="the same f and x, S = () (empty)",
             hint="the empty coalition takes every feature from the background: f(0, 0, 0) = 0."),
        Case(_workshop, x, zero, (0, 1, 2), expected=10.0, label="the same f and x, S = (0, 1, 2)",
             hint="the full coalition is x itself: f(1, 1, 1) = 10."),
        # mean of f(1, 0, 0) = 5 and f(1, 2, 2) = 15
        Case(_workshop, x, two_rows, (0,), expected=10.0,
             label="the same f and x, background = [(0, 0, 0), (2, 2, 2)], S = (0,)",
             hint="average over the background rows: f(1, 0, 0) = 5 and f(1, 2, 2) = 15 give 10."),
    ], name="coalition_value", success="coalition_value fills absent features from the background "
                                       "and averages over its rows.")


@checker(formula="for each j, for each size s in 0..d-1, for each S in itertools.combinations(others, s): "
                 "phi[j] += s! (d - s - 1)! / d! * (v(S + (j,)) - v(S)), with v your coalition_value.")
def shapley_by_enumeration(student_shapley_by_enumeration):
    """Check ``shapley_by_enumeration(f, x, background)`` -> (d,): every coalition, weights
    |S|! (d - |S| - 1)! / d!."""
    ones, zero = np.ones(3), np.zeros((1, 3))
    # triple product: only v(all) = 1 is non-zero, so each feature gets 1/3 (it comes last in
    # 2 of the 6 orderings); equal weights 1/4 over the 4 coalitions would give 1/4 each
    slips = [(np.full(3, 0.25), "every coalition got the same weight 1/4; the Shapley weight "
                                "depends on the size of S: count the orderings in which j joins "
                                "exactly S."),
             (np.ones(3), "you summed the marginal contributions without their weights.")]
    hint = ("for each feature j, go through every coalition S of the other features (of every "
            "size), and add j's marginal contribution v(S with j) - v(S), weighted by the share "
            "of orderings in which j joins exactly S.")
    rng = np.random.default_rng(13)
    X4, B4 = rng.normal(size=4), rng.normal(size=(5, 4))
    return run_cases(student_shapley_by_enumeration, [
        slip_case(_triple, ones, zero, expected=np.full(3, 1 / 3), slips=slips, hint=hint,
                   label="f = x1 x2 x3, x = (1, 1, 1), background = [(0, 0, 0)]"),
        Case(_workshop, ones, zero, expected=np.array([5.0, 3.0, 2.0]), hint=hint,
             label="f = 5 x1 + 3 x2 + 2 x3, x = (1, 1, 1), background = [(0, 0, 0)]"),
        Case(_interaction, ones, zero, expected=np.array([7.0, 5.0, 2.0]),
             label="g = 5 x1 + 3 x2 + 2 x3 + 4 x1 x2, x = (1, 1, 1), background = [(0, 0, 0)]",
             hint="the interaction 4 x1 x2 is shared equally by x1 and x2: (5 + 2, 3 + 2, 2). " + hint),
        Case(_triple, ones, zero, expected=np.full(3, 1 / 3),
             label="f = x1 x2 x3, x = (1, 1, 1), background = [(0, 0, 0)]", hint=hint),
        # v(empty) = 3, v({0}) = 1.5, v({1}) = 4, v({0, 1}) = 3
        Case(_square_plus_product, np.array([1.0, 2.0]), np.array([[0.0, 0.0], [2.0, 1.0]]),
             expected=np.array([-1.25, 1.25]),
             label="f = z0^2 + z0 z1, x = (1, 2), background = [(0, 0), (2, 1)]",
             hint="with d = 2 features (the code must work for any d) both weights are 1/2; v averages over both background rows: "
                  "v() = 3, v(0) = 1.5, v(1) = 4, v(0, 1) = 3."),
        Case(_smooth4, X4, B4, expected=_by_orderings(_smooth4, X4, B4),
             label="a smooth function of 4 features with interactions, 5 background rows",
             hint="the code must work for any number of features d (coalitions of every size "
                  "0 .. d - 1 of the other features). " + hint),
    ], name="shapley_by_enumeration",
        success="shapley_by_enumeration gives exact Shapley values, for any d.")


# coalition values keyed by the features present, as on the slide
_V_WORKSHOP = {"": 0.0, "1": 5.0, "2": 3.0, "3": 2.0, "12": 8.0, "13": 7.0, "23": 5.0, "123": 10.0}
_V_INTERACTION = {"": 0.0, "1": 5.0, "2": 3.0, "3": 2.0, "12": 12.0, "13": 7.0, "23": 5.0, "123": 14.0}
# a three-way term 6 x1 x2 x3: only the full coalition changes (10 + 6 = 16)
_V_TRIPLE = {"": 0.0, "1": 5.0, "2": 3.0, "3": 2.0, "12": 8.0, "13": 7.0, "23": 5.0, "123": 16.0}


@checker(formula="slide_phi1 = ((v['12'] - v['2']) + (v['13'] - v['3']) + (v['123'] - v['2'])) / 3\n"
                 "right_phi1 = (v['1'] - v['']) / 3 + (v['12'] - v['2']) / 6 + (v['13'] - v['3']) / 6 "
                 "+ (v['123'] - v['23']) / 3")
def slide_fixed(student_phi1_two_ways):
    """Check ``phi1_two_ways(v)`` -> ``(slide_phi1, right_phi1)`` from a dict of coalition values:
    the slide's 1/3 [(v12 - v2) + (v13 - v3) + (v123 - v2)] and the exact Shapley value of x1.

    The third game has a three-way term, which only the full coalition sees: there the
    weights matter, so equal weights 1/4 over the four coalitions are caught (in the two
    other games every term of x1 is worth the same, or the terms pair up symmetrically).
    """
    hint = ("the slide sums three marginal contributions of x1 and divides by 3; the right "
            "value takes every coalition without x1 (four of them, the empty one too), pairs "
            "each with the same coalition plus x1, and weights it by the share of orderings "
            "in which x1 joins exactly that coalition. Read the values from v, do not type in "
            "numbers.")
    slips = [((17 / 3, 17 / 3), "your right_phi1 repeats the slide's mistakes: pair v(123) with "
                                "v(23), add the empty coalition's term, and weight the terms "
                                "by the share of orderings."),
             ((5.0, 17 / 3), "the two numbers are swapped: return (slide_phi1, right_phi1)."),
             ((17 / 3, 10 / 3), "your right_phi1 misses the empty coalition's term, x1 joining "
                                "first.")]
    # slide: ((8 - 3) + (7 - 2) + (16 - 3)) / 3 = 23/3;  right: 5/3 + 5/6 + 5/6 + 11/3 = 7;
    # equal weights 1/4: (5 + 5 + 5 + 11) / 4 = 6.5;  v(123) paired with v(2) and weights
    # 1/3, 1/6, 1/6, 1/3: 5/3 + 5/6 + 5/6 + 13/3 = 23/3
    slips_triple = [((23 / 3, 6.5), "your right_phi1 gives every coalition the same weight 1/4; "
                                    "the Shapley weight depends on the coalition's size (the "
                                    "three-way term shows it: only the full coalition sees it)."),
                    ((23 / 3, 23 / 3), "your right_phi1 pairs v(123) with v(2), as the slide does: "
                                       "x1 joins {2, 3}, so pair it with v(23).")]
    return run_cases(student_phi1_two_ways, [
        slip_case(_V_WORKSHOP, expected=(17 / 3, 5.0), slips=slips, hint=hint,
                   label="v of f = 5 x1 + 3 x2 + 2 x3 at (1, 1, 1), baseline 0",
                   names=("slide_phi1", "right_phi1")),
        Case(_V_WORKSHOP, expected=(17 / 3, 5.0), hint=hint,
             label="v of f = 5 x1 + 3 x2 + 2 x3 at (1, 1, 1), baseline 0",
             names=("slide_phi1", "right_phi1")),
        # slide: ((12 - 3) + (7 - 2) + (14 - 3)) / 3 = 25/3; right: 5/3 + 9/6 + 5/6 + 9/3 = 7
        Case(_V_INTERACTION, expected=(25 / 3, 7.0), hint=hint,
             label="v of g = 5 x1 + 3 x2 + 2 x3 + 4 x1 x2 at (1, 1, 1), baseline 0",
             names=("slide_phi1", "right_phi1")),
        slip_case(_V_TRIPLE, expected=(23 / 3, 7.0), slips=slips_triple, hint=hint,
                  label="v of h = 5 x1 + 3 x2 + 2 x3 + 6 x1 x2 x3 at (1, 1, 1), baseline 0",
                  names=("slide_phi1", "right_phi1")),
        Case(_V_TRIPLE, expected=(23 / 3, 7.0), hint=hint,
             label="v of h = 5 x1 + 3 x2 + 2 x3 + 6 x1 x2 x3 at (1, 1, 1), baseline 0",
             names=("slide_phi1", "right_phi1")),
    ], name="phi1_two_ways",
        success="phi1_two_ways gives the slide's 17/3 and the right 5 (and 25/3 and 7 with the "
                "interaction).")
