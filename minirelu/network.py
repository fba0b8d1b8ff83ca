"""The multilayer perceptron: forward pass, backpropagation, input gradients.

A network with L layers maps an input row x (d features) through

    z_l = W_l a_{l-1} + b_l,      a_l = g(z_l),      a_0 = x,

with the hidden activation g in layers 1..L-1 and the output activation
(identity for regression, sigmoid for two classes, softmax for K classes) at layer L. ``W_l`` has
shape (n_out, n_in) as in the equation, so a batch of rows ``A`` (n, n_in)
computes ``Z = A @ W.T + b``.

Backpropagation runs the chain rule from the output back. With
``delta_l = dL/dz_l`` (n, n_l) and delta_L given by the loss (``minirelu.losses``),

    dL/dW_l = delta_l^T a_{l-1},     dL/db_l = sum over rows of delta_l,
    delta_{l-1} = (delta_l W_l) * g'(z_{l-1}).

The route lesson 03 follows, in code: ``z, cache = net.forward_pass(X)`` (section 2),
``delta = losses.log_loss_gradient(y, z)`` (sections 3-4), ``dW, db = net.backward(cache,
delta)`` (section 4), ``optimizer.step(net.parameters(), dW + db)`` (section 6); the
estimators' ``train_step`` is exactly these four lines.

Introduced in lessons/03_neural_networks.ipynb.
"""
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES, OUTPUT_ACTIVATIONS as OUTPUT_FUNCTIONS
from .activations import get_activation
from .losses import LOSSES, l1_penalty, l1_subgradient, loss_for_output
from .threads import blas_threads
from .validation import (check_array, check_binary_labels, check_consistent_length, check_dtype,
                         check_fitted, check_int, check_non_negative, check_option,
                         check_random_state, check_vector, check_X)

__all__ = ["MLP", "ForwardCache", "as_network"]

# Many rows (predicting, interpreting) are evaluated in blocks whose widest activation
# fits in about 512 KiB (the L2 cache of one core): 1024 rows of a 64-wide float64
# layer. Measured on 100,000 rows of a 20-64-64-1 net (benchmarks/bench_training.py):
# blocks of 1024 rows take about half the time of one call on all rows.
CHUNK_BYTES = 512 * 1024

# The output activations a network can have: those ``losses.LOSSES`` pairs with a loss
# and ``activations.OUTPUT_ACTIVATIONS`` can apply (softmax acts on a whole row of logits,
# so it is an output activation only).
OUTPUT_ACTIVATIONS = tuple(entry.output for entry in LOSSES.values()
                           if entry.output in OUTPUT_FUNCTIONS)


@dataclass
class ForwardCache:
    """What the backward pass needs: Z[l] = z_{l+1} and A[l] = a_l (A[0] is the input X)."""
    Z: list
    A: list

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
    output_activation : {'identity', 'sigmoid', 'softmax'}
        Identity pairs with the mean squared error, sigmoid with the log-loss, softmax
        (K >= 2 outputs, one logit per class) with the cross-entropy (lesson 15).
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
        self.output_activation = check_option(output_activation, OUTPUT_ACTIVATIONS,
                                              "output_activation")
        if output_activation == "softmax" and self.layer_sizes[-1] < 2:
            raise ValueError(f"a softmax output needs one unit per class, at least 2; "
                             f"layer_sizes ends in {self.layer_sizes[-1]}")
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
    def from_weights(cls, weights, biases, hidden_activation="relu", output_activation="identity",
                     dtype=None):
        """Build a network from given weight matrices (n_out, n_in) and bias vectors (n_out,).

        ``dtype`` None keeps the arrays' precision: float32 when every array is float32
        (the weights are then used exactly as given), float64 otherwise; 'float32' or
        'float64' converts.
        """
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError(f"weights and biases must be non-empty lists of the same length; "
                             f"got {len(weights)} and {len(biases)}")
        if dtype is None:
            every32 = all(getattr(a, "dtype", None) == np.float32
                          for a in list(weights) + list(biases))
            dtype = "float32" if every32 else "float64"
        dtype = check_dtype(dtype)
        Ws = [check_array(W, f"weights[{l}]", dtype=dtype) for l, W in enumerate(weights)]
        bs = [check_vector(b, f"biases[{l}]", dtype=dtype) for l, b in enumerate(biases)]
        for l, (W, b) in enumerate(zip(Ws, bs)):
            if b.shape[0] != W.shape[0]:
                raise ValueError(f"biases[{l}] has {b.shape[0]} entries but weights[{l}] has "
                                 f"{W.shape[0]} rows (n_out)")
            if l > 0 and W.shape[1] != Ws[l - 1].shape[0]:
                raise ValueError(f"weights[{l}] has {W.shape[1]} columns (n_in) but layer {l} "
                                 f"has {Ws[l - 1].shape[0]} outputs")
        sizes = [Ws[0].shape[1]] + [W.shape[0] for W in Ws]
        net = cls(sizes, hidden_activation, output_activation, random_state=0, dtype=dtype)
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

    def parameters(self):
        """The arrays an optimizer updates, in place: ``weights + biases`` (lesson 03, section 6)."""
        return self.weights + self.biases

    def check_X(self, X, name="X"):
        """``X`` as an (n, d) array of this network's dtype, or a ValueError/TypeError naming it."""
        return check_X(X, self.layer_sizes[0], name, dtype=self.dtype)


    # ---- forward -------------------------------------------------------------------------
    def forward_pass(self, X):
        """The forward pass that keeps its cache (lesson 03, section 2).

        Parameters
        ----------
        X : array (n, d), already checked (``check_X``): this is the inner loop of training.

        Returns
        -------
        z : array (n, n_out), the raw output z_L before the output activation (the logit
            of a classifier), which the losses and their gradients take.
        cache : ForwardCache with Z[l] = z_{l+1} (n, n_{l+1}) and A[l] = a_l (A[0] = X),
            what ``backward`` needs.
        """
        g = ACTIVATIONS[self.hidden_activation]
        A, Z = [X], []
        for W, b in zip(self.weights, self.biases):
            Z.append(A[-1] @ W.T + b)             # z_l = W_l a_{l-1} + b_l, for every row
            if len(Z) < len(self.weights):
                A.append(g(Z[-1]))                # a_l = g(z_l)
        return Z[-1], ForwardCache(Z=Z, A=A)

    def forward_cache(self, X):
        """Forward pass of checked or unchecked ``X``: (output after the output activation
        (n, n_out), cache), for code that wants probabilities and the cache."""
        z, cache = self.forward_pass(self.check_X(X))
        return OUTPUT_FUNCTIONS[self.output_activation](z), cache

    def raw_output(self, X, n_threads=1):
        """The output before the output activation (the logit for a classifier), shape (n, n_out).

        Evaluated in blocks of ``chunk_rows()`` rows with BLAS limited to ``n_threads``
        threads (see ``minirelu.threads``).
        """
        X = self.check_X(X)
        out = np.empty((X.shape[0], self.layer_sizes[-1]), self.dtype)
        with blas_threads(n_threads):
            for rows in self.row_blocks(X.shape[0]):
                out[rows] = self.forward_pass(X[rows])[0]
        return out

    def chunk_rows(self):
        """Rows per block for evaluating many rows: the widest layer's block fits in CHUNK_BYTES."""
        width = max(self.layer_sizes)
        return max(64, CHUNK_BYTES // (np.dtype(self.dtype).itemsize * width))

    def row_blocks(self, n):
        """Slices of ``chunk_rows()`` consecutive rows covering ``range(n)``."""
        rows = self.chunk_rows()
        return [slice(start, min(start + rows, n)) for start in range(0, n, rows)]

    def forward(self, X, n_threads=1):
        """The network's output after the output activation, shape (n, n_out) (lesson 03, section 2)."""
        z = self.raw_output(X, n_threads)
        return OUTPUT_FUNCTIONS[self.output_activation](z, out=z)

    # ---- backward ------------------------------------------------------------------------
    def backward(self, cache, delta, input_gradient=False):
        """Backpropagate ``delta`` = dL/dz_L through the layers (lesson 03, section 4).

        Parameters
        ----------
        cache : ForwardCache from ``forward_pass`` of the same rows.
        delta : array (m, n_out), the loss gradient with respect to the raw output
            (``minirelu.losses``: ``log_loss_gradient`` or ``mse_gradient``).
        input_gradient : also return dL/dx (m, d).

        Returns
        -------
        dW, db : lists shaped like ``weights`` and ``biases`` (and dX when asked).
        """
        L = len(self.weights)
        g_prime = DERIVATIVES[self.hidden_activation]
        dW, db = [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            dW[l] = delta.T @ cache.A[l]            # dL/dW_l = delta_l^T a_{l-1}
            db[l] = delta.sum(axis=0)               # dL/db_l = sum over rows of delta_l
            if l > 0:                               # delta_{l-1} = (delta_l W_l) * g'(z_{l-1})
                delta = (delta @ self.weights[l]) * g_prime(cache.A[l])
        if input_gradient:
            return dW, db, delta @ self.weights[0]
        return dW, db

    def loss_and_gradients(self, X, y, l1_reg=0.0, gradients=True):
        """Mean loss of the network on (X, y) and its gradients (lesson 03, sections 3-5).

        The loss is the one ``minirelu.losses`` pairs with the output activation (MSE for
        identity, log-loss from the logit for sigmoid, cross-entropy from the K logits for
        softmax, with ``y`` the class indices 0..K-1 (n,) or one-hot rows (n, K)), plus the L1 penalty
        ``l1_reg * sum |W|`` over every weight matrix (never the biases; ``losses.l1_penalty``),
        whose gradient is taken as ``l1_reg * sign(W)`` (``losses.l1_subgradient``).
        Training minimises the same objective with a proximal step instead
        (``optimizers``, lesson 11).

        Returns
        -------
        loss : float
        dW, db : lists shaped like ``weights`` and ``biases`` (only when ``gradients``).
        """
        X = self.check_X(X)
        n_out = self.layer_sizes[-1]
        if self.output_activation == "sigmoid":
            y = check_binary_labels(y if n_out == 1 else np.ravel(y)).reshape(-1, n_out)
        elif self.output_activation == "softmax":
            y = _check_class_targets(y, n_out)
        else:
            y = check_array(y, "y", dtype=self.dtype, ensure_2d=False).reshape(len(y), -1)
            if y.shape[1] != n_out:
                raise ValueError(f"y has {y.shape[1]} outputs but the network has {n_out}")
        check_consistent_length(X=X, y=y)
        l1_reg = check_non_negative(l1_reg, "l1_reg")
        loss_fn = loss_for_output(self.output_activation)
        z, cache = self.forward_pass(X)
        # the sigmoid and identity losses average over every output; the cross-entropy
        # already sums over a row's K classes
        per_row = 1 if self.output_activation == "softmax" else n_out
        loss = loss_fn.loss(y, z) * per_row + l1_penalty(self.weights, l1_reg)
        if not gradients:
            return loss
        dW, db = self.backward(cache, loss_fn.gradient(y, z))
        if l1_reg:
            dW = [g + s for g, s in zip(dW, l1_subgradient(self.weights, l1_reg))]
        return loss, dW, db

    def input_gradient(self, X, output=0, raw=True):
        """d(output)/dx for every row of X, shape (n, d), by backpropagation to the input.

        Taught in lessons/08_reading_a_network.ipynb, section 4.

        ``raw=True`` differentiates the raw output (the logit of a classifier);
        ``raw=False`` differentiates the output after its activation (for softmax, the
        probability p_c of class ``output``, whose gradient is sum_k p_c (δ_ck − p_k) dz_k/dx).
        For a ReLU network the raw gradient is the coefficient vector of the
        local linear model the row lies in.
        """
        X = self.check_X(X)
        n_out = self.layer_sizes[-1]
        output = check_int(output, "output", minimum=0)
        if output >= n_out:
            raise ValueError(f"output must be < {n_out}, the number of outputs; got {output}")
        z, cache = self.forward_pass(X)
        delta = np.zeros_like(z)
        delta[:, output] = 1.0
        if not raw and self.output_activation == "softmax":
            p = OUTPUT_FUNCTIONS["softmax"](z)
            delta = -p[:, output:output + 1] * p            # dp_c/dz_k = p_c (δ_ck − p_k)
            delta[:, output] += p[:, output]
        elif not raw:
            a = ACTIVATIONS[self.output_activation](z[:, output])
            delta[:, output] = DERIVATIVES[self.output_activation](a)
        return self.backward(cache, delta, input_gradient=True)[2]


def _check_class_targets(y, n_classes):
    """Targets of a softmax output: class indices 0..K-1 (n,) become one-hot rows (n, K);
    rows (n, K) of non-negative numbers summing to 1 are taken as they are."""
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == n_classes and n_classes > 1:
        Y = check_array(arr, "y")
        if (Y < 0).any() or not np.allclose(Y.sum(axis=1), 1.0, rtol=0, atol=1e-9):
            raise ValueError(f"y rows must be one-hot (or probabilities summing to 1) over the "
                             f"{n_classes} classes")
        return Y
    index = check_vector(arr if arr.dtype != bool else arr.astype(np.int64), "y")
    bad = (index != np.round(index)) | (index < 0) | (index >= n_classes)
    if bad.any():
        found = ", ".join(f"{v:g}" for v in np.unique(index[bad])[:5])
        raise ValueError(f"y must hold class indices 0..{n_classes - 1} (or one-hot rows of "
                         f"{n_classes} columns); found {found}")
    return np.eye(n_classes)[index.astype(np.int64)]


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
