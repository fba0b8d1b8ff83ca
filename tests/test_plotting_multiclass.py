"""Figures of K classes: the annotated K×K matrix and one ROC curve per class, read back."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from minirelu import metrics as mm
from minirelu.plotting import evaluation as ev

Y_TRUE = [0, 0, 1, 1, 1, 2, 2, 2, 2]
Y_PRED = [0, 1, 1, 1, 2, 2, 2, 0, 2]
PROBA = np.array([[.7, .2, .1], [.4, .5, .1], [.1, .8, .1], [.2, .6, .2], [.1, .3, .6],
                  [.1, .1, .8], [.2, .2, .6], [.5, .1, .4], [.3, .3, .4]])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_k_by_k_matrix_cells_ticks_and_rates():
    ax = ev.plot_confusion_matrix(Y_TRUE, Y_PRED, display_labels=["ΛCDM", "feature", "running"])
    cm = mm.confusion_matrix(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(ax.images[0].get_array(), cm)
    assert [t.get_text() for t in ax.texts[:9]] == [str(v) for v in cm.ravel()]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ΛCDM", "feature", "running"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert ax.get_title() == "Confusion matrix (3 classes, accuracy 0.667)"
    rates_text = ax.texts[9].get_text()
    assert "feature   0.667      0.667" in rates_text      # recall 2/3, precision 2/3


def test_normalized_matrix_colours_by_row_fraction():
    ax = ev.plot_confusion_matrix(Y_TRUE, Y_PRED, normalize=True)
    np.testing.assert_allclose(ax.images[0].get_array().sum(axis=1), 1.0)
    assert ax.texts[0].get_text() == "1\n50%"


def test_two_class_plot_is_unchanged_and_method_draws_the_same():
    ax = ev.plot_confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0])
    assert ax.texts[0].get_text() == "TN\n2"
    rates = mm.multiclass_rates(Y_TRUE, Y_PRED)
    ax2 = rates.plot()
    np.testing.assert_array_equal(ax2.images[0].get_array(), rates.confusion_matrix)


def test_one_roc_curve_per_class():
    ax = ev.plot_roc_ovr(Y_TRUE, PROBA, display_labels=["a", "b", "c"])
    lines = ax.lines
    assert lines[0].get_gid() == "chance"
    areas = mm.roc_auc_score(Y_TRUE, PROBA, multi_class="ovr", average=None)
    assert [line.get_label() for line in lines[1:]] == [
        f"{name} vs rest (AUC = {area:.3f})" for name, area in zip("abc", areas)]
    for k, line in enumerate(lines[1:]):
        fpr, tpr, _ = mm.roc_curve(Y_TRUE, PROBA[:, k], pos_label=k, drop_intermediate=True)
        np.testing.assert_array_equal(line.get_xdata(), fpr)
        np.testing.assert_array_equal(line.get_ydata(), tpr)
    assert f"macro AUC = {areas.mean():.3f}" in ax.get_title()


@pytest.mark.parametrize("call, error, words", [
    (lambda: ev.plot_confusion_matrix(Y_TRUE, Y_PRED, display_labels=["a", "b"]), ValueError,
     "display_labels must name each of the 3 classes"),
    (lambda: ev.plot_multiclass_rates("rates"), TypeError, "rates must be a MulticlassRates"),
    (lambda: ev.plot_confusion_matrix(Y_TRUE, Y_PRED, normalize="rows"), TypeError,
     "normalize must be True or False"),
    (lambda: ev.plot_roc_ovr(Y_TRUE, PROBA[:, :2]), ValueError, "y_score has 2 columns"),
])
def test_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()
