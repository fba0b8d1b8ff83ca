"""Feature importance three ways: count-weighted slopes, variance-weighted slopes, and
permutation importance on held-out rows."""
import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret


def test_variance_weighting_formula_and_unit_invariance():
    net = mr.MLP((3, 8, 8, 1), "relu", "identity", random_state=0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3)) * [1.0, 5.0, 0.2]
    llms = interpret.local_linear_models(net, X)
    fi = interpret.feature_importance(net, X, weighting="variance")
    raw = (llms.counts @ llms.coef ** 2) * X.var(axis=0)
    np.testing.assert_allclose(fi.importance, raw / raw.sum(), rtol=1e-12)
    assert fi.weighting == "variance" and "variance-weighted" in fi.label
    # rescaling a feature (and the first layer to match) leaves the network and the
    # variance-weighted importance unchanged, but not the count-weighted one
    W = [w.copy() for w in net.weights]
    W[0][:, 1] /= 10.0
    scaled = mr.MLP.from_weights(W, net.biases, "relu", "identity")
    X2 = X.copy()
    X2[:, 1] *= 10.0
    np.testing.assert_allclose(interpret.feature_importance(scaled, X2, weighting="variance").importance,
                               fi.importance, rtol=1e-9)
    count = interpret.feature_importance(net, X).importance
    assert not np.allclose(interpret.feature_importance(scaled, X2).importance, count)
    with pytest.raises(ValueError, match="weighting"):
        interpret.feature_importance(net, X, weighting="area")


def test_rare_binary_feature_counts_less_with_variance():
    """A steep slope along a feature that is rarely 1 ranks high by count, low by variance."""
    rng = np.random.default_rng(1)
    X = np.column_stack([rng.normal(size=2000), (rng.random(2000) < 0.03).astype(float)])
    net = mr.MLP.from_weights([[[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0, 3.0]]],
                              [[0.0, 0.0, 1.0], [0.0]], "relu", "identity")
    count = interpret.feature_importance(net, X, weighting="count").importance
    var = interpret.feature_importance(net, X, weighting="variance").importance
    assert count[1] > count[0] and var[1] < var[0]


def test_permutation_importance_against_a_plain_loop():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(300, 3))
    y = 2 * X[:, 0] - X[:, 1] + 0.1 * rng.normal(size=300)
    net = mr.MLP.from_weights([[[2.0, -1.0, 0.0]]], [[0.0]], "relu", "identity")
    pi = interpret.permutation_importance(net, X, y, n_repeats=3, random_state=5,
                                          feature_names=["a", "b", "c"])
    gen = np.random.default_rng(5)
    base = mr.metrics.r2_score(y, X @ [2.0, -1.0, 0.0])
    for r in range(3):
        for j in range(3):
            Xp = X.copy()
            Xp[:, j] = X[gen.permutation(300), j]
            assert pi.drops[r, j] == pytest.approx(base - mr.metrics.r2_score(y, Xp @ [2.0, -1.0, 0.0]),
                                                   abs=1e-12)
    assert pi.drops[:, 2].max() == 0.0 and list(pi.order[:2]) == [0, 1]
    assert pi.baseline == pytest.approx(base) and pi.score_name == "R²"
    assert list(pi.table.columns)[0] == "Feature"


def test_permutation_importance_classifier_uses_auc_and_plots():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] > 0).astype(int)
    net = mr.MLP((2, 5, 1), "relu", "sigmoid", random_state=1)
    pi = interpret.permutation_importance(net, X, y, random_state=0)
    assert pi.score_name == "AUC"
    assert pi.baseline == pytest.approx(mr.metrics.roc_auc_score(y, net.raw_output(X)[:, 0]))
    fi = interpret.feature_importance(net, X)
    from minirelu.plotting.local_linear import plot_importances
    ax = plot_importances([fi, interpret.feature_importance(
        net, X, weighting="variance"), pi])
    assert len(ax.patches) == 6 and len(ax.get_legend().get_texts()) == 3
    pi.plot()
    with pytest.raises(ValueError, match="n_repeats"):
        interpret.permutation_importance(net, X, y, n_repeats=0)
