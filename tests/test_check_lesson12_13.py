"""The checkers of exercises 12 and 13 accept right answers and name typical slips."""
import itertools
from math import factorial

import numpy as np
import pytest

from minirelu import check, interpret
from minirelu.check import lesson12, lesson13
from test_checkers import solution_code_in


# Right answers, written here from the formulas (not taken from minirelu).
def kernel_weights(U, kernel_width):
    return np.exp(-np.sum(U ** 2, axis=1) / (2 * kernel_width ** 2))


def weighted_ridge_fit(T, y, weights, alpha):
    p = weights / weights.sum()
    t_bar, y_bar = p @ T, p @ y
    Tc = T - t_bar
    beta = np.linalg.solve(Tc.T @ (p[:, None] * Tc) + alpha * np.eye(T.shape[1]), Tc.T @ (p * (y - y_bar)))
    return y_bar - t_bar @ beta, beta


def effective_samples(weights):
    return weights.sum() ** 2 / (weights ** 2).sum()


def lime_by_hand(f, x, X_train, n_samples, kernel_width, rng):
    sigma = X_train.std(axis=0)
    U = rng.normal(0.0, kernel_width, (n_samples, len(x)))
    y = f(x + U * sigma)
    _, beta = weighted_ridge_fit(U, y, kernel_weights(U, kernel_width), 0.0)
    return beta / sigma


def coalition_value(f, x, background, S):
    Z = background.copy()
    Z[:, list(S)] = x[list(S)]
    return np.mean(f(Z))


def shapley_by_enumeration(f, x, background):
    d = len(x)
    phi = np.zeros(d)
    for j in range(d):
        others = [k for k in range(d) if k != j]
        for size in range(d):
            weight = factorial(size) * factorial(d - size - 1) / factorial(d)
            for S in itertools.combinations(others, size):
                phi[j] += weight * (coalition_value(f, x, background, S + (j,))
                                    - coalition_value(f, x, background, S))
    return phi


RIGHT = {"kernel_weights": kernel_weights, "weighted_ridge_fit": weighted_ridge_fit,
         "effective_samples": effective_samples, "lime_by_hand": lime_by_hand,
         "coalition_value": coalition_value, "shapley_by_enumeration": shapley_by_enumeration}


def run(capsys, task, answer):
    ok = getattr(check, task)(answer)
    return ok, capsys.readouterr().out


def test_every_task_has_a_checker():
    assert sorted(lesson12.__all__ + lesson13.__all__) == sorted(list(RIGHT) + ["slide_fixed"])
    assert check.slide_fixed is lesson13.slide_fixed
    for name in RIGHT:
        assert getattr(check, name) is getattr(lesson12 if name in lesson12.__all__ else lesson13, name)


@pytest.mark.parametrize("task", sorted(RIGHT))
def test_right_answer_is_correct(capsys, task):
    ok, out = run(capsys, task, RIGHT[task])
    assert ok == True, out
    assert out.startswith("Correct! ") and out.count("\n") == 1


def test_checkers_do_not_use_minirelus_own_implementations(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise AssertionError("a checker used minirelu's implementation as its oracle")

    for name in ("shapley_values", "lime_explanation", "weighted_ridge", "effective_sample_size"):
        monkeypatch.setattr(interpret, name, broken)
    for task, answer in RIGHT.items():
        assert run(capsys, task, answer)[0] == True, task


def _unweighted(T, y, weights, alpha):
    return weighted_ridge_fit(T, y, np.ones_like(weights), alpha)


def _penalty_not_normalised(T, y, weights, alpha):
    return weighted_ridge_fit(T, y, weights, alpha / weights.sum())


def _penalised_intercept(T, y, weights, alpha):
    T1 = np.column_stack([np.ones(len(T)), T])
    p = weights / weights.sum()
    theta = np.linalg.solve(T1.T @ (p[:, None] * T1) + alpha * np.eye(T1.shape[1]), T1.T @ (p * y))
    return theta[0], theta[1:]


def _banzhaf(f, x, background):
    d = len(x)
    phi = np.zeros(d)
    for j in range(d):
        others = [k for k in range(d) if k != j]
        for size in range(d):
            for S in itertools.combinations(others, size):
                phi[j] += (coalition_value(f, x, background, S + (j,))
                           - coalition_value(f, x, background, S)) / 2 ** (d - 1)
    return phi


def _first_background_row(f, x, background, S):
    return coalition_value(f, x, background[:1], S)


def _three_features_only(f, x, background):
    if len(x) != 3:
        return np.zeros(len(x))
    return shapley_by_enumeration(f, x, background)


# (task, wrong answer, words the report must contain)
SLIPS = [
    ("kernel_weights", lambda U, w: np.exp(-np.sum(U ** 2, axis=1) / w ** 2), "twice the squared width"),
    ("kernel_weights", lambda U, w: np.exp(-np.sqrt(np.sum(U ** 2, axis=1)) / (2 * w ** 2)), "not its square"),
    ("kernel_weights", lambda U, w: np.sum(U ** 2, axis=1) / (2 * w ** 2), "take exp(-...)"),
    ("kernel_weights", lambda U, w: np.exp(-np.sum(U ** 2, axis=0) / (2 * w ** 2)), "shape (2,) where shape (4,)"),
    ("kernel_weights", lambda U, w: np.exp(-np.sum(U ** 2, axis=1) / (2 * w)), "kernel_width enters squared"),
    ("weighted_ridge_fit", _unweighted, "unweighted least-squares"),
    ("weighted_ridge_fit", lambda T, y, w, a: weighted_ridge_fit(T, y, w, a)[::-1], "swapped"),
    ("weighted_ridge_fit", _penalty_not_normalised, "too weak by a factor sum(weights)"),
    ("weighted_ridge_fit", _penalised_intercept, "intercept b is not penalised"),
    ("effective_samples", lambda w: (w ** 2).sum() / w.sum() ** 2, "upside down"),
    ("effective_samples", lambda w: w.mean(), "mean weight"),
    ("effective_samples", lambda w: len(w), "number of samples"),
    ("lime_by_hand", lambda *args: lime_by_hand(*args) * args[2].std(axis=0), "per training standard deviation"),
    ("lime_by_hand",
     lambda f, x, X, n, w, rng: lime_by_hand(f, x, X, n, w, rng) if n < 1000
     else lime_by_hand(f, x, X, n, 1.0, rng), "narrow kernel"),
    ("coalition_value", lambda f, x, b, S: coalition_value(f, b[0], x[None], S), "the features in S are the present ones"),
    ("coalition_value", lambda f, x, b, S: np.mean(f(x[None])), "that is f(x)"),
    ("coalition_value", _first_background_row, "average over the background rows"),
    ("shapley_by_enumeration", _banzhaf, "same weight 1/4"),
    ("shapley_by_enumeration", _three_features_only, "must work for any d"),
]


@pytest.mark.parametrize("task, wrong, words", SLIPS, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(SLIPS)])
def test_typical_slip_is_rejected_with_its_message(capsys, task, wrong, words):
    ok, out = run(capsys, task, wrong)
    assert ok == False
    assert out.startswith("Not yet: ")
    assert words in out, out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_changing_the_background_in_place_is_reported(capsys):
    def in_place(f, x, background, S):
        background[:, list(S)] = x[list(S)]
        return np.mean(f(background))

    ok, out = run(capsys, "coalition_value", in_place)
    assert ok == False
    assert "changed its input `background` in place" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_slide_fixed(capsys):
    def phi1_two_ways(v):
        slide = ((v["12"] - v["2"]) + (v["13"] - v["3"]) + (v["123"] - v["2"])) / 3
        right = ((v["1"] - v[""]) / 3 + (v["12"] - v["2"]) / 6 + (v["13"] - v["3"]) / 6
                 + (v["123"] - v["23"]) / 3)
        return slide, right

    assert check.slide_fixed(phi1_two_ways) == True
    assert capsys.readouterr().out.startswith("Correct! phi1_two_ways gives the slide's 17/3")
    assert check.slide_fixed(lambda v: (17 / 3, 17 / 3)) == False
    assert "repeats the slide's mistakes" in capsys.readouterr().out
    assert check.slide_fixed(lambda v: phi1_two_ways(v)[::-1]) == False
    assert "swapped" in capsys.readouterr().out
    assert check.slide_fixed(lambda v: (phi1_two_ways(v)[0], phi1_two_ways(v)[1] - (v["1"] - v[""]) / 3)) == False
    assert "misses the empty coalition's term" in capsys.readouterr().out
    assert check.slide_fixed(lambda v: (17 / 3, 5.0)) == False          # typed-in numbers
    out = capsys.readouterr().out
    assert "expected = (8.3333, 7.0)" in out and "do not type in numbers" in out

    def stub(v):
        raise NotImplementedError

    assert check.slide_fixed(stub) == False
    assert capsys.readouterr().out.startswith("Not attempted yet")


def test_slide_fixed_catches_equal_weights(capsys):
    """Equal weights 1/4 give the right value in two of the games; the three-way term shows them."""
    def equal_weights(v):
        slide = ((v["12"] - v["2"]) + (v["13"] - v["3"]) + (v["123"] - v["2"])) / 3
        right = ((v["1"] - v[""]) + (v["12"] - v["2"]) + (v["13"] - v["3"]) + (v["123"] - v["23"])) / 4
        return slide, right

    assert check.slide_fixed(equal_weights) == False
    out = capsys.readouterr().out
    assert "gives every coalition the same weight 1/4" in out
    assert "expected = (7.6667, 7.0)" in out and "got      = (7.6667, 6.5)" in out
    assert solution_code_in(out) == []
