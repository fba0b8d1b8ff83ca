"""Exact Shapley values: a slow per-coalition loop as the oracle, the four properties,
the linear-model formula, and the workshop's worked example done by hand.
"""
import itertools
from math import factorial

import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret
from minirelu.interpret import shapley
from minirelu.table import format_floats


def slow_shapley(f, x, background):
    """The definition, written plainly: for each feature, for each coalition without it."""
    d = len(x)

    def v(S):
        Z = background.copy()
        Z[:, list(S)] = x[list(S)]
        return float(np.mean(f(Z)))

    phi = np.zeros(d)
    for j in range(d):
        others = [k for k in range(d) if k != j]
        for size in range(d):
            weight = factorial(size) * factorial(d - size - 1) / factorial(d)
            for S in itertools.combinations(others, size):
                phi[j] += weight * (v(S + (j,)) - v(S))
    return phi


def _relu_net(d, seed):
    return mr.MLP((d, 12, 8, 1), random_state=seed)


def _random_models():
    """(name, f): ReLU networks and a smooth function with interactions."""
    yield "relu 3", lambda Z, n=_relu_net(3, 0): n.raw_output(Z)[:, 0]
    yield "relu 5", lambda Z, n=_relu_net(5, 1): n.raw_output(Z)[:, 0]
    yield "sigmoid 4", lambda Z, n=mr.MLP((4, 6, 1), "tanh", "sigmoid", random_state=2): n.forward(Z)[:, 0]
    yield "smooth 4", lambda Z: np.sin(Z[:, 0] * Z[:, 1]) + Z[:, 2] ** 2 * Z[:, 3] - Z[:, 1] * Z[:, 3]


@pytest.mark.parametrize("name,f", list(_random_models()), ids=lambda v: v if isinstance(v, str) else "")
def test_equal_to_a_slow_per_coalition_loop(name, f):
    rng = np.random.default_rng(len(name))
    d = {"relu 3": 3, "relu 5": 5}.get(name, 4)
    X, B = rng.normal(size=(4, d)), rng.normal(size=(6, d))
    result = interpret.shapley_values(f, X, B)
    expected = np.array([slow_shapley(f, x, B) for x in X])
    np.testing.assert_allclose(result.values, expected, rtol=0, atol=1e-12)
    assert result.values.shape == (4, d)
    assert result.base_value == pytest.approx(float(np.mean(f(B))), abs=1e-12)


def test_block_size_and_one_row_at_a_time_change_nothing():
    f = lambda Z, n=_relu_net(4, 3): n.raw_output(Z)[:, 0]
    rng = np.random.default_rng(1)
    X, B = rng.normal(size=(3, 4)), rng.normal(size=(5, 4))
    reference = interpret.shapley_values(f, X, B)
    for chunk_rows in (1, 7, 16, 10 ** 6):
        np.testing.assert_allclose(interpret.shapley_values(f, X, B, chunk_rows=chunk_rows).values,
                                   reference.values, rtol=0, atol=1e-12)
    for i in range(3):
        single = interpret.shapley_values(f, X[i], B)
        assert single.values.shape == (4,)
        np.testing.assert_allclose(single.values, reference.values[i], rtol=0, atol=1e-12)
        np.testing.assert_allclose(reference.row(i).values, reference.values[i], rtol=0, atol=0)


def test_efficiency_values_sum_to_prediction_minus_mean_background():
    f = lambda Z, n=_relu_net(6, 4): n.raw_output(Z)[:, 0]
    rng = np.random.default_rng(2)
    X, B = rng.normal(size=(5, 6)), rng.normal(size=(9, 6))
    result = interpret.shapley_values(f, X, B)
    np.testing.assert_allclose(result.values.sum(axis=1), f(X) - f(B).mean(), rtol=0, atol=1e-9)
    np.testing.assert_allclose(result.prediction, f(X), rtol=0, atol=1e-12)
    assert result.efficiency_gap < 1e-9


def test_symmetry_two_interchangeable_features_get_the_same_value():
    # f is symmetric in features 0 and 1, x has x0 = x1, and the background holds every
    # row together with its 0 <-> 1 swap: v(S + 0) = v(S + 1) for every S.
    f = lambda Z: np.tanh(Z[:, 0] * Z[:, 1]) + (Z[:, 0] + Z[:, 1]) * Z[:, 2] + Z[:, 2] ** 3
    rng = np.random.default_rng(3)
    B = rng.normal(size=(4, 3))
    B = np.vstack([B, B[:, [1, 0, 2]]])
    x = np.array([0.7, 0.7, -1.2])
    phi = interpret.shapley_values(f, x, B).values
    assert abs(phi[0] - phi[1]) < 1e-9
    assert abs(phi[0]) > 0.05                # not trivially zero


def test_dummy_a_feature_the_model_ignores_gets_zero():
    net = _relu_net(4, 5)
    net.weights[0][:, 2] = 0.0               # feature 2 never reaches the output
    f = lambda Z: net.raw_output(Z)[:, 0]
    rng = np.random.default_rng(4)
    result = interpret.shapley_values(f, rng.normal(size=(3, 4)), rng.normal(size=(5, 4)))
    np.testing.assert_allclose(result.values[:, 2], 0.0, rtol=0, atol=1e-9)
    assert np.abs(result.values[:, [0, 1, 3]]).min() > 1e-4


def test_linearity_values_of_a_combination_are_the_combination_of_values():
    f = lambda Z, n=_relu_net(4, 6): n.raw_output(Z)[:, 0]
    g = lambda Z: np.sin(Z[:, 0]) * Z[:, 3] + Z[:, 1] * Z[:, 2]
    rng = np.random.default_rng(5)
    X, B = rng.normal(size=(3, 4)), rng.normal(size=(6, 4))
    combined = interpret.shapley_values(lambda Z: f(Z) - 2.5 * g(Z), X, B).values
    separate = interpret.shapley_values(f, X, B).values - 2.5 * interpret.shapley_values(g, X, B).values
    np.testing.assert_allclose(combined, separate, rtol=0, atol=1e-9)


def test_linear_model_gives_weight_times_distance_from_the_background_mean():
    rng = np.random.default_rng(6)
    w, c = rng.normal(size=5), 0.7
    X, B = rng.normal(size=(4, 5)), rng.normal(1.0, 2.0, size=(30, 5))
    result = interpret.shapley_values(lambda Z: Z @ w + c, X, B)
    np.testing.assert_allclose(result.values, w * (X - B.mean(axis=0)), rtol=0, atol=1e-9)
    assert result.base_value == pytest.approx(float(B.mean(axis=0) @ w + c), abs=1e-12)


WORKED = {"f": lambda Z: Z @ np.array([5.0, 3.0, 2.0]),
          "g": lambda Z: Z @ np.array([5.0, 3.0, 2.0]) + 4.0 * Z[:, 0] * Z[:, 1]}


def test_the_workshop_example_is_exactly_5_3_2_with_a_zero_baseline():
    result = interpret.shapley_values(WORKED["f"], np.ones(3), np.zeros(3), feature_names=["x1", "x2", "x3"])
    np.testing.assert_allclose(result.values, [5.0, 3.0, 2.0], rtol=0, atol=1e-12)
    assert result.base_value == 0.0 and result.prediction == 10.0
    table = result.coalition_table()
    assert list(table["S"]) == ["{}", "{x1}", "{x2}", "{x3}", "{x1, x2}", "{x1, x3}", "{x2, x3}",
                                "{x1, x2, x3}"]
    np.testing.assert_array_equal(table["v(S)"], [0.0, 5.0, 3.0, 2.0, 8.0, 7.0, 5.0, 10.0])
    assert list(table["weight"]) == ["0.3333", "0.1667", "0.1667", "0.1667", "0.3333", "0.3333",
                                     "0.3333", "-"]
    terms = result.contributions("x1")
    assert list(terms["S"]) == ["{}", "{x2}", "{x3}", "{x2, x3}"]
    np.testing.assert_array_equal(terms["marginal"], [5.0, 5.0, 5.0, 5.0])   # no interaction to share
    assert sum(terms["weighted"]) == pytest.approx(5.0, abs=1e-12)
    assert sum(terms["weight"]) == pytest.approx(1.0, abs=1e-15)


def test_the_interaction_example_splits_the_interaction_equally():
    result = interpret.shapley_values(WORKED["g"], np.ones(3), np.zeros((1, 3)))
    np.testing.assert_allclose(result.values, [7.0, 5.0, 2.0], rtol=0, atol=1e-12)
    assert result.prediction == 14.0
    np.testing.assert_array_equal(result.contributions(0)["marginal"], [5.0, 9.0, 5.0, 9.0])


def test_weights_and_masks():
    for d in (1, 2, 5, 9):
        w = shapley.shapley_weights(d)
        sizes = np.arange(d)
        counts = np.array([factorial(d - 1) // (factorial(k) * factorial(d - 1 - k)) for k in sizes])
        assert counts @ w == pytest.approx(1.0, abs=1e-12)
        masks = shapley.coalition_masks(d)
        assert masks.shape == (2 ** d, d) and len({m.tobytes() for m in masks}) == 2 ** d
    np.testing.assert_allclose(shapley.shapley_weights(3), [1 / 3, 1 / 6, 1 / 3], rtol=0, atol=1e-15)


def test_more_than_20_features_is_refused_naming_the_cost():
    with pytest.raises(ValueError, match=r"2\^21 = 2,097,152 coalitions"):
        interpret.shapley_values(lambda Z: Z.sum(axis=1), np.zeros(21), np.zeros((3, 21)))


@pytest.mark.parametrize("kwargs,error,match", [
    ({"predict_fn": "model"}, TypeError, "predict_fn"),
    ({"predict_fn": lambda Z: np.c_[Z.sum(1), Z.sum(1)]}, ValueError, "predict_fn must return one number per row"),
    ({"predict_fn": lambda Z: Z.sum(1)[:-1]}, ValueError, "predict_fn must return one number per row"),
    ({"predict_fn": lambda Z: Z.sum(1) * np.nan}, ValueError, "predict_fn returned NaN"),
    ({"x": [0.0, np.nan, 1.0]}, ValueError, "x contains NaN"),
    ({"x": np.zeros((2, 2, 3))}, ValueError, "x must be one row"),
    ({"background": np.zeros((4, 2))}, ValueError, "background has 2 features but x has 3"),
    ({"background": np.zeros((0, 3))}, ValueError, "background is empty"),
    ({"feature_names": ["a", "b"]}, ValueError, "feature_names has 2 names"),
    ({"chunk_rows": 0}, ValueError, "chunk_rows must be >= 1"),
    ({"n_threads": 0}, ValueError, "n_threads must be >= 1"),
])
def test_bad_input_raises_naming_the_argument(kwargs, error, match):
    call = {"predict_fn": lambda Z: Z.sum(axis=1), "x": np.ones(3), "background": np.zeros((2, 3))}
    call.update(kwargs)
    with pytest.raises(error, match=match):
        interpret.shapley_values(**call)


def test_tables_are_refused_for_many_features_and_bad_feature_names():
    result = interpret.shapley_values(lambda Z: Z.sum(axis=1), np.ones(7), np.zeros(7))
    with pytest.raises(ValueError, match="at most 6 features"):
        result.coalition_table()
    small = interpret.shapley_values(WORKED["f"], np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match="feature must be below 3"):
        small.contributions(3)
    with pytest.raises(ValueError, match="is not among the feature names"):
        small.contributions("x9")


def test_repr_and_table_are_stable_text():
    result = interpret.shapley_values(WORKED["f"], np.ones(3), np.zeros(3))
    assert repr(result) == ("ShapleyValues(values=[5.0000, 3.0000, 2.0000], base_value=0.0000, "
                            "prediction=10.0000, n_background=1)")
    assert repr(result.table).splitlines()[1] == "x0       1.0000  5.0000"
    many = interpret.shapley_values(WORKED["f"], np.ones((2, 3)), np.zeros(3))
    assert repr(many).startswith("ShapleyValues(n_rows=2, n_features=3, base_value=0.0000, n_background=1")
    assert many.n_evaluations == 2 * 8 * 1


def test_repr_shows_no_negative_zero():
    # the sign of a rounding-level value depends on the machine; a real -0.00006 keeps its sign
    assert format_floats([-3.9e-16, 0.0, -4e-5, -6e-5, 0.25]) == "[0.0000, 0.0000, 0.0000, -0.0001, 0.2500]"


def test_plots_show_the_values():
    result = interpret.shapley_values(WORKED["g"], np.ones(3), np.zeros(3))
    ax = result.plot()
    heights = [p.get_height() for p in ax.patches]
    bottoms = [p.get_y() for p in ax.patches]
    np.testing.assert_allclose(heights, [7.0, 5.0, 2.0])
    np.testing.assert_allclose(bottoms, [0.0, 7.0, 12.0])
    assert ax.get_title() and ax.get_ylabel() and ax.get_legend() is not None
    ax = result.plot(kind="bar")
    np.testing.assert_allclose([p.get_height() for p in ax.patches], [7.0, 5.0, 2.0])
    with pytest.raises(ValueError, match="kind"):
        result.plot(kind="pie")
