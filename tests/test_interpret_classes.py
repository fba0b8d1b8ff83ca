"""The ``class_`` argument of the one-output interpret functions on a K-class network
(lessons/15_more_than_two_classes.ipynb): each reads class c's logit exactly as the same
function does on ``interpret.class_network(model, c)``."""
import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret
from minirelu.datasets import make_spirals


@pytest.fixture(scope="module")
def spirals():
    X, y = make_spirals(150, random_state=0)
    labels = np.array(["a", "b", "c"])[y]
    clf = mr.MLPClassifier((8, 8), epochs=5, random_state=0).fit(X, labels)
    return clf, X, labels


def test_class_argument_equals_class_network(spirals):
    clf, X, labels = spirals
    for c in clf.classes_:
        net = interpret.class_network(clf, c)
        target = (labels == c).astype(float)
        a, b = interpret.llm_summary(clf, X, target, class_=c), interpret.llm_summary(net, X, target)
        assert str(a.table) == str(b.table)
        a, b = interpret.feature_importance(clf, X, class_=c), interpret.feature_importance(net, X)
        np.testing.assert_array_equal(a.importance, b.importance)
        a, b = interpret.llm_profile(clf, X, 1, class_=c), interpret.llm_profile(net, X, 1)
        np.testing.assert_array_equal(a.slopes, b.slopes)
        np.testing.assert_array_equal(a.centers, b.centers)
        a, b = interpret.local_linear_fi(clf, X, 7, class_=c), interpret.local_linear_fi(net, X, 7)
        np.testing.assert_array_equal(a.scores, b.scores)
        assert a.prediction == b.prediction
        a, b = interpret.local_linear_models(clf, X, class_=c), interpret.local_linear_models(net, X)
        np.testing.assert_array_equal(a.coef, b.coef)
        np.testing.assert_array_equal(a.intercept, b.intercept)
        a, b = interpret.input_gradient(clf, X, class_=c), interpret.input_gradient(net, X)
        np.testing.assert_array_equal(a.values, b.values)
        a = interpret.average_marginal_effect(clf, X, 0, class_=c)
        b = interpret.average_marginal_effect(net, X, 0)
        np.testing.assert_array_equal(a.derivatives, b.derivatives)
        assert a.mean_change == b.mean_change
        a = interpret.partial_dependence(clf, X, 1, grid=5, class_=c)
        b = interpret.partial_dependence(net, X, 1, grid=5)
        np.testing.assert_array_equal(a.average, b.average)


def test_classes_differ(spirals):
    """The argument is not ignored: two classes' logits have different slopes."""
    clf, X, _ = spirals
    ga = interpret.input_gradient(clf, X, class_="a").values
    gb = interpret.input_gradient(clf, X, class_="b").values
    assert not np.allclose(ga, gb)


@pytest.mark.parametrize("fn", ["llm_summary", "feature_importance", "llm_profile",
                                "local_linear_fi", "local_linear_models", "input_gradient",
                                "average_marginal_effect", "partial_dependence"])
def test_bad_class_and_missing_class(spirals, fn):
    clf, X, labels = spirals
    extra = {"llm_summary": (labels == "a").astype(float), "llm_profile": 0,
             "local_linear_fi": 0, "average_marginal_effect": 0, "partial_dependence": 0}.get(fn)
    args = (clf, X) if extra is None else (clf, X, extra)
    f = getattr(interpret, fn)
    for bad in ["z", 0, None]:
        with pytest.raises(ValueError, match="class_"):
            f(*args, class_=bad)


def test_one_output_model_refuses_class(spirals):
    _, X, labels = spirals
    binary = mr.MLPClassifier((8,), epochs=2, random_state=0).fit(X, labels == "a")
    for call in [lambda: interpret.feature_importance(binary, X, class_=True),
                 lambda: interpret.local_linear_models(binary, X, class_=0),
                 lambda: interpret.input_gradient(binary, X, class_=1),
                 lambda: interpret.feature_importance(binary, X, class_="all")]:
        with pytest.raises(ValueError, match="class_"):
            call()
    logistic = mr.LogisticRegression().fit(X, labels == "a")
    with pytest.raises(TypeError, match="class_"):
        interpret.input_gradient(logistic, X, class_=0)
    # and with class_=None the one-output model reads as before
    assert interpret.input_gradient(binary, X).values.shape == X.shape


def test_feature_importance_all_classes(spirals):
    clf, X, _ = spirals
    table = interpret.feature_importance(clf, X, class_="all")
    expected = interpret.local_linear_models_by_class(clf, X).feature_importance()
    assert str(table) == str(expected)
    for c in clf.classes_:        # each class's column is that class's own importance
        one = interpret.feature_importance(clf, X, class_=c).importance
        np.testing.assert_allclose(np.asarray(table[f"class {c}"], dtype=float), one, rtol=1e-12)
    total = np.asarray(table["all classes"], dtype=float)
    assert total.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="weighting"):
        interpret.feature_importance(clf, X, class_="all", weighting="variance")


def test_class_must_be_one_label(spirals):
    clf, _, _ = spirals
    for bad in (["a"], [0], np.array(["b"])):
        with pytest.raises(TypeError, match="class_ must be one label"):
            interpret.class_network(clf, bad)
