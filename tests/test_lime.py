"""LIME-style explanations: the exact local linear model as the oracle inside one region,
linear functions recovered exactly, the weighted ridge against scikit-learn, Kish's
effective sample size by hand, blending across a boundary, and bad input.
"""
import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest
from sklearn.linear_model import Ridge

import minirelu as mr
from minirelu import interpret


def _net_and_data(d, seed):
    net = mr.MLP((d, 16, 16, 1), random_state=seed)
    X = np.random.default_rng(seed).normal(size=(400, d))
    return net, (lambda Z: net.raw_output(Z)[:, 0]), X


def _same_region(net, x, Z):
    """True when every row of Z has x's activation pattern (x's local linear model)."""
    def patterns(A):
        _, cache = net.forward_cache(A)
        return np.hstack([z > 0 for z in cache.Z[:-1]])
    return bool((patterns(Z) == patterns(x[None])).all())


def _deep_point(net, f, X, kernel_width):
    """The first training row whose LIME samples (at this width) all share its region."""
    for x in X:
        result = interpret.lime_explanation(f, x, X, n_samples=2000, kernel_width=kernel_width,
                                            random_state=0)
        if _same_region(net, x, result.samples):
            return x, result
    raise AssertionError("no training row lies that deep inside its linear region")


@pytest.mark.parametrize("d,seed", [(2, 0), (5, 1)])
def test_narrow_kernel_inside_a_region_gives_the_exact_llm_coefficients(d, seed):
    net, f, X = _net_and_data(d, seed)
    x, result = _deep_point(net, f, X, kernel_width=0.05)
    llm = net.input_gradient(x[None])[0]              # the exact local linear model's slopes
    np.testing.assert_allclose(result.coef, llm, rtol=0.05)
    # Without the ridge the fit is exact: f is linear on every sample.
    exact = interpret.lime_explanation(f, x, X, n_samples=2000, kernel_width=0.05, alpha=0.0,
                                       random_state=0)
    np.testing.assert_allclose(exact.coef, llm, rtol=1e-9, atol=1e-12)
    assert exact.r2 == pytest.approx(1.0, abs=1e-9)   # the samples see one linear function
    assert exact.local_prediction == pytest.approx(exact.prediction, abs=1e-9)
    assert exact.predict(x[None])[0] == pytest.approx(f(x[None])[0], abs=1e-9)


def test_a_wide_kernel_blends_the_models_on_both_sides_of_a_boundary():
    # f(x) = |x0| + 2 x1: slopes (+1, 2) right of x0 = 0 and (-1, 2) left of it.
    net = mr.MLP.from_weights([[[1.0, 0.0], [-1.0, 0.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]])
    f = lambda Z: net.raw_output(Z)[:, 0] + 2.0 * Z[:, 1]
    X = np.random.default_rng(2).normal(size=(300, 2))
    x = np.array([0.2, 0.5])
    path = interpret.lime_path(f, x, X, [0.02, 0.05, 0.5, 2.0], alpha=0.0, random_state=3)
    np.testing.assert_allclose(path.coef[:2, 0], 1.0, atol=1e-9)      # inside the right region
    assert -0.5 < path.coef[3, 0] < 0.6                                # both sides, blended
    assert 0.0 < path.coef[2, 0] < 1.0 and path.r2[3] < 0.99
    np.testing.assert_allclose(path.coef[:2, 1], 2.0, atol=1e-9)      # x1 enters linearly everywhere
    np.testing.assert_allclose(path.coef[2:, 1], 2.0, atol=1e-2)


@pytest.mark.parametrize("kernel_width", [0.01, 0.3, 5.0])
def test_a_linear_function_is_recovered_at_any_width(kernel_width):
    rng = np.random.default_rng(4)
    w = np.array([5.0, 3.0, 2.0])
    X = rng.uniform(0, 2, size=(200, 3)) * np.array([1.0, 10.0, 0.1])  # very different spreads
    x = np.array([1.0, 1.0, 1.0])
    result = interpret.lime_explanation(lambda Z: Z @ w + 1.5, x, X, kernel_width=kernel_width,
                                        alpha=0.0, random_state=0)
    np.testing.assert_allclose(result.coef, w, rtol=1e-9)
    assert result.intercept == pytest.approx(1.5, abs=1e-8)
    assert result.r2 == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(result.coef_scaled, w * X.std(axis=0), rtol=1e-9)


def test_weighted_ridge_equals_scikit_learn_ridge_with_sample_weights():
    rng = np.random.default_rng(5)
    T, y, w = rng.normal(size=(60, 4)), rng.normal(size=60), rng.uniform(0, 3, size=60)
    for alpha in (0.0, 0.1, 2.0):
        b, beta = interpret.weighted_ridge(T, y, w, alpha)
        # ours divides the squared errors by sum(w): the same as Ridge with alpha * sum(w)
        sk = Ridge(alpha=alpha * w.sum()).fit(T, y, sample_weight=w)
        np.testing.assert_allclose(beta, sk.coef_, rtol=1e-10, atol=1e-12)
        assert b == pytest.approx(sk.intercept_, abs=1e-10)


def test_weighted_ridge_by_hand():
    # one feature, weights (1, 1, 2): weighted means t = 1.25, y = 2.5; slope 2 exactly
    b, beta = interpret.weighted_ridge([[0.0], [1.0], [2.0]], [0.5, 2.5, 4.5], [1.0, 1.0, 2.0])
    assert beta[0] == pytest.approx(2.0, abs=1e-12) and b == pytest.approx(0.5, abs=1e-12)
    # alpha shrinks the slope: beta = cov / (var + alpha) with var = 0.6875, cov = 1.375
    _, beta = interpret.weighted_ridge([[0.0], [1.0], [2.0]], [0.5, 2.5, 4.5], [1.0, 1.0, 2.0], 0.3125)
    assert beta[0] == pytest.approx(1.375, abs=1e-12)


def test_effective_sample_size_by_hand():
    assert interpret.effective_sample_size(np.ones(50)) == pytest.approx(50.0)
    assert interpret.effective_sample_size([0.0, 3.0, 0.0]) == pytest.approx(1.0)
    assert interpret.effective_sample_size([1.0, 1.0, 2.0]) == pytest.approx(16 / 6)


@pytest.mark.parametrize("d", [2, 4])
def test_sampling_at_the_kernel_width_keeps_most_samples(d):
    # n_eff / n -> (sqrt(3)/2)^d when the perturbations have the kernel's width
    X = np.random.default_rng(6).normal(size=(100, d))
    result = interpret.lime_explanation(lambda Z: Z.sum(axis=1), X[0], X, n_samples=20000,
                                        kernel_width=0.1, random_state=0)
    assert result.effective_samples / 20000 == pytest.approx((np.sqrt(3) / 2) ** d, rel=0.03)


def test_full_training_spread_under_a_narrow_kernel_leaves_about_one_sample():
    X = np.random.default_rng(7).normal(size=(200, 10))
    net = mr.MLP((10, 16, 1), random_state=0)
    f = lambda Z: net.raw_output(Z)[:, 0]
    wide = interpret.lime_explanation(f, X[0], X, kernel_width=0.05, sample_width=1.0, random_state=0)
    assert wide.effective_samples < 3
    matched = interpret.lime_explanation(f, X[0], X, kernel_width=0.05, random_state=0)
    assert matched.effective_samples > 500


def test_reproducible_and_lime_path_reuses_the_same_draws():
    net, f, X = _net_and_data(3, 2)
    a = interpret.lime_explanation(f, X[3], X, kernel_width=0.2, random_state=11)
    b = interpret.lime_explanation(f, X[3], X, kernel_width=0.2, random_state=11)
    np.testing.assert_array_equal(a.coef, b.coef)
    path = interpret.lime_path(f, X[3], X, [0.1, 0.2, 0.4], random_state=11)
    np.testing.assert_allclose(path.coef[1], a.coef, rtol=0, atol=1e-12)
    assert path.coef.shape == (3, 3) and path.effective_samples.shape == (3,)


def test_a_constant_training_feature_is_perturbed_in_raw_units():
    X = np.random.default_rng(8).normal(size=(50, 2))
    X[:, 1] = 3.0
    result = interpret.lime_explanation(lambda Z: 2 * Z[:, 0] - Z[:, 1], np.array([0.0, 3.0]), X,
                                        alpha=0.0, random_state=0)
    np.testing.assert_allclose(result.scale[1], 1.0)
    np.testing.assert_allclose(result.coef, [2.0, -1.0], rtol=1e-9)


@pytest.mark.parametrize("kwargs,error,match", [
    ({"predict_fn": None}, TypeError, "predict_fn"),
    ({"predict_fn": lambda Z: np.c_[Z[:, 0], Z[:, 1]]}, ValueError, "predict_fn must return one number per row"),
    ({"x": np.zeros((1, 2))}, ValueError, "x must be a 1-D array"),
    ({"x": [0.0, np.inf]}, ValueError, "x contains NaN or infinite"),
    ({"X_train": np.zeros((5, 3))}, ValueError, "X_train has 3 features"),
    ({"n_samples": 1}, ValueError, "n_samples must be >= 2"),
    ({"n_samples": 10.5}, TypeError, "n_samples must be an integer"),
    ({"kernel_width": 0.0}, ValueError, "kernel_width must be > 0"),
    ({"sample_width": -1.0}, ValueError, "sample_width must be > 0"),
    ({"alpha": -0.1}, ValueError, "alpha must be >= 0"),
    ({"random_state": "seed"}, TypeError, "random_state"),
    ({"n_threads": 2.0}, TypeError, "n_threads must be an integer"),
])
def test_bad_input_raises_naming_the_argument(kwargs, error, match):
    call = {"predict_fn": lambda Z: Z.sum(axis=1), "x": np.zeros(2),
            "X_train": np.random.default_rng(0).normal(size=(20, 2))}
    call.update(kwargs)
    with pytest.raises(error, match=match):
        interpret.lime_explanation(**call)


def test_bad_input_to_the_helpers():
    with pytest.raises(ValueError, match="kernel_widths must all be > 0"):
        interpret.lime_path(lambda Z: Z[:, 0], np.zeros(2), np.eye(2), [0.1, 0.0])
    with pytest.raises(ValueError, match="weights must be non-negative"):
        interpret.effective_sample_size([1.0, -1.0])
    with pytest.raises(ValueError, match="same number of rows"):
        interpret.weighted_ridge(np.zeros((3, 1)), np.zeros(2), np.ones(3))
    with pytest.raises(ValueError, match="singular"):
        interpret.weighted_ridge(np.zeros((3, 1)), np.arange(3.0), np.ones(3), alpha=0.0)


def test_repr_table_and_plots():
    X = np.random.default_rng(9).normal(size=(100, 2))
    result = interpret.lime_explanation(lambda Z: Z @ np.array([1.0, -2.0]), X[0], X, n_samples=500,
                                        kernel_width=0.5, alpha=0.0, random_state=0)
    assert repr(result).startswith("LimeExplanation(coef=[1.0000, -2.0000], intercept=0.0000, "
                                   "r2=1.0000, effective_samples=")
    assert repr(result).endswith("of 500, kernel_width=0.5, sample_width=0.5)")
    assert list(result.table["feature"]) == ["x0", "x1"]
    ax = result.plot(reference=[1.0, -2.0])
    np.testing.assert_allclose([p.get_height() for p in ax.patches], [1.0, -2.0, 1.0, -2.0], atol=1e-9)
    assert ax.get_title() and ax.get_ylabel() and ax.get_legend() is not None
    ax = result.plot_samples()
    np.testing.assert_allclose(np.sort(ax.collections[0].get_array()), np.sort(result.weights))
    path = interpret.lime_path(lambda Z: Z @ np.array([1.0, -2.0]), X[0], X, [0.1, 1.0], n_samples=300,
                               random_state=0)
    ax = path.plot(reference=[1.0, -2.0])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), path.coef[:, 0])
    assert ax.get_xscale() == "log" and ax.get_legend() is not None
    assert repr(path) == "LimePath(n_widths=2, kernel_widths from 0.1 to 1, n_features=2)"
