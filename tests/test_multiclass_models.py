"""K >= 3 classes in the models: the softmax network's gradients against central differences,
MLPClassifier and multinomial LogisticRegression against scikit-learn, the 3-spiral task."""
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.neural_network import MLPClassifier as SkMLPClassifier

import minirelu as mr
from minirelu.gradcheck import check_gradients, numerical_gradient, relative_error


def _away_from_kinks(net, X):
    _, cache = net.forward_cache(X)
    return all(np.min(np.abs(z)) > 1e-3 for z in cache.Z[:-1])


@pytest.mark.parametrize("hidden", [(), (5,), (6, 5)])                 # depths 1-3
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("l1_reg", [0.0, 0.05])
def test_softmax_network_gradients_match_central_differences(hidden, activation, l1_reg):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(11, 3))
    y = rng.integers(0, 4, 11)
    for seed in range(20):
        net = mr.MLP((3, *hidden, 4), activation, "softmax", random_state=seed)
        if activation != "relu" or _away_from_kinks(net, X):
            break
    errors = check_gradients(net, X, y, l1_reg=l1_reg)
    assert len(errors) == 2 * (len(hidden) + 1)
    assert max(errors.values()) < 1e-6, errors
    # one-hot targets give the same loss and gradients as class indices
    loss_i, dW_i, _ = net.loss_and_gradients(X, y)
    loss_h, dW_h, _ = net.loss_and_gradients(X, np.eye(4)[y])
    assert loss_i == loss_h and all(np.array_equal(a, b) for a, b in zip(dW_i, dW_h))


def test_softmax_gradient_check_catches_a_wrong_output_delta():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(8, 2)), rng.integers(0, 3, 8)
    net = mr.MLP((2, 5, 3), "tanh", "softmax", random_state=0)
    original = mr.losses.LOSSES["cross_entropy"]
    mr.losses.LOSSES["cross_entropy"] = original._replace(
        gradient=lambda y_true, z: original.gradient(y_true, z) * 2)
    try:
        errors = check_gradients(net, X, y)
    finally:
        mr.losses.LOSSES["cross_entropy"] = original
    assert errors["W2"] > 1e-2


def test_softmax_network_forward_and_input_gradient():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(6, 3))
    net = mr.MLP((3, 7, 4), "tanh", "softmax", random_state=1)
    P = net.forward(X)
    assert P.shape == (6, 4)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    for output in range(4):
        for raw in (True, False):
            f = net.raw_output if raw else net.forward
            numeric = np.array([numerical_gradient(lambda: f(row[None])[0, output], row)
                                for row in X.copy()])
            assert relative_error(net.input_gradient(X, output, raw=raw), numeric) < 1e-7


def _spirals():
    X, y = mr.datasets.make_spirals(600, random_state=0)
    return X[:420], y[:420], X[420:], y[420:]


@pytest.fixture(scope="module")
def spiral_classifier():
    X, y, X_test, y_test = _spirals()
    names = np.array(["arm a", "arm b", "arm c"])
    clf = mr.MLPClassifier((64, 64), epochs=150, learning_rate=3e-3, random_state=0)
    return clf.fit(X, names[y], validation_data=(X_test, names[y_test])), names


def test_three_spirals_held_out_accuracy_and_probabilities(spiral_classifier):
    clf, names = spiral_classifier
    _, _, X_test, y_test = _spirals()
    assert list(clf.classes_) == list(names)
    assert clf.network_.layer_sizes[-1] == 3 and clf.network_.output_activation == "softmax"
    P = clf.predict_proba(X_test)
    assert P.shape == (180, 3)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert clf.decision_function(X_test).shape == (180, 3)
    np.testing.assert_array_equal(clf.predict(X_test), names[np.argmax(P, axis=1)])
    accuracy = clf.score(X_test, names[y_test])
    assert accuracy >= 0.95
    assert clf.history_["val_accuracy"][-1] == pytest.approx(accuracy, abs=1e-12)
    assert len(clf.history_["accuracy"]) == 150 and clf.history_["accuracy"][-1] > 0.9
    assert clf.history_["loss"][-1] < clf.history_["loss"][0]


@pytest.mark.parametrize("hidden", [(16,), (16, 8)])
def test_predict_proba_equals_scikit_learn_with_the_same_weights(hidden):
    X, y, X_test, _ = _spirals()
    sk = SkMLPClassifier(hidden, max_iter=30, random_state=0)
    with pytest.warns(Warning):                            # stopped before converging
        sk.fit(X, y)
    ours = mr.MLPClassifier(hidden, epochs=1, random_state=0).fit(X, y)
    ours.network_.weights = [W.T.copy() for W in sk.coefs_]
    ours.network_.biases = [b.copy() for b in sk.intercepts_]
    difference = np.max(np.abs(ours.predict_proba(X_test) - sk.predict_proba(X_test)))
    assert difference <= 1e-12
    np.testing.assert_array_equal(ours.predict(X_test), sk.predict(X_test))
    # the network read straight from scikit-learn is the same softmax network
    net = mr.MLP.from_sklearn(sk)
    assert net.output_activation == "softmax"
    assert np.max(np.abs(net.forward(X_test) - sk.predict_proba(X_test))) <= 1e-12


def test_two_classes_stay_the_sigmoid_network():
    X, y = mr.datasets.make_moons(80, noise=0.2, random_state=0)
    clf = mr.MLPClassifier((8,), epochs=3, random_state=0).fit(X, y)
    assert clf.network_.layer_sizes[-1] == 1 and clf.network_.output_activation == "sigmoid"
    assert clf.decision_function(X).shape == (80,) and clf.predict_proba(X).shape == (80, 2)
    # refitting a three-class model on two classes gives the two-class model back
    three = mr.MLPClassifier((8,), epochs=3, random_state=0).fit(X, np.arange(80) % 3)
    assert list(three.classes_) == [0, 1, 2]
    three.fit(X, y)
    assert list(three.classes_) == [0, 1] and three.network_.layer_sizes[-1] == 1
    np.testing.assert_array_equal(three.predict_proba(X), clf.predict_proba(X))


def test_multinomial_logistic_regression_matches_scikit_learn():
    X, y = mr.datasets.make_blobs(300, centers=((-2, 0), (2, 0), (0, 2)), scale=1.0,
                                  random_state=0)
    names = np.array(["a", "b", "c"])
    labels = names[y]
    ours = mr.LogisticRegression(learning_rate=0.5, max_iter=20000, tol=1e-9).fit(X, labels)
    theirs = SkLogisticRegression(C=np.inf, tol=1e-12, max_iter=10000).fit(X, y)
    assert ours.coef_.shape == (3, 2) and ours.intercept_.shape == (3,)
    assert list(ours.classes_) == ["a", "b", "c"]
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=0, atol=1e-6)
    np.testing.assert_array_equal(ours.predict(X), names[theirs.predict(X)])
    assert ours.score(X, labels) == pytest.approx(theirs.score(X, y), abs=1e-12)
    # the multinomial gradient vanishes at the fit
    X1 = np.column_stack([X, np.ones(len(X))])
    theta = np.vstack([ours.coef_.T, ours.intercept_])
    P = mr.activations.softmax(X1 @ theta)
    assert np.max(np.abs(X1.T @ (P - np.eye(3)[y]) / len(y))) < 1e-8


@pytest.mark.parametrize("call, error, words", [
    (lambda: mr.MLP((2, 3, 1), "relu", "softmax"), ValueError, "a softmax output needs one unit"),
    (lambda: mr.MLP((2, 3), "relu", "softmax").loss_and_gradients(np.zeros((2, 2)), [0, 3]),
     ValueError, "y must hold class indices 0..2"),
    (lambda: mr.MLPClassifier((4,), epochs=1).fit(np.zeros((6, 2)), [0, 1, 2, 0, 1, 2],
                                                  validation_data=(np.zeros((2, 2)), [0, 5])),
     ValueError, "validation_data y_val holds 5, not among the classes seen in fit"),
    (lambda: mr.MLPClassifier((4,), epochs=1).fit(np.zeros((6, 2)), list("abcabc"))
     .score(np.zeros((2, 2)), ["a", "d"]), ValueError, "y holds d, not among the classes"),
])
def test_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_k_class_model_file_keeps_its_classes(tmp_path):
    X, y = mr.datasets.make_spirals(90, random_state=0)
    names = np.array(["arm a", "arm b", "arm c"])
    clf = mr.MLPClassifier((8,), epochs=2, random_state=0).fit(X, names[y])
    clf.save(tmp_path / "k.npz")
    loaded = mr.load(tmp_path / "k.npz")
    assert list(loaded.classes_) == list(names)
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), clf.predict(X))


def test_shapley_efficiency_holds_for_every_class():
    """For each class c the K Shapley values of x sum to f_c(x) - mean f_c(background), for
    the probabilities and for the logits alike."""
    from minirelu import interpret
    rng = np.random.default_rng(8)
    X = rng.normal(size=(60, 4))
    y = np.argmax(X[:, :3] + 0.3 * rng.normal(size=(60, 3)), axis=1)
    clf = mr.MLPClassifier((8,), epochs=20, learning_rate=1e-2, random_state=0).fit(X, y)
    x, background = X[0], X[10:30]
    for scores in (clf.predict_proba, clf.decision_function):
        for c in range(3):
            sv = interpret.shapley_values(lambda A, c=c: scores(A)[:, c], x, background)
            expected = scores(x[None])[0, c] - scores(background)[:, c].mean()
            assert abs(sv.values.sum() - expected) < 1e-12


def test_labels_in_any_order_score_save_and_load(tmp_path):
    """A network read from elsewhere may name its outputs in any order: predict, score and
    model files follow that order."""
    X, y, X_test, y_test = _spirals()
    trained = mr.MLPClassifier((16,), epochs=30, learning_rate=1e-2, random_state=0).fit(X, y)
    names = np.array(["c", "a", "b"])                      # output k is the label names[k]
    clf = mr.MLPClassifier.from_network(trained.network_, classes=names)
    np.testing.assert_array_equal(clf.predict(X_test), names[trained.predict(X_test)])
    assert clf.score(X_test, names[y_test]) == trained.score(X_test, y_test)
    clf.save(tmp_path / "any_order.npz")
    loaded = mr.load(tmp_path / "any_order.npz")
    assert list(loaded.classes_) == ["c", "a", "b"]
    assert loaded.score(X_test, names[y_test]) == trained.score(X_test, y_test)
