"""A classifier fitted with its own labels ('no'/'yes') reads the same in every interpret and
plotting function that takes y as with 0/1; and the derivative tables and plots name the
features a model was fitted with from a DataFrame (lesson 08's readings, issue 10)."""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.collections import PathCollection
import numpy as np
import pandas as pd
import pytest

import minirelu as mr
from minirelu import interpret
from minirelu.plotting import plot_decision_boundary


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 2))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
    return X, y, np.where(y == 1, "yes", "no")


def _fit(X, y):
    return mr.MLPClassifier(hidden_layer_sizes=(6,), random_state=0).fit(X, y)


def _readings(model, X, y):
    """Each function that takes y for a classifier, reduced to arrays."""
    merged = interpret.merge_local_linear_models(model, X, y, X, y)
    perm = interpret.permutation_importance(model, X, y, n_repeats=2, random_state=0)
    norms = interpret.layer_gradient_norms(model, X, y)
    path = interpret.l1_path(mr.MLPClassifier(hidden_layer_sizes=(6,), random_state=0), X, y,
                             [0.0, 0.01], (X, y))
    summary = interpret.llm_summary(model, X, y, X_new=X, y_new=y)
    ax = plot_decision_boundary(model, X, y)
    offsets = [np.array(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection)]
    plt.close("all")
    return {"merge": np.concatenate([merged.accuracy_train, merged.accuracy_test]),
            "perm": np.concatenate([perm.importance, [perm.baseline]]),
            "norms": norms, "l1": np.asarray(path.val_score, float),
            "summary": np.concatenate([summary.local_score, summary.test_local_score]),
            "scatter": np.concatenate(offsets)}


def test_string_labels_read_as_their_index_in_classes(data):
    X, y01, yes_no = data
    numbers, words = _fit(X, y01), _fit(X, yes_no)
    assert list(words.classes_) == ["no", "yes"]
    np.testing.assert_array_equal(numbers.decision_function(X), words.decision_function(X))
    a, b = _readings(numbers, X, y01), _readings(words, X, yes_no)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)
    assert np.isfinite(a["perm"]).all() and a["merge"].size > 0


def test_unknown_label_names_y_and_the_classes(data):
    X, _, yes_no = data
    model = _fit(X, yes_no)
    bad = yes_no.astype(object)
    bad[0] = "maybe"
    for call in (lambda: interpret.permutation_importance(model, X, bad),
                 lambda: interpret.merge_local_linear_models(model, X, bad),
                 lambda: interpret.layer_gradient_norms(model, X, bad),
                 lambda: plot_decision_boundary(model, X, bad)):
        with pytest.raises(ValueError, match=r"y holds 'maybe'.*'no', 'yes'"):
            call()
    with pytest.raises(ValueError, match="y_test holds 'maybe'"):
        interpret.merge_local_linear_models(model, X, yes_no, X, bad)
    plt.close("all")


def test_decision_boundary_legend_names_the_classes(data):
    X, _, yes_no = data
    ax = plot_decision_boundary(_fit(X, yes_no), X, yes_no)
    labels = ax.get_legend_handles_labels()[1]
    plt.close("all")
    assert "class no" in labels and "class yes" in labels


def test_derivative_readings_use_the_dataframe_names():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(60, 3)), columns=["age", "income", "debt"])
    y = frame["income"] - 2 * frame["debt"]
    model = mr.MLPRegressor(hidden_layer_sizes=(5,), random_state=0).fit(frame, y)
    X = frame.to_numpy()

    grads = interpret.input_gradient(model, X)
    assert list(grads.table.columns["feature"]) == ["age", "income", "debt"]
    np.testing.assert_array_equal(grads.values, interpret.input_gradient(model, frame).values)
    effect = interpret.average_marginal_effect(model, frame, "debt")
    assert effect.feature == 2 and effect.feature_name == "debt"
    assert effect.mean_derivative == interpret.average_marginal_effect(model, X, 2).mean_derivative
    pd_income = interpret.partial_dependence(model, frame, "income", grid=5)
    assert pd_income.feature == 1 and pd_income.feature_name == "income"

    ax = grads.plot()
    assert "d/d debt" in ax.get_legend_handles_labels()[1]
    assert "debt" in effect.plot().get_title()
    assert pd_income.plot().get_xlabel() == "value given to income"
    linear = mr.MLPRegressor(hidden_layer_sizes=(4,), activation="identity",
                             random_state=0).fit(frame, y)
    collapsed = interpret.collapse_linear(linear, frame)
    assert list(collapsed.table.columns["feature"]) == ["age", "income", "debt"]
    ticks = [t.get_text() for t in collapsed.plot().get_xticklabels()]
    plt.close("all")
    assert ticks == ["age", "income", "debt"]


def test_derivative_readings_of_arrays_keep_column_indices():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 2))
    model = mr.MLPRegressor(hidden_layer_sizes=(4,), random_state=0).fit(X, X[:, 0])
    assert list(interpret.input_gradient(model, X).table.columns["feature"]) == [0, 1]
    assert interpret.partial_dependence(model, X, 1, grid=3).feature_name is None
    with pytest.raises(TypeError, match="no feature names"):
        interpret.average_marginal_effect(model, X, "x1")
