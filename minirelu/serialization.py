"""Saving and loading fitted models as .npz files: arrays plus a JSON header, never pickle.

A model file is a zip archive (``np.savez``) holding

- ``header``: a 0-d string array with a JSON object: ``format``, ``version``, ``kind``
  (``MLP``, ``MLPClassifier``, ``MLPRegressor``), ``layer_sizes``, ``hidden_activation``,
  ``output_activation``, ``dtype`` and, for an estimator, its ``params`` (plain JSON
  numbers, strings and lists), ``history`` and ``n_epochs``, a classifier's ``classes``
  (its labels, two or K, in the order of the outputs), and under ``fitted`` the
  ``feature_names_in_`` and ``best_epoch_`` it has;
- ``W0, ..., W{L-1}`` of shapes (n_out, n_in) and ``b0, ..., b{L-1}`` of shapes (n_out,).

``np.load(..., allow_pickle=False)`` refuses object arrays, so loading a file never runs
code. Loading checks the header against the arrays (format version, kind, activations,
layer sizes, dtype, shapes, finiteness) and reports any file that is not a valid model
file with one error type, :class:`ModelFileError`, naming the file and what is wrong.

This module builds networks but knows no estimator class: ``minirelu.load`` passes the
estimator classes in (``load_model(path, classes)``), so the estimators can import this
module without an import circle.

Not taught in a lesson: the README shows ``clf.save(path)`` and ``mr.load(path)``.
"""
import json
import numbers
import os
import zipfile
import zlib

import numpy as np

from .activations import ACTIVATIONS
from .network import MLP, OUTPUT_ACTIVATIONS

__all__ = ["ModelFileError", "save_model", "load_model", "FORMAT", "VERSION"]

FORMAT = "minirelu-model"
VERSION = 1
DTYPES = ("float32", "float64")
# The output activation each estimator kind trains with; a file whose kind and output
# disagree (a classifier's arrays relabelled as a regressor) is refused.
KIND_OUTPUTS = {"MLPClassifier": ("sigmoid", "softmax"), "MLPRegressor": ("identity",)}
# Fitted attributes kept when a model has them (beyond network_, history_, n_epochs_ and a
# K-class classifier's classes): the column names seen in fit, the epoch early stopping kept.
OPTIONAL_FITTED = ("feature_names_in_", "best_epoch_")

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")       # a zip member, or an empty archive
_NPY_MAGIC = b"\x93NUMPY"


class ModelFileError(ValueError):
    """The file is not a valid minirelu model file; the message names the file and the fault."""


def _name(path):
    """How an error names the file: its path, or the name of an open file object."""
    if isinstance(path, (str, os.PathLike)):
        return os.fspath(path)
    return str(getattr(path, "name", repr(path)))


def _plain(value, name):
    """``value`` as plain JSON data: NumPy integers, floats, bools and arrays become
    Python ints, floats, bools and lists (so ``np.int64(16)`` is saved as ``16``)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.dtype) or (isinstance(value, type) and issubclass(value, np.generic)):
        return np.dtype(value).name
    if isinstance(value, np.ndarray):
        return [_plain(v, name) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(v, name) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, f"{name}[{k!r}]") for k, v in value.items()}
    raise TypeError(f"{name} cannot be saved in a model file: {type(value).__name__} "
                    f"is not a number, string, bool, None or a list of them")


def save_model(model, path):
    """Write ``model`` (an MLP or a fitted MLPClassifier/MLPRegressor) to ``path`` (.npz).

    Settings of NumPy types are written as plain numbers (``np.int64(16)`` as ``16``);
    a ``random_state`` that is a Generator is written as ``None`` (its state is not kept).
    """
    if isinstance(model, MLP):
        net = model
    elif isinstance(getattr(model, "network_", None), MLP):
        net = model.network_
    else:
        raise TypeError(f"model must be an MLP or a fitted MLPClassifier/MLPRegressor, "
                        f"got {type(model).__name__}")
    header = {"format": FORMAT, "version": VERSION, "kind": type(model).__name__,
              "layer_sizes": _plain(net.layer_sizes, "layer_sizes"),
              "hidden_activation": net.hidden_activation,
              "output_activation": net.output_activation, "dtype": np.dtype(net.dtype).name}
    if not isinstance(model, MLP):
        params = dict(model.get_params())
        if not (params.get("random_state") is None
                or isinstance(params["random_state"], numbers.Integral)):
            params["random_state"] = None          # a Generator's state is not kept
        header["params"] = {k: _plain(v, k) for k, v in params.items()}
        header["history"] = _plain(model.history_, "history_")
        header["n_epochs"] = _plain(model.n_epochs_, "n_epochs_")
        if hasattr(model, "classes_"):
            header["classes"] = _plain(model.classes_, "classes_")
        header["fitted"] = {name: _plain(vars(model)[name], name) for name in OPTIONAL_FITTED
                            if vars(model).get(name) is not None}
    arrays = {f"W{l}": np.asarray(W) for l, W in enumerate(net.weights)}
    arrays.update({f"b{l}": np.asarray(b) for l, b in enumerate(net.biases)})
    np.savez(path, header=np.array(json.dumps(header)), **arrays)


# ---- loading ------------------------------------------------------------------------------
def _read_arrays(path):
    """Every array in the .npz at ``path``, refusing anything that is not a plain .npz."""
    name = _name(path)
    if isinstance(path, (str, os.PathLike)):
        with open(path, "rb") as f:            # a missing file stays a FileNotFoundError
            start = f.read(8)
    elif hasattr(path, "read") and hasattr(path, "seek"):
        pos = path.tell()
        start = path.read(8)
        path.seek(pos)
    else:
        raise TypeError(f"path must be a file name or an open binary file, "
                        f"got {type(path).__name__}")
    if not start:
        raise ModelFileError(f"{name} is not a minirelu model file: it is empty")
    if start.startswith(_NPY_MAGIC):
        raise ModelFileError(f"{name} is not a minirelu model file: it is a single .npy array, "
                             f"not an .npz archive")
    if not start.startswith(_ZIP_MAGIC):
        if start[:1] == b"\x80" and start[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
            raise ModelFileError(f"refusing to load {name}: it is a Python pickle, which could "
                                 f"run code; minirelu model files hold plain arrays only")
        raise ModelFileError(f"{name} is not a minirelu model file: it is not an .npz (zip) "
                             f"archive (it starts with {start[:8]!r})")
    try:
        with np.load(path, allow_pickle=False) as f:
            data = {}
            for key in f.files:
                try:
                    data[key] = f[key]
                    if not isinstance(data[key], np.ndarray):    # a member that is not .npy
                        raise ModelFileError(f"{name} is not a minirelu model file: its member "
                                             f"{key!r} is not a NumPy array")
                except ValueError as exc:
                    if isinstance(exc, ModelFileError):
                        raise
                    if "allow_pickle" in str(exc) or "Object arrays" in str(exc):
                        raise ModelFileError(
                            f"refusing to load {name}: its array {key!r} holds pickled objects, "
                            f"which could run code; minirelu model files hold plain arrays "
                            f"only") from None
                    raise
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            NotImplementedError) as exc:
        if isinstance(exc, (FileNotFoundError, IsADirectoryError, PermissionError)):
            raise
        raise ModelFileError(f"{name} is not a readable model file: the archive is damaged or "
                             f"truncated ({type(exc).__name__}: {exc})") from None
    return data


def _header(data, name):
    if "header" not in data:
        raise ModelFileError(f"{name} is not a minirelu model file: it has no 'header' entry "
                             f"(it holds {', '.join(sorted(data)) or 'no arrays'})")
    raw = data["header"]
    if raw.ndim != 0 or raw.dtype.kind != "U":
        raise ModelFileError(f"{name} is not a minirelu model file: its header is not a JSON "
                             f"string (dtype {raw.dtype}, shape {raw.shape})")
    try:
        header = json.loads(str(raw))
    except json.JSONDecodeError as exc:
        raise ModelFileError(f"{name} is not a minirelu model file: its header is not valid "
                             f"JSON ({exc})") from None
    if not isinstance(header, dict):
        raise ModelFileError(f"{name} is not a minirelu model file: its header is a JSON "
                             f"{type(header).__name__}, not an object")
    if header.get("format") != FORMAT:
        raise ModelFileError(f"{name} is not a minirelu model file: format "
                             f"{header.get('format')!r}, expected {FORMAT!r}")
    version = header.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ModelFileError(f"{name} has an unknown format version {version!r}; this minirelu "
                             f"reads version {VERSION}")
    if version > VERSION:
        raise ModelFileError(f"{name} was written in format version {version}, newer than this "
                             f"minirelu reads (version {VERSION}); upgrade minirelu to load it")
    for key in ("kind", "layer_sizes", "hidden_activation", "output_activation", "dtype"):
        if key not in header:
            raise ModelFileError(f"{name}: the header has no {key!r}")
    return header


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _network(data, header, name):
    """The MLP the arrays describe, after checking them against the header."""
    sizes = header["layer_sizes"]
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(_is_int(s) and s >= 1 for s in sizes)):
        raise ModelFileError(f"{name}: layer_sizes must be a list of at least two positive "
                             f"integers, got {sizes!r}")
    hidden, output = header["hidden_activation"], header["output_activation"]
    if not isinstance(hidden, str) or hidden not in ACTIVATIONS:
        raise ModelFileError(f"{name}: unknown hidden_activation {hidden!r}; expected one of "
                             f"{', '.join(sorted(ACTIVATIONS))}")
    if not isinstance(output, str) or output not in OUTPUT_ACTIVATIONS:
        raise ModelFileError(f"{name}: unknown output_activation {output!r}; expected one of "
                             f"{', '.join(sorted(OUTPUT_ACTIVATIONS))}")
    dtype = header["dtype"]
    if dtype not in DTYPES:
        raise ModelFileError(f"{name}: dtype must be 'float32' or 'float64', got {dtype!r}")
    L = len(sizes) - 1
    expected = {f"W{l}" for l in range(L)} | {f"b{l}" for l in range(L)}
    missing = sorted(expected - set(data), key=lambda k: (int(k[1:]), k[0]))
    if missing:
        raise ModelFileError(f"{name}: the array(s) {', '.join(missing)} are missing "
                             f"(layer_sizes {sizes} needs W0..W{L - 1} and b0..b{L - 1})")
    extra = sorted(set(data) - expected - {"header"})
    if extra:
        raise ModelFileError(f"{name}: unexpected array(s) {', '.join(extra)}; layer_sizes "
                             f"{sizes} describes {L} layer(s)")
    weights, biases = [], []
    for l in range(L):
        W, b = data[f"W{l}"], data[f"b{l}"]
        for key, arr, shape in ((f"W{l}", W, (sizes[l + 1], sizes[l])),
                                (f"b{l}", b, (sizes[l + 1],))):
            if arr.shape != shape:
                raise ModelFileError(f"{name}: {key} has shape {arr.shape} but layer_sizes "
                                     f"{sizes} needs {shape}")
            if arr.dtype != np.dtype(dtype):
                raise ModelFileError(f"{name}: {key} has dtype {arr.dtype} but the header says "
                                     f"{dtype}")
            if not np.isfinite(arr).all():
                raise ModelFileError(f"{name}: {key} contains NaN or infinite values")
        weights.append(W)
        biases.append(b)
    net = MLP(sizes, hidden, output, random_state=0, dtype=dtype)
    net.weights, net.biases = weights, biases
    return net


def _estimator(cls, header, net, name):
    kind = header["kind"]
    if net.output_activation not in KIND_OUTPUTS.get(kind, (net.output_activation,)):
        raise ModelFileError(f"{name}: kind {kind!r} needs output_activation "
                             f"{' or '.join(map(repr, KIND_OUTPUTS[kind]))}, but the file has "
                             f"{net.output_activation!r}")
    for key in ("params", "history", "n_epochs"):
        if key not in header:
            raise ModelFileError(f"{name}: the header of a {kind} has no {key!r}")
    params, history, n_epochs = header["params"], header["history"], header["n_epochs"]
    if not isinstance(params, dict):
        raise ModelFileError(f"{name}: params must be a JSON object, got {params!r}")
    if isinstance(params.get("hidden_layer_sizes"), list):
        params["hidden_layer_sizes"] = tuple(params["hidden_layer_sizes"])
    hidden_sizes = params.get("hidden_layer_sizes")
    if _is_int(hidden_sizes):
        hidden_sizes = (hidden_sizes,)
    if hidden_sizes != tuple(net.layer_sizes[1:-1]):
        raise ModelFileError(f"{name}: params hidden_layer_sizes {params.get('hidden_layer_sizes')!r}"
                             f" disagree with layer_sizes {list(net.layer_sizes)}")
    if params.get("activation") != net.hidden_activation:
        raise ModelFileError(f"{name}: params activation {params.get('activation')!r} disagrees "
                             f"with hidden_activation {net.hidden_activation!r}")
    if params.get("dtype", header["dtype"]) != header["dtype"]:
        raise ModelFileError(f"{name}: params dtype {params.get('dtype')!r} disagrees with the "
                             f"arrays' dtype {header['dtype']!r}")
    if (not isinstance(history, dict)
            or not all(isinstance(v, list) and all(isinstance(x, (int, float)) for x in v)
                       for v in history.values())):
        raise ModelFileError(f"{name}: history must map names to lists of numbers")
    if not _is_int(n_epochs) or n_epochs < 0:
        raise ModelFileError(f"{name}: n_epochs must be a non-negative integer, got {n_epochs!r}")
    try:
        model = cls(**params)
    except TypeError as exc:
        raise ModelFileError(f"{name}: params do not fit {kind} ({exc})") from None
    model.network_, model.n_features_in_ = net, net.layer_sizes[0]
    model.history_, model.n_epochs_ = history, n_epochs
    _classes(model, header, net, name)
    for key, value in _optional_fitted(header.get("fitted", {}), net, n_epochs, name).items():
        setattr(model, key, value)
    return model


def _classes(model, header, net, name):
    """``classes_`` of a classifier, checked against the network: its labels in the order of
    the outputs (files written before labels were kept: a sigmoid output's 0 and 1)."""
    if net.output_activation in ("sigmoid", "softmax"):
        k = 2 if net.output_activation == "sigmoid" else net.layer_sizes[-1]
        classes = header.get("classes", [0, 1] if k == 2 else None)
        kinds = {type(c) for c in classes} if isinstance(classes, list) else set()
        if (len(kinds) != 1 or not kinds <= {int, float, str, bool} or len(classes) != k
                or len(set(classes)) != k):
            raise ModelFileError(f"{name}: classes must be {k} distinct labels of one kind, in "
                                 f"the order of the outputs, got {classes!r}")
        model.classes_ = np.asarray(classes)


def _optional_fitted(fitted, net, n_epochs, name):
    """The optional fitted attributes of the header, checked against the network."""
    if not isinstance(fitted, dict) or set(fitted) - set(OPTIONAL_FITTED):
        raise ModelFileError(f"{name}: 'fitted' must map some of {', '.join(OPTIONAL_FITTED)} "
                             f"to values, got {fitted!r}")
    out = {}
    if "feature_names_in_" in fitted:
        names = fitted["feature_names_in_"]
        if (not isinstance(names, list) or len(names) != net.layer_sizes[0]
                or not all(isinstance(n, str) for n in names)):
            raise ModelFileError(f"{name}: feature_names_in_ must list {net.layer_sizes[0]} "
                                 f"column names, got {names!r}")
        out["feature_names_in_"] = np.array(names, dtype=object)
    if "best_epoch_" in fitted:
        best = fitted["best_epoch_"]
        if not _is_int(best) or not 1 <= best <= n_epochs:
            raise ModelFileError(f"{name}: best_epoch_ must be an epoch from 1 to n_epochs "
                                 f"({n_epochs}), got {best!r}")
        out["best_epoch_"] = best
    return out


def load_model(path, classes=None):
    """Load a model saved with ``save``/``save_model``; returns the same kind of object.

    Parameters
    ----------
    path : str, path-like or open binary file.
    classes : dict mapping a kind (``'MLPClassifier'``, ...) to the estimator class to
        build; ``minirelu.load`` passes the package's estimators. Plain MLPs need none.

    Raises
    ------
    ModelFileError (a ValueError) when the file is not a valid minirelu model file: not an
    .npz archive, damaged or truncated, holding pickled objects (never loaded), a header that
    is missing, malformed, of a newer or unknown format version, or that disagrees with the
    arrays (layer sizes, dtype, kind, activations, parameters).
    """
    name = _name(path)
    data = _read_arrays(path)
    header = _header(data, name)
    classes = dict(classes or {})
    kind = header["kind"]
    if not isinstance(kind, str) or (kind != "MLP" and kind not in classes):
        known = ", ".join(sorted({"MLP", *classes}))
        raise ModelFileError(f"{name} holds an unknown model kind {kind!r}; expected one of {known}")
    net = _network(data, header, name)
    if kind == "MLP":
        return net
    return _estimator(classes[kind], header, net, name)
