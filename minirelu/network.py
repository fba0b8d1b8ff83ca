"""The multilayer perceptron: forward pass, backpropagation, input gradients.

A network with L layers maps an input row x (d features) through

    z_l = W_l a_{l-1} + b_l,      a_l = g(z_l),      a_0 = x,

with the hidden activation g in layers 1..L-1 and the output activation
(identity for regression, sigmoid for classification) at layer L. ``W_l`` has
shape (n_out, n_in) as in the equation, so a batch of rows ``A`` (n, n_in)
computes ``Z = A @ W.T + b``.

Backpropagation runs the chain rule from the output back. With
``delta_l = dL/dz_l`` (n, n_l) and delta_L given by the loss,

    dL/dW_l = delta_l^T a_{l-1},     dL/db_l = sum over rows of delta_l,
    delta_{l-1} = (delta_l W_l) * g'(z_{l-1}).

Introduced in lessons/03_neural_networks.ipynb.
"""
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES, get_activation
from .losses import LOSSES
from .threads import blas_threads
from .validation import (check_array, check_binary_labels, check_consistent_length, check_dtype,
                         check_int, check_n_features, check_non_negative, check_option,
                         check_random_state, check_vector, check_fitted)

__all__ = ["MLP", "ForwardCache", "as_network"]

# A large batch is evaluated in blocks of rows whose widest activation fits in
# about 512 KiB (the L2 cache of one core here): 1024 rows of a 64-wide float64
# layer. Measured on 100,000 rows of a 20-64-64-1 net: 51 ms in 1024-row blocks,
# 108 ms in 8192-row blocks or in one call.
CHUNK_BYTES = 512 * 1024

OUTPUT_LOSS = {"identity": "mse", "sigmoid": "log_loss"}


@dataclass
class ForwardCache:
    """What the backward pass needs: Z[l] = z_{l+1} and A[l] = a_l (A[0] is the input).

    ``buffers`` holds full-size arrays that repeated passes write into (Z, A and,
    for the backward pass, deltas and derivatives); Z and A are views of the rows
    of the latest pass.
    """
    Z: list
    A: list
    buffers: tuple = ()

    def __repr__(self):
        shapes = ", ".join(str(a.shape) for a in self.A)
        return f"ForwardCache(activations of shapes [{shapes}])"


class MLP:
    """A fully connected network of any depth.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``(d, n_1, ..., n_out)``: inputs, hidden widths, outputs.
    hidden_activation : {'relu', 'sigmoid', 'tanh', 'identity'}
    output_activation : {'identity', 'sigmoid'}
        Identity pairs with the mean squared error, sigmoid with the log-loss.
    random_state : None, int or numpy Generator
        Seeds the initialisation.
    dtype : 'float64' (default) or 'float32'

    Attributes
    ----------
    weights : list of arrays, ``weights[l]`` of shape (n_{l+1}, n_l)
    biases : list of arrays, ``biases[l]`` of shape (n_{l+1},)

    Weights start uniform in +-sqrt(6 / fan_in) for ReLU (He) and
    +-sqrt(6 / (fan_in + fan_out)) otherwise (Glorot), so activations keep their
    scale through the layers. Biases start small and random, +-1/sqrt(fan_in),
    so that an untrained network's ReLU boundaries are in general position.
    """

    def __init__(self, layer_sizes, hidden_activation="relu", output_activation="identity",
                 random_state=None, dtype="float64"):
        sizes = tuple(layer_sizes) if np.iterable(layer_sizes) else ()
        if len(sizes) < 2:
            raise ValueError(f"layer_sizes must list at least inputs and outputs, e.g. (2, 16, 1); "
                             f"got {layer_sizes!r}")
        self.layer_sizes = tuple(check_int(s, "layer_sizes entries", minimum=1) for s in sizes)
        get_activation(hidden_activation, "hidden_activation")
        self.hidden_activation = hidden_activation
        self.output_activation = check_option(output_activation, OUTPUT_LOSS, "output_activation")
        self.dtype = check_dtype(dtype)
        rng = check_random_state(random_state)
        self.weights, self.biases = [], []
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:]):
            if hidden_activation == "relu":
                bound = np.sqrt(6.0 / n_in)
            else:
                bound = np.sqrt(6.0 / (n_in + n_out))
            self.weights.append(rng.uniform(-bound, bound, (n_out, n_in)).astype(self.dtype))
            b = 1.0 / np.sqrt(n_in)
            self.biases.append(rng.uniform(-b, b, n_out).astype(self.dtype))

    @classmethod
    def from_weights(cls, weights, biases, hidden_activation="relu", output_activation="identity"):
        """Build a network from given weight matrices (n_out, n_in) and bias vectors (n_out,)."""
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError(f"weights and biases must be non-empty lists of the same length; "
                             f"got {len(weights)} and {len(biases)}")
        Ws = [check_array(W, f"weights[{l}]") for l, W in enumerate(weights)]
        bs = [check_vector(b, f"biases[{l}]") for l, b in enumerate(biases)]
        for l, (W, b) in enumerate(zip(Ws, bs)):
            if b.shape[0] != W.shape[0]:
                raise ValueError(f"biases[{l}] has {b.shape[0]} entries but weights[{l}] has "
                                 f"{W.shape[0]} rows (n_out)")
            if l > 0 and W.shape[1] != Ws[l - 1].shape[0]:
                raise ValueError(f"weights[{l}] has {W.shape[1]} columns (n_in) but layer {l} "
                                 f"has {Ws[l - 1].shape[0]} outputs")
        sizes = [Ws[0].shape[1]] + [W.shape[0] for W in Ws]
        net = cls(sizes, hidden_activation, output_activation, random_state=0)
        net.weights, net.biases = Ws, bs
        return net

    def __repr__(self):
        return (f"MLP(layer_sizes={self.layer_sizes}, hidden_activation={self.hidden_activation!r}, "
                f"output_activation={self.output_activation!r})")

    @property
    def n_features(self):
        return self.layer_sizes[0]

    @property
    def n_parameters(self):
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases))

    # ---- forward -------------------------------------------------------------------------
    def _check_X(self, X, name="X"):
        X = check_array(X, name, dtype=self.dtype)
        check_n_features(X, self.layer_sizes[0], name)
        return X

    def new_cache(self, n_rows):
        """Empty buffers for a forward pass of up to ``n_rows`` rows (reused by training)."""
        hidden = self.layer_sizes[1:-1]
        Z = [np.empty((n_rows, n), self.dtype) for n in self.layer_sizes[1:]]
        A = [None] + [np.empty((n_rows, n), self.dtype) for n in hidden]
        deltas = [None] + [np.empty((n_rows, n), self.dtype) for n in hidden]
        derivatives = [None] + [np.empty((n_rows, n), self.dtype) for n in hidden]
        return ForwardCache(Z=list(Z), A=list(A), buffers=(Z, A, deltas, derivatives))

    def forward_into(self, X, cache):
        """Forward pass of ``X`` (m, d) writing into the buffers of ``cache`` (at least m rows).

        Returns the raw output z_L (m, n_out) (before the output activation);
        afterwards ``cache.A[:L]`` and ``cache.Z`` hold views of exactly m rows.
        No input checks: this is the inner loop of training.
        """
        m = X.shape[0]
        g = ACTIVATIONS[self.hidden_activation]
        Zbuf, Abuf = cache.buffers[:2]
        cache.A[0] = a = X
        last = len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = cache.Z[l] = np.matmul(a, W.T, out=Zbuf[l][:m])
            z += b
            if l < last:
                a = cache.A[l + 1] = g(z, out=Abuf[l + 1][:m])
        return z

    def forward_cache(self, X):
        """Forward pass that keeps its cache: returns (output after activation (n, n_out), cache)."""
        X = self._check_X(X)
        cache = self.new_cache(X.shape[0])
        z = self.forward_into(X, cache)
        return ACTIVATIONS[self.output_activation](z), cache

    def raw_output(self, X, n_threads=1):
        """The output before the output activation (the logit for a classifier), shape (n, n_out).

        Evaluated in cache-sized blocks of rows, reusing one set of buffers, with
        BLAS limited to ``n_threads`` threads (see ``minirelu.threads``).
        """
        X = self._check_X(X)
        n = X.shape[0]
        out = np.empty((n, self.layer_sizes[-1]), self.dtype)
        rows = self.chunk_rows()
        cache = self.new_cache(min(n, rows))
        with blas_threads(n_threads):
            for start in range(0, n, rows):
                out[start:start + rows] = self.forward_into(X[start:start + rows], cache)
        return out

    def chunk_rows(self):
        """Rows per block for evaluating many rows: the widest layer's block fits in CHUNK_BYTES."""
        width = max(self.layer_sizes)
        return max(64, CHUNK_BYTES // (np.dtype(self.dtype).itemsize * width))

    def forward(self, X, n_threads=1):
        """The network's output after the output activation, shape (n, n_out)."""
        z = self.raw_output(X, n_threads)
        return ACTIVATIONS[self.output_activation](z, out=z)

    # ---- backward ------------------------------------------------------------------------
    def backward(self, cache, delta, out=None, input_gradient=False):
        """Backpropagate ``delta`` = dL/dz_L (m, n_out) through the layers.

        Parameters
        ----------
        cache : ForwardCache from the forward pass of the same rows.
        delta : array (m, n_out), the loss gradient with respect to the raw output.
        out : optional pair of lists (dW, db) of arrays to write the gradients into.
        input_gradient : also return dL/dx (m, d).

        Returns
        -------
        dW, db : lists shaped like ``weights`` and ``biases`` (and dX when asked).
        """
        L = len(self.weights)
        dW, db = out if out is not None else ([None] * L, [None] * L)
        g_prime = DERIVATIVES[self.hidden_activation]
        m = delta.shape[0]
        deltas, derivatives = cache.buffers[2:]
        for l in range(L - 1, -1, -1):
            a_prev = cache.A[l]
            dW[l] = np.matmul(delta.T, a_prev, out=dW[l])
            db[l] = np.sum(delta, axis=0, out=db[l])
            if l > 0:                      # delta_{l-1} = (delta_l W_l) * g'(z_{l-1})
                delta = np.matmul(delta, self.weights[l], out=deltas[l][:m])
                delta *= g_prime(a_prev, out=derivatives[l][:m])
        if input_gradient:
            return dW, db, delta @ self.weights[0]
        return dW, db

    def loss_and_gradients(self, X, y, l1_reg=0.0, gradients=True):
        """Mean loss of the network on (X, y) and its gradients.

        The loss is the MSE for an identity output and the log-loss (from the
        logit) for a sigmoid output, plus ``l1_reg * sum |W|`` over every weight
        matrix (never the biases).

        Returns
        -------
        loss : float
        dW, db : lists shaped like ``weights`` and ``biases`` (only when ``gradients``).
        """
        X = self._check_X(X)
        n_out = self.layer_sizes[-1]
        if self.output_activation == "sigmoid":
            y = check_binary_labels(y if n_out == 1 else np.ravel(y)).reshape(-1, n_out)
        else:
            y = check_array(y, "y", dtype=self.dtype, ensure_2d=False).reshape(len(y), -1)
            if y.shape[1] != n_out:
                raise ValueError(f"y has {y.shape[1]} outputs but the network has {n_out}")
        check_consistent_length(X=X, y=y)
        l1_reg = check_non_negative(l1_reg, "l1_reg")
        loss_fn, grad_fn, _ = LOSSES[OUTPUT_LOSS[self.output_activation]]
        cache = self.new_cache(X.shape[0])
        z = self.forward_into(X, cache)
        loss = loss_fn(y, z) * n_out + l1_reg * sum(float(np.abs(W).sum()) for W in self.weights)
        if not gradients:
            return loss
        dW, db = self.backward(cache, grad_fn(y, z))
        if l1_reg:
            for l, W in enumerate(self.weights):
                dW[l] += l1_reg * np.sign(W)
        return loss, dW, db

    def input_gradient(self, X, output=0, raw=True):
        """d(output)/dx for every row of X, shape (n, d), by backpropagation to the input.

        ``raw=True`` differentiates the raw output (the logit of a classifier);
        ``raw=False`` differentiates the output after its activation.
        For a ReLU network the raw gradient is the coefficient vector of the
        local linear model the row lies in.
        """
        X = self._check_X(X)
        n_out = self.layer_sizes[-1]
        output = check_int(output, "output", minimum=0)
        if output >= n_out:
            raise ValueError(f"output must be < {n_out}, the number of outputs; got {output}")
        cache = self.new_cache(X.shape[0])
        z = self.forward_into(X, cache)
        delta = np.zeros_like(z)
        delta[:, output] = 1.0
        if not raw:
            a = ACTIVATIONS[self.output_activation](z[:, output])
            delta[:, output] = DERIVATIVES[self.output_activation](a)
        return self.backward(cache, delta, input_gradient=True)[2]


def as_network(model):
    """The MLP inside ``model``: an MLP itself, or a fitted MLPClassifier/MLPRegressor."""
    if isinstance(model, MLP):
        return model
    if hasattr(model, "network_") or hasattr(type(model), "_output_activation"):
        check_fitted(model, "network_")
        return model.network_
    raise TypeError(f"model must be an MLP or a fitted MLPClassifier/MLPRegressor, "
                    f"got {type(model).__name__}")


# ---- networks trained elsewhere ------------------------------------------------------------
# The readers live in foreign.py and foreign_onnx.py (they build the class they are handed).
from . import foreign, foreign_onnx  # noqa: E402

MLP.from_sklearn = classmethod(foreign.from_sklearn)
MLP.from_state_dict = classmethod(foreign.from_state_dict)
MLP.from_keras_weights = classmethod(foreign.from_keras_weights)
MLP.from_onnx = classmethod(foreign_onnx.from_onnx)
