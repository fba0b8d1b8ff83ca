"""Networks trained elsewhere: scikit-learn, PyTorch state dicts, Keras weight lists and ONNX.

Each reader is checked against the framework's own predictions (scikit-learn's predict,
onnxruntime's run), or, for PyTorch and Keras (not installed), against a forward pass
written here in NumPy with each framework's own layout: x @ W.T + b for a PyTorch Linear,
x @ kernel + bias for a Keras Dense.
"""
import sys
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper
from skl2onnx import to_onnx
from skl2onnx.common.data_types import DoubleTensorType, FloatTensorType
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SkClassifier, MLPRegressor as SkRegressor

import minirelu as mr
from minirelu import interpret


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(12)
    X = rng.normal(size=(400, 4))
    y = X[:, 0] - X[:, 1] ** 2 + 0.5 * X[:, 2] * X[:, 3]
    return X, y


def _fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(X, y)


@pytest.fixture(scope="module")
def sk_reg(data):
    X, y = data
    return _fit(SkRegressor(hidden_layer_sizes=(16, 8), max_iter=300, random_state=0), X, y)


@pytest.fixture(scope="module")
def sk_clf(data):
    X, y = data
    return _fit(SkClassifier(hidden_layer_sizes=(16, 8), max_iter=300, random_state=0), X,
                np.where(y > 0, "yes", "no"))


def _relu(z):
    return np.maximum(z, 0)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _llm_max_difference(net, X, reference, output="identity"):
    """Largest difference between the LLMs' predictions (after the output activation) and ``reference``."""
    raw = interpret.local_linear_models(net, X).predict(X)
    return np.abs((_sigmoid(raw) if output == "sigmoid" else raw) - np.ravel(reference)).max()


# ---- scikit-learn ---------------------------------------------------------------------------
def test_sklearn_regressor_round_trip_and_llms(sk_reg, data):
    X, _ = data
    net = mr.MLP.from_sklearn(sk_reg)
    assert net.layer_sizes == (4, 16, 8, 1) and net.output_activation == "identity"
    assert net.dtype == np.float64
    assert np.abs(net.forward(X)[:, 0] - sk_reg.predict(X)).max() <= 1e-12
    assert _llm_max_difference(net, X, sk_reg.predict(X)) <= 1e-9


def test_sklearn_classifier_round_trip_and_llms(sk_clf, data):
    X, _ = data
    net = mr.MLP.from_sklearn(sk_clf)
    assert net.output_activation == "sigmoid" and net.layer_sizes[-1] == 1
    proba = sk_clf.predict_proba(X)[:, 1]
    assert np.abs(net.forward(X)[:, 0] - proba).max() <= 1e-12
    assert _llm_max_difference(net, X, proba, "sigmoid") <= 1e-9
    labels = sk_clf.classes_[(net.forward(X)[:, 0] > 0.5).astype(int)]
    assert np.array_equal(labels, sk_clf.predict(X))


def test_sklearn_float32_stays_float32_unless_asked(data):
    X, y = data
    X32 = X.astype(np.float32)
    est = _fit(SkRegressor(hidden_layer_sizes=(8,), max_iter=200, random_state=1), X32, y)
    assert est.coefs_[0].dtype == np.float32
    net = mr.MLP.from_sklearn(est)
    assert net.dtype == np.float32 and all(W.dtype == np.float32 for W in net.weights)
    assert np.array_equal(net.weights[0], est.coefs_[0].T)          # bit for bit
    assert np.abs(net.forward(X32)[:, 0] - est.predict(X32)).max() <= 1e-5
    net64 = mr.MLP.from_sklearn(est, dtype="float64")
    assert net64.dtype == np.float64 and net64.weights[0].dtype == np.float64
    assert np.array_equal(net64.weights[0], est.coefs_[0].T.astype(np.float64))


def test_sklearn_k_classes_and_their_estimator(data, tmp_path):
    X, y = data
    est = _fit(SkClassifier(hidden_layer_sizes=(8,), max_iter=200, random_state=0), X,
               np.array(["low", "mid", "high"])[np.digitize(y, [-1.0, 0.5])])
    net = mr.MLP.from_sklearn(est)
    assert net.output_activation == "softmax" and net.layer_sizes == (4, 8, 3)
    assert np.abs(net.forward(X) - est.predict_proba(X)).max() <= 1e-12
    model = mr.MLPClassifier.from_network(net, classes=est.classes_)
    assert np.array_equal(model.classes_, est.classes_)
    assert np.abs(model.predict_proba(X) - est.predict_proba(X)).max() <= 1e-12
    assert np.array_equal(model.predict(X), est.predict(X))
    assert model.score(X, est.predict(X)) == 1.0
    model.save(tmp_path / "imported.npz")
    loaded = mr.load(tmp_path / "imported.npz")
    assert np.array_equal(loaded.classes_, est.classes_)
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))
    logits = np.column_stack([                  # each class's logit through its own LLMs
        interpret.local_linear_models(interpret.class_network(model, label), X).predict(X)
        for label in est.classes_])
    assert np.abs(mr.activations.softmax(logits) - est.predict_proba(X)).max() <= 1e-9
    by_class = interpret.local_linear_models_by_class(model, X)
    assert by_class is not None
    with pytest.raises(ValueError, match="classes must be 3 different labels, one per class"):
        mr.MLPClassifier.from_network(net, classes=["a", "b"])


def test_sklearn_bad_input(sk_reg, data):
    with pytest.raises(ValueError, match="MLPRegressor is not fitted.*coefs_"):
        mr.MLP.from_sklearn(SkRegressor())
    with pytest.raises(TypeError, match="scikit-learn MLPClassifier or MLPRegressor, got dict"):
        mr.MLP.from_sklearn({})
    with pytest.raises(TypeError, match="minirelu MLPRegressor: its network is estimator.network_"):
        mr.MLP.from_sklearn(mr.MLPRegressor(epochs=1).fit(*data))
    X, y = data
    est = _fit(SkRegressor(hidden_layer_sizes=(8, 5), max_iter=20, random_state=0), X, y)
    est.coefs_[1] = est.coefs_[1].T
    with pytest.raises(ValueError, match=r"layer 1: coefs_\[1\] of shape \(5, 8\) takes 5 inputs.*looks "
                                         r"transposed"):
        mr.MLP.from_sklearn(est)
    est = _fit(SkRegressor(hidden_layer_sizes=(8,), max_iter=20, random_state=0), X, y)
    est.activation = "gelu"
    with pytest.raises(ValueError, match="estimator.activation: activation 'gelu'"):
        mr.MLP.from_sklearn(est)


# ---- a known network, written out in PyTorch's and Keras' layouts -------------------------------
@pytest.fixture(scope="module")
def known():
    """A 4-9-6-1 ReLU network with a sigmoid output, its weights as (out, in)."""
    rng = np.random.default_rng(3)
    Ws = [rng.normal(size=(9, 4)), rng.normal(size=(6, 9)) / 3, rng.normal(size=(1, 6)) / 2]
    bs = [rng.normal(size=9), rng.normal(size=6), rng.normal(size=1)]
    return Ws, bs


def _torch_forward(state_dict, X):
    """nn.Sequential(Linear, ReLU, Linear, ReLU, Linear, Sigmoid) as PyTorch computes it."""
    a = X
    for i in (0, 2, 4):
        a = a @ state_dict[f"{i}.weight"].T + state_dict[f"{i}.bias"]
        a = _relu(a) if i < 4 else _sigmoid(a)
    return a


def _keras_forward(weights, X):
    a = X
    for i in range(0, len(weights), 2):
        a = a @ weights[i] + weights[i + 1]
        a = _relu(a) if i < len(weights) - 2 else _sigmoid(a)
    return a


def test_state_dict_round_trip_and_llms(known, data):
    X, _ = data
    Ws, bs = known
    state = {f"{2 * l}.{leaf}": p for l, (W, b) in enumerate(zip(Ws, bs))
             for leaf, p in (("weight", W), ("bias", b))}
    net = mr.MLP.from_state_dict(state, output_activation="sigmoid")
    assert net.layer_sizes == (4, 9, 6, 1)
    reference = _torch_forward(state, X)
    assert np.abs(net.forward(X) - reference).max() <= 1e-12
    assert _llm_max_difference(net, X, reference, "sigmoid") <= 1e-9
    # float32 tensors stay float32; layers are ordered by their index, not by the key order
    shuffled = {k: state[k].astype(np.float32) for k in ["4.bias", "2.weight", "0.weight",
                                                         "4.weight", "0.bias", "2.bias"]}
    net32 = mr.MLP.from_state_dict(shuffled, output_activation="sigmoid")
    assert net32.dtype == np.float32 and net32.layer_sizes == (4, 9, 6, 1)
    X32 = X.astype(np.float32)
    assert np.abs(net32.forward(X32) - _torch_forward(shuffled, X32)).max() <= 1e-5


def test_keras_weights_round_trip_and_llms(known, data):
    X, _ = data
    Ws, bs = known
    weights = [p for W, b in zip(Ws, bs) for p in (W.T.copy(), b)]
    reference = _keras_forward(weights, X)
    net = mr.MLP.from_keras_weights(weights, "relu", "sigmoid")
    assert net.layer_sizes == (4, 9, 6, 1)
    assert np.abs(net.forward(X) - reference).max() <= 1e-12
    assert _llm_max_difference(net, X, reference, "sigmoid") <= 1e-9
    config = {"name": "sequential", "layers": [
        {"class_name": "InputLayer", "config": {"name": "input", "batch_shape": [None, 4]}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 9, "activation": "relu"}},
        {"class_name": "Dropout", "config": {"name": "dropout", "rate": 0.2}},
        {"class_name": "Dense", "config": {"name": "dense_1", "units": 6, "activation": "relu"}},
        {"class_name": "Dense", "config": {"name": "dense_2", "units": 1, "activation": "linear"}},
        {"class_name": "Activation", "config": {"name": "act", "activation": "sigmoid"}}]}
    from_config = mr.MLP.from_keras_weights([w.astype(np.float32) for w in weights], config=config)
    assert from_config.dtype == np.float32 and from_config.output_activation == "sigmoid"
    assert np.abs(from_config.forward(X) - reference).max() <= 1e-5


def test_state_dict_and_keras_bad_input(known):
    Ws, bs = known
    state = {"0.weight": Ws[0], "0.bias": bs[0], "2.weight": Ws[1].T, "2.bias": bs[1]}
    with pytest.raises(ValueError, match=r"layer 1: '2.weight' of shape \(9, 6\) takes 6 inputs.*looks "
                                         r"transposed \(PyTorch stores a weight as \(out, in\)\)"):
        mr.MLP.from_state_dict(state)
    with pytest.raises(ValueError, match=r"layer 1 \('2'\) has no bias.*no 2.bias"):
        mr.MLP.from_state_dict({"0.weight": Ws[0], "0.bias": bs[0], "2.weight": Ws[1]})
    with pytest.raises(ValueError, match="output_activation: activation 'swish' is not one"):
        mr.MLP.from_state_dict({"0.weight": Ws[0], "0.bias": bs[0]}, output_activation="swish")
    with pytest.raises(ValueError, match="'1.running_mean'.*only Linear layers"):
        mr.MLP.from_state_dict({"0.weight": Ws[0], "0.bias": bs[0], "1.running_mean": bs[0]})
    weights = [Ws[0].T, bs[0], Ws[1], bs[1]]            # the second kernel stored as (out, in)
    with pytest.raises(ValueError, match=r"layer 1: weights\[2\] of shape \(6, 9\).*looks transposed \(Keras"):
        mr.MLP.from_keras_weights(weights)
    with pytest.raises(ValueError, match=r"layer 0 \(weights\[0\]\) has no bias.*weights\[1\] has "
                                         r"shape \(9, 6\)"):
        mr.MLP.from_keras_weights([Ws[0].T, Ws[1].T, bs[1]])
    config = {"layers": [
        {"class_name": "Dense", "config": {"name": "dense", "units": 9, "activation": "relu"}},
        {"class_name": "Dense", "config": {"name": "dense_1", "units": 6, "activation": "gelu"}}]}
    with pytest.raises(ValueError, match=r"layer 1 \('dense_1'\): activation 'gelu' is not one"):
        mr.MLP.from_keras_weights([Ws[0].T, bs[0], Ws[1].T, bs[1]], config=config)


# ---- ONNX -------------------------------------------------------------------------------------
def _run(model, X):
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(None, {session.get_inputs()[0].name: X})))


@pytest.mark.parametrize("tensor_type, dtype, tol", [(FloatTensorType, np.float32, 1e-5),
                                                     (DoubleTensorType, np.float64, 1e-12)])
def test_skl2onnx_regressor_and_classifier(sk_reg, sk_clf, data, tensor_type, dtype, tol):
    X = data[0].astype(dtype)
    reg = to_onnx(sk_reg, initial_types=[("X", tensor_type([None, 4]))])
    clf = to_onnx(sk_clf, initial_types=[("X", tensor_type([None, 4]))],
                  options={id(sk_clf): {"zipmap": False}})
    assert "ArgMax" in [n.op_type for n in clf.graph.node]        # post-processing is present
    for model, output, column in ((reg, "variable", 0), (clf, "probabilities", 1)):
        net = mr.MLP.from_onnx(model)
        assert net.dtype == dtype and net.layer_sizes == (4, 16, 8, 1)
        reference = _run(model, X)[output][:, column]
        assert np.abs(net.forward(X)[:, 0] - reference).max() <= tol
        if dtype == np.float64:
            assert _llm_max_difference(net, X, reference, net.output_activation) <= 1e-9
    net64 = mr.MLP.from_onnx(clf.SerializeToString(), dtype="float64")     # from bytes
    assert net64.dtype == np.float64


def test_skl2onnx_k_classes(data):
    X, y = data
    est = _fit(SkClassifier(hidden_layer_sizes=(8,), max_iter=200, random_state=0), X,
               np.digitize(y, [-1.0, 0.5]))
    model = to_onnx(est, initial_types=[("X", FloatTensorType([None, 4]))],
                    options={id(est): {"zipmap": False}})
    net = mr.MLP.from_onnx(model)
    assert net.output_activation == "softmax" and net.dtype == np.float32
    X32 = X.astype(np.float32)
    assert np.abs(net.forward(X32) - _run(model, X32)["probabilities"]).max() <= 1e-5


def _hand_built(Ws, bs, elem):
    """x -> Flatten -> Gemm(transB=1) -> Relu -> Identity -> MatMul -> Add -> Relu -> MatMul + Add
    -> Sigmoid -> Unsqueeze -> Squeeze, the PyTorch and Keras styles of layer mixed."""
    np_type = np.float32 if elem == TensorProto.FLOAT else np.float64
    inits = [numpy_helper.from_array(Ws[0].astype(np_type), "W0"),      # (out, in): Gemm transB=1
             numpy_helper.from_array(bs[0].astype(np_type), "b0"),
             numpy_helper.from_array(Ws[1].T.astype(np_type), "K1"),   # (in, out): MatMul
             numpy_helper.from_array(Ws[2].T.astype(np_type), "K2"),
             numpy_helper.from_array(bs[2].reshape(1, -1).astype(np_type), "b2"),
             numpy_helper.from_array(np.array([1], np.int64), "axes")]
    nodes = [helper.make_node("Flatten", ["x"], ["f"], name="flatten"),
             helper.make_node("Gemm", ["f", "W0", "b0"], ["z0"], name="gemm0", transB=1),
             helper.make_node("Relu", ["z0"], ["a0"], name="relu0"),
             helper.make_node("Identity", ["a0"], ["a0i"], name="identity"),
             helper.make_node("MatMul", ["a0i", "K1"], ["m1"], name="matmul1"),
             helper.make_node("Constant", [], ["b1"], name="bias1",
                              value=numpy_helper.from_array(bs[1].astype(np_type))),
             helper.make_node("Add", ["b1", "m1"], ["z1"], name="add1"),
             helper.make_node("Relu", ["z1"], ["a1"], name="relu1"),
             helper.make_node("MatMul", ["a1", "K2"], ["m2"], name="matmul2"),
             helper.make_node("Add", ["m2", "b2"], ["z2"], name="add2"),
             helper.make_node("Sigmoid", ["z2"], ["p"], name="sigmoid"),
             helper.make_node("Unsqueeze", ["p", "axes"], ["pu"], name="unsqueeze"),
             helper.make_node("Squeeze", ["pu", "axes"], ["y"], name="squeeze")]
    graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("x", elem, [None, 4])],
                              [helper.make_tensor_value_info("y", elem, [None, 1])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model


@pytest.mark.parametrize("elem, dtype, tol", [(TensorProto.FLOAT, np.float32, 1e-5),
                                              (TensorProto.DOUBLE, np.float64, 1e-12)])
def test_hand_built_onnx(known, data, elem, dtype, tol, tmp_path):
    Ws, bs = known
    X = data[0].astype(dtype)
    model = _hand_built(Ws, bs, elem)
    path = tmp_path / "mlp.onnx"
    onnx.save(model, str(path))
    net = mr.MLP.from_onnx(path)                                    # from a file
    assert net.dtype == dtype and net.layer_sizes == (4, 9, 6, 1)
    assert net.output_activation == "sigmoid"
    reference = _run(model, X)["y"][:, 0]
    assert np.abs(net.forward(X)[:, 0] - reference).max() <= tol
    if dtype == np.float64:
        assert _llm_max_difference(net, X, reference, "sigmoid") <= 1e-9


def test_onnx_weights_transposed_in_the_graph_and_a_gemm_without_bias(known, data):
    """The layout of some PyTorch exports: Transpose(weight) -> MatMul, and Gemm(A, B) + Add."""
    Ws, bs = known
    X = data[0].astype(np.float32)
    inits = [numpy_helper.from_array(a.astype(np.float32), name) for a, name in
             ((Ws[0], "w0"), (bs[0], "b0"), (Ws[1], "w1"), (bs[1], "b1"), (Ws[2], "w2"),
              (bs[2], "b2"))]
    nodes = [helper.make_node("Transpose", ["w0"], ["w0t"], perm=[1, 0]),
             helper.make_node("MatMul", ["x", "w0t"], ["m0"]),
             helper.make_node("Add", ["m0", "b0"], ["z0"]),
             helper.make_node("Relu", ["z0"], ["a0"]),
             helper.make_node("Gemm", ["a0", "w1"], ["m1"], transB=1),
             helper.make_node("Add", ["m1", "b1"], ["z1"]),
             helper.make_node("Relu", ["z1"], ["a1"]),
             helper.make_node("Gemm", ["a1", "w2", "b2"], ["y"], transB=1, alpha=0.5, beta=2.0)]
    graph = helper.make_graph(nodes, "torch", [helper.make_tensor_value_info("x", 1, [None, 4])],
                              [helper.make_tensor_value_info("y", 1, [None, 1])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    net = mr.MLP.from_onnx(model)
    assert net.layer_sizes == (4, 9, 6, 1) and net.output_activation == "identity"
    assert np.abs(net.forward(X)[:, 0] - _run(model, X)["y"][:, 0]).max() <= 1e-5


def _replace(model, name, node):
    """``model`` with the node called ``name`` replaced by ``node``."""
    nodes = [node if n.name == name else n for n in model.graph.node]
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    return model


def test_onnx_bad_input(known, monkeypatch):
    Ws, bs = known
    leaky = _replace(_hand_built(Ws, bs, TensorProto.FLOAT), "relu1",
                     helper.make_node("LeakyRelu", ["z1"], ["a1"], name="leaky", alpha=0.1))
    with pytest.raises(ValueError, match=r"node 8 of 13 \(LeakyRelu 'leaky'\) is on the score "
                                         r"path.*not an operator minirelu reads"):
        mr.MLP.from_onnx(leaky)
    conv = _replace(_hand_built(Ws, bs, TensorProto.FLOAT), "flatten",
                    helper.make_node("Conv", ["x", "W0"], ["f"], name="conv"))
    with pytest.raises(ValueError, match=r"node 1 of 13 \(Conv 'conv'\) is on the score path"):
        mr.MLP.from_onnx(conv)
    transposed = _hand_built(Ws, bs, TensorProto.FLOAT)
    for init in transposed.graph.initializer:
        if init.name == "K1":
            init.CopyFrom(numpy_helper.from_array(Ws[1].astype(np.float32), "K1"))
    with pytest.raises(ValueError, match=r"layer 1: 'K1' of node 5 of 13 \(MatMul 'matmul1'\) of shape "
                                         r"\(6, 9\) takes 6 inputs.*looks transposed"):
        mr.MLP.from_onnx(transposed)
    label_cast = _replace(_hand_built(Ws, bs, TensorProto.FLOAT), "identity",
                          helper.make_node("Cast", ["a0"], ["a0i"], name="to_int", to=7))
    with pytest.raises(ValueError, match=r"node 4 of 13 \(Cast 'to_int'\) casts the score path to "
                                         r"INT64"):
        mr.MLP.from_onnx(label_cast)
    with pytest.raises(TypeError, match="path to an .onnx file"):
        mr.MLP.from_onnx(42)
    monkeypatch.setitem(sys.modules, "onnx", None)                 # as if it were not installed
    with pytest.raises(ImportError, match=r"needs the optional package 'onnx' \(pip install onnx\)"):
        mr.MLP.from_onnx(b"")


# ---- a fitted estimator around an imported network ---------------------------------------------
def _every_interpret_function(model, X, y, predict_fn):
    """Call every interpret function that takes a model (or its predict function) on ``model``."""
    x, bounds = X[0], (-3.0, 3.0, -3.0, 3.0)
    llms = interpret.local_linear_models(model, X, y)
    results = [
        interpret.activation_patterns(model, X), llms, interpret.llm_summary(model, X, y),
        interpret.feature_importance(model, X), interpret.llm_profile(model, X, 1),
        interpret.local_linear_fi(model, X, 0, y=y),
        interpret.merge_local_linear_models(model, X, y, max_groups=5),
        interpret.permutation_importance(model, X, y, n_repeats=2, random_state=0),
        interpret.input_gradient(model, X), interpret.average_marginal_effect(model, X, 2),
        interpret.partial_dependence(model, X, 3, grid=5), interpret.layer_gradient_norms(model, X, y),
        interpret.partition_features(model, x, (0, 1), bounds),
        interpret.partition_slice(model, x, np.eye(4)[0], np.eye(4)[1], bounds),
        interpret.lime_explanation(predict_fn, x, X, n_samples=500, random_state=0),
        interpret.shapley_values(predict_fn, x, X[:20]),
        interpret.l1_path(model, X, y, [0.0, 1e-3], validation_data=(X, y)),
    ]
    assert all(r is not None for r in results)
    return llms


def test_regressor_from_network_predicts_scores_saves_and_interprets(sk_reg, data, tmp_path):
    X, y = data
    model = mr.MLPRegressor.from_network(mr.MLP.from_sklearn(sk_reg), epochs=2)
    assert model.history_ == {} and model.n_epochs_ == 0 and model.n_features_in_ == 4
    assert model.hidden_layer_sizes == (16, 8) and model.activation == "relu"
    assert np.abs(model.predict(X) - sk_reg.predict(X)).max() <= 1e-12
    assert abs(model.score(X, y) - sk_reg.score(X, y)) <= 1e-12
    model.save(tmp_path / "imported.npz")
    loaded = mr.load(tmp_path / "imported.npz")
    assert type(loaded) is mr.MLPRegressor and loaded.history_ == {}
    assert np.array_equal(loaded.predict(X), model.predict(X))
    llms = _every_interpret_function(model, X, y, model.predict)
    assert np.abs(llms.predict(X) - sk_reg.predict(X)).max() <= 1e-9


def test_classifier_from_network_predicts_scores_saves_and_interprets(sk_clf, data, tmp_path):
    X, _ = data
    model = mr.MLPClassifier.from_network(mr.MLP.from_sklearn(sk_clf), classes=sk_clf.classes_,
                                          epochs=2)
    proba = sk_clf.predict_proba(X)
    labels = sk_clf.predict(X)                  # 'no' and 'yes'
    assert np.abs(model.predict_proba(X) - proba).max() <= 1e-12
    assert np.array_equal(model.predict(X), labels)
    flipped = labels[::-1]
    assert model.score(X, flipped) == sk_clf.score(X, flipped)
    model.save(tmp_path / "imported.npz")
    loaded = mr.load(tmp_path / "imported.npz")
    assert type(loaded) is mr.MLPClassifier and loaded.n_epochs_ == 0
    assert np.array_equal(loaded.classes_, sk_clf.classes_)
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))
    # the interpret tools, on the same network with the labels 0 and 1 (the default classes)
    model01 = mr.MLPClassifier.from_network(model.network_, epochs=2)
    llms = _every_interpret_function(model01, X, (labels == "yes").astype(int),
                                     model01.decision_function)
    assert np.abs(mr.activations.sigmoid(llms.predict(X)) - proba[:, 1]).max() <= 1e-9


def test_from_network_of_a_2d_float32_network_and_a_linear_one(known):
    Ws, bs = known
    state = {"0.weight": Ws[0][:, :2].astype(np.float32), "0.bias": bs[0].astype(np.float32),
             "2.weight": Ws[1][:1].astype(np.float32), "2.bias": bs[2].astype(np.float32)}
    model = mr.MLPClassifier.from_network(mr.MLP.from_state_dict(state, output_activation="sigmoid"))
    assert model.dtype == "float32" and model.network_.dtype == np.float32
    cells = interpret.partition_2d(model, bounds=(-2.0, 2.0, -2.0, 2.0))
    assert len(cells.polygons) > 1
    linear = mr.MLP.from_keras_weights([Ws[0].T, bs[0], Ws[1][:1].T, bs[2]], "linear", "linear")
    collapsed = interpret.collapse_linear(mr.MLPRegressor.from_network(linear))
    assert np.allclose(collapsed.coef, (Ws[1][:1] @ Ws[0]).ravel(), rtol=1e-12, atol=0)


def test_from_network_bad_input():
    sigmoid_net = mr.MLP((3, 4, 1), output_activation="sigmoid", random_state=0)
    with pytest.raises(ValueError, match=r"output_activation='sigmoid'; an MLPRegressor needs one "
                                         r"output with 'identity'"):
        mr.MLPRegressor.from_network(sigmoid_net)
    with pytest.raises(ValueError, match="network has 2 output"):
        mr.MLPRegressor.from_network(mr.MLP((3, 2), random_state=0))
    with pytest.raises(TypeError, match="network must be an MLP.*got MLPRegressor"):
        mr.MLPClassifier.from_network(mr.MLPRegressor())
    with pytest.raises(ValueError, match="hidden_layer_sizes: taken from the network"):
        mr.MLPClassifier.from_network(sigmoid_net, hidden_layer_sizes=(8,))
    with pytest.raises(ValueError, match="classes must be 2 different labels"):
        mr.MLPClassifier.from_network(sigmoid_net, classes=[1, 1])
    with pytest.raises(ValueError, match="learning_rate"):
        mr.MLPClassifier.from_network(sigmoid_net, learning_rate=-1.0)
