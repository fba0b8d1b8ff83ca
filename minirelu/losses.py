"""Losses and their gradients with respect to the network's raw output.

Both losses are means over the n samples of a batch.

* Mean squared error, for an identity output ``yhat = z``::

      L = (1/n) sum_i (z_i - y_i)**2          dL/dz_i = 2 (z_i - y_i) / n

* Log-loss (binary cross-entropy), for a sigmoid output ``p = sigmoid(z)``.
  It is computed from the logit ``z``, never from ``p``::

      L = (1/n) sum_i [ log(1 + exp(z_i)) - y_i z_i ]     dL/dz_i = (p_i - y_i) / n

  This equals ``-(1/n) sum [y log p + (1 - y) log(1 - p)]`` but stays finite for
  any logit: ``log(1 + exp(z))`` is evaluated as ``logaddexp(0, z)``, while
  ``log(p)`` with ``p`` rounded to 0 would be ``-inf``.

The simple gradients ``2(z - y)/n`` and ``(p - y)/n`` are why the identity output
pairs with MSE and the sigmoid output with log-loss (the "canonical link").

Introduced in lessons/01_linear_regression.ipynb and lessons/02_logistic_regression.ipynb.
"""
import numpy as np

__all__ = ["mse", "mse_gradient", "log_loss", "log_loss_gradient", "LOSSES"]


def mse(y_true, z):
    """Mean squared error (1/n) sum (z - y)**2 for arrays of shape (n,) or (n, 1)."""
    r = np.asarray(z) - np.asarray(y_true)
    return float(np.mean(r * r))


def mse_gradient(y_true, z):
    """dL/dz = 2 (z - y) / n, shaped like ``z``."""
    z = np.asarray(z)
    return 2.0 * (z - np.asarray(y_true).reshape(z.shape)) / z.shape[0]


def log_loss(y_true, z):
    """Mean binary cross-entropy of labels ``y`` (0/1) given logits ``z``, stable for any z."""
    z = np.asarray(z)
    y = np.asarray(y_true).reshape(z.shape)
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def log_loss_gradient(y_true, z):
    """dL/dz = (sigmoid(z) - y) / n, shaped like ``z``."""
    z = np.asarray(z)
    p = np.exp(-np.logaddexp(0.0, -z))          # sigmoid(z) = 1 / (1 + e^-z), without overflow
    return (p - np.asarray(y_true).reshape(z.shape)) / z.shape[0]


# loss name -> (loss, gradient, output activation it pairs with)
LOSSES = {"mse": (mse, mse_gradient, "identity"),
          "log_loss": (log_loss, log_loss_gradient, "sigmoid")}
