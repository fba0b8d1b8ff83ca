"""The building blocks against hand-worked values: activations, losses, optimizers, the MLP."""
import numpy as np
import pytest

import minirelu as mr
from minirelu.activations import relu, sigmoid, tanh, identity
from minirelu.losses import log_loss, mse
from minirelu.optimizers import SGD, Momentum, Adam


def test_activations_on_hand_values():
    z = np.array([-2.0, 0.0, 3.0])
    assert np.array_equal(relu(z), [0.0, 0.0, 3.0])
    assert np.allclose(sigmoid(z), [1 / (1 + np.e ** 2), 0.5, 1 / (1 + np.e ** -3)], rtol=1e-15)
    assert np.allclose(tanh(z), np.tanh(z))
    out = identity(z)
    assert np.array_equal(out, z) and out is not z


def test_sigmoid_is_stable_for_huge_logits():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = sigmoid(np.array([-1000.0, -40.0, 40.0, 1000.0]))
    assert p[0] == 0.0 and p[-1] == 1.0
    assert p[1] == pytest.approx(np.exp(-40) / (1 + np.exp(-40)), rel=1e-15)


def test_mse_and_log_loss_by_hand():
    # residuals 1, -2, 0: (1 + 4 + 0) / 3
    assert mse([1.0, 2.0, 3.0], [2.0, 0.0, 3.0]) == pytest.approx(5 / 3, rel=1e-15)
    # z = 0 gives p = 1/2 whatever the label: log 2 per sample
    assert log_loss([1, 0], [0.0, 0.0]) == pytest.approx(np.log(2), rel=1e-15)
    # y = 1, z = 2: log(1 + e^2) - 2 = -log(sigmoid(2))
    assert log_loss([1], [2.0]) == pytest.approx(-np.log(1 / (1 + np.exp(-2))), rel=1e-14)


def test_log_loss_is_finite_for_any_logit():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = log_loss([1, 0], [-1000.0, 1000.0])
    assert value == pytest.approx(1000.0)


def test_one_sgd_step_by_hand():
    """Network 1-1-1, identity everywhere: yhat = w2 (w1 x + b1) + b2.

    w1 = 2, b1 = 0, w2 = 3, b2 = 1; x = 1, y = 10: yhat = 7, residual r = -3.
    MSE gradient at the output: 2 r / n = -6.
    dL/dw2 = -6 * a1 = -6 * 2 = -12;  dL/db2 = -6;
    dL/dw1 = -6 * w2 * x = -18;       dL/db1 = -18.
    One SGD step with lr 0.1: w1 = 3.8, b1 = 1.8, w2 = 4.2, b2 = 1.6.
    """
    net = mr.MLP.from_weights([[[2.0]], [[3.0]]], [[0.0], [1.0]], "identity", "identity")
    loss, dW, db = net.loss_and_gradients([[1.0]], [10.0])
    assert loss == 9.0
    assert [float(g[0, 0]) for g in dW] == [-18.0, -12.0]
    assert [float(g[0]) for g in db] == [-18.0, -6.0]
    SGD(0.1).step(net.weights + net.biases, dW + db)
    assert np.allclose([net.weights[0][0, 0], net.biases[0][0], net.weights[1][0, 0],
                        net.biases[1][0]], [3.8, 1.8, 4.2, 1.6], rtol=1e-15)


def test_momentum_and_adam_first_steps_by_hand():
    p, g = [np.array([1.0])], [np.array([0.5])]
    opt = Momentum(0.1, momentum=0.9)
    opt.step(p, g)                      # v = -0.05, p = 0.95
    opt.step(p, g)                      # v = 0.9 * -0.05 - 0.05 = -0.095, p = 0.855
    assert p[0][0] == pytest.approx(0.855, rel=1e-14)
    p = [np.array([1.0])]
    adam = Adam(0.1)
    adam.step(p, g)                     # first Adam step moves by lr * g / |g| = 0.1 (up to eps)
    assert p[0][0] == pytest.approx(0.9, rel=1e-7)
    adam.step(p, [np.array([-0.5])])    # m = 0.9*0.05 - 0.05 = -0.005, s = 0.25 * (1 - 0.999^2)
    m_hat, s_hat = -0.005 / (1 - 0.81), 0.25 * 0.001 * (1 + 0.999) / (1 - 0.999 ** 2)
    assert p[0][0] == pytest.approx(0.9 - 0.1 * m_hat / np.sqrt(s_hat), rel=1e-6)


def test_forward_shapes_and_row_independence():
    net = mr.MLP((3, 8, 8, 2), "relu", "sigmoid", random_state=0)
    X = np.random.default_rng(1).normal(size=(5000, 3))
    out = net.forward(X)
    assert out.shape == (5000, 2) and np.all((out > 0) & (out < 1))
    # evaluation in blocks gives the same rows as one row at a time
    assert np.allclose(out[[0, 1234, 4999]], np.vstack([net.forward(X[[i]]) for i in (0, 1234, 4999)]),
                       rtol=1e-14, atol=0)


def test_forward_equals_the_equations():
    rng = np.random.default_rng(0)
    net = mr.MLP((4, 6, 1), "tanh", "identity", random_state=2)
    X = rng.normal(size=(7, 4))
    W1, W2 = net.weights
    b1, b2 = net.biases
    expected = np.tanh(X @ W1.T + b1) @ W2.T + b2
    assert np.allclose(net.forward(X), expected, rtol=1e-14, atol=1e-15)
    out, cache = net.forward_cache(X)
    assert np.allclose(cache.Z[0], X @ W1.T + b1) and np.allclose(out, expected)


def test_float32_network_stays_float32():
    net = mr.MLP((3, 4, 1), dtype="float32", random_state=0)
    assert all(W.dtype == np.float32 for W in net.weights)
    assert net.forward(np.ones((2, 3))).dtype == np.float32


def test_same_seed_same_weights_and_repr():
    a, b = mr.MLP((2, 5, 1), random_state=7), mr.MLP((2, 5, 1), random_state=7)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights + a.biases, b.weights + b.biases))
    assert repr(a) == "MLP(layer_sizes=(2, 5, 1), hidden_activation='relu', output_activation='identity')"


def test_from_weights_keeps_float32_weights_exactly_unless_asked():
    rng = np.random.default_rng(3)
    W = [rng.normal(size=(4, 2)).astype(np.float32), rng.normal(size=(1, 4)).astype(np.float32)]
    b = [rng.normal(size=4).astype(np.float32), rng.normal(size=1).astype(np.float32)]
    net = mr.MLP.from_weights(W, b)
    assert net.dtype == np.float32
    assert all(np.array_equal(a, c) and a.dtype == np.float32 for a, c in zip(net.weights, W))
    assert net.forward(np.ones((3, 2), np.float32)).dtype == np.float32
    wide = mr.MLP.from_weights(W, b, dtype="float64")
    assert wide.dtype == np.float64 and all(a.dtype == np.float64 for a in wide.weights + wide.biases)
    assert all(np.array_equal(a, c.astype(np.float64)) for a, c in zip(wide.weights, W))
    mixed = mr.MLP.from_weights([W[0].astype(np.float64), W[1]], b)
    assert mixed.dtype == np.float64
