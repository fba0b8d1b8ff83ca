"""Fitting is transactional, settings are checked, and the data is not copied more than once
(issue 16's estimator cases)."""
import numpy as np
import pytest

import minirelu as mr
from minirelu.datasets import make_linear, make_moons


def _state(est):
    """Every learned attribute, as comparable values."""
    out = {}
    for name, value in vars(est).items():
        if name.endswith("_") and not name.startswith("_"):
            if name == "network_":
                value = [p.copy() for p in value.parameters()]
            elif name == "history_":
                value = {k: list(v) for k, v in value.items()}
            out[name] = value
    return out


def _same_state(a, b):
    assert a.keys() == b.keys()
    for k in a:
        if k == "network_":
            assert all(np.array_equal(x, y) for x, y in zip(a[k], b[k]))
        elif isinstance(a[k], np.ndarray):
            assert np.array_equal(a[k], b[k])
        else:
            assert a[k] == b[k], k


def test_a_diverging_refit_leaves_the_previous_model():
    X, y = make_linear(200, coef=(1.0, -2.0), noise=0.1, x_range=(-1, 1), random_state=0)
    reg = mr.MLPRegressor((8,), epochs=3, random_state=0).fit(X, y)
    before, predicted = _state(reg), reg.predict(X)
    with pytest.raises(mr.TrainingDivergedError, match="left as it was"):
        reg.set_params(optimizer="sgd", learning_rate=1e6).fit(X, y)
    _same_state(before, _state(reg))
    assert np.array_equal(reg.predict(X), predicted)
    assert reg.n_epochs_ == 3 and len(reg.history_["loss"]) == 3


def test_a_first_fit_that_diverges_leaves_the_estimator_unfitted(tmp_path):
    X, y = make_linear(200, coef=(1.0, -2.0), noise=0.1, x_range=(-1, 1), random_state=0)
    reg = mr.MLPRegressor((8,), optimizer="sgd", learning_rate=1e6, epochs=3, random_state=0)
    with pytest.raises(mr.TrainingDivergedError):
        reg.fit(X * 1e3, y)
    assert _state(reg) == {}
    with pytest.raises(mr.NotFittedError):
        reg.predict(X)
    with pytest.raises(mr.NotFittedError):
        reg.save(tmp_path / "m.npz")


def test_bad_input_and_interruptions_leave_the_previous_model(monkeypatch):
    X, y = make_moons(100, noise=0.2, random_state=0)
    clf = mr.MLPClassifier((4,), epochs=2, random_state=0).fit(X, y)
    before = _state(clf)
    with pytest.raises(ValueError):
        clf.fit(X, y[:50])
    with pytest.raises(TypeError):
        clf.set_params(shuffle="no").fit(X, y)
    clf.set_params(shuffle=True)

    import minirelu.estimators as estimators
    calls = {"n": 0}
    real = estimators.train_step

    def interrupted(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)
    monkeypatch.setattr(estimators, "train_step", interrupted)
    with pytest.raises(KeyboardInterrupt):
        clf.fit(X, y)
    _same_state(before, _state(clf))


def test_every_fitted_attribute_is_set_by_each_fit_or_removed():
    X, y = make_moons(120, noise=0.2, random_state=1)
    clf = mr.MLPClassifier((4,), epochs=30, early_stopping=True, patience=2, random_state=0)
    clf.fit(X, y, validation_data=(X, y))
    assert hasattr(clf, "best_epoch_")
    clf.set_params(early_stopping=False, epochs=2).fit(X, y)
    assert not hasattr(clf, "best_epoch_") and set(clf.history_) == {"loss", "accuracy"}

    Xr, yr = make_linear(50, coef=(1.0, 2.0), noise=0.1, random_state=0)
    lin = mr.LinearRegression(solver="gd", learning_rate=0.01, max_iter=50).fit(Xr, yr)
    assert lin.n_iter_ == 50 and len(lin.history_["loss"]) == 50
    lin.set_params(solver="normal").fit(Xr, yr)
    assert not hasattr(lin, "history_") and lin.n_iter_ == 1     # one direct solve
    before = _state(lin)
    with pytest.raises(mr.TrainingDivergedError, match="left as it was"):
        lin.set_params(solver="gd", learning_rate=1e6).fit(Xr, yr)
    _same_state(before, _state(lin))


@pytest.mark.parametrize("name, value", [("shuffle", "no"), ("early_stopping", "false"),
                                         ("verbose", "yes"), ("shuffle", 1), ("early_stopping", None)])
def test_booleans_are_booleans(name, value):
    X, y = make_moons(40, noise=0.2, random_state=0)
    with pytest.raises(TypeError, match=f"{name} must be True or False"):
        mr.MLPClassifier((3,), epochs=1, **{name: value}).fit(X, y)
    mr.MLPClassifier((3,), epochs=1, **{name: np.bool_(False)}).fit(X, y)


def test_numpy_scalar_settings_work_in_fit_and_repr():
    X, y = make_moons(60, noise=0.2, random_state=0)
    clf = mr.MLPClassifier(hidden_layer_sizes=np.array([4, 3]), batch_size=np.int64(16),
                           epochs=np.int64(2), learning_rate=np.float64(0.01),
                           random_state=np.int64(0))
    text = repr(clf)
    assert "hidden_layer_sizes=array([4, 3])" in text and "batch_size=np.int64(16)" in text
    clf.fit(X, y)
    assert clf.network_.layer_sizes == (2, 4, 3, 1) and clf.n_epochs_ == 2
    same = mr.MLPClassifier(hidden_layer_sizes=(4, 3), batch_size=16, epochs=2, learning_rate=0.01,
                            random_state=0).fit(X, y)
    assert all(np.array_equal(a, b) for a, b in zip(clf.network_.parameters(),
                                                    same.network_.parameters()))
    assert repr(mr.MLPClassifier()) == "MLPClassifier()"


def test_activation_and_momentum_errors_name_the_argument():
    X, y = make_moons(40, noise=0.2, random_state=0)
    with pytest.raises(TypeError, match="activation must be one of"):
        mr.MLPClassifier(activation=["relu"], epochs=1).fit(X, y)
    with pytest.raises(TypeError, match="momentum must be a real number"):
        mr.MLPClassifier(optimizer="momentum", momentum="x", epochs=1).fit(X, y)


def test_fit_picks_minibatches_by_index_without_copying_the_data(monkeypatch):
    X, y = make_moons(200, noise=0.2, random_state=0)
    import minirelu.estimators as estimators
    seen = []
    real = estimators.train_step

    def spy(network, Xb, yb, optimizer, l1_reg=0.0):
        seen.append(Xb.shape[0])
        return real(network, Xb, yb, optimizer, l1_reg)
    monkeypatch.setattr(estimators, "train_step", spy)
    mr.MLPClassifier((4,), batch_size=64, epochs=2, random_state=0).fit(X, y)
    assert seen == [64, 64, 64, 8] * 2
    # a float64 array is used as it is: check_array returns the same memory
    from minirelu.validation import check_array
    assert np.shares_memory(check_array(X, dtype=np.float64), X)


def test_linear_models_fit_and_predict_with_blas_pinned(monkeypatch):
    import contextlib
    import minirelu.linear as linear
    entered = []

    @contextlib.contextmanager
    def recording(n_threads=1):
        entered.append(n_threads)
        yield
    monkeypatch.setattr(linear, "blas_threads", recording)
    X, y = make_linear(50, coef=(1.0, 2.0), noise=0.1, random_state=0)
    for model in (mr.LinearRegression(), mr.LinearRegression(solver="gd", learning_rate=0.01,
                                                             max_iter=20)):
        model.fit(X, y).predict(X)
    Xc, yc = make_moons(50, noise=0.2, random_state=0)
    mr.LogisticRegression(max_iter=20).fit(Xc, yc).predict_proba(Xc)
    assert entered == [1] * 6
