"""A walk over the public API with generated families of bad input.

Every family (NaN/inf, empty, wrong shapes and types, NumPy scalar types, truthy strings,
extreme magnitudes, tampered and corrupt model files) is crossed with every public entry
point that takes such an argument. Each case asserts either a clear error, a ValueError or
TypeError whose message names the argument, or a correct result. The dedicated tests of
the cases quoted in issue 16 live in test_model_files.py and test_edge_values.py.
"""
import json
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

import minirelu as mr
from minirelu import gradcheck, interpret, metrics, plotting
from minirelu.datasets import make_blobs, make_circles, make_linear, make_moons, make_xor

X, Y = make_moons(60, noise=0.1, random_state=0)
YR = X[:, 0] + 0.5 * X[:, 1]
CLF = mr.MLPClassifier((5, 3), epochs=2, random_state=0).fit(X, Y)
REG = mr.MLPRegressor((5,), epochs=2, random_state=0).fit(X, YR)
LIN = mr.LinearRegression().fit(X, YR)
LOGIT = mr.LogisticRegression().fit(X, Y)
NET = mr.MLP((2, 4, 1), output_activation="sigmoid", random_state=0)
SCALER = mr.StandardScaler().fit(X)
LLMS = interpret.local_linear_models(CLF, X, Y)
CELLS = interpret.partition_2d(CLF, (-2, 3, -2, 2))
X3, Y3 = make_blobs(60, centers=((-1, -1), (1, 1), (1, -1)), random_state=0)
K3 = mr.MLPClassifier((5,), epochs=2, random_state=0).fit(X3, Y3)       # three classes


@pytest.fixture(autouse=True)
def _quiet():
    """Overflow warnings are expected on extreme inputs; figures are closed after each case."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
    plt.close("all")


def _owned(owner, reason):
    """A case whose fix another engineer is landing: strict, so it fails once it passes."""
    return pytest.mark.xfail(strict=True, reason=f"owned by {owner}: {reason}")


CASES = []


def error_case(case_id, call, *names, error=(ValueError, TypeError), marks=()):
    """``call()`` must raise ``error`` with one of ``names`` in its message."""
    CASES.append(pytest.param(call, names, error, None, id=case_id, marks=marks))


def ok_case(case_id, call, check=lambda result: True, marks=()):
    """``call()`` must return, and ``check(result)`` hold."""
    CASES.append(pytest.param(call, None, None, check, id=case_id, marks=marks))


# ---- families of bad arrays ----------------------------------------------------------------
def _with(value):
    def bad(A):
        A = np.array(A, dtype=float)
        A.flat[min(3, A.size - 1)] = value
        return A
    return bad


BAD_2D = {
    "nan": _with(np.nan),
    "inf": _with(np.inf),
    "-inf": _with(-np.inf),
    "empty": lambda A: np.asarray(A)[:0],
    "1-D": lambda A: np.asarray(A)[:, 0],
    "3-D": lambda A: np.asarray(A)[None],
    "string": lambda A: "X.csv",
    "None": lambda A: None,
    "ragged": lambda A: [[1.0, 2.0], [3.0]],
    "complex": lambda A: np.asarray(A) + 1j,
    "text-array": lambda A: np.full(np.shape(A), "a"),
    "dict": lambda A: {"x": 1},
}
BAD_1D = {
    "nan": _with(np.nan),
    "inf": _with(np.inf),
    "empty": lambda a: np.asarray(a)[:0],
    "2-D": lambda a: np.column_stack([a, a]),
    "string": lambda a: "y.csv",
    "None": lambda a: None,
    "ragged": lambda a: [[1.0, 2.0], [3.0]],
    "complex": lambda a: np.asarray(a) + 1j,
    "short": lambda a: np.asarray(a)[:-1],
}

# (id, function of the bad array, names the message may use, good value, families skipped)
TARGETS_2D = [
    ("MLPClassifier.fit", lambda v: mr.MLPClassifier((3,), epochs=1).fit(v, Y), ("X",), X, ()),
    ("MLPRegressor.fit", lambda v: mr.MLPRegressor((3,), epochs=1).fit(v, YR), ("X",), X, ()),
    ("MLPClassifier.fit validation X_val",
     lambda v: mr.MLPClassifier((3,), epochs=1).fit(X, Y, validation_data=(v, Y)), ("X_val",), X,
     ()),
    ("LinearRegression.fit", lambda v: mr.LinearRegression().fit(v, YR), ("X",), X, ()),
    ("LinearRegression.fit gd", lambda v: mr.LinearRegression(solver="gd").fit(v, YR), ("X",), X,
     ()),
    ("LogisticRegression.fit", lambda v: mr.LogisticRegression().fit(v, Y), ("X",), X, ()),
    ("MLPClassifier.predict", CLF.predict, ("X",), X, ()),
    ("MLPClassifier.predict_proba", CLF.predict_proba, ("X",), X, ()),
    ("MLPClassifier.decision_function", CLF.decision_function, ("X",), X, ()),
    ("MLPClassifier.score", lambda v: CLF.score(v, Y), ("X",), X, ()),
    ("MLPRegressor.predict", REG.predict, ("X",), X, ()),
    ("MLPRegressor.score", lambda v: REG.score(v, YR), ("X",), X, ()),
    ("LinearRegression.predict", LIN.predict, ("X",), X, ()),
    ("LogisticRegression.predict_proba", LOGIT.predict_proba, ("X",), X, ()),
    ("StandardScaler.fit", lambda v: mr.StandardScaler().fit(v), ("X",), X, ()),
    ("MinMaxScaler.fit", lambda v: mr.MinMaxScaler().fit(v), ("X",), X, ()),
    ("StandardScaler.transform", SCALER.transform, ("X",), X, ()),
    ("MLP.forward", NET.forward, ("X",), X, ()),
    ("MLP.input_gradient", NET.input_gradient, ("X",), X, ()),
    ("MLP.loss_and_gradients", lambda v: NET.loss_and_gradients(v, Y), ("X",), X, ()),
    ("activation_patterns", lambda v: interpret.activation_patterns(CLF, v), ("X",), X, ()),
    ("local_linear_models", lambda v: interpret.local_linear_models(CLF, v), ("X",), X, ()),
    ("llm_summary", lambda v: interpret.llm_summary(CLF, v, Y), ("X",), X, ()),
    ("llm_summary X_new", lambda v: interpret.llm_summary(CLF, X, Y, X_new=v), ("X_new",), X,
     ("None",)),
    ("feature_importance", lambda v: interpret.feature_importance(CLF, v), ("X",), X, ()),
    ("llm_profile", lambda v: interpret.llm_profile(CLF, v, 0), ("X",), X, ()),
    ("local_linear_fi", lambda v: interpret.local_linear_fi(CLF, v, 0), ("X",), X, ()),
    ("LocalLinearModels.predict", LLMS.predict, ("X",), X, ()),
    ("LocalLinearModels.lookup", LLMS.lookup, ("X",), X, ()),
    ("Partition2D.locate", CELLS.locate, ("X",), X, ()),
    ("input_gradient", lambda v: interpret.input_gradient(CLF, v), ("X",), X, ()),
    ("average_marginal_effect", lambda v: interpret.average_marginal_effect(CLF, v, 0), ("X",),
     X, ()),
    ("partial_dependence", lambda v: interpret.partial_dependence(CLF, v, 0), ("X",), X, ()),
    ("lime_explanation X_train",
     lambda v: interpret.lime_explanation(CLF.decision_function, X[0], v, n_samples=50),
     ("X_train",), X, ()),
    ("shapley_values background",
     lambda v: interpret.shapley_values(CLF.decision_function, X[0], v), ("background",), X,
     ("1-D",)),                      # one row (d,) is a valid background of one
    ("plot_decision_boundary", lambda v: plotting.plot_decision_boundary(CLF, v, Y), ("X",), X,
     ()),
    ("K-class MLPClassifier.fit", lambda v: mr.MLPClassifier((3,), epochs=1).fit(v, Y3), ("X",),
     X3, ()),
    ("K-class MLPClassifier.predict", K3.predict, ("X",), X3, ()),
    ("K-class MLPClassifier.predict_proba", K3.predict_proba, ("X",), X3, ()),
    ("local_linear_models_by_class", lambda v: interpret.local_linear_models_by_class(K3, v),
     ("X",), X3, ()),
    ("merge_local_linear_models", lambda v: interpret.merge_local_linear_models(CLF, v), ("X",),
     X, ()),
    ("permutation_importance", lambda v: interpret.permutation_importance(CLF, v, Y), ("X",), X,
     ()),
]

TARGETS_1D = [
    ("MLPClassifier.fit y", lambda v: mr.MLPClassifier((3,), epochs=1).fit(X, v), ("y",), Y, ()),
    ("MLPRegressor.fit y", lambda v: mr.MLPRegressor((3,), epochs=1).fit(X, v), ("y",), YR, ()),
    ("LinearRegression.fit y", lambda v: mr.LinearRegression().fit(X, v), ("y",), YR, ()),
    ("LogisticRegression.fit y", lambda v: mr.LogisticRegression().fit(X, v), ("y",), Y, ()),
    ("MLPRegressor.score y", lambda v: REG.score(X, v), ("y",), YR, ()),
    ("accuracy_score y_true", lambda v: metrics.accuracy_score(v, Y), ("y_true",), Y, ()),
    ("accuracy_score y_pred", lambda v: metrics.accuracy_score(Y, v), ("y_pred",), Y, ()),
    ("mean_squared_error y_true", lambda v: metrics.mean_squared_error(v, YR), ("y_true",), YR,
     ()),
    ("mean_absolute_error y_pred", lambda v: metrics.mean_absolute_error(YR, v), ("y_pred",), YR,
     ()),
    ("r2_score y_true", lambda v: metrics.r2_score(v, YR), ("y_true",), YR, ()),
    ("r2_score y_pred", lambda v: metrics.r2_score(YR, v), ("y_pred",), YR, ()),
    ("confusion_matrix y_true", lambda v: metrics.confusion_matrix(v, Y), ("y_true",), Y, ()),
    ("precision_score y_pred", lambda v: metrics.precision_score(Y, v), ("y_pred",), Y, ()),
    ("roc_curve y_score", lambda v: metrics.roc_curve(Y, v), ("y_score",), YR, ()),
    ("roc_auc_score y_score", lambda v: metrics.roc_auc_score(Y, v), ("y_score",), YR, ()),
    ("roc_auc_score y_true", lambda v: metrics.roc_auc_score(v, YR), ("y_true",), Y, ()),
    ("auc x", lambda v: metrics.auc(v, np.arange(60.0)), ("x",), np.arange(60.0), ()),
    ("auc y", lambda v: metrics.auc(np.arange(60.0), v), ("y",), np.arange(60.0), ()),
    ("llm_summary y", lambda v: interpret.llm_summary(CLF, X, v), ("y",), Y, ()),
    ("lime_explanation x",
     lambda v: interpret.lime_explanation(CLF.decision_function, v, X, n_samples=50), ("x",),
     X[0], ("short", "2-D")),
    ("shapley_values x", lambda v: interpret.shapley_values(CLF.decision_function, v, X), ("x",),
     X[0], ("short", "2-D")),
    ("make_linear coef", lambda v: make_linear(10, coef=v), ("coef",), np.ones(3), ("short",)),
    ("effective_sample_size weights", lambda v: interpret.lime.effective_sample_size(v),
     ("weights",), np.ones(5), ("short",)),
]

for target, call, names, good, skipped in TARGETS_2D:
    for family, make_bad in BAD_2D.items():
        if family not in skipped:
            error_case(f"{target}-{family}", lambda call=call, m=make_bad, g=good: call(m(g)),
                       *names)
for target, call, names, good, skipped in TARGETS_1D:
    for family, make_bad in BAD_1D.items():
        if family not in skipped:
            error_case(f"{target}-{family}", lambda call=call, m=make_bad, g=good: call(m(g)),
                       *names, "inconsistent numbers of samples")

# fitted models given the wrong number of columns
for target, call, names, good, skipped in TARGETS_2D:
    if ".fit" not in target and "Scaler.fit" not in target and "X_train" not in target:
        error_case(f"{target}-3-columns", lambda call=call: call(np.ones((4, 3))), *names,
                   error=ValueError)

# ---- hyper-parameters ----------------------------------------------------------------------
BAD_PARAMS = {
    "hidden_layer_sizes": [(4, 0), (4, -1), (4, 2.5), "4", ("4",), np.nan, (True,), None],
    "activation": ["relu6", 5, None, ["relu"], "ReLU"],
    "optimizer": ["rmsprop", 5, None, ["adam"]],
    "learning_rate": [0, -1.0, np.nan, np.inf, "0.1", None, True],
    "batch_size": [0, -1, 2.5, "32", None, True, np.nan],
    "epochs": [0, -3, 2.5, "40", None, False],
    "l1_reg": [-1e-3, np.nan, np.inf, "0", None],
    "patience": [0, 1.5, "10"],
    "n_threads": [0, 1.5, "1"],
    "dtype": ["int32", "float16", 5, "banana"],
    "random_state": ["seed", 1.5, -1, True],
}
for cls in (mr.MLPClassifier, mr.MLPRegressor):
    y = Y if cls is mr.MLPClassifier else YR
    for param, values in BAD_PARAMS.items():
        for value in values:
            error_case(f"{cls.__name__}({param}={value!r})",
                       lambda cls=cls, y=y, p=param, v=value:
                       cls(**{"hidden_layer_sizes": (3,), "epochs": 1, p: v}).fit(X, y), param)
    for value in ("x", -0.1, 1.0, np.nan, None):
        error_case(f"{cls.__name__}(momentum={value!r})",
                   lambda cls=cls, y=y, v=value:
                   cls((3,), optimizer="momentum", momentum=v, epochs=1).fit(X, y), "momentum")
    for param in ("shuffle", "early_stopping", "verbose"):
        for value in ("no", "false", "yes", 2, None):
            error_case(f"{cls.__name__}({param}={value!r})",
                       lambda cls=cls, y=y, p=param, v=value:
                       cls(**{"hidden_layer_sizes": (3,), "epochs": 1, p: v}).fit(X, y), param)

for value in ("normal_equations", 5, None):
    error_case(f"LinearRegression(solver={value!r})",
               lambda v=value: mr.LinearRegression(solver=v).fit(X, YR), "solver")

# MLP constructor
for param, values in {"layer_sizes": [(3,), (2, 0, 1), (2, 2.5, 1), "2,3,1", 5],
                      "hidden_activation": ["softmax", 3, ["relu"]],
                      "output_activation": ["tanh", None, ["sigmoid"]],
                      "dtype": ["int8", "complex128"],
                      "random_state": ["0", -2]}.items():
    for value in values:
        kwargs = {"layer_sizes": (2, 3, 1), param: value}
        error_case(f"MLP({param}={value!r})", lambda k=kwargs: mr.MLP(**k), param)

# ---- NumPy scalar types are numbers like any other ---------------------------------------
NUMPY_SETTINGS = {
    "batch_size": np.int64(16), "epochs": np.int32(2), "learning_rate": np.float32(0.01),
    "l1_reg": np.float64(1e-4), "hidden_layer_sizes": (np.int64(4), np.int64(3)),
    "random_state": np.int64(0), "patience": np.int16(3), "n_threads": np.int8(1),
    "momentum": np.float64(0.8), "shuffle": np.bool_(True), "early_stopping": np.bool_(False),
}
for cls in (mr.MLPClassifier, mr.MLPRegressor):
    y = Y if cls is mr.MLPClassifier else YR
    for param, value in NUMPY_SETTINGS.items():
        def fit_save_load(cls=cls, y=y, p=param, v=value, tmp=[]):
            import tempfile, os
            model = cls(**{"hidden_layer_sizes": (3,), "epochs": 2, "random_state": 0, p: v})
            model.fit(X, y)
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "m.npz")
                model.save(path)
                back = mr.load(path)
            return model, back, p, v

        kind = "int64" if param == "hidden_layer_sizes" else type(value).__name__
        ok_case(f"{cls.__name__}({param}=np.{kind}) fits, saves, loads",
                fit_save_load,
                lambda r: (np.array_equal(r[1].predict(X), r[0].predict(X))
                           and np.all(np.asarray(r[1].get_params()[r[2]]) == np.asarray(r[3]))))
    ok_case(f"repr {cls.__name__}(hidden_layer_sizes=np.array)",
            lambda cls=cls: repr(cls(hidden_layer_sizes=np.array([4, 3]))),
            lambda text: "4, 3" in text or "[4 3]" in text)

for name, call, check in [
    ("make_moons(n_samples=np.int64)", lambda: make_moons(np.int64(20), random_state=0),
     lambda r: r[0].shape == (20, 2)),
    ("make_xor(noise=np.float32)", lambda: make_xor(20, noise=np.float32(0.1), random_state=0),
     lambda r: r[0].shape == (20, 2)),
    ("make_circles(factor=np.float64)", lambda: make_circles(20, factor=np.float64(0.3)),
     lambda r: r[0].shape == (20, 2)),
    ("make_linear(intercept=np.float32)", lambda: make_linear(5, intercept=np.float32(2.0)),
     lambda r: np.isfinite(r[1]).all()),
    ("train_test_split(test_size=np.float64)",
     lambda: mr.train_test_split(X, Y, test_size=np.float64(0.25), random_state=np.int64(1)),
     lambda r: len(r[1]) == 15),
    ("partition_2d(bounds=np.float64)",
     lambda: interpret.partition_2d(CLF, tuple(np.float64(b) for b in (-1, 1, -1, 1))),
     lambda r: r.areas.sum() == pytest.approx(4.0)),
    ("llm_profile(feature=np.int64)", lambda: interpret.llm_profile(CLF, X, np.int64(1)),
     lambda r: True),
    ("lime_explanation(n_samples=np.int64)",
     lambda: interpret.lime_explanation(CLF.decision_function, X[0], X, n_samples=np.int64(40),
                                        random_state=np.int64(0)),
     lambda r: np.isfinite(r.coef).all()),
    ("MLP(layer_sizes=np.array)", lambda: mr.MLP(np.array([2, 3, 1]), random_state=0),
     lambda net: net.layer_sizes == (2, 3, 1)),
]:
    ok_case(name, call, check)

# ---- scalars of the other public functions ---------------------------------------------------
SCALAR_CASES = [
    ("make_moons", lambda v: make_moons(v), "n_samples", [0, 1, -5, 2.5, "100", None, True]),
    ("make_xor", lambda v: make_xor(v), "n_samples", [0, 2.5, "100", None]),
    ("make_circles", lambda v: make_circles(v), "n_samples", [1, 2.5, "100"]),
    ("make_blobs", lambda v: make_blobs(v), "n_samples", [1, 2.5, "100"]),
    ("make_linear", lambda v: make_linear(v), "n_samples", [0, 2.5, "100"]),
    ("make_moons noise", lambda v: make_moons(20, noise=v), "noise", [-0.1, np.nan, "0.1", None]),
    ("make_xor noise", lambda v: make_xor(20, noise=v), "noise", [-1, np.inf, "0"]),
    ("make_circles factor", lambda v: make_circles(20, factor=v), "factor",
     [0, 1, 1.5, np.nan, "0.5", None]),
    ("make_blobs scale", lambda v: make_blobs(20, scale=v), "scale", [-1, np.nan, "1"]),
    ("make_linear intercept", lambda v: make_linear(20, intercept=v), "intercept",
     [np.nan, np.inf, "1", None]),
    ("make_linear noise", lambda v: make_linear(20, noise=v), "noise", [-1, np.nan]),
    ("make_moons random_state", lambda v: make_moons(20, random_state=v), "random_state",
     ["0", 1.5, -1]),
    ("train_test_split test_size", lambda v: mr.train_test_split(X, Y, test_size=v), "test_size",
     ["0.2", np.nan, None, 0, 1, 1.5, -0.2, True]),
    ("train_test_split random_state",
     lambda v: mr.train_test_split(X, Y, random_state=v), "random_state", ["1", 2.5]),
    ("llm_profile feature", lambda v: interpret.llm_profile(CLF, X, v), "feature",
     [2, -3, 1.5, "x9", None]),
    ("local_linear_fi index", lambda v: interpret.local_linear_fi(CLF, X, v), "index",
     [60, -61, 1.5, "0", None]),
    ("average_marginal_effect feature",
     lambda v: interpret.average_marginal_effect(CLF, X, v), "feature", [2, -3, 1.5, "a", None]),
    ("partial_dependence feature", lambda v: interpret.partial_dependence(CLF, X, v), "feature",
     [2, 1.5, "a", None]),
    ("partial_dependence grid", lambda v: interpret.partial_dependence(CLF, X, 0, grid=v), "grid",
     [0, -1, 2.5, "20", np.array([0.0, np.nan])]),
    ("input_gradient scale", lambda v: interpret.input_gradient(CLF, X, scale=v), "scale",
     ["odds", 5, ["logit"]]),
    ("partition_2d bounds", lambda v: interpret.partition_2d(CLF, v), "bounds",
     [(0, 1, 0), (1, 0, 0, 1), (0, 1, 1, 1), (0, np.nan, 0, 1), (0, np.inf, 0, 1), "0,1,0,1",
      None, (-1e155, 1e155, -1, 1), (-1e300, 1e300, -1e300, 1e300), (0, 1e-150, 0, 1e-150),
      (0, True, 0, 1)]),
    ("partition_slice bounds",
     lambda v: interpret.partition_slice(CLF, X[0], [1, 0], [0, 1], v), "bounds",
     [(1, 0, 0, 1), (0, np.nan, 0, 1), "0,1,0,1", (-1e155, 1e155, -1, 1)]),
    ("partition_features bounds",
     lambda v: interpret.partition_features(CLF, X[0], (0, 1), v), "bounds",
     [(1, 0, 0, 1), (0, np.inf, 0, 1), None, (0, 1e-150, 0, 1e-150)]),
    ("class_network class_", lambda v: interpret.class_network(K3, v), "class_",
     [5, "a", None, 1.5]),
    ("permutation_importance n_repeats",
     lambda v: interpret.permutation_importance(CLF, X, Y, n_repeats=v), "n_repeats",
     [0, 1.5, "5"]),
    ("merge_local_linear_models max_groups",
     lambda v: interpret.merge_local_linear_models(CLF, X, max_groups=v), "max_groups",
     [0, 1.5, "5", -1]),
    ("partition_2d output", lambda v: interpret.partition_2d(CLF, (-1, 1, -1, 1), output=v),
     "output", [1, -1, 0.5, "0"]),
    ("lime kernel_width",
     lambda v: interpret.lime_explanation(CLF.decision_function, X[0], X, n_samples=50,
                                          kernel_width=v), "kernel_width",
     [0, -1, np.nan, np.inf, "1", 1e-300, 1e300]),
    ("lime sample_width",
     lambda v: interpret.lime_explanation(CLF.decision_function, X[0], X, n_samples=50,
                                          sample_width=v), "sample_width",
     [0, -1, np.nan, "1", 1e-300, 1e300]),
    ("lime n_samples",
     lambda v: interpret.lime_explanation(CLF.decision_function, X[0], X, n_samples=v),
     "n_samples", [0, 1, 2.5, "50"]),
    ("lime alpha",
     lambda v: interpret.lime_explanation(CLF.decision_function, X[0], X, n_samples=50, alpha=v),
     "alpha", [-1, np.nan, "0"]),
    ("lime predict_fn", lambda v: interpret.lime_explanation(v, X[0], X, n_samples=50),
     "predict_fn", [5, None, "f"]),
    ("shapley predict_fn", lambda v: interpret.shapley_values(v, X[0], X), "predict_fn",
     [5, None]),
    ("plot_decision_boundary resolution",
     lambda v: plotting.plot_decision_boundary(CLF, X, Y, resolution=v), "resolution",
     [0, 1, -5, 2.5, "300", None]),
    ("plot_decision_boundary margin",
     lambda v: plotting.plot_decision_boundary(CLF, X, Y, margin=v), "margin",
     [-1, np.nan, "0.5"]),
    ("roc_curve drop_intermediate",
     lambda v: metrics.roc_curve(Y, YR, drop_intermediate=v), "drop_intermediate",
     ["no", 1, None]),
    ("MLP.input_gradient output", lambda v: NET.input_gradient(X, output=v), "output",
     [1, -1, 0.5]),
    ("MLP.loss_and_gradients l1_reg", lambda v: NET.loss_and_gradients(X, Y, l1_reg=v),
     "l1_reg", [-1, np.nan, "0"]),
]
for target, call, name, values in SCALAR_CASES:
    for value in values:
        error_case(f"{target}={value!r}", lambda call=call, v=value: call(v), name)

# models given to interpretation and plotting that are not models or results
for target, call, name in [
    ("local_linear_models", lambda v: interpret.local_linear_models(v, X), "model"),
    ("activation_patterns", lambda v: interpret.activation_patterns(v, X), "model"),
    ("partition_2d", lambda v: interpret.partition_2d(v, (-1, 1, -1, 1)), "model"),
    ("input_gradient", lambda v: interpret.input_gradient(v, X), "model"),
    ("plot_partition", lambda v: plotting.plot_partition(v), "cells"),
    ("plot_shapley", lambda v: plotting.plot_shapley(v), "result"),
    ("plot_llm_summary", lambda v: plotting.plot_llm_summary(v), "summary"),
    ("plot_lime_coefficients", lambda v: plotting.plot_lime_coefficients(v), "result"),
    ("plot_input_gradients", lambda v: plotting.plot_input_gradients(v), "result"),
    ("plot_classification_rates", lambda v: plotting.plot_classification_rates(v), "rates"),
    ("plot_learning_curves", lambda v: plotting.plot_learning_curves(v), "history"),
]:
    for value in (5, "model", None, mr.MLPClassifier()):
        error_case(f"{target}({value!r})", lambda call=call, v=value: call(v), name,
                   "not fitted")

# ---- extreme magnitudes: the right answer, or a clear error --------------------------------
for scale in (1e300, -1e300, 1e-300, 1e150, 2.0 ** 1020):
    ok_case(f"r2_score x {scale:g}", lambda s=scale: metrics.r2_score(YR * s, X[:, 0] * s),
            lambda r: r == pytest.approx(metrics.r2_score(YR, X[:, 0]), rel=1e-12))
    ok_case(f"mean_absolute_error x {scale:g}",
            lambda s=scale: metrics.mean_absolute_error(YR * s, X[:, 0] * s) / s,
            lambda r: abs(r) == pytest.approx(metrics.mean_absolute_error(YR, X[:, 0]), rel=1e-12))
    ok_case(f"roc_auc_score x {scale:g}", lambda s=scale: metrics.roc_auc_score(Y, YR * s),
            lambda r, s=scale: r == pytest.approx(metrics.roc_auc_score(Y, YR * np.sign(s))))
ok_case("MLPClassifier.predict on 1e300: huge finite logits still decide",
        lambda: CLF.predict(np.array([[1e300, -1e300], [1e300, 1e300]])),
        lambda labels: set(labels.tolist()) <= {0, 1})
for value in (1e308, -1e308):
    error_case(f"K-class MLPClassifier.predict on {value:g}",
               lambda v=value: K3.predict(np.array([[v, -v], [v, v]])), "X")
    error_case(f"MLPClassifier.predict on {value:g}",
               lambda v=value: CLF.predict(np.array([[v, -v], [v, v]])), "X")
    error_case(f"MLPClassifier.predict_proba on {value:g}",
               lambda v=value: CLF.predict_proba(np.array([[v, -v], [v, v]])), "X")
for value in (1e300, 1e308):
    ok_case(f"StandardScaler on ±{value:g}",
            lambda v=value: mr.StandardScaler().fit_transform(np.array([[v], [-v], [v], [-v]])),
            lambda Z: np.allclose(Z[:, 0], [1, -1, 1, -1]))
ok_case("MinMaxScaler on ±1e300",
        lambda: mr.MinMaxScaler().fit_transform(np.array([[1e300], [-1e300], [0.0]])),
        lambda Z: np.allclose(Z[:, 0], [1, 0, 0.5]))
ok_case("MinMaxScaler on ±1e308",
        lambda: mr.MinMaxScaler().fit_transform(np.array([[1e308], [-1e308], [0.0]])),
        lambda Z: np.allclose(Z[:, 0], [1, 0, 0.5]))
ok_case("partition_2d on ±1e150", lambda: interpret.partition_2d(CLF, (-1e150, 1e150, -1, 1)),
        lambda cells: cells.areas.sum() == pytest.approx(4e150))
ok_case("make_linear with 1e150 coefficients", lambda: make_linear(5, coef=(1e150,)),
        lambda r: np.isfinite(r[1]).all())


# ---- model files -------------------------------------------------------------------------
def _saved_file(tmp_path):
    path = tmp_path / "model.npz"
    CLF.save(path)
    return path


def _bytes_case(case_id, make_bytes, words=None):
    def call(tmp_path):
        raw = _saved_file(tmp_path).read_bytes()
        path = tmp_path / "broken.npz"
        path.write_bytes(make_bytes(raw))
        return mr.load(path)
    FILE_CASES.append(pytest.param(call, words, id=case_id))


def _header_case(case_id, change, words=None):
    def call(tmp_path):
        with np.load(_saved_file(tmp_path)) as f:
            arrays = {k: f[k] for k in f.files}
        header = json.loads(str(arrays["header"]))
        new = change(header, arrays)
        arrays["header"] = np.array(json.dumps(header if new is None else new))
        path = tmp_path / "tampered.npz"
        np.savez(path, **arrays)
        return mr.load(path)
    FILE_CASES.append(pytest.param(call, words, id=case_id))


FILE_CASES = []
for size in (1, 3, 8, 100, 4096):
    _bytes_case(f"{size} zero bytes", lambda raw, n=size: bytes(n))
    _bytes_case(f"{size} random bytes", lambda raw, n=size: np.random.default_rng(n).bytes(n))
_bytes_case("empty", lambda raw: b"")
_bytes_case("text", lambda raw: b"W0 = [[1, 2], [3, 4]]\n")
_bytes_case("json", lambda raw: json.dumps({"format": "minirelu-model"}).encode())
_bytes_case("npy renamed npz", lambda raw: b"\x93NUMPY\x01\x00" + bytes(120))
for fraction in (0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
    _bytes_case(f"truncated to {fraction:.0%}", lambda raw, f=fraction: raw[:int(len(raw) * f)])
for cut in (1, 3, 22):
    _bytes_case(f"last {cut} bytes cut", lambda raw, c=cut: raw[:-c])
_bytes_case("one byte flipped in the middle",
            lambda raw: raw[:len(raw) // 2] + bytes([raw[len(raw) // 2] ^ 0xFF]) +
            raw[len(raw) // 2 + 1:])
for version in (99, 2, 0, -1, "1", 1.0, None, True, [1]):
    _header_case(f"version={version!r}", lambda h, a, v=version: h.update(version=v), "version")
for dtype in ("int64", "float16", "int32", "complex128", "object", "", None, 64):
    _header_case(f"dtype={dtype!r}", lambda h, a, d=dtype: h.update(dtype=d), "dtype")
for kind in ("MLPRegressor", "RandomForest", "", None, 3):
    _header_case(f"kind={kind!r}", lambda h, a, k=kind: h.update(kind=k), "kind")
for sizes in ([2, 5, 3], [2, 5, 3, 1, 1], [2, 5, 4, 1], [3, 5, 3, 1], [2], [], "2 5 3 1",
              [2, 5.0, 3, 1], None):
    _header_case(f"layer_sizes={sizes!r}", lambda h, a, s=sizes: h.update(layer_sizes=s),
                 "layer_sizes", )
for key in ("format", "version", "kind", "layer_sizes", "hidden_activation",
            "output_activation", "dtype", "params", "history", "n_epochs"):
    _header_case(f"no {key}", lambda h, a, k=key: h.pop(k) and None, key)
for array in ("W0", "W1", "b1", "W2", "b2"):
    _header_case(f"no {array}", lambda h, a, k=array: a.pop(k) is None or None, array)
_header_case("header a JSON list", lambda h, a: [h], "header")
_header_case("header a JSON string", lambda h, a: "minirelu-model", "header")
_header_case("header a JSON number", lambda h, a: 1, "header")
_header_case("hidden_activation=gelu", lambda h, a: h.update(hidden_activation="gelu"),
             "hidden_activation")
_header_case("output_activation=softmax!", lambda h, a: h.update(output_activation="softmax!"),
             "output_activation")
_header_case("params activation disagrees", lambda h, a: h["params"].update(activation="tanh"),
             "activation")
_header_case("params hidden sizes disagree",
             lambda h, a: h["params"].update(hidden_layer_sizes=[5, 4]), "hidden_layer_sizes")
_header_case("W0 as integers", lambda h, a: a.update(W0=a["W0"].astype(np.int64)), "W0")
_header_case("b0 as float32", lambda h, a: a.update(b0=a["b0"].astype(np.float32)), "b0")
_header_case("W1 transposed", lambda h, a: a.update(W1=a["W1"].T.copy()), "W1")
_header_case("W0 with NaN", lambda h, a: a.update(W0=np.full_like(a["W0"], np.nan)), "W0")
_header_case("an extra array", lambda h, a: a.update(W7=np.zeros(2)), "W7")


def _names(message, name):
    """Whether ``message`` has ``name`` as a word of its own ('y' in 'y has 3', not in 'array')."""
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) is not None


def test_names_matches_whole_words_only():
    assert _names("y contains NaN", "y") and _names("got y_val", "y_val")
    assert not _names("must be array-like", "y") and not _names("X_val is empty", "X")


@pytest.mark.parametrize("call, names, error, check", CASES)
def test_public_api_walk(call, names, error, check):
    if names is None:
        assert check(call())
        return
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert any(_names(message, name) for name in names), f"message does not name {names}: {message}"


@pytest.mark.parametrize("call, words", FILE_CASES)
def test_model_file_walk(tmp_path, call, words):
    with pytest.raises(mr.ModelFileError) as info:
        call(tmp_path)
    message = str(info.value)
    assert "broken.npz" in message or "tampered.npz" in message, message
    assert "pickle" not in message, message           # no pickled objects in any of these
    if words is not None:
        assert words in message, message


def test_the_walk_is_large():
    assert len(CASES) + len(FILE_CASES) >= 300
