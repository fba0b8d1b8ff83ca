"""Losses and their gradients with respect to the network's raw output, and the L1 penalty.

Both losses are means over the n samples of a batch.

* Mean squared error, for an identity output ``yhat = z``::

      L = (1/n) sum_i (z_i - y_i)**2          dL/dz_i = 2 (z_i - y_i) / n

* Log-loss (binary cross-entropy), for a sigmoid output ``p = sigmoid(z)``.
  It is computed from the logit ``z``, never from ``p``::

      L = (1/n) sum_i [ log(1 + exp(z_i)) - y_i z_i ]     dL/dz_i = (p_i - y_i) / n

  This equals ``-(1/n) sum [y log p + (1 - y) log(1 - p)]`` but stays finite for
  any logit: ``log(1 + exp(z))`` is evaluated as ``logaddexp(0, z)``, while
  ``log(p)`` with ``p`` rounded to 0 would be ``-inf``.

* Cross-entropy of K classes, for a softmax output ``p_i = softmax(z_i)`` over a row
  of K logits. With ``Y`` the one-hot labels (n, K), computed from the logits::

      L = (1/n) sum_i [ logsumexp(z_i) - z_{i, y_i} ]     dL/dz_ic = (p_ic - Y_ic) / n

  This equals ``-(1/n) sum_i log p_{i, y_i}``; ``logsumexp(z) = m + log sum_k
  exp(z_k - m)`` with m the row's maximum never overflows, and no ``log(0)`` appears.
  For K = 2 it is the log-loss of the logit difference z_1 - z_0.

The simple gradients ``2(z - y)/n``, ``(p - y)/n`` and ``(P - Y)/n`` are why the
identity output pairs with MSE, the sigmoid output with log-loss and the softmax
output with the cross-entropy (the "canonical link": the output activation's
derivative cancels against the loss's). ``LOSSES`` is the one table of these pairs;
the network's ``loss_and_gradients`` and the estimators' training both look their
loss up there, so what ``history_`` records is what the gradient check verifies.

* L1 penalty, on the weights only (never the biases): ``l1_reg * sum |W|``. Training
  handles it with a proximal step (``minirelu.optimizers``, lesson 11), not with
  its (sub)gradient ``l1_reg * sign(W)``, which only the gradient check uses.

Introduced in lessons/01_linear_regression.ipynb and lessons/02_logistic_regression.ipynb;
used by the network in lessons/03_neural_networks.ipynb (sections 3 and 4); the
cross-entropy in lessons/15_more_than_two_classes.ipynb.
"""
from collections import namedtuple

import numpy as np

__all__ = ["mse", "mse_gradient", "log_loss", "log_loss_gradient", "logsumexp",
           "cross_entropy", "cross_entropy_gradient", "l1_penalty", "l1_subgradient", "LOSSES",
           "loss_for_output"]


def mse(y_true, z):
    """Mean squared error (1/n) sum (z - y)**2 for arrays of shape (n,) or (n, 1)
    (lesson 01; the regressor's loss in lesson 03, section 7)."""
    z = np.asarray(z)
    r = z - np.asarray(y_true).reshape(z.shape)
    return float(np.mean(r * r))


def mse_gradient(y_true, z):
    """dL/dz = 2 (z - y) / n, shaped like ``z``: the output delta of a regressor.

    Taught in lessons/01_linear_regression.ipynb, section 5.
    """
    z = np.asarray(z)
    return (z - np.asarray(y_true).reshape(z.shape)) * (2.0 / z.shape[0])


def log_loss(y_true, z):
    """Mean binary cross-entropy of labels ``y`` (0/1) given logits ``z``, stable for any z
    (lesson 02; lesson 03, section 3)."""
    z = np.asarray(z)
    y = np.asarray(y_true).reshape(z.shape)
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def log_loss_gradient(y_true, z):
    """dL/dz = (sigmoid(z) - y) / n, shaped like ``z``: the output delta of a classifier
    (lesson 03, section 4, step 1).

    sigmoid(z) is e / (1 + e) with e = exp(-|z|) for z < 0 and 1 / (1 + e) otherwise,
    as ``activations.sigmoid`` computes it: no overflow, full relative precision.
    """
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    p = np.where(z >= 0, 1.0, e) / (1.0 + e)
    return (p - np.asarray(y_true).reshape(z.shape)) * (1.0 / z.shape[0])


def logsumexp(z):
    """log sum_k exp(z_k) of each row of ``z`` (n, K), shape (n,): shifted by the row maximum.

    Taught in lessons/15_more_than_two_classes.ipynb, section 2.
    """
    z = np.asarray(z)
    m = np.max(z, axis=-1)
    return m + np.log(np.sum(np.exp(z - m[..., None]), axis=-1))


def _one_hot(y_true, z):
    """Labels as a (n, K) array: class indices (n,) become one-hot rows; (n, K) pass through."""
    y = np.asarray(y_true)
    if y.shape == z.shape:
        return y
    y = y.reshape(-1)
    if y.shape[0] != z.shape[0]:
        raise ValueError(f"y_true has {y.shape[0]} labels but z has {z.shape[0]} rows")
    index = y.astype(np.int64)
    if (index != y).any() or (index < 0).any() or (index >= z.shape[1]).any():
        raise ValueError(f"y_true must hold class indices 0..{z.shape[1] - 1} or one-hot rows "
                         f"of shape {z.shape}")
    onehot = np.zeros(z.shape)
    onehot[np.arange(len(index)), index] = 1.0
    return onehot


def cross_entropy(y_true, z):
    """Mean cross-entropy of K classes given logits ``z`` (n, K), stable for any logits.

    Taught in lessons/15_more_than_two_classes.ipynb, section 2.

    ``y_true``: class indices (n,) in 0..K-1, or one-hot rows (n, K) (any rows
    summing to 1 are accepted: soft labels). Returns a float.
    """
    z = np.asarray(z)
    Y = _one_hot(y_true, z)
    return float(np.mean(logsumexp(z) - np.sum(Y * z, axis=-1)))


def cross_entropy_gradient(y_true, z):
    """dL/dz = (softmax(z) - Y) / n, shaped like ``z`` (n, K).

    Taught in lessons/15_more_than_two_classes.ipynb, section 2.
    """
    z = np.asarray(z)
    Y = _one_hot(y_true, z)
    p = np.exp(z - logsumexp(z)[:, None])          # softmax(z), without overflow
    return (p - Y) / z.shape[0]


def l1_penalty(weights, l1_reg):
    """``l1_reg * sum |W|`` over a list of weight matrices (lesson 11), as a float."""
    if not l1_reg:
        return 0.0
    return float(l1_reg) * sum(float(np.abs(W).sum()) for W in weights)


def l1_subgradient(weights, l1_reg):
    """``l1_reg * sign(W)`` for each weight matrix: the penalty's gradient where w != 0.

    Taught in lessons/11_l1_regularization.ipynb, section 1.
    """
    return [l1_reg * np.sign(W) for W in weights]


Loss = namedtuple("Loss", ["loss", "gradient", "output"])
Loss.__doc__ = "A loss, its gradient with respect to the raw output, and the output activation it pairs with."

# loss name -> the loss, its gradient dL/dz, and the output activation it pairs with
LOSSES = {"mse": Loss(mse, mse_gradient, "identity"),
          "log_loss": Loss(log_loss, log_loss_gradient, "sigmoid"),
          "cross_entropy": Loss(cross_entropy, cross_entropy_gradient, "softmax")}


def loss_for_output(output_activation):
    """The ``Loss`` entry of ``LOSSES`` that pairs with ``output_activation``.

    Training calls it (lessons/03_neural_networks.ipynb, section 4, step 1): with each
    output's canonical loss the output delta is (p - y) / n.
    """
    for entry in LOSSES.values():
        if entry.output == output_activation:
            return entry
    valid = ", ".join(sorted(repr(entry.output) for entry in LOSSES.values()))
    raise ValueError(f"output_activation must be one of {valid}; got {output_activation!r}")
