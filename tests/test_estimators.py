"""Estimators and linear models reach what they should; runs repeat; models save and load."""
import json

import numpy as np
import pytest

import minirelu as mr
from minirelu.datasets import make_blobs, make_linear, make_moons


def test_linear_regression_gradient_descent_reaches_the_normal_equations():
    X, y = make_linear(200, coef=(2.0, -1.0, 0.5), intercept=3.0, noise=0.3, x_range=(-1, 1),
                       random_state=0)
    exact = mr.LinearRegression().fit(X, y)
    gd = mr.LinearRegression(solver="gd", learning_rate=0.2).fit(X, y)
    assert np.allclose(gd.coef_, exact.coef_, atol=1e-6)
    assert abs(gd.intercept_ - exact.intercept_) < 1e-6
    # and the normal equations solve least squares: the residual is orthogonal to X1
    X1 = np.column_stack([X, np.ones(len(X))])
    assert np.allclose(X1.T @ (y - exact.predict(X)), 0, atol=1e-9)
    # the loss recorded by gradient descent never goes up at this step size
    assert np.all(np.diff(gd.history_["loss"]) <= 1e-15)


def test_logistic_regression_separates_a_separable_set():
    X, y = make_blobs(300, centers=((-2, -2), (2, 2)), scale=0.7, random_state=0)
    clf = mr.LogisticRegression(learning_rate=0.5, max_iter=2000).fit(X, y)
    assert clf.score(X, y) >= 0.95
    p = clf.predict_proba(X)
    assert p.shape == (300, 2) and np.allclose(p.sum(axis=1), 1)


def test_mlp_classifier_separates_moons():
    X, y = make_moons(400, noise=0.1, random_state=0)
    clf = mr.MLPClassifier((32, 32), learning_rate=0.01, epochs=60, random_state=0).fit(X, y)
    assert clf.score(X, y) >= 0.95
    assert clf.predict_proba(X).shape == (400, 2)
    assert np.array_equal(clf.predict(X), (clf.decision_function(X) > 0).astype(int))
    h = clf.history_
    assert sorted(h) == ["accuracy", "loss"] and len(h["loss"]) == 60
    assert h["loss"][-1] < h["loss"][0]


def test_mlp_regressor_fits_a_smooth_curve():
    x = np.linspace(-3, 3, 300)[:, None]
    y = np.sin(2 * x[:, 0]) + 0.3 * x[:, 0]
    reg = mr.MLPRegressor((32, 32), learning_rate=0.01, epochs=200, batch_size=16,
                          random_state=0).fit(x, y)
    assert reg.score(x, y) >= 0.98


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_same_random_state_gives_bit_identical_weights(optimizer):
    X, y = make_moons(200, noise=0.2, random_state=1)
    fits = [mr.MLPClassifier((8,), optimizer=optimizer, learning_rate=0.05, epochs=5,
                             batch_size=16, random_state=3).fit(X, y) for _ in range(2)]
    a, b = (f.network_ for f in fits)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))
    other = mr.MLPClassifier((8,), optimizer=optimizer, learning_rate=0.05, epochs=5,
                             batch_size=16, random_state=4).fit(X, y).network_
    assert not np.array_equal(a.weights[0], other.weights[0])


def test_validation_history_and_early_stopping():
    X, y = make_moons(300, noise=0.3, random_state=2)
    Xv, yv = make_moons(200, noise=0.3, random_state=3)
    clf = mr.MLPClassifier((64, 64), learning_rate=0.01, epochs=200, batch_size=16,
                           early_stopping=True, patience=5, random_state=0)
    clf.fit(X, y, validation_data=(Xv, yv))
    h = clf.history_
    assert sorted(h) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert clf.n_epochs_ < 200 and len(h["val_loss"]) == clf.n_epochs_
    assert clf.best_epoch_ == int(np.argmin(h["val_loss"])) + 1
    # the kept weights are the best epoch's: its validation loss is what the model now scores
    z = clf.decision_function(Xv)
    assert np.mean(np.logaddexp(0, z) - yv * z) == pytest.approx(min(h["val_loss"]), rel=1e-12)
    assert h["val_accuracy"][-1] == pytest.approx(
        np.mean((clf.network_.raw_output(Xv)[:, 0] > 0) == yv) if clf.best_epoch_ == clf.n_epochs_
        else h["val_accuracy"][-1])


def test_regressor_history_r2_matches_a_direct_computation_on_validation():
    X, y = make_linear(200, coef=(1.0, 2.0), noise=0.1, random_state=0)
    reg = mr.MLPRegressor((16,), learning_rate=0.01, epochs=3, random_state=0)
    reg.fit(X, y, validation_data=(X[:50], y[:50]))
    assert reg.history_["val_r2"][-1] == pytest.approx(reg.score(X[:50], y[:50]), rel=1e-12)
    assert reg.history_["val_loss"][-1] == pytest.approx(np.mean((reg.predict(X[:50]) - y[:50]) ** 2))


def test_l1_proximal_step_sets_weights_exactly_to_zero():
    X, y = make_moons(300, noise=0.2, random_state=0)
    plain = mr.MLPClassifier((32, 32), learning_rate=0.01, epochs=30, random_state=0).fit(X, y)
    sparse = mr.MLPClassifier((32, 32), learning_rate=0.01, epochs=30, l1_reg=1e-3,
                              random_state=0).fit(X, y)
    zeros = lambda clf: sum(int(np.sum(W == 0)) for W in clf.network_.weights)
    assert zeros(plain) == 0 and zeros(sparse) > 300 and sparse.score(X, y) > 0.95
    assert all(np.all(b != 0) for b in sparse.network_.biases[:1])   # biases are not penalised


def test_divergence_stops_with_a_clear_error_and_leaves_the_estimator_unfitted():
    X, y = make_moons(200, noise=0.1, random_state=0)
    clf = mr.MLPClassifier((16,), optimizer="sgd", learning_rate=1e6, epochs=20, random_state=0)
    with pytest.raises(mr.TrainingDivergedError, match="diverged.*left as it was.*learning_rate"):
        clf.fit(X * 1e3, y)
    assert not hasattr(clf, "network_") and not hasattr(clf, "history_")
    with pytest.raises(mr.NotFittedError):
        clf.predict(X)


def test_float32_training():
    X, y = make_moons(300, noise=0.1, random_state=0)
    clf = mr.MLPClassifier((32,), learning_rate=0.01, epochs=40, dtype="float32",
                           random_state=0).fit(X, y)
    assert clf.network_.weights[0].dtype == np.float32 and clf.score(X, y) > 0.85


def test_save_then_load_gives_identical_predictions(tmp_path):
    X, y = make_moons(100, noise=0.1, random_state=0)
    clf = mr.MLPClassifier((8, 4), epochs=3, random_state=0).fit(X, y, validation_data=(X, y))
    clf.save(tmp_path / "clf.npz")
    back = mr.load(tmp_path / "clf.npz")
    assert isinstance(back, mr.MLPClassifier) and repr(back) == repr(clf)
    assert np.array_equal(back.predict_proba(X), clf.predict_proba(X))
    assert back.history_ == clf.history_
    reg = mr.MLPRegressor((5,), epochs=2, random_state=0, dtype="float32").fit(X, y.astype(float))
    reg.save(tmp_path / "reg.npz")
    assert np.array_equal(mr.load(tmp_path / "reg.npz").predict(X), reg.predict(X))


def test_load_refuses_pickled_objects_and_foreign_files(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, header=np.array(json.dumps({"format": "minirelu-model"})),
             W0=np.array([object()], dtype=object))
    with pytest.raises(ValueError, match="pickled"):
        mr.load(path)
    np.savez(tmp_path / "other.npz", a=np.zeros(3))
    with pytest.raises(ValueError, match="not a minirelu model"):
        mr.load(tmp_path / "other.npz")


def test_estimator_repr_and_params():
    clf = mr.MLPClassifier(hidden_layer_sizes=(4,), epochs=3)
    assert repr(clf) == "MLPClassifier(hidden_layer_sizes=(4,), epochs=3)"
    assert clf.get_params()["epochs"] == 3
    assert clf.set_params(epochs=5).epochs == 5
    with pytest.raises(ValueError, match="'epoch' is not a parameter"):
        clf.set_params(epoch=5)
    # the linear models follow the same convention
    assert repr(mr.LinearRegression()) == "LinearRegression()"
    assert repr(mr.LogisticRegression(learning_rate=1.0, tol=1e-8)) == \
        "LogisticRegression(learning_rate=1.0, tol=1e-08)"
    assert mr.LinearRegression(solver="gd").get_params()["solver"] == "gd"


def test_scalers_use_training_statistics_only():
    rng = np.random.default_rng(0)
    Xtr, Xte = rng.normal(5, 2, (100, 3)), rng.normal(5, 2, (20, 3))
    sc = mr.StandardScaler().fit(Xtr)
    Z = sc.transform(Xtr)
    assert np.allclose(Z.mean(0), 0, atol=1e-12) and np.allclose(Z.std(0), 1)
    assert np.allclose(sc.transform(Xte), (Xte - Xtr.mean(0)) / Xtr.std(0))
    assert np.allclose(sc.inverse_transform(sc.transform(Xte)), Xte)
    mm = mr.MinMaxScaler().fit(Xtr)
    assert np.allclose(mm.transform(Xtr).min(0), 0) and np.allclose(mm.transform(Xtr).max(0), 1)
    # a constant column does not become NaN
    C = np.column_stack([np.ones(5), np.arange(5.0)])
    assert np.isfinite(mr.StandardScaler().fit_transform(C)).all()
    assert np.isfinite(mr.MinMaxScaler().fit_transform(C)).all()


def test_train_test_split_partitions_and_stratifies():
    X = np.arange(100).reshape(50, 2)
    y = np.r_[np.zeros(40, int), np.ones(10, int)]
    Xtr, Xte, ytr, yte = mr.train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
    assert len(Xte) == 10 and len(Xtr) == 40
    assert sorted(np.r_[Xtr[:, 0], Xte[:, 0]].tolist()) == list(range(0, 100, 2))
    assert yte.sum() == 2 and ytr.sum() == 8
    again = mr.train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
    assert np.array_equal(again[1], Xte)


def test_constant_targets_train_and_record_r2_as_undefined():
    X = np.linspace(0, 1, 20)[:, None]
    reg = mr.MLPRegressor((4,), epochs=2, random_state=0).fit(X, np.full(20, 3.0),
                                                              validation_data=(X, np.full(20, 3.0)))
    assert np.isnan(reg.history_["r2"]).all() and np.isnan(reg.history_["val_r2"]).all()
    assert np.isfinite(reg.history_["loss"]).all() and np.isfinite(reg.predict(X)).all()
