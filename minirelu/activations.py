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
    """g(z) = 1 / (1 + exp(-z)), computed as (1 + tanh(z/2)) / 2.

    The tanh form never overflows: exp(-z) for z = -1000 would be inf,
    tanh(-500) is simply -1, so sigmoid(-1000) is exactly 0 with no warning.
    """
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def tanh(z, out=None):
    """g(z) = tanh(z)."""
    return np.tanh(z, out=out)


def identity_derivative(a):
    """g'(z) = 1."""
    return np.ones_like(a)


def relu_derivative(a):
    """g'(z) = 1 where a > 0, else 0."""
    return (a > 0).astype(a.dtype)


def sigmoid_derivative(a):
    """g'(z) = a (1 - a); at most 1/4, reached at z = 0."""
    return a * (1 - a)


def tanh_derivative(a):
    """g'(z) = 1 - a**2."""
    return 1 - a * a


ACTIVATIONS = {"identity": identity, "relu": relu, "sigmoid": sigmoid, "tanh": tanh}
DERIVATIVES = {"identity": identity_derivative, "relu": relu_derivative,
               "sigmoid": sigmoid_derivative, "tanh": tanh_derivative}


def get_activation(name, argument="activation"):
    """Return ``(g, g')`` for an activation name; unknown names list the valid ones."""
    if name not in ACTIVATIONS:
        valid = ", ".join(repr(k) for k in sorted(ACTIVATIONS))
        raise ValueError(f"{argument} must be one of {valid}; got {name!r}")
    return ACTIVATIONS[name], DERIVATIVES[name]
