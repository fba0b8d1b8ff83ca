"""Every plotting helper drawn on small data: each panel has a title and axis labels,
and the highlighted series of the LLM figures stay inside the y-limits (issue 15)."""
import re

import matplotlib

matplotlib.use("Agg")           # inside this test only; the notebooks keep their backend
import matplotlib.pyplot as plt
import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret, metrics, plotting


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _net(d=3, seed=0):
    return mr.MLP((d, 6, 6, 1), "relu", "identity", random_state=seed)


def _data(d=3, n=200, seed=0):
    X = np.random.default_rng(seed).uniform(-1, 1, (n, d))
    return X, X[:, 0] - 0.5 * X[:, 1]


def _classifier():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return mr.MLPClassifier((4,), epochs=3, random_state=0).fit(X, y), X, y


def _helpers():
    X, y = _data()
    net = _net()
    llms = interpret.local_linear_models(net, X, y, feature_names=["a", "b", "c"])
    f = lambda Z: Z @ np.array([1.0, -2.0])                      # noqa: E731
    X2 = np.random.default_rng(2).normal(size=(40, 2))
    clf, Xc, yc = _classifier()
    cells = interpret.partition_2d(mr.MLP((2, 4, 3, 1), "relu", random_state=3),
                                   bounds=(-2, 2, -2, 2))
    y_true = np.array([0, 0, 1, 1, 0, 1])
    score = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
    y3 = np.array([0, 1, 2, 0, 1, 2])
    p3 = np.array([[.7, .2, .1], [.2, .6, .2], [.1, .2, .7], [.3, .4, .3], [.5, .3, .2], [.2, .2, .6]])
    history = {"loss": [1.0, 0.5, 0.4], "accuracy": [0.5, 0.7, 0.8],
               "val_loss": [1.1, 0.6, 0.5], "val_accuracy": [0.4, 0.6, 0.7]}
    return {
        "plot_activation_functions": lambda: plotting.plot_activation_functions(),
        "plot_decision_boundary": lambda: plotting.plot_decision_boundary(clf, Xc, yc, resolution=20),
        "plot_loss_curve": lambda: plotting.plot_loss_curve([3.0, 2.0, 1.5]),
        "plot_learning_curves": lambda: plotting.plot_learning_curves(history),
        "plot_roc_curve": lambda: plotting.plot_roc_curve(y_true, score),
        "plot_confusion_matrix": lambda: plotting.plot_confusion_matrix(y_true, score > 0.5),
        "plot_classification_rates": lambda: plotting.plot_classification_rates(
            metrics.classification_rates(y_true, (score > 0.5).astype(int))),
        "plot_roc_ovr": lambda: plotting.plot_roc_ovr(y3, p3),
        "plot_llm_coefficients": lambda: plotting.plot_llm_coefficients(llms),
        "plot_llm_summary": lambda: plotting.plot_llm_summary(llms.summary()),
        "plot_feature_importance": lambda: plotting.plot_feature_importance(llms.feature_importance()),
        "plot_llm_profile": lambda: plotting.plot_llm_profile(llms.profile("a")),
        "plot_local_linear_fi": lambda: plotting.plot_local_linear_fi(
            interpret.local_linear_fi(net, X, 0)),
        "plot_partition": lambda: plotting.plot_partition(cells, X=X2, y=(X2[:, 0] > 0).astype(int)),
        "plot_unit_lines": lambda: plotting.plot_unit_lines(cells, 2),
        "plot_coefficients": lambda: plotting.plot_coefficients(np.array([1.0, -2.0])),
        "plot_input_gradients": lambda: plotting.plot_input_gradients(interpret.input_gradient(net, X)),
        "plot_marginal_effect": lambda: plotting.plot_marginal_effect(
            interpret.average_marginal_effect(net, X, 0, delta=0.5)),
        "plot_lime_coefficients": lambda: plotting.plot_lime_coefficients(
            interpret.lime_explanation(f, X2[0], X2, n_samples=200, kernel_width=0.5, random_state=0)),
        "plot_lime_samples": lambda: plotting.plot_lime_samples(
            interpret.lime_explanation(f, X2[0], X2, n_samples=200, kernel_width=0.5, random_state=0)),
        "plot_lime_path": lambda: plotting.plot_lime_path(
            interpret.lime_path(f, X2[0], X2, [0.1, 1.0], n_samples=200, random_state=0)),
        "plot_partial_dependence": lambda: plotting.plot_partial_dependence(
            interpret.partial_dependence(net, X, 0, grid=5)),
        "plot_layer_gradient_norms": lambda: plotting.plot_layer_gradient_norms(
            {"relu": interpret.layer_gradient_norms(net, X, y)}),
        "plot_importances": lambda: plotting.plot_importances(
            [llms.feature_importance(), interpret.permutation_importance(net, X, y, random_state=0)],
            labels=["LLM", "permutation"]),
        "plot_merge_path": lambda: plotting.plot_merge_path(
            interpret.merge_local_linear_models(net, X, y, max_groups=5)),
        "plot_multiclass_rates": lambda: plotting.plot_multiclass_rates(
            metrics.multiclass_rates(y3, p3.argmax(axis=1))),
        "plot_decision_regions": lambda: plotting.plot_decision_regions(
            interpret.decision_regions_2d(mr.MLP((2, 4, 3), "relu", "softmax", random_state=0),
                                          bounds=(-1, 1, -1, 1))),
        "plot_l1_path": lambda: plotting.plot_l1_path(interpret.l1_path(
            mr.MLPRegressor((4,), epochs=2, random_state=0), X, y, [0.0, 1e-2], (X, y))),
        "plot_shapley": lambda: plotting.plot_shapley(
            interpret.shapley_values(f, X2[0], X2[:5])),
        "plot_cmb_spectra": lambda: plotting.plot_cmb_spectra(
            mr.datasets.make_cmb_spectra(40, alternative="all", random_state=0), relative=True),
    }


HELPERS = _helpers()


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_every_helper_draws_titles_and_axis_labels(name):
    drawn = HELPERS[name]()
    for ax in np.ravel(np.asarray(drawn, dtype=object)):
        assert ax.get_title().strip(), f"{name}: a panel without a title"
        assert ax.get_xlabel().strip() and ax.get_ylabel().strip(), f"{name}: a panel without axis labels"


def test_the_list_covers_every_helper():
    exported = {n for n in plotting.__all__ if n.startswith("plot_")} if hasattr(plotting, "__all__") \
        else {n for n in dir(plotting) if n.startswith("plot_")}
    untested = exported - set(HELPERS)
    assert not untested, f"plotting helpers without a figure test: {sorted(untested)}"


def _outlier_llms():
    """LLMs of a random net, the 8th largest given a coefficient 50 times the others'."""
    X, y = _data(n=400, seed=4)
    llms = interpret.local_linear_models(_net(seed=4), X, y, feature_names=["a", "b", "c"])
    assert llms.n_llms > 6
    llms.coef[6, :] = 50 * np.abs(llms.coef).max() + 1.0
    return llms


def test_coefficient_lines_fit_the_highlighted_llms_and_the_title_counts_the_clipped():
    llms = _outlier_llms()
    ax = plotting.plot_llm_coefficients(llms, n_features=None, highlight=5)
    lo, hi = ax.get_ylim()
    coloured = [line for line in ax.lines if line.get_label().startswith("LLM ")]
    assert len(coloured) == 5
    for line in coloured:
        assert lo <= np.min(line.get_ydata()) and np.max(line.get_ydata()) <= hi
    assert hi < 50 * np.abs(llms.coef[:5]).max()       # the outlier does not set the range
    clipped = re.search(r"; (\d+) grey lines? clipped$", ax.get_title())
    assert clipped and int(clipped.group(1)) >= 1          # the outlier, at least
    ax = plotting.plot_llm_coefficients(llms, n_features=None, n_llms=5)
    assert "clipped" not in ax.get_title()


def test_profile_lines_fit_the_highlighted_llms_and_the_title_counts_the_clipped():
    llms = _outlier_llms()
    prof = llms.profile("a", top=10)
    prof.slopes[6] = 1e3 * np.abs(prof.slopes[:5]).max() + 1.0
    ax = plotting.plot_llm_profile(prof)
    lo, hi = ax.get_ylim()
    for line in ax.lines:
        if line.get_label().startswith("LLM "):
            assert lo <= np.min(line.get_ydata()) and np.max(line.get_ydata()) <= hi
    assert "clipped" in ax.get_title()


def test_summary_draws_dots_and_marks_undefined_local_scores():
    llms = _outlier_llms()
    summary = llms.summary()
    summary.local_score[1] = np.nan
    ax = plotting.plot_llm_summary(summary, top=4)
    assert not ax.patches                              # dots, no bars on the log axis
    assert [t.get_text() for t in ax.texts] == ["n/a"]
    assert any('"n/a"' in t.get_text() for t in ax.get_legend().get_texts())


def test_unit_lines_of_layer_two_have_their_own_colours_and_names():
    cells = interpret.partition_2d(mr.MLP((2, 4, 3, 1), "relu", random_state=3), bounds=(-2, 2, -2, 2))
    first = plotting.plot_unit_lines(cells, 1)
    second = plotting.plot_unit_lines(cells, 2)
    names = lambda ax: [t.get_text() for t in ax.get_legend().get_texts()]  # noqa: E731
    assert all(n.startswith("layer 2, unit") for n in names(second) if "unit" in n and "cells" not in n)
    colours = lambda ax: {tuple(np.round(c.get_colors()[0], 3)) for c in ax.collections  # noqa: E731
                          if c.get_label().startswith("layer") and "unit" in c.get_label()}
    assert colours(first) and colours(second) and not colours(first) & colours(second)
