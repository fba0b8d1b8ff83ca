"""One test for each case quoted in issue 16 that test_model_files.py and test_edge_values.py
do not already hold: failed fits, settings, booleans, scalers, raw messages, checkers."""
import numpy as np
import pytest

import minirelu as mr
from minirelu.datasets import make_moons

X, Y = make_moons(100, noise=0.1, random_state=0)
YR = X[:, 0] + 0.5 * X[:, 1]


def _owned(owner, reason):
    return pytest.mark.xfail(strict=True, reason=f"owned by {owner}: {reason}")


# ---- a fitted model cannot be destroyed ------------------------------------------------------
def test_a_diverging_refit_leaves_the_previous_model():
    reg = mr.MLPRegressor((8,), epochs=3, random_state=0).fit(X, YR)
    before, history, n_epochs = reg.predict(X), dict(reg.history_), reg.n_epochs_
    with pytest.raises(mr.TrainingDivergedError):
        reg.set_params(optimizer="sgd", learning_rate=1e6).fit(X * 1e3, YR)
    assert np.array_equal(reg.predict(X), before)
    assert reg.n_epochs_ == n_epochs and reg.history_ == history


def test_a_diverging_first_fit_leaves_the_model_unfitted(tmp_path):
    reg = mr.MLPRegressor((8,), optimizer="sgd", learning_rate=1e6, epochs=3, random_state=0)
    with pytest.raises(mr.TrainingDivergedError):
        reg.fit(X * 1e3, YR)
    with pytest.raises(ValueError, match="not fitted"):
        reg.predict(X)
    with pytest.raises(ValueError, match="not fitted"):
        reg.save(tmp_path / "m.npz")


def test_best_epoch_does_not_survive_a_refit_without_early_stopping():
    clf = mr.MLPClassifier((4,), epochs=20, early_stopping=True, patience=2, random_state=0)
    clf.fit(X, Y)
    assert hasattr(clf, "best_epoch_")
    clf.set_params(early_stopping=False).fit(X, Y)
    assert not hasattr(clf, "best_epoch_")


def test_linear_regression_from_gd_to_normal_drops_the_gd_attributes():
    lr = mr.LinearRegression(solver="gd").fit(X, YR)
    lr.set_params(solver="normal").fit(X, YR)
    # the normal equations are one direct solve: n_iter_ is 1 (scikit-learn's checks ask
    # every estimator with max_iter for n_iter_ >= 1), and no per-iteration history
    assert not hasattr(lr, "history_") and lr.n_iter_ == 1


# ---- settings -----------------------------------------------------------------------------
def test_numpy_batch_size_saves_and_loads(tmp_path):
    clf = mr.MLPClassifier((4,), batch_size=np.int64(16), epochs=np.int64(2),
                           learning_rate=np.float64(0.01), random_state=0).fit(X, Y)
    clf.save(tmp_path / "m.npz")
    back = mr.load(tmp_path / "m.npz")
    assert back.batch_size == 16 and back.epochs == 2 and back.learning_rate == 0.01


def test_numpy_random_state_is_saved_not_dropped(tmp_path):
    clf = mr.MLPClassifier((4,), epochs=2, random_state=np.int64(0)).fit(X, Y)
    clf.save(tmp_path / "m.npz")
    assert mr.load(tmp_path / "m.npz").random_state == 0


def test_repr_of_numpy_hidden_layer_sizes():
    text = repr(mr.MLPClassifier(hidden_layer_sizes=np.array([4, 3])))
    assert text.startswith("MLPClassifier(") and "4" in text and "3" in text


@pytest.mark.parametrize("param, value", [("shuffle", "no"), ("early_stopping", "false")])
def test_truthy_strings_are_not_booleans(param, value):
    with pytest.raises(TypeError, match=param):
        mr.MLPClassifier((4,), epochs=1, **{param: value}).fit(X, Y)


# ---- raw messages ---------------------------------------------------------------------------
def test_activation_given_as_a_list():
    with pytest.raises(TypeError, match=r"activation must be one of .*; got \['relu'\]"):
        mr.MLPClassifier((4,), epochs=1, activation=["relu"]).fit(X, Y)


def test_momentum_given_as_a_string():
    with pytest.raises(TypeError, match="momentum must be a real number"):
        mr.MLPClassifier((4,), optimizer="momentum", momentum="x", epochs=1).fit(X, Y)


def test_numpy_n_threads():
    clf = mr.MLPClassifier((4,), epochs=1, n_threads=np.int64(1), random_state=0).fit(X, Y)
    assert clf.predict(X).shape == (100,)


# ---- scalers on extreme values ------------------------------------------------------------
def test_standard_scaler_on_plus_minus_1e300():
    Z = mr.StandardScaler().fit_transform(np.array([[1e300], [-1e300]]))
    assert np.allclose(Z[:, 0], [1.0, -1.0])


def test_min_max_scaler_on_plus_minus_1e308():
    Z = mr.MinMaxScaler().fit_transform(np.array([[1e308], [-1e308], [0.0]]))
    assert np.allclose(Z[:, 0], [1.0, 0.0, 0.5])


# ---- checkers stop an endless student function ------------------------------------------
def test_a_checker_stops_an_endless_loop(capsys, monkeypatch):
    from minirelu import check
    from minirelu.check import _core
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.3)

    def mse(y, y_hat):
        total, i = 0.0, 0
        while i < len(y):
            total += (y_hat[i] - y[i]) ** 2
        return total

    assert not check.lesson01.mse(mse)   # a Verdict: false, and no Out[] line in a notebook
    assert "still running" in capsys.readouterr().out
