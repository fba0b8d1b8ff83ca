"""Merging the local linear models of a ReLU network: a deterministic path between the
network's own LLMs and one global least-squares model."""
import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret


def data(n=1500, d=5, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, d))
    y = np.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2] + 0.1 * rng.normal(size=n)
    return X, y


@pytest.fixture(scope="module")
def fitted():
    X, y = data()
    reg = mr.MLPRegressor((16, 16), epochs=15, batch_size=32, learning_rate=3e-3,
                          random_state=0).fit(X[:1000], y[:1000])
    return reg, X[:1000], y[:1000], X[1000:], y[1000:]


def test_path_starts_at_the_network_and_ends_at_least_squares(fitted):
    reg, X, y, X_test, y_test = fitted
    path = interpret.merge_local_linear_models(reg, X, y, X_test, y_test, max_groups=30)
    llms = interpret.local_linear_models(reg, X)
    assert path.n_groups[0] == llms.n_llms > 30
    assert path.n_groups[1] == 30 and path.n_groups[-1] == 1
    assert list(path.n_groups[1:]) == list(range(30, 0, -1))
    # start: the network's own LLMs, fidelity 1 up to rounding, on training and held-out rows
    assert abs(path.fidelity_train[0] - 1) <= 1e-12 and abs(path.fidelity_test[0] - 1) <= 1e-12
    assert path.accuracy_test[0] == pytest.approx(reg.score(X_test, y_test), abs=1e-9)
    # end: one global linear model, least squares of the network's output on all rows
    raw = reg.network_.raw_output(X)[:, 0]
    beta = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), raw, rcond=None)[0]
    one = path.groups(1)
    np.testing.assert_allclose(one.coef[0], beta[:-1], rtol=0, atol=1e-9)
    assert abs(one.intercept[0] - beta[-1]) <= 1e-9
    assert one.counts.tolist() == [1000] and one.n_llms.tolist() == [llms.n_llms]
    np.testing.assert_allclose(one.predict(X_test), X_test @ beta[:-1] + beta[-1], atol=1e-9)
    # more groups fit the network at least as well on the rows they were fitted on
    assert path.fidelity_train[1] >= path.fidelity_train[-1]


def test_path_is_deterministic(fitted):
    reg, X, y, X_test, y_test = fitted
    a = interpret.merge_local_linear_models(reg, X, y, X_test, y_test, max_groups=20)
    b = interpret.merge_local_linear_models(reg, X.copy(), y, X_test, y_test, max_groups=20)
    for name in ("n_groups", "fidelity_train", "fidelity_test", "accuracy_train", "accuracy_test"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    for m in (20, 7, 1):
        np.testing.assert_array_equal(a.groups(m).coef, b.groups(m).coef)


def test_groups_table_counts_and_predict(fitted):
    reg, X, y, X_test, y_test = fitted
    path = interpret.merge_local_linear_models(reg, X, y, X_test, y_test, max_groups=10,
                                               feature_names=list("abcde"))
    g = path.groups(4)
    assert g.n_groups == 4 and g.counts.sum() == 1000
    assert g.n_llms.sum() == path.n_llms
    assert list(g.table.columns)[:4] == ["Group", "Count", "LLMs", "Intercept"]
    assert "e" in g.table.columns
    pred = g.predict(X_test)
    # the path's held-out R² at 4 groups is this prediction's
    i = list(path.n_groups).index(4, 1)
    ss = np.sum((y_test - pred) ** 2) / np.sum((y_test - y_test.mean()) ** 2)
    assert path.accuracy_test[i] == pytest.approx(1 - ss, abs=1e-9)
    m = path.fewest_groups(within=0.05)
    assert 1 <= m <= path.n_groups[0]
    assert "Groups" in path.table.columns
    ax = path.plot()
    assert ax.get_xscale() == "log" and len(ax.get_lines()) >= 4
    with pytest.raises(ValueError, match="n_groups must be between 1 and 10"):
        path.groups(11)


def test_classifier_path_agreement_and_accuracy():
    X, y = data(800, 4, seed=2)
    labels = (y > 0).astype(int)
    net = mr.MLP((4, 10, 10, 1), "relu", "sigmoid", random_state=1)
    path = interpret.merge_local_linear_models(net, X[:600], labels[:600], X[600:], labels[600:],
                                               max_groups=8)
    assert path.fidelity_name == "agreement" and path.accuracy_name == "accuracy"
    assert path.fidelity_train[0] == 1.0 and path.fidelity_test[0] == 1.0
    raw = net.raw_output(X[600:])[:, 0]
    assert path.accuracy_test[0] == pytest.approx(np.mean((raw > 0) == (labels[600:] == 1)))
    assert ((0 <= path.fidelity_test) & (path.fidelity_test <= 1)).all()


def test_without_targets_or_test_rows():
    X, _ = data(300, 3, seed=3)
    net = mr.MLP((3, 8, 1), "relu", "identity", random_state=2)
    path = interpret.merge_local_linear_models(net, X, max_groups=5)
    assert np.isnan(path.accuracy_train).all() and np.isnan(path.fidelity_test).all()
    with pytest.raises(ValueError, match="no accuracy"):
        path.fewest_groups()
    with pytest.raises(ValueError, match="y_test needs X_test"):
        interpret.merge_local_linear_models(net, X, y_test=np.zeros(3))
    with pytest.raises(ValueError, match="max_groups"):
        interpret.merge_local_linear_models(net, X, max_groups=0)
