"""The checkers of exercises 01 and 02 accept right answers and name typical slips.
(Every checker's "not attempted" message is tested in test_checkers.py.)"""
import math

import numpy as np
import pytest

import minirelu
from minirelu import check
from minirelu.check import lesson01, lesson02
from test_checkers import solution_code_in


# Right answers, written here from the formulas (not taken from minirelu).
def mse(y, y_hat):
    return np.mean((y_hat - y) ** 2)


def mse_gradient(X, y, w, b):
    residual = X @ w + b - y
    return 2 / len(y) * X.T @ residual, 2 / len(y) * np.sum(residual)


def gradient_descent_step(X, y, w, b, learning_rate):
    dw, db = mse_gradient(X, y, w, b)
    return w - learning_rate * dw, b - learning_rate * db


def normal_equations(X, y):
    X1 = np.column_stack([X, np.ones(len(X))])
    theta = np.linalg.lstsq(X1, y, rcond=None)[0]
    return theta[:-1], theta[-1]


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def log_loss(y, z):
    return np.mean(np.logaddexp(0.0, z) - y * z)


def log_loss_gradient(X, y, w, b):
    p = sigmoid(X @ w + b)
    return X.T @ (p - y) / len(y), np.sum(p - y) / len(y)


def workshop_probability(x):
    return sigmoid(2 * x + 5)


def workshop_class(x):
    return (workshop_probability(x) > 0.5).astype(int)


RIGHT = {
    "mse": mse, "mse_gradient": mse_gradient, "gradient_descent_step": gradient_descent_step,
    "normal_equations": normal_equations, "sigmoid": sigmoid, "log_loss": log_loss,
    "log_loss_gradient": log_loss_gradient, "workshop_probability": workshop_probability,
    "workshop_class": workshop_class,
}
MODULE = {name: (lesson01 if name in lesson01.__all__ else lesson02) for name in RIGHT}


def run(capsys, task, answer):
    ok = getattr(check, task)(answer)
    return ok, capsys.readouterr().out


def test_every_task_has_a_checker_and_no_other_lesson_shadows_it():
    assert sorted(lesson01.__all__ + lesson02.__all__) == sorted(RIGHT)
    for name in RIGHT:
        assert getattr(check, name) is getattr(MODULE[name], name)


@pytest.mark.parametrize("task", sorted(RIGHT))
def test_right_answer_is_correct(capsys, task):
    ok, out = run(capsys, task, RIGHT[task])
    assert ok == True
    assert out.startswith("Correct! ") and out.count("\n") == 1


def test_unfinished_helper_is_named(capsys):
    def mse_gradient(X, y, w, b):
        raise NotImplementedError

    def step(X, y, w, b, learning_rate):
        dw, db = mse_gradient(X, y, w, b)
        return w - learning_rate * dw, b - learning_rate * db

    ok, out = run(capsys, "gradient_descent_step", step)
    assert ok == False
    assert "`gradient_descent_step` calls `mse_gradient`, which still raises" in out


def test_checkers_do_not_use_minirelus_own_implementations(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise AssertionError("a checker used minirelu's implementation as its oracle")

    for module, name in [(minirelu.activations, "sigmoid"), (minirelu.losses, "log_loss"),
                         (minirelu.losses, "log_loss_gradient"), (minirelu.losses, "mse"),
                         (minirelu.losses, "mse_gradient")]:
        monkeypatch.setattr(module, name, broken)
    for task, answer in RIGHT.items():
        assert run(capsys, task, answer)[0] == True, task


def test_hand_worked_sigmoid_values_are_right():
    for z, value in lesson02._SIGMOID.items():
        assert value == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12, abs=0)


def _residual_fn(X, y, w, b):
    return X @ w + b - y


# (task, wrong answer, words the report must contain)
SLIPS = [
    ("mse", lambda y, y_hat: np.sum((y_hat - y) ** 2), "sum of the squared residuals"),
    ("mse", lambda y, y_hat: np.mean(np.abs(y_hat - y)), "mean absolute error"),
    ("mse", lambda y, y_hat: np.sqrt(np.mean((y_hat - y) ** 2)), "root of the MSE"),
    ("mse", lambda y, y_hat: np.mean(y_hat - y) ** 2, "squared the mean residual"),
    ("mse", lambda y, y_hat: np.sum((y_hat - y) ** 2) / (len(y) - 1), "divided by n - 1"),
    ("mse", lambda y, y_hat: (y_hat - y) ** 2, "where a single number was expected"),
    ("mse", lambda y, y_hat: None, "returned None. Did you forget a `return` statement?"),
    ("mse_gradient",
     lambda X, y, w, b: (X.T @ _residual_fn(X, y, w, b) / len(y), np.mean(_residual_fn(X, y, w, b))),
     "half the right values"),
    ("mse_gradient",
     lambda X, y, w, b: (-2 * X.T @ _residual_fn(X, y, w, b) / len(y),
                         -2 * np.mean(_residual_fn(X, y, w, b))), "wrong sign"),
    ("mse_gradient",
     lambda X, y, w, b: (2 * X.T @ _residual_fn(X, y, w, b), 2 * np.sum(_residual_fn(X, y, w, b))),
     "n times too large"),
    ("mse_gradient",
     lambda X, y, w, b: (2 * X.T @ (X @ w - y) / len(y), 2 * np.mean(X @ w - y)), "left out b"),
    ("mse_gradient",
     lambda X, y, w, b: (2 * X.T @ _residual_fn(X, y, w, b) / len(y), 2 * _residual_fn(X, y, w, b) / len(y)),
     "item [1]: an array of shape (3,) where a single number was expected"),
    ("gradient_descent_step",
     lambda X, y, w, b, lr: (w + lr * mse_gradient(X, y, w, b)[0], b + lr * mse_gradient(X, y, w, b)[1]),
     "stepped uphill"),
    ("gradient_descent_step",
     lambda X, y, w, b, lr: (w - mse_gradient(X, y, w, b)[0], b - mse_gradient(X, y, w, b)[1]),
     "ignores the learning rate"),
    ("gradient_descent_step",
     lambda X, y, w, b, lr: (w - lr * mse_gradient(X, y, w, b)[0], b), "b did not move"),
    ("normal_equations", lambda X, y: (np.linalg.lstsq(X, y, rcond=None)[0], 0.0),
     "goes through the origin"),
    ("normal_equations", lambda X, y: normal_equations(X, y)[::-1], "w and b are swapped"),
    ("normal_equations", lambda X, y: np.concatenate([normal_equations(X, y)[0], [normal_equations(X, y)[1]]]),
     "as one array"),
    ("sigmoid", lambda z: 1 / (1 + np.exp(-z)), "raised a warning: RuntimeWarning: overflow"),
    ("sigmoid", lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))),
     "computes both a and b"),
    ("sigmoid", lambda z: sigmoid(-z), "you computed sigmoid(-z)"),
    ("sigmoid", np.tanh, "that is tanh(z)"),
    ("sigmoid", lambda z: sigmoid(z) if z.ndim == 1 else sigmoid(z).ravel(), "shape (4,) where shape (2, 2)"),
    ("log_loss", lambda y, z: np.sum(np.logaddexp(0.0, z) - y * z), "sum over the samples"),
    ("log_loss", lambda y, z: -np.mean(np.logaddexp(0.0, z) - y * z), "sign is flipped"),
    ("log_loss", lambda y, z: -np.mean(y * np.log(sigmoid(z)) + (1 - y) * np.log(1 - sigmoid(z))),
     "RuntimeWarning: divide by zero encountered in log"),
    ("log_loss", lambda y, z: -np.mean(y * np.log(np.clip(sigmoid(z), 1e-15, 1 - 1e-15))
                                       + (1 - y) * np.log(1 - np.clip(sigmoid(z), 1e-15, 1 - 1e-15))),
     "expected = 500.0"),
    ("log_loss_gradient", lambda X, y, w, b: tuple(2 * g for g in log_loss_gradient(X, y, w, b)),
     "no factor 2"),
    ("log_loss_gradient", lambda X, y, w, b: tuple(-g for g in log_loss_gradient(X, y, w, b)),
     "use p - y"),
    ("log_loss_gradient", lambda X, y, w, b: log_loss_gradient(X, y, w, 0.0),
     "relative error"),
    ("log_loss_gradient",
     lambda X, y, w, b: (X.T @ (1 / (1 + np.exp(-(X @ w + b))) - y) / len(y),
                         np.mean(1 / (1 + np.exp(-(X @ w + b))) - y)),
     "raised a warning: RuntimeWarning: overflow"),
    ("workshop_probability", lambda x: sigmoid(2 * x - 5), "bias has the wrong sign"),
    ("workshop_probability", lambda x: 2 * x + 5, "returned the score"),
    ("workshop_class", workshop_probability, "returned probabilities"),
    ("workshop_class", lambda x: 1 - workshop_class(x), "classes are swapped"),
    ("workshop_class", lambda x: (2 * x + 5 > 0.5).astype(int), "expected = [1 0 1 0]"),
]


@pytest.mark.parametrize("task, wrong, words", SLIPS, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(SLIPS)])
def test_typical_slip_is_rejected_with_its_message(capsys, task, wrong, words):
    ok, out = run(capsys, task, wrong)
    assert ok == False
    assert out.startswith("Not yet: ")
    assert words in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_changing_w_in_place_is_reported(capsys):
    def step(X, y, w, b, learning_rate):
        dw, db = mse_gradient(X, y, w, b)
        w -= learning_rate * dw
        return w, b - learning_rate * db

    ok, out = run(capsys, "gradient_descent_step", step)
    assert ok == False
    assert "changed its input `w` in place" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_a_crash_is_reported_not_raised(capsys):
    def sigmoid_with_if(z):
        return 1 / (1 + np.exp(-z)) if z >= 0 else np.exp(z) / (1 + np.exp(z))

    ok, out = run(capsys, "sigmoid", sigmoid_with_if)
    assert ok == False
    assert "raised ValueError: The truth value of an array" in out
    assert "not `if`" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_normal_equations_property_case_catches_an_answer_off_the_minimum(capsys):
    # right on every hand-worked set, slightly off on the noisy two-feature one
    def almost(X, y):
        w, b = normal_equations(X, y)
        noisy = not np.allclose(X @ w + b, y)
        return (w + 0.01, b) if noisy and X.shape[1] == 2 else (w, b)

    ok, out = run(capsys, "normal_equations", almost)
    assert ok == False
    assert "the MSE gradient at your (w, b) is not 0" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_the_mse_as_sum_slip_shows_what_was_expected(capsys):
    ok, out = run(capsys, "mse", lambda y, y_hat: np.sum((y_hat - y) ** 2))
    assert out.splitlines()[:5] == [
        "Not yet: mse(y, y_hat) is not right: you returned the sum of the squared residuals; "
        "the MSE is their mean (divide by n).",
        "  y        = [1. 2. 3.]", "  y_hat    = [2. 2. 1.]", "  expected = 1.6667", "  got      = 5.0"]


def test_hints_come_in_tiers(capsys):
    """Exercise 01 asks for dL/dw by hand: a miss names the slip, the formula waits for check.hint."""
    ok, out = run(capsys, "mse_gradient",
                  lambda X, y, w, b: (X.T @ _residual_fn(X, y, w, b) / len(y), np.mean(_residual_fn(X, y, w, b))))
    assert "half the right values" in out and "X.T" not in out and "(2/n)" not in out
    assert out.endswith('Still stuck? `check.hint("mse_gradient")` shows the formula.\n')
    check.hint("mse_gradient")
    assert capsys.readouterr().out == (
        "Formula for `mse_gradient`:\n"
        "dw = (2/n) * X.T @ (X @ w + b - y) and db = (2/n) * sum(X @ w + b - y).\n")
    run(capsys, "normal_equations", lambda X, y: (np.linalg.lstsq(X, y, rcond=None)[0], 0.0))
    check.hint("normal_equations")
    first_miss, formula = capsys.readouterr().out.split("Formula for")
    assert "column_stack" not in first_miss and "column_stack" in formula


def test_a_swapped_pair_is_named_as_a_swap(capsys):
    ok, out = run(capsys, "mse_gradient", lambda X, y, w, b: mse_gradient(X, y, w, b)[::-1])
    assert ok == False
    assert out.startswith("Not yet: mse_gradient(X, y, w, b) returned (db, dw), the right values "
                          "in swapped order: return (dw, db).")
    assert "shape" not in out.splitlines()[0]
    ok, out = run(capsys, "log_loss_gradient", lambda X, y, w, b: log_loss_gradient(X, y, w, b)[::-1])
    assert "returned (db, dw), the right values in swapped order" in out


def test_a_helper_that_changes_its_input_is_blamed(capsys):
    def careless(X, y, w, b):
        w -= 1.0          # the helper's own slip: its caller passes w straight on
        return mse_gradient(X, y, w + 1.0, b)

    def step(X, y, w, b, learning_rate):
        dw, db = careless(X, y, w, b)
        return w + 1.0 - learning_rate * dw, b - learning_rate * db

    ok, out = run(capsys, "gradient_descent_step", step)
    assert ok == False
    assert out.startswith("Not yet: `careless`, which gradient_descent_step calls, changed its "
                          "input `w` in place (here that is gradient_descent_step's `w`).")


def test_an_endless_loop_is_stopped(capsys, monkeypatch):
    from minirelu.check import _core

    monkeypatch.setattr(_core, "TIME_LIMIT", 0.5)

    def mse(y, y_hat):
        total, i = 0.0, 0
        while i < len(y):
            total += (y_hat[i] - y[i]) ** 2     # forgot i += 1
        return total / len(y)

    ok, out = run(capsys, "mse", mse)
    assert ok == False
    assert out.startswith("Not yet: mse(y, y_hat) was still running after 0.5 seconds, so the "
                          "check stopped it.")
