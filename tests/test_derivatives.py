"""Reading a network like a regression: collapse, input gradients, marginal effects, partial dependence.

Expected values come from hand-worked networks, central differences, the masked
weight products written out plainly, and slow per-grid-value loops.
"""
import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret, plotting
from minirelu.interpret import derivatives


def _rows(n=40, d=3, seed=0):
    return np.random.default_rng(seed).normal(size=(n, d))


def _central_differences(f, X, h=1e-6):
    """d f / d x_j at every row by central differences, one column at a time, (n, d)."""
    grad = np.empty_like(X)
    for j in range(X.shape[1]):
        step = np.zeros(X.shape[1])
        step[j] = h
        grad[:, j] = (f(X + step) - f(X - step)) / (2 * h)
    return grad


def _away_from_kinks(net, X, margin=1e-3):
    _, cache = net.forward_cache(X)
    return all(np.min(np.abs(z)) > margin for z in cache.Z[:-1])


def _abs_net():
    """f(x) = relu(x) + relu(-x) = |x|, a 1-2-1 ReLU network."""
    return mr.MLP.from_weights([[[1.0], [-1.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]], "relu")


# ---------------------------------------------------------------------------- collapse
def test_collapse_of_a_2_2_1_network_is_the_sum_of_weight_products():
    W1, b1 = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -1.0])
    W2, b2 = np.array([[2.0, -1.0]]), np.array([0.25])
    net = mr.MLP.from_weights([W1, W2], [b1, b2], "identity")
    collapsed = interpret.collapse_linear(net)
    # x1: paths x1 -> h1 -> y (1 * 2) and x1 -> h2 -> y (3 * -1); x2: 2 * 2 + 4 * -1
    assert np.array_equal(collapsed.coef, [2 * 1 + (-1) * 3, 2 * 2 + (-1) * 4])
    assert collapsed.intercept == 2 * 0.5 + (-1) * (-1.0) + 0.25
    assert repr(collapsed) == ("CollapsedLinear(coef=[-1.0000, 0.0000], intercept=2.2500, "
                               "scale='prediction')")


@pytest.mark.parametrize("hidden", [(), (5,), (8, 8), (6, 5, 7, 4)])
def test_collapsed_predictions_equal_the_network(hidden):
    X = _rows(200, 4) * 3
    net = mr.MLP((4, *hidden, 1), "identity", random_state=len(hidden))
    collapsed = interpret.collapse_linear(net, X)
    assert np.max(np.abs(collapsed.predict(X) - net.forward(X)[:, 0])) < 1e-9
    assert collapsed.max_abs_difference < 1e-9 and collapsed.coincides(X)
    product = np.linalg.multi_dot(net.weights[::-1]) if hidden else net.weights[0]
    assert np.allclose(collapsed.coef, product[0], rtol=1e-12, atol=1e-12)


def test_collapse_of_a_fitted_regressor_and_the_logit_of_a_classifier():
    X = _rows(120, 3)
    y = X @ np.array([1.5, -2.0, 0.5]) + 1.0
    reg = mr.MLPRegressor((6, 6), activation="identity", epochs=5, random_state=0).fit(X, y)
    assert interpret.collapse_linear(reg, X).max_abs_difference < 1e-9
    clf = mr.MLPClassifier((6,), activation="identity", epochs=3, random_state=0).fit(X, y > 1)
    with pytest.raises(ValueError, match="output_activation='sigmoid'.*raw=True"):
        interpret.collapse_linear(clf)
    logit = interpret.collapse_linear(clf, raw=True)
    assert logit.scale == "logit"
    assert np.allclose(logit.predict(X), clf.decision_function(X), rtol=1e-12, atol=1e-12)


def test_collapse_detects_a_network_that_is_not_linear():
    net = mr.MLP((2, 3, 1), "identity", random_state=0)
    collapsed = interpret.collapse_linear(net)
    net.weights[0][0, 0] += 1.0     # the network changes, the collapsed copy does not
    X = _rows(10, 2)
    assert not collapsed.coincides(X) and collapsed.max_difference(X) > 1e-3
    with pytest.raises(ValueError, match="hidden_activation='relu'.*identity"):
        interpret.collapse_linear(mr.MLP((2, 3, 1), "relu", random_state=0))


# ---------------------------------------------------------------------------- input gradients
@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "identity"])
@pytest.mark.parametrize("output,scale", [("identity", None), ("sigmoid", "logit"),
                                          ("sigmoid", "probability")])
def test_input_gradients_equal_central_differences(activation, output, scale):
    X = _rows(30, 3)
    for seed in range(20):
        net = mr.MLP((3, 7, 5, 1), activation, output, random_state=seed)
        if activation != "relu" or _away_from_kinks(net, X):
            break
    f = (lambda Z: net.forward(Z)[:, 0]) if scale == "probability" else (lambda Z: net.raw_output(Z)[:, 0])
    grads = interpret.input_gradient(net, X, scale=scale)
    assert grads.scale == scale or (scale is None and grads.scale == "prediction")
    assert np.allclose(grads.values, _central_differences(f, X), rtol=1e-6, atol=1e-8)
    assert np.allclose(grads.mean, grads.values.mean(axis=0), rtol=0, atol=1e-15)


def test_relu_input_gradient_is_the_masked_weight_product():
    """Row by row: W3 D2 W2 D1 W1 with D_l the 0/1 diagonal of the active units."""
    X = _rows(25, 4)
    net = mr.MLP((4, 6, 5, 1), "relu", "sigmoid", random_state=3)
    W1, W2, W3 = net.weights
    b1, b2, _ = net.biases
    expected = []
    for x in X:
        h1 = W1 @ x + b1
        D1 = np.diag((h1 > 0).astype(float))
        h2 = W2 @ np.maximum(h1, 0) + b2
        D2 = np.diag((h2 > 0).astype(float))
        expected.append((W3 @ D2 @ W2 @ D1 @ W1)[0])
    grads = interpret.input_gradient(net, X)          # a classifier is read on the logit scale
    assert grads.scale == "logit"
    assert np.allclose(grads.values, expected, rtol=1e-12, atol=1e-12)


def test_relu_input_gradients_equal_the_local_linear_coefficients():
    X = _rows(60, 3)
    net = mr.MLP((3, 8, 8, 1), "relu", random_state=1)
    llms = interpret.local_linear_models(net, X)
    grads = interpret.input_gradient(net, X)
    assert np.allclose(grads.values, llms.coef[llms.assignment], rtol=1e-12, atol=1e-12)


def test_input_gradients_of_linear_models_are_their_coefficients():
    X = _rows(50, 3)
    y = X @ np.array([2.0, -1.0, 0.5]) + 0.3
    lin = mr.LinearRegression().fit(X, y)
    grads = interpret.input_gradient(lin, X)
    assert np.allclose(grads.values, np.tile(lin.coef_, (50, 1)), rtol=0, atol=0)
    logit = mr.LogisticRegression(max_iter=200).fit(X, y > 0.3)
    p = logit.predict_proba(X)[:, 1]
    grads = interpret.input_gradient(logit, X, scale="probability")
    assert np.allclose(grads.values, (p * (1 - p))[:, None] * logit.coef_, rtol=1e-12, atol=1e-15)
    assert np.allclose(interpret.input_gradient(logit, X).values[0], logit.coef_)


# ---------------------------------------------------------------------------- marginal effects
def test_marginal_effects_of_the_absolute_value_worked_by_hand():
    X = np.array([[-2.0], [-0.25], [0.5], [3.0]])
    effect = interpret.average_marginal_effect(_abs_net(), X, 0)
    assert np.array_equal(effect.derivatives, [-1.0, -1.0, 1.0, 1.0])
    assert effect.mean_derivative == 0.0
    # |x + 1| - |x|: 1 - 2, 0.75 - 0.25, 1.5 - 0.5, 4 - 3: the row at -0.25 crosses the kink
    assert np.allclose(effect.changes, [-1.0, 0.5, 1.0, 1.0], rtol=0, atol=1e-15)
    assert effect.mean_change == pytest.approx(0.375, abs=1e-15) and effect.per_unit == effect.mean_change
    half = interpret.average_marginal_effect(_abs_net(), X, 0, delta=0.5)
    # 1.5 - 2, 0.25 - 0.25, 1 - 0.5, 3.5 - 3
    assert np.allclose(half.changes, [-0.5, 0.0, 0.5, 0.5], rtol=0, atol=1e-15)
    assert half.mean_change == pytest.approx(0.125, abs=1e-15)
    assert half.per_unit == pytest.approx(0.25, abs=1e-15)
    assert repr(half) == ("MarginalEffect(feature=0, scale='prediction', mean_derivative=0.0000, "
                          "delta=0.5, mean_change=0.1250, per_unit=0.2500)")
    assert np.array_equal(half.table["value"], [0.0, 0.125, 0.25])


@pytest.mark.parametrize("delta", [None, 0.01, 2.5])
def test_both_marginal_effects_agree_for_a_linear_network(delta):
    X = _rows(300, 3) * 2
    net = mr.MLP((3, 6, 4, 1), "identity", random_state=2)
    coef = interpret.collapse_linear(net).coef
    for j in range(3):
        effect = interpret.average_marginal_effect(net, X, j, delta=delta)
        assert effect.mean_derivative == pytest.approx(coef[j], abs=1e-12)
        assert effect.per_unit == pytest.approx(coef[j], abs=1e-9)
        assert effect.delta == (1.0 if delta is None else delta)


def test_mean_derivative_is_the_mean_input_gradient_and_changes_are_predictions():
    X = _rows(80, 3)
    clf_net = mr.MLP((3, 9, 1), "tanh", "sigmoid", random_state=4)
    effect = interpret.average_marginal_effect(clf_net, X, 2, delta=0.3, scale="probability")
    grads = interpret.input_gradient(clf_net, X, scale="probability")
    assert effect.mean_derivative == pytest.approx(grads.mean[2], abs=1e-15)
    raised = X.copy()
    raised[:, 2] += 0.3
    slow = clf_net.forward(raised)[:, 0] - clf_net.forward(X)[:, 0]
    assert np.allclose(effect.changes, slow, rtol=0, atol=1e-15)


# ---------------------------------------------------------------------------- partial dependence
@pytest.mark.parametrize("chunk_rows", [derivatives.PD_CHUNK_ROWS, 7, 100])
def test_partial_dependence_equals_a_slow_loop(chunk_rows, monkeypatch):
    monkeypatch.setattr(derivatives, "PD_CHUNK_ROWS", chunk_rows)
    X = _rows(30, 3)
    net = mr.MLP((3, 8, 8, 1), "relu", "sigmoid", random_state=5)
    grid = np.linspace(-2, 2, 11)
    for scale, f in (("logit", net.raw_output), ("probability", net.forward)):
        pd = interpret.partial_dependence(net, X, 1, grid, scale=scale)
        slow = np.empty((30, 11))
        for k, v in enumerate(grid):
            Xv = X.copy()
            Xv[:, 1] = v
            slow[:, k] = f(Xv)[:, 0]
        assert np.allclose(pd.individual, slow, rtol=0, atol=1e-14)
        assert np.allclose(pd.average, slow.mean(axis=0), rtol=0, atol=1e-14)


def test_partial_dependence_of_a_linear_network_has_the_collapsed_slope():
    X = _rows(50, 2)
    net = mr.MLP((2, 5, 1), "identity", random_state=6)
    pd = interpret.partial_dependence(net, X, 0, grid=9)
    assert np.allclose(pd.grid, np.linspace(X[:, 0].min(), X[:, 0].max(), 9), rtol=0, atol=0)
    slopes = np.diff(pd.average) / np.diff(pd.grid)
    assert np.allclose(slopes, interpret.collapse_linear(net).coef[0], rtol=1e-9, atol=1e-12)
    assert repr(pd).startswith("PartialDependence(feature=0, scale='prediction', n_samples=50, "
                               "grid=9 points from ")


# ---------------------------------------------------------------------------- training gradients
def test_layer_gradient_norms_equal_the_norms_of_central_differences():
    X = _rows(12, 2)
    y = (X[:, 0] > 0).astype(int)
    net = mr.MLP((2, 4, 3, 1), "sigmoid", "sigmoid", random_state=0)
    expected = []
    for W in net.weights:
        g = mr.gradcheck.numerical_gradient(lambda: net.loss_and_gradients(X, y, gradients=False), W)
        expected.append(np.linalg.norm(g))
    assert np.allclose(interpret.layer_gradient_norms(net, X, y), expected, rtol=1e-6)


def test_gradient_norms_shrink_towards_the_input_in_a_deep_sigmoid_network():
    X = _rows(200, 2)
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    sig = interpret.layer_gradient_norms(mr.MLP((2,) + (16,) * 8 + (1,), "sigmoid", "sigmoid",
                                                random_state=0), X, y)
    relu = interpret.layer_gradient_norms(mr.MLP((2,) + (16,) * 8 + (1,), "relu", "sigmoid",
                                                 random_state=0), X, y)
    assert np.all(np.diff(sig[:-1]) > 0)           # every hidden layer nearer the output has more
    assert sig[0] / sig[-2] < 1e-3 and relu[0] / relu[-2] > 1e-1


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("call,error,message", [
    (lambda net, X: interpret.average_marginal_effect(net, X, 3), ValueError, "feature must be .* got 3"),
    (lambda net, X: interpret.partial_dependence(net, X, -1), ValueError, "feature must be >= 0"),
    (lambda net, X: interpret.average_marginal_effect(net, X, 1.0), TypeError, "feature must be an integer"),
    (lambda net, X: interpret.input_gradient(net, X[:, :2]), ValueError, "X has 2 features.*expects 3"),
    (lambda net, X: interpret.input_gradient(net, np.where(X > 1, np.nan, X)), ValueError, "X contains NaN"),
    (lambda net, X: interpret.input_gradient(net, X[0]), ValueError, "X must be a 2-D array"),
    (lambda net, X: interpret.average_marginal_effect(net, X, 0, delta=0), ValueError, "delta must be > 0"),
    (lambda net, X: interpret.partial_dependence(net, X, 0, grid=[]), ValueError, "grid is empty"),
    (lambda net, X: interpret.partial_dependence(net, X, 0, grid=0), ValueError, "grid must be >= 1"),
    (lambda net, X: interpret.input_gradient(net, X, scale="probability"), ValueError, "scale='probability'"),
    (lambda net, X: interpret.input_gradient(net, X, scale="odds"), ValueError, "scale must be one of"),
    (lambda net, X: interpret.input_gradient(mr.MLPRegressor(), X), ValueError, "not fitted"),
    (lambda net, X: interpret.input_gradient(mr.LinearRegression(), X), ValueError, "not fitted"),
    (lambda net, X: interpret.collapse_linear(mr.MLPClassifier()), ValueError, "not fitted"),
    (lambda net, X: interpret.input_gradient("model", X), TypeError, "model must be an MLP"),
    (lambda net, X: interpret.input_gradient(mr.MLP((3, 2), "relu", random_state=0), X), ValueError, "2 outputs"),
    (lambda net, X: interpret.collapse_linear(net).coincides(X, atol=-1), ValueError, "atol must be > 0"),
])
def test_bad_input_raises_naming_the_argument(call, error, message):
    net = mr.MLP((3, 4, 1), "identity", random_state=0)
    with pytest.raises(error, match=message):
        call(net, _rows(10, 3))


# ---------------------------------------------------------------------------- figures
def test_figures_plot_the_results_data():
    X = _rows(40, 2)
    net = mr.MLP((2, 6, 1), "relu", random_state=0)
    grads = interpret.input_gradient(net, X)
    ax = grads.plot()
    assert np.array_equal(ax.collections[1].get_offsets().data, np.column_stack([X[:, 1], grads.values[:, 1]]))
    assert ax.get_title() and ax.get_xlabel() and ax.get_legend() is not None
    effect = interpret.average_marginal_effect(net, X, 0, delta=0.5)
    ax = effect.plot()
    assert ax.lines[0].get_xdata()[0] == effect.mean_derivative and ax.lines[1].get_xdata()[0] == effect.per_unit
    pd = interpret.partial_dependence(net, X, 1, grid=7)
    ax = pd.plot(individual=5)
    assert len(ax.lines) == 6 and np.array_equal(ax.lines[-1].get_ydata(), pd.average)
    lin = mr.MLP((2, 3, 1), "identity", random_state=0)
    ax = interpret.collapse_linear(lin).plot(reference=[1.0, 2.0], reference_label="OLS",
                                             names=["age", "dose"])
    assert [b.get_height() for b in ax.containers[1]] == [1.0, 2.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["age", "dose"]
    ax = grads.plot(features=[0], against=1, names=["age", "dose"])
    assert ax.get_xlabel() == "value of dose" and np.array_equal(ax.collections[0].get_offsets()[:, 0], X[:, 1])
    with pytest.raises(ValueError, match="names must hold one name per feature"):
        grads.plot(names=["age"])
    ax = plotting.plot_layer_gradient_norms({"sigmoid": [1e-4, 1e-2], "relu": [0.5, 0.6]})
    assert ax.get_yscale() == "log" and list(ax.lines[1].get_ydata()) == [0.5, 0.6]
    with pytest.raises(ValueError, match="positive"):
        plotting.plot_layer_gradient_norms({"relu": [0.0, 1.0]})
