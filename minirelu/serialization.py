"""Saving and loading fitted models as .npz files: arrays plus a JSON header, never pickle.

``np.load(..., allow_pickle=False)`` refuses object arrays, so loading a file can
never run code; the header is a plain string array holding JSON.
"""
import json

import numpy as np

__all__ = ["save_model", "load"]

FORMAT = "minirelu-model"
VERSION = 1


def save_model(model, path):
    """Write ``model`` (an MLP or a fitted MLPClassifier/MLPRegressor) to ``path``."""
    from .network import MLP
    net = model if isinstance(model, MLP) else model.network_
    header = {"format": FORMAT, "version": VERSION, "kind": type(model).__name__,
              "layer_sizes": list(net.layer_sizes), "hidden_activation": net.hidden_activation,
              "output_activation": net.output_activation, "dtype": np.dtype(net.dtype).name}
    if not isinstance(model, MLP):
        params = model.get_params()
        if not isinstance(params["random_state"], (int, type(None))):
            params["random_state"] = None          # a Generator's state is not kept
        params["dtype"] = np.dtype(params["dtype"]).name
        header["params"] = params
        header["history"] = model.history_
        header["n_epochs"] = model.n_epochs_
    arrays = {f"W{l}": W for l, W in enumerate(net.weights)}
    arrays.update({f"b{l}": b for l, b in enumerate(net.biases)})
    np.savez(path, header=np.array(json.dumps(header)), **arrays)


def load(path):
    """Load a model saved with ``save``; returns the same kind of object.

    Raises ValueError for a file that is not a minirelu model, or that holds
    pickled objects (which are never loaded).
    """
    from .network import MLP
    from .estimators import MLPClassifier, MLPRegressor
    try:
        with np.load(path, allow_pickle=False) as f:
            data = {k: f[k] for k in f.files}
    except ValueError as exc:
        raise ValueError(f"refusing to load {path!s}: it holds pickled objects, which could run "
                         f"code; minirelu files hold plain arrays only ({exc})") from None
    if "header" not in data:
        raise ValueError(f"{path!s} is not a minirelu model file (no header)")
    header = json.loads(str(data["header"]))
    if header.get("format") != FORMAT:
        raise ValueError(f"{path!s} is not a minirelu model file (format {header.get('format')!r})")
    L = len(header["layer_sizes"]) - 1
    net = MLP.from_weights([data[f"W{l}"] for l in range(L)], [data[f"b{l}"] for l in range(L)],
                           header["hidden_activation"], header["output_activation"])
    dtype = np.dtype(header["dtype"]).type
    net.dtype = dtype
    net.weights = [W.astype(dtype) for W in net.weights]
    net.biases = [b.astype(dtype) for b in net.biases]
    kinds = {"MLP": None, "MLPClassifier": MLPClassifier, "MLPRegressor": MLPRegressor}
    if header["kind"] not in kinds:
        raise ValueError(f"{path!s} holds an unknown model kind {header['kind']!r}")
    if kinds[header["kind"]] is None:
        return net
    params = header["params"]
    if isinstance(params.get("hidden_layer_sizes"), list):
        params["hidden_layer_sizes"] = tuple(params["hidden_layer_sizes"])
    model = kinds[header["kind"]](**params)
    model.network_, model.n_features_in_ = net, net.layer_sizes[0]
    model.history_, model.n_epochs_ = header["history"], header["n_epochs"]
    return model
