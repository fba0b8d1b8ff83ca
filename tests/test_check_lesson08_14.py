"""Checkers of exercises 08 and 14: they accept right answers (several ways of writing them)
and name typical slips. Reference answers are written here from the lessons' equations."""
import numpy as np
import pytest

import minirelu as mr
from minirelu import check, interpret
from test_checkers import solution_code_in


def run(capsys, checker, fn):
    """(returned value, printed text) of one checker call."""
    result = checker(fn)
    return result, capsys.readouterr().out


def stub(*args, **kwargs):
    raise NotImplementedError


# ---- lesson 08 -------------------------------------------------------------------------------

def collapse_by_hand(W1, b1, W2, b2):
    w = np.array([W2[0, 0] * W1[0, 0] + W2[0, 1] * W1[1, 0],
                  W2[0, 0] * W1[0, 1] + W2[0, 1] * W1[1, 1]])
    return w, W2[0, 0] * b1[0] + W2[0, 1] * b1[1] + b2[0]


def collapse(weights, biases):
    W, b = weights[0], biases[0]
    for W_l, b_l in zip(weights[1:], biases[1:]):
        W, b = W_l @ W, W_l @ b + b_l
    return W[0], float(b[0])


def collapse_with_minirelu(weights, biases):
    net = mr.MLP.from_weights(weights, biases, "identity")
    collapsed = interpret.collapse_linear(net)
    return collapsed.coef, collapsed.intercept


def partial_derivatives(f, X, feature, h=1e-5):
    step = np.zeros(X.shape[1])
    step[feature] = h
    return (f(X + step) - f(X - step)) / (2 * h)


def unit_raise_effect(f, X, feature, delta=1.0):
    raised = X.copy()
    raised[:, feature] += delta
    return float(np.mean(f(raised) - f(X)) / delta)


@pytest.mark.parametrize("checker, fn", [
    (check.collapse_by_hand, collapse_by_hand),
    (check.collapse_by_hand, lambda W1, b1, W2, b2: ((W2 @ W1)[0], float((W2 @ b1 + b2)[0]))),
    (check.collapse, collapse),
    (check.collapse, collapse_with_minirelu),
    (check.partial_derivatives, partial_derivatives),
    (check.unit_raise_effect, unit_raise_effect),
])
def test_lesson08_accepts_right_answers(capsys, checker, fn):
    result, out = run(capsys, checker, fn)
    assert result == True and out.startswith("Correct! ") and out.count("\n") == 1


@pytest.mark.parametrize("checker, wrong, message", [
    (check.collapse_by_hand, lambda W1, b1, W2, b2: (W2[0, 0] * W1[0], W2[0, 0] * b1[0] + b2[0]),
     "w follows only the paths through the first hidden unit"),
    (check.collapse_by_hand, lambda W1, b1, W2, b2: (W1 @ W2[0], float((W2 @ b1 + b2)[0])),
     "w multiplies the weights in the wrong order"),
    (check.collapse_by_hand, lambda W1, b1, W2, b2: (W2[0, 1] * W1[1], W2[0, 1] * b1[1] + b2[0]),
     "w follows only the paths through the second hidden unit"),
    (check.collapse_by_hand, lambda W1, b1, W2, b2: ((W2 @ W1)[0], float(b1.sum() + b2[0])),
     "b adds up the biases, but b1 reaches the output through W2"),
    (check.collapse_by_hand, lambda W1, b1, W2, b2: ((W2 @ W1)[0], float((W2 @ b1)[0])),
     "b forgets the output bias b2"),
    (check.collapse_by_hand, lambda W1, b1, W2, b2: (W2 @ W1, float((W2 @ b1 + b2)[0])),
     "an array of shape (1, 2) where shape (2,) was expected"),
    (check.collapse, lambda weights, biases: (collapse(weights, biases)[0], float(biases[-1][0])),
     "b is only the last layer's bias"),
    (check.collapse, lambda weights, biases: collapse(weights[:2], biases[:2]),
     "expected[0] = [-6.]"),
    (check.partial_derivatives,
     lambda f, X, feature, h=1e-5: (f(X + h * np.eye(X.shape[1])[feature]) - f(X)) / h,
     "that is a forward difference"),
    (check.partial_derivatives,
     lambda f, X, feature, h=1e-5: partial_derivatives(f, X, feature, h) * 2,
     "the values are twice too large"),
    (check.unit_raise_effect,
     lambda f, X, feature, delta=1.0: unit_raise_effect(f, X, feature, delta) * delta,
     "not per unit: divide by delta"),
    (check.unit_raise_effect,
     lambda f, X, feature, delta=1.0: np.mean(partial_derivatives(f, X, feature)),
     "that is the mean derivative"),
])
def test_lesson08_names_the_slip(capsys, checker, wrong, message):
    result, out = run(capsys, checker, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_lesson08_catches_a_changed_input(capsys):
    def in_place(f, X, feature, h=1e-5):
        X[:, feature] += h
        up = f(X)
        X[:, feature] -= 2 * h
        return (up - f(X)) / (2 * h)
    result, out = run(capsys, check.partial_derivatives, in_place)
    assert result == False and "changed its input `X` in place" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


# ---- lesson 14 -------------------------------------------------------------------------------

def best_slopes(c):
    return (c > 0).astype(float)


def projected_gradient_ascent(gradient, sigma, learning_rate, steps):
    for _ in range(steps):
        sigma = np.clip(sigma + learning_rate * gradient(sigma), 0.0, 1.0)
    return sigma


def layer_gradient_norms(net, X, y):
    _, dW, _ = net.loss_and_gradients(X, y)
    return np.array([np.sqrt(np.sum(g ** 2)) for g in dW])


@pytest.mark.parametrize("checker, fn", [
    (check.best_slopes, best_slopes),
    (check.best_slopes, lambda c: np.where(c > 0, 1.0, 0.0)),
    (check.projected_gradient_ascent, projected_gradient_ascent),
    (check.layer_gradient_norms, layer_gradient_norms),
    (check.layer_gradient_norms, interpret.layer_gradient_norms),
    (check.sigmoid_shrink_bound, lambda n_layers: 0.25 ** n_layers),
])
def test_lesson14_accepts_right_answers(capsys, checker, fn):
    result, out = run(capsys, checker, fn)
    assert result == True and out.startswith("Correct! ") and out.count("\n") == 1


@pytest.mark.parametrize("checker, wrong, message", [
    (check.best_slopes, lambda c: (c < 0).astype(float), "these slopes minimize c . sigma"),
    (check.best_slopes, lambda c: (c == c.max()).astype(float), "only the largest c_k got slope 1"),
    (check.best_slopes, lambda c: c > 0, "booleans (dtype bool) where floating-point numbers"),
    (check.best_slopes, lambda c: np.clip(c, 0, 1), "expected 1.0, got 0.5"),
    (check.projected_gradient_ascent,
     lambda gradient, sigma, learning_rate, steps: sigma + steps * learning_rate * gradient(sigma),
     "clip after every step"),
    (check.projected_gradient_ascent,
     lambda gradient, sigma, learning_rate, steps: np.clip(sigma - learning_rate * gradient(sigma), 0, 1),
     "that step went downhill"),
    (check.projected_gradient_ascent,
     lambda gradient, sigma, learning_rate, steps: np.clip(sigma + learning_rate * gradient(sigma), 0, 1),
     "first difference at index 1: expected 1.0, got 0.7"),
    (check.layer_gradient_norms,
     lambda net, X, y: np.array([np.sqrt(np.mean(g ** 2)) for g in net.loss_and_gradients(X, y)[1]]),
     "that is the root mean square"),
    (check.layer_gradient_norms,
     lambda net, X, y: np.array([np.linalg.norm(g) for g in net.loss_and_gradients(X, y)[2]]),
     "those are the norms of the bias gradients db"),
    (check.layer_gradient_norms,
     lambda net, X, y: layer_gradient_norms(net, X, y) ** 2, "those are squared norms"),
    (check.layer_gradient_norms,
     lambda net, X, y: layer_gradient_norms(net, X, y)[::-1], "expected from central differences"),
    (check.sigmoid_shrink_bound, lambda n_layers: 4.0 ** n_layers, "that is 4^8"),
    (check.sigmoid_shrink_bound, lambda n_layers: 0.25 * n_layers, "the chain rule multiplies them"),
])
def test_lesson14_names_the_slip(capsys, checker, wrong, message):
    result, out = run(capsys, checker, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_lesson14_catches_an_update_in_place(capsys):
    def in_place(gradient, sigma, learning_rate, steps):
        for _ in range(steps):
            sigma += learning_rate * gradient(sigma)
            np.clip(sigma, 0, 1, out=sigma)
        return sigma
    result, out = run(capsys, check.projected_gradient_ascent, in_place)
    assert result == False and "changed its input `sigma` in place" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code
