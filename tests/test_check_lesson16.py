"""The checkers of exercise 16 accept right answers, name typical slips, and never take
their expected values from minirelu.interpret."""
import numpy as np
import pytest

from minirelu import check, interpret
from minirelu.check import lesson16
from test_checkers import solution_code_in


# Right answers, written here from the formulas (not taken from minirelu).
def unseen_rows(train_patterns, test_patterns):
    seen = {tuple(row) for row in train_patterns}
    return np.array([tuple(row) not in seen for row in test_patterns])


def project_first_layer(W1, b1, origin, u, v):
    return np.column_stack([W1 @ u, W1 @ v]), W1 @ origin + b1


def group_fit(X, f):
    beta = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), f, rcond=None)[0]
    return beta[:-1], beta[-1]


def variance_importance(coef, counts, X):
    raw = (counts @ coef ** 2) * X.var(axis=0)
    return raw / raw.sum()


RIGHT = {"unseen_rows": unseen_rows, "project_first_layer": project_first_layer,
         "group_fit": group_fit, "variance_importance": variance_importance}


def run(capsys, task, answer):
    ok = getattr(check, task)(answer)
    return ok, capsys.readouterr().out


def test_every_task_has_a_checker():
    assert sorted(lesson16.__all__) == sorted(RIGHT)
    for name in RIGHT:
        assert getattr(check, name) is getattr(lesson16, name)


@pytest.mark.parametrize("task", sorted(RIGHT))
def test_right_answer_is_correct(capsys, task):
    ok, out = run(capsys, task, RIGHT[task])
    assert ok == True, out
    assert out.startswith("Correct! ") and out.count("\n") == 1


def test_checkers_do_not_use_minirelus_own_implementations(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise AssertionError("a checker used minirelu's implementation as its oracle")

    for name in ("local_linear_models", "partition_slice", "merge_local_linear_models",
                 "feature_importance", "activation_patterns"):
        monkeypatch.setattr(interpret, name, broken)
    for task, answer in RIGHT.items():
        assert run(capsys, task, answer)[0] == True, task


SLIPS = [
    ("unseen_rows", lambda a, b: ~unseen_rows(a, b), "swapped"),
    # unit by unit: "unseen" only when some bit never occurs in its column
    ("unseen_rows", lambda a, b: np.array([not all(r[k] in a[:, k] for k in range(len(r)))
                                           for r in b]), "whole row"),
    ("project_first_layer", lambda W1, b1, o, u, v: (np.column_stack([W1 @ u, W1 @ v]), b1),
     "W1 @ origin"),
    ("project_first_layer", lambda W1, b1, o, u, v: (np.vstack([W1 @ u, W1 @ v]), W1 @ o + b1),
     "(units, 2)"),
    ("group_fit", lambda X, f: (np.linalg.lstsq(X, f, rcond=None)[0], 0.0), "no intercept"),
    ("variance_importance", lambda c, n, X: (n @ c ** 2) / (n @ c ** 2).sum(), "count-weighted"),
    ("variance_importance", lambda c, n, X: (n @ c ** 2) * X.var(axis=0), "sum to one"),
]


@pytest.mark.parametrize("task, wrong, words", SLIPS)
def test_typical_slip_is_rejected_with_its_message(capsys, task, wrong, words):
    ok, out = run(capsys, task, wrong)
    assert ok == False and out.startswith("Not yet")
    assert words in out, out
    assert not solution_code_in(out), out


def test_not_attempted(capsys):
    def todo(*args):
        raise NotImplementedError

    for task in RIGHT:
        ok, out = run(capsys, task, todo)
        assert ok == False and "Not attempted" in out
