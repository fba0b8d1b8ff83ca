"""Gradient checking: compare an analytic gradient with central differences.

The central difference ``(f(x + h e_i) - f(x - h e_i)) / (2h)`` has error of
order h**2, so with h = 1e-5 in float64 a correct backward pass agrees to
about 1e-9 relative error. A bug usually shows as an error near 1.
Two things cause false alarms: float32 (too few digits) and kinks, such as ReLU
at 0, closer than h to an input; keep inputs away from kinks when checking.

Introduced in lessons/03_neural_networks.ipynb.
"""
import numpy as np

__all__ = ["numerical_gradient", "relative_error", "check_gradients", "verdict"]


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of a scalar function ``f`` at array ``x``.

    ``x`` is perturbed in place, one entry at a time, and restored afterwards,
    so ``f`` may read it through a closure (e.g. a network's weight matrix).

    Returns an array shaped like ``x``.
    """
    x = np.asarray(x)
    if x.dtype.kind != "f":
        raise TypeError(f"x must be a float array to be perturbed, got dtype {x.dtype}")
    grad = np.zeros_like(x, dtype=np.float64)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so that it can be perturbed in place")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        f_plus = float(f())
        flat[i] = old - h
        f_minus = float(f())
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(analytic, numeric):
    """max_i |a_i - n_i| / max(|a_i| + |n_i|, 1e-8): 0 when equal, about 1 when unrelated."""
    a, n = np.asarray(analytic, dtype=float), np.asarray(numeric, dtype=float)
    if a.shape != n.shape:
        raise ValueError(f"analytic has shape {a.shape} but numeric has shape {n.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-8)))


def verdict(error):
    """Say what a relative error means: below 1e-7 matches, below 1e-4 suspicious, else wrong."""
    if error < 1e-7:
        return "matches"
    if error < 1e-4:
        return "suspicious (a kink nearby, or float32?)"
    return "WRONG"


def check_gradients(net, X, y, l1_reg=0.0, h=1e-5):
    """Relative error of every weight and bias gradient of ``net`` against central differences
    (lesson 03, section 5).

    Parameters
    ----------
    net : MLP
    X : array of shape (n, d)
    y : array of shape (n,)
    l1_reg : float, the L1 penalty included in the loss.

    Returns
    -------
    dict mapping 'W1', 'b1', 'W2', ... (layers numbered from 1) to the relative error.
    """
    _, dW, db = net.loss_and_gradients(X, y, l1_reg=l1_reg)

    def loss():
        return net.loss_and_gradients(X, y, l1_reg=l1_reg, gradients=False)

    errors = {}
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        errors[f"W{l}"] = relative_error(dW[l - 1], numerical_gradient(loss, W, h))
        errors[f"b{l}"] = relative_error(db[l - 1], numerical_gradient(loss, b, h))
    return errors
