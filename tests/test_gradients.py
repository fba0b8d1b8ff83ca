"""Every analytic gradient against central differences (float64, relative error < 1e-6)."""
import numpy as np
import pytest

import minirelu as mr
from minirelu.activations import ACTIVATIONS, DERIVATIVES
from minirelu.gradcheck import check_gradients, numerical_gradient, relative_error
from minirelu.losses import log_loss, log_loss_gradient, mse, mse_gradient


def _data(d, n=9, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    return X, (X[:, 0] + 0.5 * X[:, -1] > 0).astype(int), X @ rng.normal(size=d)


def _away_from_kinks(net, X):
    """True when no ReLU pre-activation is within 1e-3 of 0, so differences stay on one side."""
    _, cache = net.forward_cache(X)
    return all(np.min(np.abs(z)) > 1e-3 for z in cache.Z[:-1])


@pytest.mark.parametrize("hidden", [(), (5,), (5, 4), (6, 5, 4)])   # depths 1-4
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("output", ["identity", "sigmoid"])
@pytest.mark.parametrize("l1_reg", [0.0, 0.05])
def test_backprop_matches_central_differences(hidden, activation, output, l1_reg):
    X, labels, targets = _data(3)
    y = labels if output == "sigmoid" else targets
    for seed in range(20):
        net = mr.MLP((3, *hidden, 1), activation, output, random_state=seed)
        if activation != "relu" or _away_from_kinks(net, X):
            break
    errors = check_gradients(net, X, y, l1_reg=l1_reg)
    assert set(errors) == {f"{p}{l}" for l in range(1, len(hidden) + 2) for p in "Wb"}
    assert max(errors.values()) < 1e-6, errors


def test_gradient_check_catches_a_wrong_backward_pass():
    """A backward pass that forgets g'(z) must fail the same check."""
    X, y, _ = _data(3)
    net = mr.MLP((3, 5, 1), "tanh", "sigmoid", random_state=0)
    original = mr.network.DERIVATIVES["tanh"]
    mr.network.DERIVATIVES["tanh"] = DERIVATIVES["identity"]
    try:
        errors = check_gradients(net, X, y)
    finally:
        mr.network.DERIVATIVES["tanh"] = original
    assert errors["W1"] > 1e-2


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivatives_match_central_differences(name):
    z = np.array([-3.0, -0.7, -0.2, 0.3, 1.1, 4.0])   # no point at ReLU's kink
    g, g_prime = ACTIVATIONS[name], DERIVATIVES[name]
    h = 1e-6
    numeric = (g(z + h) - g(z - h)) / (2 * h)
    assert np.allclose(g_prime(g(z)), numeric, rtol=1e-7, atol=1e-9)
    out = np.empty_like(z)
    assert np.array_equal(g_prime(g(z), out=out), g_prime(g(z)))


@pytest.mark.parametrize("loss, grad, y", [(mse, mse_gradient, [0.5, -1.0, 2.0, 0.0]),
                                           (log_loss, log_loss_gradient, [1, 0, 0, 1])])
def test_loss_gradients_match_central_differences(loss, grad, y):
    z = np.array([0.3, -1.2, 2.5, 0.1])
    numeric = numerical_gradient(lambda: loss(y, z), z)
    assert relative_error(grad(y, z), numeric) < 1e-8


def test_input_gradient_matches_central_differences():
    X, _, _ = _data(4, n=6)
    net = mr.MLP((4, 7, 5, 1), "tanh", "sigmoid", random_state=3)
    for raw in (True, False):
        analytic = net.input_gradient(X, raw=raw)
        f = net.raw_output if raw else net.forward
        numeric = np.array([numerical_gradient(lambda: f(row[None])[0, 0], row) for row in X.copy()])
        assert relative_error(analytic, numeric) < 1e-7


def test_numerical_gradient_restores_its_input_and_is_second_order():
    x = np.array([1.0, -2.0, 0.5])
    g = numerical_gradient(lambda: np.sum(x ** 3), x)
    assert np.array_equal(x, [1.0, -2.0, 0.5])
    assert np.allclose(g, 3 * x ** 2, rtol=1e-9)


def test_relative_error_is_zero_for_equal_and_one_for_opposite():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == 1.0
    with pytest.raises(ValueError, match="shape"):
        relative_error([1.0, 2.0], [1.0])
