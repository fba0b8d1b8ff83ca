"""Networks trained elsewhere: scikit-learn, PyTorch, Keras and ONNX, read into an MLP exactly.

Every framework stores the same numbers, z_l = W_l a_{l-1} + b_l, in its own layout:

===================  ====================================  =========================
source               weight of layer l                     in minirelu (n_out, n_in)
===================  ====================================  =========================
scikit-learn         ``coefs_[l]`` (n_in, n_out)            ``coefs_[l].T``
PyTorch state dict   ``"<i>.weight"`` (n_out, n_in)         as it is
Keras weights        ``get_weights()[2 l]`` (n_in, n_out)   its transpose
ONNX ``MatMul``      second input (n_in, n_out)            its transpose
ONNX ``Gemm``        B, (n_out, n_in) when ``transB=1``     as it is (times ``alpha``)
===================  ====================================  =========================

The readers copy and transpose, nothing else: no arithmetic touches a weight (bar an
ONNX ``Gemm`` with ``alpha`` or ``beta`` other than 1), so the imported network computes
what the original computes, to rounding. Float32 weights stay float32 unless ``dtype`` asks
for float64 (every float32 number is a float64 number, so that conversion is exact too).
Shapes are checked layer against layer, and an error names the layer (and, for ONNX, the
node and its position in the graph).

These functions are the bodies of ``MLP.from_sklearn``, ``MLP.from_state_dict``,
``MLP.from_keras_weights`` and ``MLP.from_onnx``; their first argument is the class to
build. Nothing here imports scikit-learn, PyTorch or Keras: an estimator is read through
its attributes, tensors through ``np.asarray``. The ONNX reader is in
:mod:`minirelu.foreign_onnx`, which imports ``onnx`` inside its one function.

Used in lessons/09_local_linear_models.ipynb ("A network trained elsewhere").
"""
import os

import numpy as np

from .validation import check_dtype

__all__ = ["from_sklearn", "from_state_dict", "from_keras_weights", "build"]

HIDDEN = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "logistic": "sigmoid",
          "identity": "identity", "linear": "identity", None: "identity"}
OUTPUT = {"identity": "identity", "linear": "identity", None: "identity",
          "sigmoid": "sigmoid", "logistic": "sigmoid", "softmax": "softmax"}


def _names(table):
    return ", ".join(repr(k) for k in table if k is not None)


def _activation(name, table, where):
    """minirelu's name for an activation called ``name`` by the source; ``where`` names the layer."""
    if not (name is None or isinstance(name, str)) or name not in table:
        kind = "a hidden" if table is HIDDEN else "an output"
        raise ValueError(f"{where}: activation {name!r} is not one minirelu has; {kind} "
                         f"activation is one of {_names(table)}")
    return table[name]


def _array(value, name):
    try:
        arr = np.asarray(value)
    except Exception as exc:              # e.g. a tensor on a GPU, or one that requires grad
        raise TypeError(f"{name} cannot be read as an array ({exc}); pass it on the CPU, "
                        f"detached (tensor.detach().cpu())") from None
    if arr.dtype.kind not in "fiu":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {arr.dtype}")
    return arr


def build(cls, layers, hidden, output, dtype, layout):
    """The MLP of ``layers``, checked.

    Parameters
    ----------
    cls : the MLP class to build.
    layers : list of (W (n_out, n_in), b (n_out,), weight name, bias name, stored shape): names
        as the source calls them and the shape it stores the weight in, used in every error.
    hidden, output : minirelu activation names.
    dtype : None (float32 if every array is float32, else float64), 'float32' or 'float64'.
    layout : how the source stores a weight, e.g. "PyTorch stores a weight as (out, in)";
        said when a weight looks transposed.
    """
    if not layers:
        raise ValueError("the network has no layers: at least one weight matrix is needed")
    if dtype is None:
        every32 = all(a.dtype == np.float32 for W, b, *_ in layers for a in (W, b))
        dtype = np.float32 if every32 else np.float64
    dtype = check_dtype(dtype)
    Ws, bs = [], []
    for l, (W, b, w_name, b_name, shape) in enumerate(layers):
        where = f"layer {l} ({w_name})"
        if W.ndim != 2:
            raise ValueError(f"{where}: a dense layer's weight is 2-D, got {W.ndim}-D "
                             f"(convolutions and other layers are not read)")
        stored = f"{w_name} of shape {tuple(shape)}"
        hint = f"; it looks transposed ({layout})"
        if l > 0 and W.shape[1] != Ws[-1].shape[0]:
            fits = W.shape[0] == Ws[-1].shape[0] and W.shape[1] == b.size
            raise ValueError(f"layer {l}: {stored} takes {W.shape[1]} inputs, but layer {l - 1} "
                             f"({layers[l - 1][2]}) gives {Ws[-1].shape[0]} outputs"
                             + (hint if fits else ""))
        if b.ndim != 1:
            raise ValueError(f"layer {l} ({b_name}): a bias is 1-D, got shape {b.shape}")
        if b.shape[0] != W.shape[0]:
            fits = W.shape[1] == b.shape[0] and (l == 0 or W.shape[0] == Ws[-1].shape[0])
            raise ValueError(f"layer {l}: {b_name} has {b.shape[0]} entries but {stored} gives "
                             f"{W.shape[0]} outputs" + (hint if fits else ""))
        for arr, name in ((W, w_name), (b, b_name)):
            if not np.isfinite(arr).all():
                raise ValueError(f"layer {l}: {name} contains NaN or infinite values")
        Ws.append(np.array(W, dtype=dtype, order="C"))
        bs.append(np.array(b, dtype=dtype))
    if output == "softmax" and Ws[-1].shape[0] < 2:
        raise ValueError(f"layer {len(Ws) - 1} ({layers[-1][2]}) ends in a softmax over "
                         f"{Ws[-1].shape[0]} output; a softmax needs one output per class, at "
                         f"least 2")
    net = cls([Ws[0].shape[1]] + [W.shape[0] for W in Ws], hidden, output, random_state=0,
              dtype=dtype)
    net.weights, net.biases = Ws, bs
    return net


# ---- scikit-learn --------------------------------------------------------------------------
def from_sklearn(cls, estimator, *, dtype=None):
    """The network of a fitted scikit-learn ``MLPClassifier`` or ``MLPRegressor``.

    Parameters
    ----------
    estimator : fitted ``sklearn.neural_network.MLPClassifier`` or ``MLPRegressor``. Its
        ``coefs_[l]`` (n_in, n_out) become ``weights[l]`` (n_out, n_in), ``intercepts_[l]``
        the biases; ``activation`` the hidden activation ('logistic' is 'sigmoid'), and
        ``out_activation_`` the output: 'identity', 'logistic' (a binary classifier's single
        sigmoid unit) or 'softmax' (K classes).
    dtype : None (keep the estimator's: float32 when it was fitted on float32), 'float32'
        or 'float64'.

    Returns
    -------
    MLP whose ``forward(X)`` is the estimator's ``predict`` (regressor, shape (n, 1)),
    ``predict_proba(X)[:, 1:]`` (binary classifier) or ``predict_proba(X)`` (K classes).
    A classifier's labels are ``estimator.classes_``: pass them to
    ``MLPClassifier.from_network``.
    """
    kind = type(estimator).__name__
    if hasattr(estimator, "network_") or type(estimator).__module__.startswith("minirelu"):
        raise TypeError(f"estimator is a minirelu {kind}: its network is estimator.network_")
    if not hasattr(estimator, "hidden_layer_sizes") or not hasattr(estimator, "activation"):
        raise TypeError(f"estimator must be a fitted scikit-learn MLPClassifier or MLPRegressor, "
                        f"got {kind}")
    if getattr(estimator, "coefs_", None) is None:
        raise ValueError(f"estimator: this {kind} is not fitted (it has no coefs_); call "
                         f"fit(X, y) before reading it")
    coefs, intercepts = list(estimator.coefs_), list(estimator.intercepts_)
    if len(coefs) != len(intercepts):
        raise ValueError(f"estimator has {len(coefs)} coefs_ but {len(intercepts)} intercepts_")
    hidden = _activation(estimator.activation, HIDDEN, "estimator.activation")
    out = getattr(estimator, "out_activation_", None)
    if out == "exp":
        raise ValueError("estimator.out_activation_ is 'exp' (a Poisson regressor); minirelu's "
                         "outputs are identity, sigmoid and softmax")
    output = _activation(out, OUTPUT, "estimator.out_activation_")
    layers = [(_array(C, f"coefs_[{l}]").T, _array(c, f"intercepts_[{l}]"),
               f"coefs_[{l}]", f"intercepts_[{l}]", np.shape(C))
              for l, (C, c) in enumerate(zip(coefs, intercepts))]
    return build(cls, layers, hidden, output, dtype,
                 "scikit-learn stores coefs_[l] as (n_in, n_out)")


# ---- PyTorch ---------------------------------------------------------------------------------
def from_state_dict(cls, state_dict, hidden_activation="relu", output_activation="identity", *,
                    dtype=None):
    """The network of a PyTorch ``nn.Sequential`` of ``Linear`` layers, from its state dict.

    Parameters
    ----------
    state_dict : mapping of ``"<layer>.weight"`` (n_out, n_in) and ``"<layer>.bias"`` (n_out,)
        to array-likes (tensors are read with ``np.asarray``; move them to the CPU first).
        Layers are taken in the mapping's order (a state dict's order is the order of the
        modules), or by their index when every name ends in one (``"0"``, ``"2"``, ``"net.4"``).
        The activation modules hold no parameters and so do not appear: name them here.
    hidden_activation : 'relu' (``nn.ReLU``), 'tanh', 'sigmoid' or 'identity'.
    output_activation : 'identity' (none), 'sigmoid' or 'softmax'.
    dtype : None (keep: float32 tensors stay float32), 'float32' or 'float64'.
    """
    if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
        raise TypeError(f"state_dict must be a mapping of names to arrays (model.state_dict()), "
                        f"got {type(state_dict).__name__}")
    hidden = _activation(hidden_activation, HIDDEN, "hidden_activation")
    output = _activation(output_activation, OUTPUT, "output_activation")
    groups = {}
    for key in state_dict.keys():
        prefix, _, leaf = str(key).rpartition(".")
        if leaf not in ("weight", "bias") or not prefix:
            raise ValueError(f"state_dict key {key!r}: only Linear layers ('<name>.weight', "
                             f"'<name>.bias') are read; {leaf!r} belongs to another kind of layer")
        groups.setdefault(prefix, {})[leaf] = key
    indices = [p.rpartition(".")[2] for p in groups]
    order = list(groups)
    if all(i.isdigit() for i in indices):
        order = sorted(groups, key=lambda p: int(p.rpartition(".")[2]))
    layers = []
    for l, prefix in enumerate(order):
        keys = groups[prefix]
        if "weight" not in keys:
            raise ValueError(f"layer {l} ({prefix!r}) has a bias but no {prefix}.weight")
        if "bias" not in keys:
            raise ValueError(f"layer {l} ({prefix!r}) has no bias: state_dict has {prefix}.weight "
                             f"but no {prefix}.bias (minirelu's layers all have one)")
        W = _array(state_dict[keys["weight"]], repr(keys["weight"]))
        layers.append((W, _array(state_dict[keys["bias"]], repr(keys["bias"])),
                       repr(keys["weight"]), repr(keys["bias"]), W.shape))
    return build(cls, layers, hidden, output, dtype, "PyTorch stores a weight as (out, in)")


# ---- Keras -----------------------------------------------------------------------------------
def _keras_layers(config):
    """(name, activation, use_bias, units) of each Dense layer of a Keras model config."""
    entries = config.get("layers") if isinstance(config, dict) else config
    if not isinstance(entries, (list, tuple)):
        raise TypeError("config must be model.get_config() (a dict with 'layers') or its list of "
                        "layer configs")
    dense = []
    for i, entry in enumerate(entries):
        kind = entry.get("class_name") if isinstance(entry, dict) else None
        conf = entry.get("config", {}) if isinstance(entry, dict) else {}
        name = conf.get("name", f"layers[{i}]")
        act = conf.get("activation", "linear")
        if isinstance(act, dict):           # a serialized built-in: {'config': 'relu', ...}
            act = act.get("config", act.get("class_name"))
        if kind in ("InputLayer", "Dropout"):        # Dropout is the identity at prediction
            continue
        if kind == "Dense":
            dense.append([name, act, conf.get("use_bias", True), conf.get("units")])
        elif kind == "Activation" and dense and dense[-1][1] in ("linear", None):
            dense[-1][1] = act
        else:
            raise ValueError(f"config layer {i} ({name!r}) is a {kind}; minirelu reads a stack of "
                             f"Dense layers (with InputLayer, Dropout and Activation between them)")
    return dense


def from_keras_weights(cls, weights, hidden_activation=None, output_activation=None, *,
                       config=None, dtype=None):
    """The network of a Keras stack of ``Dense`` layers, from ``model.get_weights()``.

    Parameters
    ----------
    weights : list ``[kernel_0 (n_in, n_out), bias_0 (n_out,), kernel_1, bias_1, ...]``.
    hidden_activation, output_activation : the activations by name (Keras' 'linear' is
        'identity'); by default 'relu' and 'identity'. Leave them out when passing ``config``.
    config : ``model.get_config()``: the activations (and ``use_bias``) of every Dense layer
        are read from it, and its ``units`` checked against the kernels.
    dtype : None (keep: Keras' float32 stays float32), 'float32' or 'float64'.
    """
    if isinstance(weights, dict) or not isinstance(weights, (list, tuple)):
        raise TypeError(f"weights must be the list model.get_weights() returns, "
                        f"got {type(weights).__name__}")
    arrays = [_array(w, f"weights[{i}]") for i, w in enumerate(weights)]
    if config is not None:
        if hidden_activation is not None or output_activation is not None:
            raise ValueError("pass either config or the activation names, not both")
        dense = _keras_layers(config)
        if not dense:
            raise ValueError("config has no Dense layer")
        acts = [_activation(act, HIDDEN if l < len(dense) - 1 else OUTPUT,
                            f"layer {l} ({name!r})") for l, (name, act, _, _) in enumerate(dense)]
        for l in range(1, len(dense) - 1):
            if acts[l] != acts[0]:
                raise ValueError(f"layer {l} ({dense[l][0]!r}) has activation {dense[l][1]!r} but "
                                 f"layer 0 has {dense[0][1]!r}; an MLP's hidden layers share one")
        hidden, output = (acts[0] if len(acts) > 1 else "relu"), acts[-1]
    else:
        hidden = _activation("relu" if hidden_activation is None else hidden_activation, HIDDEN,
                             "hidden_activation")
        output = _activation(output_activation, OUTPUT, "output_activation")
        dense = None
    layers, i, l = [], 0, 0
    while i < len(arrays) and (dense is None or l < len(dense)):
        kernel = arrays[i]
        name = f"weights[{i}]" + (f" of {dense[l][0]!r}" if dense else "")
        if kernel.ndim != 2:
            raise ValueError(f"layer {l}: {name} should be a kernel (n_in, n_out), got shape "
                             f"{kernel.shape}")
        if dense is not None and dense[l][3] is not None and kernel.shape[1] != dense[l][3]:
            raise ValueError(f"layer {l}: {name} has shape {kernel.shape} but config gives "
                             f"{dense[l][3]} units")
        if dense is not None and not dense[l][2]:
            layers.append((kernel.T, np.zeros(kernel.shape[1], kernel.dtype), name, "no bias",
                           kernel.shape))
            i, l = i + 1, l + 1
            continue
        if i + 1 >= len(arrays) or arrays[i + 1].ndim != 1:
            found = "the list ends" if i + 1 >= len(arrays) else \
                f"weights[{i + 1}] has shape {arrays[i + 1].shape}"
            raise ValueError(f"layer {l} ({name}) has no bias: weights[{i + 1}] should be a bias of "
                             f"shape ({kernel.shape[1]},) but {found} (a Dense layer with "
                             f"use_bias=False is read with config=model.get_config())")
        layers.append((kernel.T, arrays[i + 1], name, f"weights[{i + 1}]", kernel.shape))
        i, l = i + 2, l + 1
    if dense is not None and (i != len(arrays) or l != len(dense)):
        raise ValueError(f"weights holds {len(arrays)} arrays but config's {len(dense)} Dense "
                         f"layers use {i} of them" + (" and need more" if l < len(dense) else ""))
    return build(cls, layers, hidden, output, dtype, "Keras stores a kernel as (n_in, n_out)")

