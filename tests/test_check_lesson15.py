"""Checkers of exercise 15: they accept right answers (several ways of writing them) and name
typical slips. Reference answers are written here from the lesson's equations."""
import numpy as np
import pytest

from minirelu import check
from test_checkers import solution_code_in


def run(capsys, checker, fn):
    result = checker(fn)
    return result, capsys.readouterr().out


def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def softmax_logsumexp(Z):
    m = Z.max(axis=1, keepdims=True)
    return np.exp(Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True)))


def gradient(Z, y):
    P = softmax(Z)
    P[np.arange(len(y)), y] -= 1
    return P / len(y)


def gradient_onehot(Z, y):
    return (softmax(Z) - np.eye(Z.shape[1])[y]) / Z.shape[0]


def confusion(y_true, y_pred, K):
    C = np.zeros((K, K), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def confusion_bincount(y_true, y_pred, K):
    return np.bincount(y_true * K + y_pred, minlength=K * K).reshape(K, K)


@pytest.mark.parametrize("checker, fn", [
    (check.softmax, softmax), (check.softmax, softmax_logsumexp),
    (check.cross_entropy_gradient, gradient), (check.cross_entropy_gradient, gradient_onehot),
    (check.confusion_matrix_k, confusion), (check.confusion_matrix_k, confusion_bincount),
])
def test_lesson15_accepts_right_answers(capsys, checker, fn):
    result, out = run(capsys, checker, fn)
    assert result == True and out.startswith("Correct! ") and out.count("\n") == 1


def naive_softmax(Z):
    return np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)


@pytest.mark.parametrize("checker, wrong, message", [
    (check.softmax, naive_softmax, "exp(1000) overflows"),
    (check.softmax, lambda Z: np.exp(Z) / np.exp(Z).sum(), "the whole matrix was normalized"),
    (check.softmax, lambda Z: softmax(Z.T).T, "the columns sum to 1"),
    (check.cross_entropy_gradient, lambda Z, y: gradient(Z, y) * len(y), "factor 1/n"),
    (check.cross_entropy_gradient, lambda Z, y: -gradient(Z, y), "the sign is reversed"),
    (check.cross_entropy_gradient, lambda Z, y: softmax(Z) / len(y), "the one-hot label is missing"),
    (check.cross_entropy_gradient,
     lambda Z, y: (naive_softmax(Z) - np.eye(Z.shape[1])[y]) / len(y), "must not overflow"),
    (check.confusion_matrix_k, lambda t, p, K: confusion(t, p, K).T, "rows and columns are swapped"),
    (check.confusion_matrix_k, lambda t, p, K: confusion(t, p, max(t.max(), p.max()) + 1),
     "K x K even when a class is never seen"),
])
def test_lesson15_names_the_slip(capsys, checker, wrong, message):
    with np.errstate(all="ignore"):
        result, out = run(capsys, checker, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code
