"""Evaluation figures: the plotted data, read back from the returned Axes."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import minirelu as mr
from minirelu import metrics as mm
from minirelu.plotting import evaluation as ev

CLASSIFIER_HISTORY = {"loss": [0.7, 0.5, 0.4], "val_loss": [0.72, 0.6, 0.58],
                      "accuracy": [0.5, 0.75, 0.8], "val_accuracy": [0.5, 0.7, 0.65]}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _line_labels(ax):
    return [line.get_label() for line in ax.lines]


def test_learning_curves_plot_every_series_against_epochs():
    axes = ev.plot_learning_curves(CLASSIFIER_HISTORY)
    assert isinstance(axes, np.ndarray) and axes.shape == (2,)
    loss_ax, metric_ax = axes
    for ax, key in ((loss_ax, "loss"), (metric_ax, "accuracy")):
        assert _line_labels(ax) == ["training", "validation"]
        train, val = ax.lines
        np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])    # epoch 1 first
        np.testing.assert_array_equal(train.get_ydata(), CLASSIFIER_HISTORY[key])
        np.testing.assert_array_equal(val.get_ydata(), CLASSIFIER_HISTORY["val_" + key])
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["training", "validation"]
        assert ax.get_xlabel() == "epoch"
    assert loss_ax.get_title() == "Loss per epoch" and loss_ax.get_ylabel() == "Loss"
    assert metric_ax.get_title() == "Accuracy per epoch"


def test_learning_curves_regressor_without_validation():
    history = {"loss": [3.0, 2.0, 1.5, 1.4], "r2": [0.1, 0.4, 0.5, 0.55]}
    loss_ax, metric_ax = ev.plot_learning_curves(history)
    assert _line_labels(loss_ax) == ["training"] and _line_labels(metric_ax) == ["training"]
    np.testing.assert_array_equal(metric_ax.lines[0].get_ydata(), history["r2"])
    np.testing.assert_array_equal(metric_ax.lines[0].get_xdata(), [1, 2, 3, 4])
    assert metric_ax.get_title() == "R² per epoch"


def test_learning_curves_from_a_fitted_estimator_on_given_axes():
    X, y = mr.datasets.make_moons(60, noise=0.2, random_state=0)
    clf = mr.MLPClassifier((4,), epochs=3, random_state=0)
    clf.fit(X[:40], y[:40], validation_data=(X[40:], y[40:]))
    fig, given = plt.subplots(1, 2)
    axes = ev.plot_learning_curves(clf, axes=given)
    assert axes[0] is given[0] and axes[1] is given[1]
    np.testing.assert_allclose(axes[0].lines[1].get_ydata(), clf.history_["val_loss"])
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), clf.history_["accuracy"])


def test_learning_curves_other_metric():
    history = dict(CLASSIFIER_HISTORY, auc=[0.6, 0.7, 0.8])
    axes = ev.plot_learning_curves(history, metric="auc")
    np.testing.assert_array_equal(axes[1].lines[0].get_ydata(), [0.6, 0.7, 0.8])
    assert _line_labels(axes[1]) == ["training"]


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(history=[0.1, 0.2]), TypeError, "history must be a dict"),
    (dict(history={"accuracy": [0.5]}), ValueError, "history must hold a 'loss' series"),
    (dict(history={"loss": [0.5]}), ValueError, "history holds no metric series"),
    (dict(history=CLASSIFIER_HISTORY, metric="precision"), ValueError, "metric must be one of"),
    (dict(history=CLASSIFIER_HISTORY, metric="val_accuracy"), ValueError, "metric must be"),
    (dict(history=dict(CLASSIFIER_HISTORY, val_loss=[0.7, 0.6])), ValueError,
     "history['val_loss'] has 2"),
    (dict(history=dict(CLASSIFIER_HISTORY, loss=[0.7, np.nan, 0.4])), ValueError,
     "history['loss'] contains NaN"),
    (dict(history=CLASSIFIER_HISTORY, axes=[None]), ValueError, "axes must hold 2 Axes"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_learning_curves_bad_input(kwargs, error, words):
    with pytest.raises(error) as info:
        ev.plot_learning_curves(**kwargs)
    assert words in str(info.value)


def test_roc_curve_plot_data_legend_and_diagonal():
    y_true, y_score = [0, 1, 0, 1, 1, 0], [0.9, 0.9, 0.5, 0.5, 0.5, 0.1]
    ax = ev.plot_roc_curve(y_true, y_score, label="net")
    chance, curve = ax.lines
    np.testing.assert_array_equal(chance.get_xdata(), [0, 1])
    np.testing.assert_array_equal(chance.get_ydata(), [0, 1])
    # the hand-worked curve of the note's example: (0,0) (1/3,1/3) (2/3,1) (1,1), AUC 11/18
    np.testing.assert_allclose(curve.get_xdata(), [0, 1 / 3, 2 / 3, 1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(curve.get_ydata(), [0, 1 / 3, 1, 1], rtol=0, atol=1e-12)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["chance (AUC = 0.5)", "net (AUC = 0.611)"]
    assert ax.get_title() == "ROC curve"
    assert "false positive rate" in ax.get_xlabel() and "true positive rate" in ax.get_ylabel()


def test_roc_curve_second_curve_on_same_axes():
    y_true = [0, 0, 1, 1]
    ax = ev.plot_roc_curve(y_true, [0.1, 0.2, 0.8, 0.9])
    assert ev.plot_roc_curve(y_true, [0.9, 0.2, 0.8, 0.1], ax=ax, label="worse") is ax
    # one chance line, two curves; AUC of the second: pairs (0.8 > 0.2), (0.8 < 0.9),
    # (0.1 < 0.2), (0.1 < 0.9) -> 1 of 4
    assert _line_labels(ax) == ["chance (AUC = 0.5)", "ROC (AUC = 1.000)", "worse (AUC = 0.250)"]


def test_roc_curve_plot_bad_input():
    with pytest.raises(ValueError, match="y_score contains NaN"):
        ev.plot_roc_curve([0, 1], [0.5, np.nan])
    with pytest.raises(TypeError, match="label must be a string"):
        ev.plot_roc_curve([0, 1], [0.2, 0.5], label=3)


def test_confusion_matrix_plot_cells_and_rates():
    y_true = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0]
    y_pred = [0, 1, 1, 0, 1, 0, 1, 1, 1, 0]          # TN 3, FP 2, FN 1, TP 4
    ax = ev.plot_confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(ax.images[0].get_array(), [[3, 2], [1, 4]])
    texts = [t.get_text() for t in ax.texts]
    assert texts[:4] == ["TN\n3", "FP\n2", "FN\n1", "TP\n4"]
    # each annotation sits on its cell: x = predicted label (column), y = true label (row)
    assert [t.get_position() for t in ax.texts[:4]] == [(0, 0), (1, 0), (0, 1), (1, 1)]
    rates = dict(line.rsplit(None, 1) for line in texts[4].splitlines())
    rates = {name.strip(): float(value) for name, value in rates.items()}
    assert rates == {"accuracy": 0.7, "precision": 0.667, "recall (sensitivity, TPR)": 0.8,
                     "specificity": 0.6, "negative predictive value": 0.75,
                     "false positive rate": 0.4, "F1": 0.727}
    assert ax.get_title() == "Confusion matrix"
    assert ax.get_xlabel() == "predicted label" and ax.get_ylabel() == "true label"


def test_classification_rates_plot_method_draws_the_same():
    rates = mm.classification_rates([0, 1, 1, 0], [0, 1, 0, 0])
    fig, ax = plt.subplots()
    assert rates.plot(ax=ax) is ax
    np.testing.assert_array_equal(ax.images[0].get_array(), [[2, 0], [1, 1]])
    assert [t.get_text() for t in ax.texts[:4]] == ["TN\n2", "FP\n0", "FN\n1", "TP\n1"]


def test_confusion_matrix_plot_with_an_undefined_rate():
    with pytest.warns(mm.UndefinedMetricWarning, match="precision"):
        ax = ev.plot_confusion_matrix([0, 1, 1], [0, 0, 0])
    assert "precision                  nan" in ax.texts[4].get_text()


def test_plot_classification_rates_bad_input():
    with pytest.raises(TypeError, match="rates must be a ClassificationRates"):
        ev.plot_classification_rates([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="y_pred must hold class labels"):
        ev.plot_confusion_matrix([0, 1], [0, 0.5])
