"""Gradient descent and its cousins. ``step(params, grads)`` updates ``params`` in place.

``params`` and ``grads`` are lists of arrays of matching shapes (for example
``net.weights + net.biases`` and ``dW + db``). With learning rate eta and
gradient g at step t:

* SGD (plain gradient descent on a batch):  theta <- theta - eta g
* Momentum:   v <- mu v - eta g;            theta <- theta + v
* Adam:       m <- b1 m + (1 - b1) g;       s <- b2 s + (1 - b2) g**2
              theta <- theta - eta_t m / (sqrt(s) + eps),
              eta_t = eta sqrt(1 - b2**t) / (1 - b1**t)   (bias correction)

Updates are written with ``out=`` into buffers kept between steps, because
a training run makes tens of thousands of steps and fresh arrays cost time.

**L1 as a proximal step** (lesson 11). Training minimises ``data loss + l1_reg * sum |w|``
over the weights. After each ``step`` the penalty's part is taken exactly by
``prox_l1(weights, l1_reg)``: every weight shrinks towards 0 by a threshold tau and
stops at exactly 0 (soft thresholding), which is what makes units die and local
linear models merge. The threshold is the step size the optimizer gives the gradient,
times l1_reg:

* SGD and momentum: ``tau = eta * l1_reg`` for every weight;
* Adam: ``tau_i = eta * l1_reg / (sqrt(vhat_i) + eps)`` with ``vhat = s / (1 - b2**t)``
  (proximal Adam). Adam divides each gradient by its running scale sqrt(vhat_i); a
  threshold of plain ``eta * l1_reg`` is not divided, so next to the data gradient's
  step (about eta per coordinate) it is l1_reg times smaller: at the toolkits'
  l1_reg = 2e-4 it shrinks a weight by 2e-7 per step and does nothing. Divided like
  the gradient, the threshold compares l1_reg with the data gradient itself, as
  adding ``l1_reg * sign(w)`` to the gradient would, and still sets weights to exactly 0.

Introduced in lessons/04_activations_optimizers.ipynb; the training loop that calls
``step`` is lesson 03, section 6, and ``prox_l1`` is lesson 11.
"""
import numpy as np

from .validation import check_non_negative, check_positive, check_option

__all__ = ["SGD", "Momentum", "Adam", "make_optimizer", "OPTIMIZERS", "soft_threshold"]


def soft_threshold(w, tau):
    """Proximal step of ``tau * |w|``, in place: w <- sign(w) * max(|w| - tau, 0).

    Taught in lessons/11_l1_regularization.ipynb, section 1.

    ``tau`` is a number or an array shaped like ``w`` (one threshold per weight).
    """
    shrunk = np.abs(w)
    shrunk -= tau
    np.maximum(shrunk, 0, out=shrunk)
    np.copysign(shrunk, w, out=w)


class SGD:
    """Plain (minibatch) gradient descent: theta <- theta - learning_rate * g.

    Taught in lessons/03_neural_networks.ipynb, section 6, and
    lessons/04_activations_optimizers.ipynb, section 3.
    """

    def __init__(self, learning_rate=0.01):
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self._buffers = None

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate:g})"

    def _zeros_like(self, params):
        return [np.zeros_like(p) for p in params]

    def step(self, params, grads):
        """One update of every array in ``params`` (in place) from ``grads`` of the same shapes
        (lesson 03, section 6: the update; lesson 04: SGD, momentum and Adam)."""
        if self._buffers is None:
            self._buffers = self._zeros_like(params)
        for p, g, buf in zip(params, grads, self._buffers):
            np.multiply(g, self.learning_rate, out=buf)
            p -= buf

    def l1_thresholds(self, weights, l1_reg):
        """The soft threshold of each weight array: ``learning_rate * l1_reg``."""
        return [self.learning_rate * l1_reg] * len(weights)

    def prox_l1(self, weights, l1_reg):
        """Proximal step of ``l1_reg * sum |w|`` after ``step``, in place (lesson 11).

        ``weights`` are the first arrays of the list last given to ``step`` (the weight
        matrices come before the biases in ``MLP.parameters()``), so an optimizer with
        per-coordinate scales (Adam) can use theirs.
        """
        for w, tau in zip(weights, self.l1_thresholds(weights, l1_reg)):
            soft_threshold(w, tau)


class Momentum(SGD):
    """Gradient descent with momentum: v <- momentum * v - learning_rate * g; theta <- theta + v.

    Taught in lessons/04_activations_optimizers.ipynb, section 3.
    """

    def __init__(self, learning_rate=0.01, momentum=0.9):
        super().__init__(learning_rate)
        self.momentum = check_non_negative(momentum, "momentum")
        if not 0 <= self.momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self._velocity = None

    def __repr__(self):
        return f"Momentum(learning_rate={self.learning_rate:g}, momentum={self.momentum:g})"

    def step(self, params, grads):
        """v <- momentum v - learning_rate g; theta <- theta + v, in place (lesson 04)."""
        if self._velocity is None:
            self._velocity = self._zeros_like(params)
            self._buffers = self._zeros_like(params)
        for p, g, v, buf in zip(params, grads, self._velocity, self._buffers):
            v *= self.momentum
            np.multiply(g, self.learning_rate, out=buf)
            v -= buf
            p += v


class Adam(SGD):
    """Adam (Kingma & Ba, 2015) with bias correction folded into the step size.

    Taught in lessons/04_activations_optimizers.ipynb, section 3.
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
        super().__init__(learning_rate)
        for name, b in (("beta1", beta1), ("beta2", beta2)):
            if not 0 <= check_non_negative(b, name) < 1:
                raise ValueError(f"{name} must be in [0, 1), got {b}")
        self.beta1, self.beta2 = float(beta1), float(beta2)
        self.epsilon = check_positive(epsilon, "epsilon")
        self.t = 0
        self._m = self._s = None

    def __repr__(self):
        return (f"Adam(learning_rate={self.learning_rate:g}, beta1={self.beta1:g}, "
                f"beta2={self.beta2:g}, epsilon={self.epsilon:g})")

    def step(self, params, grads):
        """One Adam update of every array in ``params``, in place (lesson 04)."""
        if self._m is None:
            self._m, self._s = self._zeros_like(params), self._zeros_like(params)
            self._buffers = self._zeros_like(params)
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        eta_t = self.learning_rate * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        for p, g, m, s, buf in zip(params, grads, self._m, self._s, self._buffers):
            m *= b1                                   # m <- b1 m + (1 - b1) g
            np.multiply(g, 1 - b1, out=buf)
            m += buf
            s *= b2                                   # s <- b2 s + (1 - b2) g^2
            np.multiply(g, g, out=buf)
            buf *= 1 - b2
            s += buf
            np.sqrt(s, out=buf)                       # theta <- theta - eta_t m / (sqrt(s) + eps)
            buf += self.epsilon
            np.divide(m, buf, out=buf)
            buf *= eta_t
            p -= buf

    def l1_thresholds(self, weights, l1_reg):
        """Per-weight thresholds ``learning_rate * l1_reg / (sqrt(vhat) + epsilon)``, with
        ``vhat = s / (1 - beta2**t)`` the bias-corrected mean of squared gradients."""
        correction = 1 - self.beta2 ** self.t
        # s[:len(w)]: the weights may be the first entries of one flat parameter vector
        return [self.learning_rate * l1_reg / (np.sqrt(s[:len(w)] / correction) + self.epsilon)
                for w, s in zip(weights, self._s)]


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make_optimizer(name, learning_rate, **options):
    """Build an optimizer from its name: 'sgd', 'momentum' or 'adam'.

    Taught in lessons/04_activations_optimizers.ipynb, section 6.
    """
    check_option(name, OPTIMIZERS, "optimizer")
    return OPTIMIZERS[name](learning_rate, **options)
