"""Training is the route lesson 03 teaches: forward pass -> losses -> backward pass -> optimizer step.

One source of truth per formula: what ``history_`` records is ``minirelu.losses`` on the same
predictions, and a step of ``fit`` is the four public functions composed by hand.
"""
import numpy as np
import pytest

import minirelu as mr
from minirelu import losses
from minirelu.datasets import make_linear, make_moons
from minirelu.estimators import train_step


def test_history_loss_is_the_losses_module_on_the_same_predictions():
    X, y = make_moons(120, noise=0.2, random_state=0)
    # one full batch, one epoch: the recorded loss is that of the initial network's logits
    clf = mr.MLPClassifier((8,), batch_size=500, epochs=1, random_state=3).fit(X, y)
    start = mr.MLP((2, 8, 1), "relu", "sigmoid", random_state=np.random.default_rng(3))
    z = start.raw_output(X)
    assert clf.history_["loss"][0] == pytest.approx(losses.log_loss(y, z), rel=1e-12)
    assert clf.history_["accuracy"][0] == np.mean((z[:, 0] > 0) == y)

    Xr, yr = make_linear(150, coef=(1.0, -2.0, 0.5), noise=0.1, x_range=(-1, 1), random_state=0)
    reg = mr.MLPRegressor((8,), batch_size=500, epochs=1, random_state=4).fit(Xr, yr)
    start = mr.MLP((3, 8, 1), "relu", "identity", random_state=np.random.default_rng(4))
    z = start.raw_output(Xr)
    assert reg.history_["loss"][0] == pytest.approx(losses.mse(yr, z), rel=1e-12)


def test_history_loss_over_minibatches_is_the_mean_of_losses_on_each_batch():
    X, y = make_moons(100, noise=0.2, random_state=1)
    net = mr.MLP((2, 6, 1), "relu", "sigmoid", random_state=0)
    opt = mr.optimizers.SGD(0.1)
    seen = []
    for rows in (slice(0, 40), slice(40, 80), slice(80, 100)):   # shuffle=False, batch 40
        yb = y[rows].reshape(-1, 1).astype(float)
        seen.append(losses.log_loss(yb, net.forward_pass(X[rows])[0]) * len(yb))
        train_step(net, X[rows], yb, opt)
    clf = mr.MLPClassifier((6,), optimizer="sgd", learning_rate=0.1, batch_size=40, epochs=1,
                           shuffle=False, random_state=0).fit(X, y)
    assert clf.history_["loss"][0] == pytest.approx(sum(seen) / len(y), rel=1e-12)
    for W_fit, W_hand in zip(clf.network_.parameters(), net.parameters()):
        np.testing.assert_array_equal(W_fit, W_hand)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("output, loss", [("sigmoid", losses.log_loss_gradient),
                                          ("identity", losses.mse_gradient)])
def test_one_training_step_is_forward_losses_backward_optimizer_composed_by_hand(optimizer, output,
                                                                                  loss):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(16, 3))
    y = (rng.random((16, 1)) > 0.5).astype(float)
    net = mr.MLP((3, 5, 4, 1), "relu", output, random_state=1)
    hand = mr.MLP.from_weights(net.weights, net.biases, "relu", output)
    hand.weights = [W.copy() for W in hand.weights]
    hand.biases = [b.copy() for b in hand.biases]

    train_step(net, X, y, mr.optimizers.make_optimizer(optimizer, 0.05))

    z, cache = hand.forward_pass(X)                        # forward
    delta = loss(y, z)                                     # losses: the output delta
    dW, db = hand.backward(cache, delta)                   # backward
    mr.optimizers.make_optimizer(optimizer, 0.05).step(hand.parameters(), dW + db)   # step
    for a, b in zip(net.parameters(), hand.parameters()):
        np.testing.assert_array_equal(a, b)
    assert any(not np.array_equal(a, b) for a, b in zip(net.parameters(), mr.MLP(
        (3, 5, 4, 1), "relu", output, random_state=1).parameters()))   # the step moved something


def test_fit_is_train_step_with_packed_parameters_bit_for_bit():
    X, y = make_moons(64, noise=0.2, random_state=2)
    clf = mr.MLPClassifier((5, 4), batch_size=16, epochs=2, l1_reg=1e-3, random_state=7).fit(X, y)
    rng = np.random.default_rng(7)
    net = mr.MLP((2, 5, 4, 1), "relu", "sigmoid", random_state=rng)
    opt = mr.optimizers.Adam(1e-3)
    yc = y.reshape(-1, 1).astype(float)
    for _ in range(2):
        order = rng.permutation(len(X))
        for start in range(0, len(X), 16):
            rows = order[start:start + 16]
            train_step(net, X[rows], yc[rows], opt, l1_reg=1e-3)
    for a, b in zip(clf.network_.parameters(), net.parameters()):
        np.testing.assert_array_equal(a, b)


def test_forward_pass_returns_the_raw_output_and_the_cache():
    net = mr.MLP((3, 4, 2), "tanh", "sigmoid", random_state=0)
    X = np.random.default_rng(1).normal(size=(5, 3))
    z, cache = net.forward_pass(X)
    np.testing.assert_allclose(z, net.raw_output(X), rtol=0, atol=1e-15)
    assert cache.A[0] is X and [a.shape for a in cache.Z] == [(5, 4), (5, 2)]
    np.testing.assert_allclose(net.forward(X), 1 / (1 + np.exp(-z)), rtol=1e-12)
    assert net.parameters() == net.weights + net.biases


def test_one_loss_table_pairs_outputs_and_losses():
    pairs = {name: entry.output for name, entry in losses.LOSSES.items()}
    assert pairs["mse"] == "identity" and pairs["log_loss"] == "sigmoid"
    assert losses.loss_for_output("sigmoid").gradient is losses.log_loss_gradient
    with pytest.raises(ValueError, match="output_activation must be one of"):
        losses.loss_for_output("softplus")
    import minirelu.network as network
    assert not hasattr(network, "OUTPUT_LOSS")
