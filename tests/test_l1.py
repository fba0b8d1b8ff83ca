"""L1 on the toolkits' scale: objective = data loss + l1_reg * sum |W|, minimised with a
proximal step preconditioned like the optimizer's own step (lesson 11)."""
import numpy as np
import pytest

import minirelu as mr
from minirelu import losses
from minirelu.datasets import make_linear


def test_adam_threshold_after_two_steps_is_the_hand_worked_value():
    # one weight w = 1, gradients 0.5 then -0.2, eta = 0.1, lambda = 0.3, beta1 0.9, beta2 0.999
    w = np.array([1.0])
    opt = mr.optimizers.Adam(0.1)
    opt.step([w], [np.array([0.5])])
    # s = 0.001 * 0.25; vhat = s / 0.001 = 0.25; tau = 0.1 * 0.3 / (0.5 + 1e-8) = 0.06
    assert opt.l1_thresholds([w], 0.3)[0][0] == pytest.approx(0.06, rel=1e-7)
    opt.prox_l1([w], 0.3)
    assert w[0] == pytest.approx(1.0 - 0.1 - 0.06, rel=1e-6)            # Adam's first step is eta
    opt.step([w], [np.array([-0.2])])
    # s = 0.999 * 0.00025 + 0.001 * 0.04 = 0.00028975; vhat = s / (1 - 0.999**2) = s / 0.001999
    tau = opt.l1_thresholds([w], 0.3)[0][0]
    assert tau == pytest.approx(0.03 / (np.sqrt(0.00028975 / 0.001999) + 1e-8), rel=1e-12)
    assert tau == pytest.approx(0.078798, rel=1e-5)
    before = w[0]
    opt.prox_l1([w], 0.3)
    assert w[0] == pytest.approx(before - tau, rel=1e-12)
    # step 2 by hand: m = 0.9 * 0.05 - 0.1 * 0.2 = 0.025, eta_2 = 0.1 sqrt(0.001999) / 0.19
    assert before == pytest.approx(0.84 - 0.1 * np.sqrt(0.001999) / 0.19 * 0.025
                                   / (np.sqrt(0.00028975) + 1e-8), rel=1e-6)


def test_sgd_and_momentum_thresholds_are_eta_lambda():
    for opt in (mr.optimizers.SGD(0.1), mr.optimizers.Momentum(0.1, 0.9)):
        w = np.array([[1.0, -0.02, 0.5]])
        opt.step([w], [np.zeros_like(w)])
        opt.prox_l1([w], 0.3)
        np.testing.assert_allclose(w, [[0.97, 0.0, 0.47]], rtol=1e-12)


def test_adam_training_gives_exact_zeros_at_the_toolkits_scale_and_biases_are_not_penalised():
    X, y = make_linear(400, coef=(1.0, -2.0, 0.0, 0.0, 0.5), noise=0.1, x_range=(-1, 1),
                       random_state=0)
    kw = dict(hidden_layer_sizes=(16, 16), learning_rate=1e-3, epochs=30, random_state=0)
    plain = mr.MLPRegressor(**kw).fit(X, y)
    sparse = mr.MLPRegressor(l1_reg=3e-2, **kw).fit(X, y)
    zeros = lambda reg: sum(int(np.sum(W == 0)) for W in reg.network_.weights)
    n_weights = sum(W.size for W in sparse.network_.weights)
    assert zeros(plain) == 0 and zeros(sparse) > n_weights // 4
    assert all(np.all(b != 0) for b in sparse.network_.biases)
    assert sparse.score(X, y) > 0.9


def test_history_loss_is_the_data_loss_and_the_penalty_is_reported_separately():
    X, y = make_linear(150, coef=(1.0, -2.0), noise=0.1, x_range=(-1, 1), random_state=0)
    reg = mr.MLPRegressor((6,), batch_size=1000, epochs=2, l1_reg=0.05, random_state=5).fit(X, y)
    start = mr.MLP((2, 6, 1), "relu", "identity", random_state=np.random.default_rng(5))
    assert reg.history_["loss"][0] == pytest.approx(losses.mse(y, start.raw_output(X)), rel=1e-12)
    penalty = 0.05 * sum(np.abs(W).sum() for W in reg.network_.weights)
    assert reg.history_["l1_penalty"][-1] == pytest.approx(penalty, rel=1e-12)
    assert penalty > 0.01       # large enough that adding it to "loss" would be seen
    assert "l1_penalty" not in mr.MLPRegressor((6,), epochs=1, random_state=0).fit(X, y).history_
    # the network's objective is the same sum: data loss + penalty
    net = reg.network_
    assert net.loss_and_gradients(X, y, l1_reg=0.05, gradients=False) == pytest.approx(
        losses.mse(y, net.raw_output(X)) + penalty, rel=1e-12)
