"""Every bad input gets a ValueError or TypeError that names the argument."""
import numpy as np
import pytest

import minirelu as mr
from minirelu.datasets import make_moons

X, Y = make_moons(40, noise=0.1, random_state=0)


@pytest.fixture(scope="module")
def clf():
    return mr.MLPClassifier((4,), epochs=1, random_state=0).fit(X, Y)


@pytest.mark.parametrize("X_bad, y_bad, error, words", [
    (X[:, 0], Y, ValueError, "X must be a 2-D array"),                       # wrong shape
    (np.where(np.eye(40, 2) == 1, np.nan, X), Y, ValueError, "X contains NaN"),
    (np.where(np.eye(40, 2) == 1, np.inf, X), Y, ValueError, "X contains NaN or infinite"),
    (np.empty((0, 2)), np.empty(0), ValueError, "X is empty"),
    (X, Y[:-1], ValueError, "inconsistent numbers of samples: X has 40, y has 39"),
    (X, np.zeros(40), ValueError, "y holds one class only (0.0)"),
    (X, np.where(np.arange(40) == 0, np.nan, Y), ValueError, "y contains NaN"),
    (X, np.where(np.arange(40) == 0, 0.5, Y), ValueError, "y holds continuous values (e.g. 0.5)"),
    ("abc", Y, TypeError, "X must be array-like"),
])
def test_fit_rejects(X_bad, y_bad, error, words):
    with pytest.raises(error) as info:
        mr.MLPClassifier((4,), epochs=1).fit(X_bad, y_bad)
    assert words in str(info.value)


@pytest.mark.parametrize("param, value, error, words", [
    ("hidden_layer_sizes", (4, 0), ValueError, "hidden_layer_sizes entries must be >= 1"),
    ("activation", "relu6", ValueError, "activation must be one of"),
    ("optimizer", "rmsprop", ValueError, "optimizer must be one of 'adam', 'momentum', 'sgd'"),
    ("learning_rate", -0.1, ValueError, "learning_rate must be > 0"),
    ("learning_rate", float("nan"), ValueError, "learning_rate must be finite"),
    ("batch_size", 0, ValueError, "batch_size must be >= 1"),
    ("epochs", 2.5, TypeError, "epochs must be an integer"),
    ("l1_reg", -1.0, ValueError, "l1_reg must be >= 0"),
    ("dtype", "int32", ValueError, "dtype must be 'float32' or 'float64'"),
    ("random_state", "seed", TypeError, "random_state must be None, an int"),
])
def test_bad_hyper_parameters(param, value, error, words):
    with pytest.raises(error) as info:
        mr.MLPClassifier(**{"hidden_layer_sizes": (4,), "epochs": 1, param: value}).fit(X, Y)
    assert words in str(info.value)


def test_unfitted_model(clf):
    for method in ("predict", "predict_proba", "decision_function"):
        with pytest.raises(ValueError, match="MLPClassifier is not fitted yet"):
            getattr(mr.MLPClassifier(), method)(X)
    with pytest.raises(ValueError, match="LinearRegression is not fitted yet"):
        mr.LinearRegression().predict(X)
    with pytest.raises(ValueError, match="StandardScaler is not fitted yet"):
        mr.StandardScaler().transform(X)


def test_wrong_number_of_features(clf):
    with pytest.raises(ValueError, match="X has 3 features, but MLPClassifier is expecting 2"):
        clf.predict(np.ones((5, 3)))
    with pytest.raises(ValueError, match="X has 3 features, but StandardScaler is expecting 2"):
        mr.StandardScaler().fit(X).transform(np.ones((5, 3)))


def test_validation_data_is_checked():
    with pytest.raises(TypeError, match="validation_data must be a pair"):
        mr.MLPClassifier((4,), epochs=1).fit(X, Y, validation_data=X)
    with pytest.raises(ValueError, match="validation_data X_val has 3 features"):
        mr.MLPClassifier((4,), epochs=1).fit(X, Y, validation_data=(np.ones((5, 3)), Y[:5]))
    with pytest.raises(ValueError, match="validation_data y_val holds 3, 4, not among the "
                                         "classes seen in fit"):
        mr.MLPClassifier((4,), epochs=1).fit(X, Y, validation_data=(X, Y + 3))


def test_mlp_constructor_and_from_weights():
    with pytest.raises(ValueError, match="layer_sizes must list at least inputs and outputs"):
        mr.MLP((3,))
    with pytest.raises(ValueError, match="hidden_activation must be one of"):
        mr.MLP((2, 3, 1), hidden_activation="softmax")
    with pytest.raises(ValueError, match="output_activation must be one of"):
        mr.MLP((2, 3, 1), output_activation="tanh")
    with pytest.raises(ValueError, match=r"weights\[1\] has 4 columns \(n_in\) but layer 1 has 3"):
        mr.MLP.from_weights([np.ones((3, 2)), np.ones((1, 4))], [np.ones(3), np.ones(1)])
    with pytest.raises(ValueError, match=r"biases\[0\] has 2 entries but weights\[0\] has 3 rows"):
        mr.MLP.from_weights([np.ones((3, 2))], [np.ones(2)])


def test_mlp_methods_check_input():
    net = mr.MLP((2, 3, 1), output_activation="sigmoid", random_state=0)
    with pytest.raises(ValueError, match="X has 1 features, but the model expects 2"):
        net.forward(np.ones((4, 1)))
    with pytest.raises(ValueError, match="y must hold binary labels"):
        net.loss_and_gradients(np.ones((2, 2)), [0.5, 1])
    with pytest.raises(ValueError, match="l1_reg must be >= 0"):
        net.loss_and_gradients(np.ones((2, 2)), [0, 1], l1_reg=-1)
    with pytest.raises(ValueError, match="output must be < 1"):
        net.input_gradient(np.ones((2, 2)), output=1)


def test_linear_models_and_split_check_input():
    with pytest.raises(ValueError, match="solver must be one of 'gd', 'normal'"):
        mr.LinearRegression(solver="qr").fit(X, Y)
    with pytest.raises(ValueError, match=r"y holds one class only \(1\)"):
        mr.LogisticRegression().fit(X, np.ones(40, dtype=int))
    with pytest.raises(mr.TrainingDivergedError, match="gradient descent diverged"):
        mr.LinearRegression(solver="gd", learning_rate=10.0, max_iter=500).fit(X * 100, Y)
    with pytest.raises(ValueError, match="test_size must be a fraction"):
        mr.train_test_split(X, Y, test_size=1.5)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        mr.train_test_split(X, Y[:3])
    with pytest.raises(ValueError, match="y must be >= 0 for log1p"):
        mr.preprocessing.log1p([-1.0, 2.0])


def test_optimizer_options_are_checked():
    with pytest.raises(ValueError, match="momentum must be in"):
        mr.optimizers.Momentum(0.1, momentum=1.5)
    with pytest.raises(ValueError, match="beta2 must be in"):
        mr.optimizers.Adam(beta2=1.0)
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        mr.optimizers.SGD(0)
