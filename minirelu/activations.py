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
Every function accepts ``out=`` so the training loop can reuse its buffers.

Introduced in lessons/03_neural_networks.ipynb and lessons/04_activations_optimizers.ipynb.
"""
import numpy as np

__all__ = ["identity", "relu", "sigmoid", "tanh", "ACTIVATIONS", "DERIVATIVES",
           "get_activation"]


def identity(z, out=None):
    """g(z) = z."""
    if out is None:
        return np.array(z, dtype=np.result_type(z, np.float32), copy=True)
    np.copyto(out, z)
    return out


def relu(z, out=None):
    """g(z) = max(z, 0)."""
    return np.maximum(z, 0, out=out)


def sigmoid(z, out=None):
    """g(z) = 1 / (1 + exp(-z)), computed without overflow and with full relative precision.

    With e = exp(-|z|), which lies in (0, 1], sigmoid(z) is 1 / (1 + e) for z >= 0
    and e / (1 + e) for z < 0. The textbook form overflows in exp(-z) for
    z = -1000; the form (1 + tanh(z/2)) / 2 rounds sigmoid(-40) = 4.2e-18 to 0.
    """
    e = np.exp(-np.abs(z))
    return np.divide(np.where(z >= 0, 1.0, e), 1.0 + e, out=out)


def tanh(z, out=None):
    """g(z) = tanh(z)."""
    return np.tanh(z, out=out)


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


def get_activation(name, argument="activation"):
    """Return ``(g, g')`` for an activation name; unknown names list the valid ones."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        valid = ", ".join(repr(k) for k in sorted(ACTIVATIONS))
        error = ValueError if isinstance(name, str) else TypeError
        raise error(f"{argument} must be one of {valid}; got {name!r}")
    return ACTIVATIONS[name], DERIVATIVES[name]
