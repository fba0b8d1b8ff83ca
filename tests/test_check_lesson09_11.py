"""Checkers of exercises 09 and 11: they accept right answers and name typical slips.
Reference answers are written from the lessons' equations; minirelu.interpret is used only
as a second opinion on the hand-worked cases."""
import numpy as np
import pytest

import minirelu as mr
from minirelu import check, interpret
from minirelu.check import lesson09, lesson11
from test_checkers import solution_code_in


def run(capsys, checker, *args):
    result = checker(*args)
    return result, capsys.readouterr().out


def stub(*args):
    raise NotImplementedError


# ---- lesson 09 -----------------------------------------------------------------------------

def pattern_by_hand(W1, b1, x):
    return W1 @ x + b1 > 0


def llm_by_hand(W1, b1, w2, b2, x):
    g = (W1 @ x + b1 > 0) * w2
    return W1.T @ g, float(g @ b1 + b2)


def local_scores(coef, intercept, x, x_mean):
    return coef * (x - x_mean), float(intercept + coef @ x_mean)


def summary_columns(y, fitted, assignment):
    k = assignment.max() + 1
    counts = np.bincount(assignment, minlength=k)
    mean = np.bincount(assignment, y, k) / counts
    squares = np.bincount(assignment, (y - mean[assignment]) ** 2, k)
    std = np.full(k, np.nan)
    std[counts > 1] = np.sqrt(squares[counts > 1] / (counts[counts > 1] - 1))
    mse = np.bincount(assignment, (y - fitted) ** 2, k) / counts
    return counts, mean, std, mse


@pytest.mark.parametrize("checker, reference, n_cases", [
    (check.pattern_by_hand, pattern_by_hand, 6),
    (check.llm_by_hand, llm_by_hand, 6),
    (check.local_scores, local_scores, 4),
    (check.summary_columns, summary_columns, 4),
])
def test_lesson09_accepts_the_reference(capsys, checker, reference, n_cases):
    name = checker.__name__
    assert run(capsys, checker, reference) == (True, f"Correct! {name} passes all {n_cases} test cases.\n")


@pytest.mark.parametrize("checker, wrong, message", [
    (lesson09.pattern_by_hand, lambda W1, b1, x: np.maximum(W1 @ x + b1, 0),
     "the pattern holds the values of z (or relu(z))"),
    (lesson09.pattern_by_hand, lambda W1, b1, x: W1 @ x + b1 >= 0,
     "a pre-activation of exactly 0 counts as off: the comparison is strict"),
    (lesson09.llm_by_hand, lambda W1, b1, w2, b2, x: (W1.T @ w2, float(w2 @ b1 + b2)),
     "the coefficients ignore the pattern"),
    (lesson09.llm_by_hand, lambda W1, b1, w2, b2, x: (llm_by_hand(W1, b1, w2, b2, x)[0],
                                                      llm_by_hand(W1, b1, w2, b2, x)[1] - b2),
     "the intercept is missing b2"),
    (lesson09.local_scores, lambda c, b, x, m: (c * (x - m), float(b)),
     "the baseline is the intercept alone"),
    (lesson09.summary_columns,
     lambda y, f, a: summary_columns(y, f, a)[:2] + (
         np.array([np.std(y[a == k]) if np.sum(a == k) > 1 else np.nan for k in range(a.max() + 1)]),
         summary_columns(y, f, a)[3]),
     "the standard deviation divides by n_k"),
])
def test_lesson09_names_the_slip(capsys, checker, wrong, message):
    result, out = run(capsys, checker, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_summary_columns_reports_the_warning_of_a_single_row_std(capsys):
    def with_warning(y, fitted, assignment):
        k = assignment.max() + 1
        std = np.array([np.std(y[assignment == j], ddof=1) for j in range(k)])
        return summary_columns(y, fitted, assignment)[:2] + (std,) + summary_columns(y, fitted, assignment)[3:]
    result, out = run(capsys, check.summary_columns, with_warning)
    assert result == False and "raised a warning: RuntimeWarning" in out
    assert "set NaN yourself" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_lesson09_hand_cases_agree_with_minirelu():
    # llm_by_hand's cases: the lesson's network at (3, 1), (0, 3), (-1, -1), and the 3-3-1 net
    for (W1, b1, w2, b2), x, (coef, intercept) in [
            ((lesson09.W1, lesson09.B1, lesson09.W2, lesson09.B2), [3.0, 1.0], ([-1, -5], 2.5)),
            ((lesson09.W1, lesson09.B1, lesson09.W2, lesson09.B2), [0.0, 3.0], ([-4, -2], 2.5)),
            ((lesson09.W1, lesson09.B1, lesson09.W2, lesson09.B2), [-1.0, -1.0], ([0, 0], 0.5)),
            ((lesson09.W1_3, lesson09.B1_3, lesson09.W2_3, lesson09.B2_3), [1.0, 0.0, 1.0],
             ([0.5, 1.5, -0.5], -0.75))]:
        net = mr.MLP.from_weights([W1, w2.reshape(1, -1)], [b1, [b2]], "relu")
        llms = interpret.local_linear_models(net, [x])
        np.testing.assert_allclose(llms.coef[0], coef, atol=1e-15)
        assert llms.intercept[0] == pytest.approx(intercept, abs=1e-15)


def test_read_summary(capsys):
    assert run(capsys, check.read_summary, lambda: (120 / 241, 2, [3])) == (
        True, "Correct! read_summary reads the table right: 50% of the rows in LLM 0, LLM 2 "
              "closest to global, LLM 3 a single row.\n")
    assert run(capsys, check.read_summary, stub)[1].startswith("Not attempted yet")
    for answers, message in [((120 / 240, 2, [3]), "share_largest is 0.5; the largest LLM"),
                             ((120 / 241, 0, [3]), "most_global is 0; compare"),
                             ((120 / 241, 2, [2, 3]), "single_row is [2, 3]; give"),
                             ((120 / 241, 2), "should return three values")]:
        result, out = run(capsys, check.read_summary, lambda a=answers: a)
        assert result == False and message in out
    # the numbers in the docstring: global / local ratios
    ratios = np.array(lesson09.SUMMARY["Global MSE"]) / np.array(lesson09.SUMMARY["Local MSE"])
    assert int(np.argmin(ratios)) == 2 and sum(lesson09.SUMMARY["Count"]) == 241


# ---- lesson 11 -----------------------------------------------------------------------------

def soft_threshold(w, tau):
    return np.sign(w) * np.maximum(np.abs(w) - tau, 0.0)


def count_exact_zeros(weights):
    return int(sum(np.sum(W == 0) for W in weights))


def dead_units(W1, b1, X):
    return int(np.sum(np.all(X @ W1.T + b1 <= 0, axis=0)))


def choose_penalty(l1_regs, n_llms, val_scores, max_loss):
    kept = np.flatnonzero(val_scores >= val_scores[0] - max_loss)
    return float(l1_regs[kept[np.argmin(n_llms[kept])]])


@pytest.mark.parametrize("checker, reference, n_cases", [
    (check.soft_threshold, soft_threshold, 4),
    (check.count_exact_zeros, count_exact_zeros, 3),
    (check.dead_units, dead_units, 3),
    (check.choose_penalty, choose_penalty, 5),
])
def test_lesson11_accepts_the_reference(capsys, checker, reference, n_cases):
    name = checker.__name__
    assert run(capsys, checker, reference) == (True, f"Correct! {name} passes all {n_cases} test cases.\n")


@pytest.mark.parametrize("checker, wrong, message", [
    (lesson11.soft_threshold, lambda w, tau: np.maximum(w - tau, 0.0), "negative weights became 0"),
    (lesson11.soft_threshold, lambda w, tau: w - tau * np.sign(w), "small weights crossed 0"),
    (lesson11.count_exact_zeros, lambda ws: int(sum(np.sum(np.abs(W) < 1e-9) for W in ws)),
     "a tiny weight such as 1e-12 is not a zero"),
    (lesson11.dead_units, lambda W1, b1, X: int(np.sum(np.all(X @ W1.T + b1 < 0, axis=0))),
     "count z <= 0, not z < 0"),
    (lesson11.dead_units, lambda W1, b1, X: int(np.sum(X @ W1.T + b1 <= 0)), "count units, not entries"),
    (lesson11.choose_penalty, lambda r, n, s, m: float(r[np.argmin(n)]),
     "the penalty with the fewest LLMs overall"),
])
def test_lesson11_names_the_slip(capsys, checker, wrong, message):
    result, out = run(capsys, checker, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out


def test_soft_threshold_must_not_change_its_input(capsys):
    def in_place(w, tau):
        np.copyto(w, soft_threshold(w, tau))
        return w
    result, out = run(capsys, check.soft_threshold, in_place)
    assert result == False and "changed its input `w` in place" in out


def test_lesson11_hand_cases_agree_with_minirelu():
    # the estimators' proximal step on the first case
    w = np.array([-1.5, -0.2, 0.0, 0.3, 2.0])
    mr.optimizers.soft_threshold(w, 0.5)
    np.testing.assert_array_equal(w, [-1.0, 0.0, 0.0, 0.0, 1.5])
    # dead units of the first case through activation_patterns
    W1 = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [0.0, 0.0]])
    net = mr.MLP.from_weights([W1, np.ones((1, 4))], [[0.0, -5.0, -0.5, 0.0], [0.0]], "relu")
    bits = interpret.activation_patterns(net, [[1.0, 2.0], [3.0, 1.0]])
    assert int(np.sum(~bits.any(axis=0))) == 3
