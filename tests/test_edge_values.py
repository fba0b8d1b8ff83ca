"""Edge values outside the estimators: a correct result or a clear error naming the argument."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret, metrics, plotting
from minirelu.datasets import make_blobs, make_circles, make_linear, make_moons

X, Y = make_moons(100, noise=0.1, random_state=0)
RNG = np.random.default_rng(0)
A = RNG.normal(size=50)
B = A + 0.3 * RNG.normal(size=50)


@pytest.fixture(scope="module")
def clf():
    return mr.MLPClassifier((8, 4), epochs=3, random_state=0).fit(X, Y)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---- metrics on extreme magnitudes ---------------------------------------------------------
@pytest.mark.parametrize("scale", [1e300, -1e300, 1e-300, 2.0 ** 1000, 1e150])
def test_r2_score_is_scale_free_up_to_the_float_range(scale):
    reference = metrics.r2_score(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metrics.r2_score(A * scale, B * scale) == pytest.approx(reference, rel=1e-12)


def test_r2_score_on_plus_minus_1e300_is_the_right_finite_answer():
    assert metrics.r2_score([1e300, -1e300, 1e300], [1e300, -1e300, -1e300]) == pytest.approx(-0.5)
    assert metrics.r2_score([1e308, -1e308], [1e308, -1e308]) == 1.0
    assert metrics.r2_score([1e308, -1e308], [-1e308, 1e308]) == -3.0


def test_ordinary_metrics_are_bit_for_bit_the_unscaled_formulas():
    assert metrics.r2_score(A, B) == 1 - np.sum((A - B) ** 2) / np.sum((A - A.mean()) ** 2)
    assert metrics.mean_squared_error(A, B) == np.mean((B - A) ** 2)
    assert metrics.mean_absolute_error(A, B) == np.mean(np.abs(B - A))
    x, y = np.sort(RNG.random(20)), RNG.random(20)
    assert metrics.auc(x, y) == np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0)


@pytest.mark.parametrize("fn, expected", [
    (metrics.mean_absolute_error, 1e308),      # (|2e308| + 0) / 2 = 1e308: representable
    (metrics.mean_squared_error, np.inf),          # 2e616 / 2: past the float range
])
def test_errors_are_right_where_representable_and_inf_past_the_range(fn, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fn([1e308, 0.0], [-1e308, 0.0]) == expected


def test_auc_on_huge_values():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metrics.auc([0.0, 1.0], [1e308, 1e308]) == 1e308
        assert metrics.auc([-1e308, 1e308], [0.5, 0.5]) == 1e308


def test_roc_on_huge_scores():
    scores = np.clip(A * 1e307, -1.7e308, 1.7e308)
    assert metrics.roc_auc_score(A > 0, scores) == 1.0


# ---- a NaN logit never predicts class 0 silently --------------------------------------------
def test_nan_logit_is_an_error_naming_X(clf):
    huge = np.array([[1e308, 1e308], [0.1, 0.2], [-1e308, -1e308]])
    with pytest.warns(RuntimeWarning):
        z = clf.network_.raw_output(huge)[:, 0]
    assert np.isnan(z).any()                         # the arithmetic really overflows
    for method in (clf.predict, clf.predict_proba):
        with pytest.warns(RuntimeWarning), pytest.raises(ValueError, match=r"logit is NaN .* of X"):
            method(huge)


def test_nan_logits_of_k_classes_are_an_error_naming_X():
    X3, y3 = make_blobs(60, centers=((-1, -1), (1, 1), (1, -1)), random_state=0)
    k3 = mr.MLPClassifier((5,), epochs=2, random_state=0).fit(X3, y3)
    huge = np.array([[1e308, -1e308], [1e308, 1e308]])
    for method in (k3.predict, k3.predict_proba, k3.decision_function):
        with pytest.warns(RuntimeWarning), pytest.raises(ValueError,
                                                         match=r"logit is NaN or infinite .* of X"):
            method(huge)


def test_an_infinite_logit_still_decides():
    model = mr.LogisticRegression().fit(X, Y)
    with pytest.warns(RuntimeWarning):
        labels = model.predict(np.array([[1e308, -1e308]]))
    assert labels.shape == (1,)


def test_check_finite_output_helper():
    from minirelu.validation import check_finite_output
    z = np.array([0.5, np.inf, -np.inf])
    assert check_finite_output(z) is z
    with pytest.raises(ValueError, match=r"1 row\(s\) of X_test \(first: row 1\)"):
        check_finite_output(np.array([0.5, np.nan]), "X_test")


# ---- data sets ------------------------------------------------------------------------------
def test_make_blobs_with_nan_centres():
    with pytest.raises(ValueError, match="centers contains NaN"):
        make_blobs(10, centers=[[0.0, np.nan], [1.0, 1.0]])


def test_make_linear_with_nan_intercept():
    with pytest.raises(ValueError, match="intercept must be finite"):
        make_linear(10, intercept=np.nan)


@pytest.mark.parametrize("call, error, words", [
    (lambda: make_linear(10, intercept="1"), TypeError, "intercept must be a real number"),
    (lambda: make_linear(10, x_range=(5, 1)), ValueError, "x_range must be two finite numbers"),
    (lambda: make_linear(10, x_range=(0, np.inf)), ValueError, "x_range contains NaN"),
    (lambda: make_linear(10, coef=(1e308,)), ValueError, "beyond the float64 range"),
    (lambda: make_blobs(10, centers=[0.0, 1.0]), ValueError, "centers must be a 2-D array"),
    # seeded: whether a draw overflows depends on the draw
    (lambda: make_blobs(10, centers=[[1.7e308, 0], [1, 1]], scale=1e308, random_state=0),
     ValueError, "beyond the float64 range"),
    (lambda: make_circles(10, factor="0.5"), TypeError, "factor must be a real number"),
    (lambda: make_circles(10, factor=np.nan), ValueError, "factor must be finite"),
])
def test_data_set_arguments(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_make_linear_is_unchanged_for_ordinary_arguments():
    X1, y1 = make_linear(5, coef=(2.0, -1.0), intercept=1, random_state=3)
    rng = np.random.default_rng(3)
    X2 = rng.uniform(0.0, 10.0, (5, 2))
    assert np.array_equal(X1, X2)
    assert np.array_equal(y1, X2 @ np.array([2.0, -1.0]) + 1.0 + 1.0 * rng.standard_normal(5))


# ---- plotting -----------------------------------------------------------------------------
@pytest.mark.parametrize("fn, name", [
    (plotting.plot_partition, "cells"), (plotting.plot_shapley, "result"),
    (plotting.plot_lime_coefficients, "result"), (plotting.plot_lime_samples, "result"),
    (plotting.plot_lime_path, "path"), (plotting.plot_input_gradients, "result"),
    (plotting.plot_marginal_effect, "result"), (plotting.plot_partial_dependence, "result"),
    (plotting.plot_llm_coefficients, "llms"), (plotting.plot_llm_summary, "summary"),
    (plotting.plot_feature_importance, "importance"), (plotting.plot_llm_profile, "profile"),
    (plotting.plot_local_linear_fi, "local_fi"), (plotting.plot_l1_path, "path"),
])
@pytest.mark.parametrize("bad", [5, "cells", None, np.zeros(3)])
def test_plotting_a_non_result_is_a_type_error_naming_it(fn, name, bad):
    with pytest.raises(TypeError, match=f"^{name} must be a "):
        fn(bad)


def test_plot_unit_lines_of_a_non_partition():
    with pytest.raises(TypeError, match="cells must be a Partition2D"):
        plotting.plot_unit_lines(5, 1)


@pytest.mark.parametrize("resolution, error", [(0, ValueError), (1, ValueError), (2.5, TypeError),
                                               ("300", TypeError), (True, TypeError)])
def test_plot_decision_boundary_names_resolution(clf, resolution, error):
    with pytest.raises(error, match="resolution"):
        plotting.plot_decision_boundary(clf, X, Y, resolution=resolution)


@pytest.mark.parametrize("margin", [-1.0, np.nan, "0.5"])
def test_plot_decision_boundary_names_margin(clf, margin):
    with pytest.raises((ValueError, TypeError), match="margin"):
        plotting.plot_decision_boundary(clf, X, Y, margin=margin)


# ---- interpretation -------------------------------------------------------------------------
@pytest.mark.parametrize("width", [1e-300, 1e300, 1e-200])
def test_lime_kernel_width_out_of_range_is_named(clf, width):
    with pytest.raises(ValueError, match="kernel_width must be between"):
        interpret.lime_explanation(clf.decision_function, X[0], X, kernel_width=width,
                                   random_state=0)


def test_lime_sample_width_that_cannot_move_x_is_named(clf):
    with pytest.raises(ValueError, match="sample_width"):
        interpret.lime_explanation(clf.decision_function, X[0] + 1e6, X, sample_width=1e-140,
                                   random_state=0)
    with pytest.raises(ValueError, match="sample_width must be between"):
        interpret.lime_explanation(clf.decision_function, X[0], X, sample_width=1e-300)


def test_lime_path_checks_every_width(clf):
    with pytest.raises(ValueError, match="kernel_widths entries must be between"):
        interpret.lime_path(clf.decision_function, X[0], X, [0.5, 1e-300], n_samples=50)


def test_llm_summary_names_X_new(clf):
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="^X_new contains NaN"):
        interpret.llm_summary(clf, X, Y, X_new=bad)
    with pytest.raises(ValueError, match="^X_new has 3 features"):
        interpret.llm_summary(clf, X, Y, X_new=np.ones((4, 3)))


@pytest.mark.parametrize("bounds", [(-1e155, 1e155, -1e155, 1e155), (-1e300, 1e300, -1, 1),
                                    (0, 1e-150, 0, 1e-150), (-1e308, 1e308, -1e308, 1e308)])
def test_partition_bounds_beyond_float_geometry_are_named(clf, bounds):
    with pytest.raises(ValueError, match="^bounds must lie within"):
        interpret.partition_2d(clf, bounds)


@pytest.mark.parametrize("half", [1e150, 1e100, 1e-100])
def test_partition_of_large_and_small_rectangles_covers_them(clf, half):
    cells = interpret.partition_2d(clf, (-half, half, -half, half))
    assert len(cells.polygons) >= 1
    assert cells.areas.sum() == pytest.approx(4 * half * half, rel=1e-9)


def test_local_linear_models_keep_their_own_X_and_y():
    reg = mr.MLPRegressor((6,), epochs=2, random_state=0).fit(X, Y.astype(float))
    X_mine, y_mine = X.copy(), Y.astype(float)
    llms = interpret.local_linear_models(reg, X_mine, y_mine)
    before = llms.summary().table.to_text() if hasattr(llms.summary().table, "to_text") else \
        repr(llms.summary())
    kept_X, kept_y = llms.X.copy(), llms.y.copy()
    X_mine[:] = 99.0
    y_mine[:] = -5.0
    assert np.array_equal(llms.X, kept_X) and np.array_equal(llms.y, kept_y)
    after = llms.summary().table.to_text() if hasattr(llms.summary().table, "to_text") else \
        repr(llms.summary())
    assert after == before


def test_input_gradients_keep_their_own_X(clf):
    X_mine = X.copy()
    grads = interpret.input_gradient(clf, X_mine)
    X_mine[:] = 0.0
    assert np.array_equal(grads.X, X)


def test_check_array_copy_shares_no_memory_and_copies_once():
    from minirelu.validation import check_array, check_vector
    a = np.ones((3, 2))
    assert check_array(a) is a
    assert not np.shares_memory(check_array(a, copy=True), a)
    ints = np.ones((3, 2), dtype=int)
    assert not np.shares_memory(check_array(ints, copy=True), ints)
    v = np.ones(3)
    assert not np.shares_memory(check_vector(v, copy=True), v)


# ---- preprocessing ------------------------------------------------------------------------
@pytest.mark.parametrize("test_size, error", [("0.2", TypeError), (np.nan, ValueError),
                                              (None, TypeError), (True, TypeError),
                                              (1.5, ValueError), (0, ValueError)])
def test_train_test_split_names_test_size(test_size, error):
    with pytest.raises(error, match="test_size"):
        mr.train_test_split(X, Y, test_size=test_size)


def test_train_test_split_takes_numpy_floats():
    parts = mr.train_test_split(X, Y, test_size=np.float32(0.2), random_state=0)
    assert len(parts[1]) == 20


def test_regressors_refuse_to_return_nan_for_overflowing_rows():
    # A row of finite inputs this large, signed like the model's slopes, overflows X @ W.T to
    # inf (and inf - inf to NaN): the prediction is an error naming X, never a NaN or inf.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = 10 * X @ np.array([3.0, -2.0, 1.0])
    for model in (mr.MLPRegressor(hidden_layer_sizes=(4,), activation="identity", epochs=30,
                                  learning_rate=0.05, random_state=0),
                  mr.LinearRegression()):
        model.fit(X, y)
        assert np.isfinite(model.predict(X)).all()
        slopes = (model.network_.input_gradient(X[:1])[0] if hasattr(model, "network_")
                  else model.coef_)
        huge = 1e308 * np.sign(slopes)[None, :]
        with np.errstate(all="ignore"):
            raw = (model.network_.raw_output(huge)[:, 0] if hasattr(model, "network_")
                   else huge @ model.coef_ + model.intercept_)
        assert not np.isfinite(raw).all()            # the arithmetic really overflows
        with pytest.warns(RuntimeWarning), pytest.raises(ValueError,
                                                         match=r"prediction is NaN or infinite .* of X"):
            model.predict(huge)
