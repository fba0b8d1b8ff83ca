"""Checkers of exercises 03 and 04: they accept right answers and name typical slips. Every
reference answer here is written from the lesson's equations; minirelu's own MLP and
optimizers are used only as a second opinion."""
import numpy as np
import pytest

import minirelu as mr
from minirelu import check
from minirelu.check import lesson03, lesson04
from minirelu.optimizers import SGD, Adam, Momentum
from test_checkers import solution_code_in


def run(capsys, checker, fn):
    """(returned value, printed text) of one checker call."""
    result = checker(fn)
    return result, capsys.readouterr().out


def relu(z):
    return np.maximum(z, 0.0)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ---- lesson 03: forward --------------------------------------------------------------------

def forward(X, W1, b1, W2, b2):
    return sigmoid(relu(X @ W1.T + b1) @ W2.T + b2)


def test_forward_accepts_the_reference(capsys):
    assert run(capsys, check.forward, forward) == (True, "Correct! forward passes all 3 test cases.\n")


def test_forward_accepts_minirelu_mlp():
    def forward_mr(X, W1, b1, W2, b2):
        net = mr.MLP.from_weights([W1, W2], [b1, b2], "relu", "sigmoid")
        return net.forward(X)
    assert check.forward(forward_mr)


@pytest.mark.parametrize("wrong, message", [
    (lambda X, W1, b1, W2, b2: forward(X, W1, b1, W2, b2).ravel(),
     "returned an array of shape (3,) where shape (3, 1) was expected (a flat array where a column"),
    (lambda X, W1, b1, W2, b2: sigmoid(relu(X @ W1.T + b1[:, None]) @ W2.T + b2),
     "returned wrong values (first difference at index (0, 0): expected 0.1824, got 0.0293)"),
    (lambda X, W1, b1, W2, b2: sigmoid((X @ W1.T + b1) @ W2.T + b2),
     "the hidden scores went on without their ReLU"),
    (lambda X, W1, b1, W2, b2: relu(X @ W1.T + b1) @ W2.T + b2,
     "that is the output score Z2 before the sigmoid"),
])
def test_forward_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, lesson03.forward, wrong)
    assert result == False
    assert out.startswith("Not yet: ") and message in out
    assert "Hint: go layer by layer: the hidden scores" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_forward_hand_worked_case_matches_the_arithmetic_in_the_comments():
    # row (1, 2): Z2 = -1.5; row (-1, 0.5): Z2 = -0.5; row (0, 0): Z2 = -0.25
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]])
    W1 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    P = forward(X, W1, np.array([0.0, -1.0, 0.5]), np.array([[1.0, -2.0, 0.5]]), np.array([-0.5]))
    np.testing.assert_allclose(np.log(P / (1 - P)).ravel(), [-1.5, -0.5, -0.25], rtol=1e-12)


def test_forward_property_case_catches_rows_that_depend_on_each_other(capsys):
    def forward_batch_dependent(X, W1, b1, W2, b2):
        P = forward(X, W1, b1, W2, b2)
        return P * 0.9 + 0.1 * P.mean() if X.shape[1] == 3 else P   # only the third case
    result, out = run(capsys, check.forward, forward_batch_dependent)
    assert result == False
    assert "row 0 of P depends on the other rows" in out
    assert "input    = a 3-4-1 network on 5 samples" in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


# ---- lesson 03: backward -------------------------------------------------------------------

def backward(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    Z1 = X @ W1.T + b1
    A1 = relu(Z1)
    P = sigmoid(A1 @ W2.T + b2)
    delta2 = (P - y.reshape(-1, 1)) / n
    delta1 = (delta2 @ W2) * (Z1 > 0)
    return delta1.T @ X, delta1.sum(axis=0), delta2.T @ A1, delta2.sum(axis=0)


def test_backward_accepts_the_reference(capsys):
    assert run(capsys, check.backward, backward) == (True, (
        "Correct! backward passes both test cases: dW1, db1, dW2 and db2 match central "
        "differences of the log-loss.\n"))


def test_backward_accepts_minirelu_mlp():
    def backward_mr(X, y, W1, b1, W2, b2):
        _, dW, db = mr.MLP.from_weights([W1, W2], [b1, b2], "relu", "sigmoid").loss_and_gradients(X, y)
        return dW[0], db[0], dW[1], db[1]
    assert check.backward(backward_mr)


def test_backward_cases_stay_away_from_the_relu_kink():
    for seed, (n, d, h) in ((303, (4, 2, 3)), (304, (7, 3, 5)), (313, (4, 2, 3)), (314, (6, 2, 4))):
        X, y, W1, b1, W2, b2 = lesson03._network(seed, n, d, h)
        assert X.shape == (n, d) and W1.shape == (h, d) and W2.shape == (1, h)
        assert np.abs(X @ W1.T + b1).min() > 0.01
        assert set(y) == {0, 1}


def backward_without_mean(X, y, *params):
    return tuple(g * X.shape[0] for g in backward(X, y, *params))


def backward_without_relu_derivative(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    A1 = relu(X @ W1.T + b1)
    delta2 = (sigmoid(A1 @ W2.T + b2) - y.reshape(-1, 1)) / n
    delta1 = delta2 @ W2
    return delta1.T @ X, delta1.sum(axis=0), delta2.T @ A1, delta2.sum(axis=0)


def backward_with_sigmoid_derivative(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    Z1 = X @ W1.T + b1
    A1 = relu(Z1)
    P = sigmoid(A1 @ W2.T + b2)
    delta2 = (P - y.reshape(-1, 1)) * P * (1 - P) / n
    delta1 = (delta2 @ W2) * (Z1 > 0)
    return delta1.T @ X, delta1.sum(axis=0), delta2.T @ A1, delta2.sum(axis=0)


def backward_y_not_reshaped(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    Z1 = X @ W1.T + b1
    A1 = relu(Z1)
    delta2 = (sigmoid(A1 @ W2.T + b2) - y) / n          # (n, n)
    delta1 = (delta2 @ W2) * (Z1 > 0)
    return delta1.T @ X, delta1.sum(axis=0), delta2.T @ A1, delta2.sum(axis=0)


def backward_y_not_reshaped_output_first(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    Z1 = X @ W1.T + b1
    A1 = relu(Z1)
    delta2 = (sigmoid(A1 @ W2.T + b2) - y) / n          # (n, n), caught before any crash
    good = backward(X, y, W1, b1, W2, b2)
    return good[0], good[1], delta2.T @ A1, delta2.sum(axis=0)


def backward_bias_over_wrong_axis(X, y, *params):
    dW1, _, dW2, db2 = backward(X, y, *params)
    n = X.shape[0]
    return dW1, np.ones(n), dW2, db2


@pytest.mark.parametrize("wrong, message", [
    (backward_without_mean, "all four gradients are n = 4 times too large. The loss is a mean"),
    (lambda *a: tuple(-g for g in backward(*a)), "all four gradients have the wrong sign"),
    (backward_without_relu_derivative, "dW2 and db2 are right, but dW1 and db1 miss the ReLU "
     "derivative"),
    (lambda *a: backward(*a)[:1] + (2 * backward(*a)[1],) + backward(*a)[2:],
     "db1: wrong values (first difference at index 0"),
    (lambda *a: backward(*a)[:1] + (2 * backward(*a)[1],) + backward(*a)[2:],
     "dW2 and db2 are right, so the output layer is fine"),
    (backward_with_sigmoid_derivative, "is not right: dW2: wrong values"),
    (backward_with_sigmoid_derivative, "no extra sigmoid derivative: it cancels in the log-loss"),
    (backward_y_not_reshaped, "raised ValueError"),
    (backward_y_not_reshaped, "make y a column first, or P - y broadcasts to (n, n)"),
    (backward_y_not_reshaped_output_first, "dW2 or db2 has a row per sample"),
    (backward_bias_over_wrong_axis, "db1: an array of shape (4,) where shape (3,) was expected"),
    (lambda *a: backward(*a)[:3], "should return the four gradients (dW1, db1, dW2, db2), got 3 items"),
])
def test_backward_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, lesson03.backward, wrong)
    assert result == False
    assert out.startswith("Not yet: backward(") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


# ---- lesson 03: train_step -----------------------------------------------------------------

def train_step(X, y, W1, b1, W2, b2, learning_rate):
    grads = backward(X, y, W1, b1, W2, b2)
    return tuple(p - learning_rate * g for p, g in zip((W1, b1, W2, b2), grads))


def test_train_step_accepts_the_reference(capsys):
    assert run(capsys, check.train_step, train_step) == (True, (
        "Correct! train_step passes both test cases: every parameter moved by "
        "-learning_rate * gradient, and the inputs are unchanged.\n"))


def test_train_step_lowers_the_loss_on_the_checker_cases():
    # the property a step is for: with these small learning rates the loss goes down
    for seed, (n, d, h), learning_rate in ((313, (4, 2, 3), 0.5), (314, (6, 2, 4), 0.1)):
        X, y, *params = lesson03._network(seed, n, d, h)
        after = train_step(X, y, *params, learning_rate)
        assert lesson03._log_loss(X, y, *after) < lesson03._log_loss(X, y, *params)


def train_step_in_place(X, y, W1, b1, W2, b2, learning_rate):
    for p, g in zip((W1, b1, W2, b2), backward(X, y, W1, b1, W2, b2)):
        p -= learning_rate * g
    return W1, b1, W2, b2


@pytest.mark.parametrize("wrong, message", [
    (train_step_in_place, "changed its input `W1` in place"),
    (lambda X, y, *p: tuple(w + p[-1] * g for w, g in zip(p[:4], backward(X, y, *p[:4]))),
     "every parameter moved uphill"),
    (lambda X, y, *p: tuple(w - g for w, g in zip(p[:4], backward(X, y, *p[:4]))),
     "every parameter moved by the whole gradient: scale each gradient by learning_rate"),
    (lambda X, y, *p: tuple(w.copy() for w in p[:4]), "the parameters did not change"),
    (lambda X, y, *p: tuple(w - p[-1] * g for w, g in zip(p[:4], backward_without_relu_derivative(X, y, *p[:4]))),
     "W1: wrong values"),
    (lambda X, y, *p: train_step(X, y, *p)[::-1], "W1: an array of shape (1,) where shape (3, 2)"),
])
def test_train_step_names_the_slip(capsys, wrong, message):
    result, out = run(capsys, lesson03.train_step, wrong)
    assert result == False
    assert out.startswith("Not yet: train_step(") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


def test_train_step_not_attempted_names_the_unfinished_backward(capsys):
    def backward(X, y, W1, b1, W2, b2):
        raise NotImplementedError

    def train_step(X, y, W1, b1, W2, b2, learning_rate):
        dW1, db1, dW2, db2 = backward(X, y, W1, b1, W2, b2)
        return W1 - learning_rate * dW1, b1, W2, b2

    assert run(capsys, check.train_step, train_step) == (False, (
        "Not attempted yet: `train_step` calls `backward`, which still raises NotImplementedError. "
        "Finish `backward` first, then re-run this cell.\n"))


# ---- lesson 04: relu and its derivative ----------------------------------------------------

def test_relu_and_derivative_accept_the_reference(capsys):
    assert run(capsys, check.relu, relu) == (True, "Correct! relu passes both test cases.\n")
    assert run(capsys, check.relu_derivative, lambda z: (z > 0).astype(float)) == (
        True, "Correct! relu_derivative passes all 3 test cases.\n")
    assert check.relu_derivative(lambda z: mr.activations.relu_derivative(relu(z)))


@pytest.mark.parametrize("checker, wrong, message", [
    (lesson04.relu, np.abs, "returned wrong values (first difference at index 0: expected 0.0, got 2.0)"),
    (lesson04.relu, lambda z: np.maximum(z, 0, out=z), "changed its input `z` in place"),
    (lesson04.relu_derivative, lambda z: z > 0, "returned booleans (dtype bool)"),
    (lesson04.relu_derivative, lambda z: (z >= 0).astype(float),
     "Hint: at the kink z = 0 we take the derivative to be 0"),
    (lesson04.relu_derivative, lambda z: (z > 0).astype(float)[:2],
     "returned an array of shape (2,) where shape (4,) was expected"),
    (lesson04.relu_derivative, lambda z: np.where(z > 0, 1.0, 0.0) if z.ndim == 1 else np.ones_like(z),
     "relative error"),
])
def test_relu_checkers_name_the_slip(capsys, checker, wrong, message):
    result, out = run(capsys, checker, wrong)
    assert result == False and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


# ---- lesson 04: optimizer steps ------------------------------------------------------------

def sgd_step(w, grad, learning_rate):
    return w - learning_rate * grad


def momentum_step(w, v, grad, learning_rate, momentum):
    v_new = momentum * v - learning_rate * grad
    return w + v_new, v_new


def adam_step(w, m, s, grad, t, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad ** 2
    m_hat, s_hat = m_new / (1 - beta1 ** t), s_new / (1 - beta2 ** t)
    return w - learning_rate * m_hat / (np.sqrt(s_hat) + epsilon), m_new, s_new


def test_steps_accept_the_reference(capsys):
    assert run(capsys, check.sgd_step, sgd_step) == (True, "Correct! sgd_step passes both test cases.\n")
    assert run(capsys, check.momentum_step, momentum_step) == (
        True, "Correct! momentum_step passes both test cases.\n")
    assert run(capsys, check.adam_step, adam_step) == (True, "Correct! adam_step passes both test cases.\n")


def test_hand_worked_numbers_agree_with_minirelu_optimizers():
    # minirelu.optimizers as a second opinion on the checkers' hand-worked numbers
    def sgd_mr(w, grad, learning_rate):
        w = w.copy()
        SGD(learning_rate).step([w], [grad])
        return w

    def momentum_mr(w, v, grad, learning_rate, momentum):
        w, opt = w.copy(), Momentum(learning_rate, momentum)
        opt.step([w], [np.zeros_like(w)])       # velocity stays 0 ...
        opt._velocity[0][...] = v               # ... then starts from the given v
        opt.step([w], [grad])
        return w, opt._velocity[0].copy()

    def adam_mr(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon):
        w, opt = w.copy(), Adam(learning_rate, beta1, beta2, epsilon)
        opt.step([w.copy()], [grad])            # allocate the moment buffers
        opt._m[0][...], opt._s[0][...], opt.t = m, s, t - 1
        opt.step([w], [grad])
        return w, opt._m[0].copy(), opt._s[0].copy()

    assert check.sgd_step(sgd_mr)
    assert check.momentum_step(momentum_mr)
    assert check.adam_step(adam_mr)


def test_adam_second_case_arithmetic():
    w, m, s = adam_step(np.array([1.0, -1.0]), np.array([0.1, -0.2]), np.array([0.04, 0.01]),
                        np.array([0.3, 0.2]), 2, learning_rate=0.1, beta1=0.5, beta2=0.5, epsilon=0.0)
    np.testing.assert_allclose(m, [0.2, 0.0], atol=1e-15)
    np.testing.assert_allclose(s, [0.065, 0.025], rtol=1e-12)
    # (0.2 / 0.75) / sqrt(0.065 / 0.75) = 0.2 / sqrt(0.065 * 0.75)
    np.testing.assert_allclose(w, [1.0 - 0.02 / np.sqrt(0.04875), -1.0], rtol=1e-12)
    assert abs(w[0] - 0.90941784) < 1e-8


def adam_without_correction(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad ** 2
    return w - learning_rate * m_new / (np.sqrt(s_new) + epsilon), m_new, s_new


def adam_without_sqrt(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon):
    _, m_new, s_new = adam_step(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon)
    m_hat, s_hat = m_new / (1 - beta1 ** t), s_new / (1 - beta2 ** t)
    return w - learning_rate * m_hat / (s_hat + epsilon), m_new, s_new


def adam_gradient_not_squared(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon):
    w_new, m_new, _ = adam_step(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon)
    return w_new, m_new, beta2 * s + (1 - beta2) * grad


def adam_old_moments(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon):
    _, m_new, s_new = adam_step(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon)
    m_hat, s_hat = m / (1 - beta1 ** t), s / (1 - beta2 ** t)
    return w - learning_rate * m_hat / (np.sqrt(s_hat) + epsilon), m_new, s_new


@pytest.mark.parametrize("checker, wrong, message", [
    (lesson04.sgd_step, lambda w, grad, learning_rate: w + learning_rate * grad,
     "expected 0.95, got 1.05"),
    (lesson04.sgd_step, lambda w, grad, learning_rate: w.__isub__(learning_rate * grad),
     "changed its input `w` in place"),
    (lesson04.momentum_step,
     lambda w, v, grad, learning_rate, momentum: (w + v, momentum * v - learning_rate * grad),
     "w_new moved by the old velocity v"),
    (lesson04.momentum_step,
     lambda w, v, grad, learning_rate, momentum: (w - (momentum * v + learning_rate * grad),
                                                  momentum * v + learning_rate * grad),
     "v_new has the wrong sign"),
    (lesson04.momentum_step, lambda w, v, grad, learning_rate, momentum: momentum_step(
        w, v, grad, learning_rate, momentum)[0], "should return the pair (w_new, v_new), got ndarray"),
    (lesson04.adam_step, adam_without_correction, "w_new is computed without the bias correction"),
    (lesson04.adam_step, adam_without_sqrt, "divides by s_hat instead of its square root"),
    (lesson04.adam_step, adam_gradient_not_squared, "s_new averages the gradient itself"),
    (lesson04.adam_step, adam_old_moments, "w_new uses the old m and s"),
])
def test_steps_name_the_slip(capsys, checker, wrong, message):
    result, out = run(capsys, checker, wrong)
    assert result == False and out.startswith("Not yet: ") and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code


# ---- lesson 04: choosing a learning rate ---------------------------------------------------

@pytest.mark.parametrize("rate", [0.035, 0.04, 0.045, 0.048])
def test_choose_learning_rate_accepts_the_window(capsys, rate):
    assert run(capsys, check.choose_learning_rate, lambda: rate) == (True, (
        "Correct! with your learning rate, 100 steps of gradient descent bring the loss below 0.01.\n"))


def test_choose_learning_rate_window_matches_a_plain_loop():
    # the checker's closed form against 100 explicit gradient steps on (w1^2 + 40 w2^2) / 2
    for rate in (0.01, 0.03, 0.04, 0.0495):
        w = np.array([4.0, 1.0])
        for _ in range(100):
            w = w - rate * np.array([1.0, 40.0]) * w
        assert (lesson04.valley_loss(w) < 0.01) == (lesson04._advice_learning_rate(rate) is None)


@pytest.mark.parametrize("rate, message", [
    (0.01, "the loss is still 1.07 after 100 steps, above 0.01: along the flat direction"),
    (0.0495, "the steep direction zigzags, shrinking only by |1 - 40 * learning_rate| = 0.98"),
    (0.06, "the loss grows to 3.36e+30 in 100 steps"),
    (-1, "a learning rate must be a positive number, got -1.0"),
    ("0.04", "should return a number, got str"),
    (True, "should return a number, got bool"),
])
def test_choose_learning_rate_explains(capsys, rate, message):
    result, out = run(capsys, lesson04.choose_learning_rate, lambda: rate)
    assert result == False and message in out
    assert solution_code_in(out) == []   # a first miss never shows solution code
