"""Activation functions and their derivatives, looked up by name.

Each activation ``g`` maps a pre-activation ``z`` to ``a = g(z)`` element-wise.
Its derivative is written through the *output* ``a`` (as scikit-learn does),
because that is what the backward pass has at hand:

=========  ==============================  =====================
name       g(z)                            g'(z) written with a
=========  ==============================  =====================
identity   z                               1
relu       max(z, 0)                       1 if a > 0 else 0
sigmoid    1 / (1 + exp(-z))               a (1 - a)
tanh       tanh(z)                         1 - a**2
=========  ==============================  =====================

ReLU's derivative at exactly ``z = 0`` is taken as 0 (the point has measure zero).

``softmax`` is an output activation only: it maps a row of K logits to K
probabilities, p_c = exp(z_c) / sum_k exp(z_k), so each output depends on every
logit. Its derivative is the K×K Jacobian dp_c/dz_k = p_c (δ_ck − p_k) of each row
(``softmax_jacobian``), not an element-wise factor, so it sits only in
``OUTPUT_ACTIVATIONS``, not in ``ACTIVATIONS``/``DERIVATIVES``. Paired with the
cross-entropy, the backward pass needs only p − y (see ``losses``).

Every function accepts ``out=`` so the training loop can reuse its buffers.

Introduced in lessons/03_neural_networks.ipynb and lessons/04_activations_optimizers.ipynb;
softmax in lessons/15_more_than_two_classes.ipynb.
"""
import numpy as np

__all__ = ["identity", "relu", "sigmoid", "tanh", "softmax", "softmax_jacobian", "ACTIVATIONS",
           "DERIVATIVES", "OUTPUT_ACTIVATIONS", "get_activation"]


def identity(z, out=None):
    """g(z) = z."""
    if out is None:
        return np.array(z, dtype=np.result_type(z, np.float32), copy=True)
    np.copyto(out, z)
    return out


def relu(z, out=None):
    """g(z) = max(z, 0).

    Taught in lessons/04_activations_optimizers.ipynb, section 1.
    """
    return np.maximum(z, 0, out=out)


def sigmoid(z, out=None):
    """g(z) = 1 / (1 + exp(-z)), computed without overflow and with full relative precision.

    Taught in lessons/02_logistic_regression.ipynb, sections 1 and 3, and
    lessons/04_activations_optimizers.ipynb, section 1.

    With e = exp(-|z|), which lies in (0, 1], sigmoid(z) is 1 / (1 + e) for z >= 0
    and e / (1 + e) for z < 0. The textbook form overflows in exp(-z) for
    z = -1000; the form (1 + tanh(z/2)) / 2 rounds sigmoid(-40) = 4.2e-18 to 0.
    """
    e = np.exp(-np.abs(z))
    return np.divide(np.where(z >= 0, 1.0, e), 1.0 + e, out=out)


def tanh(z, out=None):
    """g(z) = tanh(z).

    Taught in lessons/04_activations_optimizers.ipynb, section 1.
    """
    return np.tanh(z, out=out)


def softmax(z, out=None):
    """p_c = exp(z_c) / sum_k exp(z_k) along the last axis (rows of K logits), without overflow.

    Taught in lessons/15_more_than_two_classes.ipynb, section 1.

    Shifting a row by its maximum does not change the ratio, and makes every
    exponent <= 0: exp cannot overflow and the largest term is exactly 1, so the
    denominator is at least 1. The textbook form overflows for z = 1000.

    Parameters
    ----------
    z : array of shape (..., K)
    out : optional array of the same shape to write into (may be ``z`` itself)

    Returns
    -------
    array of shape (..., K), every row non-negative and summing to 1.
    """
    z = np.asarray(z, dtype=np.result_type(z, np.float32))
    out = np.subtract(z, np.max(z, axis=-1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= np.sum(out, axis=-1, keepdims=True)
    return out


def softmax_jacobian(p):
    """dp_c/dz_k = p_c (δ_ck − p_k) for each row of softmax outputs ``p`` (n, K): shape (n, K, K).

    Taught in lessons/15_more_than_two_classes.ipynb, section 2.
    """
    p = np.asarray(p)
    return p[..., :, None] * (np.eye(p.shape[-1]) - p[..., None, :])


def identity_derivative(a, out=None):
    """g'(z) = 1."""
    if out is None:
        return np.ones_like(a)
    out.fill(1)
    return out


def relu_derivative(a, out=None):
    """g'(z) = 1 where a > 0, else 0."""
    if out is None:
        return (a > 0).astype(a.dtype)
    return np.greater(a, 0, out=out)


def sigmoid_derivative(a, out=None):
    """g'(z) = a (1 - a); at most 1/4, reached at z = 0."""
    out = np.subtract(1, a, out=out)
    out *= a
    return out


def tanh_derivative(a, out=None):
    """g'(z) = 1 - a**2."""
    out = np.multiply(a, a, out=out)
    np.subtract(1, out, out=out)
    return out


ACTIVATIONS = {"identity": identity, "relu": relu, "sigmoid": sigmoid, "tanh": tanh}
DERIVATIVES = {"identity": identity_derivative, "relu": relu_derivative,
               "sigmoid": sigmoid_derivative, "tanh": tanh_derivative}
# what an output layer may apply to its raw output z_L: softmax acts on a whole row
# of logits, so it is an output activation only (not in ACTIVATIONS/DERIVATIVES)
OUTPUT_ACTIVATIONS = {"identity": identity, "sigmoid": sigmoid, "softmax": softmax}


def get_activation(name, argument="activation"):
    """Return ``(g, g')`` for an activation name; unknown names list the valid ones."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        valid = ", ".join(repr(k) for k in sorted(ACTIVATIONS))
        error = ValueError if isinstance(name, str) else TypeError
        raise error(f"{argument} must be one of {valid}; got {name!r}")
    return ACTIVATIONS[name], DERIVATIVES[name]
