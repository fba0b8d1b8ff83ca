"""MLPClassifier and MLPRegressor: minibatch training of an MLP, scikit-learn style.

Hyper-parameters are stored unchanged by ``__init__``; ``fit`` builds the network
(``network_``), trains it and records ``history_``; learned attributes end in ``_``.

One epoch shuffles the rows once, then for each batch of ``batch_size`` rows:
forward pass, loss gradient at the output, backward pass, optimizer step
(and, with ``l1_reg``, a proximal step on the weights). All parameters live in
one flat vector, so an optimizer step is a handful of array operations however
deep the network, and every buffer is allocated once per fit.

Introduced in lessons/03_neural_networks.ipynb.
"""
import math

import numpy as np

from .activations import get_activation, sigmoid
from .base import BinaryClassifierMixin, Estimator, TrainingDivergedError
from .metrics import r2_score
from .network import MLP
from .optimizers import make_optimizer, OPTIMIZERS
from .threads import blas_threads
from .validation import (check_array, check_binary_labels, check_consistent_length, check_dtype,
                         check_fitted, check_int, check_n_features, check_non_negative, check_option,
                         check_positive, check_random_state, check_vector)

__all__ = ["MLPClassifier", "MLPRegressor"]


def _views(vector, shapes):
    """Arrays of the given shapes that are consecutive views into one flat ``vector``."""
    ends = np.cumsum([int(np.prod(shape)) for shape in shapes])
    return [part.reshape(shape) for part, shape in zip(np.split(vector, ends[:-1]), shapes)]


def _soft_threshold(w, tau, buf):
    """Proximal step of tau * |w|: shrink every weight towards 0 by tau, stopping at exactly 0."""
    np.abs(w, out=buf)
    buf -= tau
    np.maximum(buf, 0, out=buf)
    np.copysign(buf, w, out=w)


class _BaseMLP(Estimator):
    _output_activation = None        # 'sigmoid' (classifier) or 'identity' (regressor)
    _metric = None                   # name of the score recorded in history_

    def __init__(self, hidden_layer_sizes=(64, 64), activation="relu", optimizer="adam",
                 learning_rate=1e-3, batch_size=32, epochs=40, l1_reg=0.0, momentum=0.9,
                 early_stopping=False, patience=10, shuffle=True, verbose=False,
                 random_state=None, dtype="float64", n_threads=1):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.l1_reg = l1_reg
        self.momentum = momentum
        self.early_stopping = early_stopping
        self.patience = patience
        self.shuffle = shuffle
        self.verbose = verbose
        self.random_state = random_state
        self.dtype = dtype
        self.n_threads = n_threads

    # ---- checks --------------------------------------------------------------------------
    def _check_hyper_parameters(self):
        sizes = self.hidden_layer_sizes
        if isinstance(sizes, (int, np.integer)):
            sizes = (sizes,)
        if not np.iterable(sizes):
            raise TypeError(f"hidden_layer_sizes must be a tuple of ints, got {sizes!r}")
        sizes = tuple(check_int(s, "hidden_layer_sizes entries", minimum=1) for s in sizes)
        get_activation(self.activation, "activation")
        check_option(self.optimizer, OPTIMIZERS, "optimizer")
        check_positive(self.learning_rate, "learning_rate")
        check_int(self.batch_size, "batch_size", minimum=1)
        check_int(self.epochs, "epochs", minimum=1)
        check_non_negative(self.l1_reg, "l1_reg")
        check_int(self.patience, "patience", minimum=1)
        check_int(self.n_threads, "n_threads", minimum=1)
        return sizes, check_dtype(self.dtype)

    def _check_y(self, y, name="y"):
        raise NotImplementedError

    def _check_X(self, X, name="X"):
        check_fitted(self, "network_")
        X = check_array(X, name, dtype=self.network_.dtype)
        check_n_features(X, self.n_features_in_, name)
        return X

    # ---- training ------------------------------------------------------------------------
    def fit(self, X, y, validation_data=None):
        """Train on (X, y); returns self.

        Parameters
        ----------
        X : array (n, d)
        y : array (n,): labels 0/1 (classifier) or targets (regressor)
        validation_data : optional pair (X_val, y_val), scored after every epoch.
        """
        sizes, dtype = self._check_hyper_parameters()
        X = check_array(X, "X", dtype=dtype)
        y = self._check_y(y)
        check_consistent_length(X=X, y=y)
        val = None
        if validation_data is not None:
            if not (isinstance(validation_data, (tuple, list)) and len(validation_data) == 2):
                raise TypeError("validation_data must be a pair (X_val, y_val)")
            X_val = check_array(validation_data[0], "validation_data X_val", dtype=dtype)
            check_n_features(X_val, X.shape[1], "validation_data X_val")
            y_val = self._check_y(validation_data[1], "validation_data y_val")
            check_consistent_length(X_val=X_val, y_val=y_val)
            val = (X_val, y_val)

        rng = check_random_state(self.random_state)
        self.n_features_in_ = X.shape[1]
        self.network_ = MLP((X.shape[1],) + sizes + (1,), self.activation, self._output_activation,
                            random_state=rng, dtype=dtype)
        self.history_ = {"loss": [], self._metric: []}
        if val is not None:
            self.history_.update({"val_loss": [], "val_" + self._metric: []})
        with blas_threads(self.n_threads), np.errstate(over="ignore", invalid="ignore"):
            self._train(X, y, val, rng)
        return self

    def _train(self, X, y, val, rng):
        net = self.network_
        n = X.shape[0]
        batch = min(self.batch_size, n)
        # Pack every parameter into one flat vector (weights first, then biases,
        # so the L1 step touches a prefix) and let weights/biases be views of it.
        shapes = [W.shape for W in net.weights] + [b.shape for b in net.biases]
        theta = np.concatenate([p.ravel() for p in net.weights + net.biases])
        grad = np.zeros_like(theta)
        n_weights = sum(W.size for W in net.weights)
        L = len(net.weights)
        params, grads = _views(theta, shapes), _views(grad, shapes)
        net.weights, net.biases = params[:L], params[L:]
        dW, db = grads[:L], grads[L:]

        optimizer_options = {"momentum": self.momentum} if self.optimizer == "momentum" else {}
        opt = make_optimizer(self.optimizer, self.learning_rate, **optimizer_options)
        tau = self.learning_rate * self.l1_reg
        l1_buf = np.empty(n_weights, theta.dtype)
        cache = net.new_cache(batch)
        delta_buf = np.empty((batch, 1), theta.dtype)
        loss_buf = np.empty((batch, 1), theta.dtype)
        y_col = y.reshape(-1, 1).astype(theta.dtype)
        sst = float(np.sum((y - y.mean()) ** 2)) if self._metric == "r2" else None
        if sst == 0.0:      # constant targets: R² = 1 - SSE/0 is undefined (NaN in history_)
            sst = float("nan")

        best_loss, best_theta, best_epoch, wait = np.inf, None, 0, 0
        for epoch in range(1, self.epochs + 1):
            start_theta = theta.copy()
            order = rng.permutation(n) if self.shuffle else np.arange(n)
            Xs, ys = X[order], y_col[order]
            loss_sum, hits = 0.0, 0.0
            for start in range(0, n, batch):
                xb, yb = Xs[start:start + batch], ys[start:start + batch]
                m = xb.shape[0]
                z = net.forward_into(xb, cache)
                batch_loss, batch_hits = self._loss_and_delta(z, yb, delta_buf[:m], loss_buf[:m])
                if not math.isfinite(batch_loss):
                    theta[:] = start_theta
                    self._diverged(epoch, start // batch + 1, batch_loss)
                loss_sum += batch_loss
                hits += batch_hits
                net.backward(cache, delta_buf[:m], out=(dW, db))
                opt.step([theta], [grad])
                if tau:
                    _soft_threshold(theta[:n_weights], tau, l1_buf)
            if not np.isfinite(theta).all():
                theta[:] = start_theta
                self._diverged(epoch, None, float("nan"))
            h = self.history_
            h["loss"].append(loss_sum / n)
            h[self._metric].append(hits / n if sst is None else 1.0 - hits / sst)
            if val is not None:
                val_loss, val_metric = self._evaluate(*val)
                h["val_loss"].append(val_loss)
                h["val_" + self._metric].append(val_metric)
            if self.verbose:
                print(f"epoch {epoch:3d}/{self.epochs}  " + "  ".join(
                    f"{k} {v[-1]:.4f}" for k, v in h.items()), flush=True)
            if self.early_stopping:
                monitored = h["val_loss" if val is not None else "loss"][-1]
                if monitored < best_loss - 1e-12:
                    best_loss, best_theta, best_epoch, wait = monitored, theta.copy(), epoch, 0
                else:
                    wait += 1
                    if wait >= self.patience:
                        break
        if best_theta is not None:
            theta[:] = best_theta
            self.best_epoch_ = best_epoch
        self.n_epochs_ = len(self.history_["loss"])

    def _diverged(self, epoch, batch, loss):
        where = f"epoch {epoch}" + (f", batch {batch}" if batch else "")
        raise TrainingDivergedError(
            f"training diverged at {where}: the loss became {loss}. The weights were restored to "
            f"the start of that epoch. Lower learning_rate (now {self.learning_rate:g}) "
            f"or scale the inputs.")

    def _evaluate(self, X, y):
        """Mean loss and metric of the current network on (X, y)."""
        z = self.network_.raw_output(X, self.n_threads)[:, 0]
        loss, _ = self._loss_and_delta(z.reshape(-1, 1), y.reshape(-1, 1).astype(z.dtype),
                                       np.empty((len(z), 1), z.dtype), np.empty((len(z), 1), z.dtype))
        return loss / len(z), self._score_raw(z, y)

    # ---- persistence -----------------------------------------------------------------------
    def save(self, path):
        """Save the fitted model to ``path`` (.npz with arrays and JSON; no pickle)."""
        from .serialization import save_model
        check_fitted(self, "network_")
        save_model(self, path)


class MLPClassifier(BinaryClassifierMixin, _BaseMLP):
    """A binary classifier: ReLU (or other) hidden layers, one sigmoid output, log-loss.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, widths of the hidden layers.
    activation : {'relu', 'sigmoid', 'tanh', 'identity'}, hidden activation.
    optimizer : {'sgd', 'momentum', 'adam'}
    learning_rate, batch_size, epochs : the optimizer's step, rows per step, passes over the data.
    l1_reg : float, L1 penalty lambda on the weights (never the biases), applied as a proximal
        step after each update: every weight shrinks by learning_rate * l1_reg and stops at
        exactly 0, which is what makes units die and regions merge.
    momentum : float, for optimizer='momentum'.
    early_stopping, patience : stop when the monitored loss (validation if given, else training)
        has not improved for ``patience`` epochs, and keep the best weights.
    shuffle : reshuffle rows every epoch.
    verbose : print one line per epoch.
    random_state : None, int or Generator; the same int gives bit-identical weights.
    dtype : 'float64' or 'float32'.
    n_threads : BLAS threads while fitting and predicting (1 by default: at these matrix
        sizes a second thread gains little, and collapses when another process holds the core).

    Attributes
    ----------
    network_ : the fitted MLP.     classes_ : array [0, 1].
    history_ : dict of per-epoch lists: 'loss', 'accuracy' and, with validation data,
        'val_loss', 'val_accuracy'. Training values are running means over the epoch's
        batches (as the weights move); validation values use the weights at the epoch's end.
    n_epochs_ : epochs run.    best_epoch_ : with early stopping, the epoch whose weights are kept.
    """
    _output_activation = "sigmoid"
    _metric = "accuracy"

    def _check_y(self, y, name="y"):
        return check_binary_labels(y, name)

    @staticmethod
    def _loss_and_delta(z, y, delta, loss_buf):
        """Summed log-loss of a batch, number right, and delta = (sigmoid(z) - y) / m."""
        m = z.shape[0]
        np.logaddexp(0.0, z, out=loss_buf)                    # log(1 + e^z) - y z
        loss = float(loss_buf.sum()) - float(np.vdot(y, z))
        hits = float(np.count_nonzero((z > 0) == (y > 0.5)))
        sigmoid(z, out=delta)
        delta -= y
        delta *= 1.0 / m
        return loss, hits

    @staticmethod
    def _score_raw(z, y):
        return float(np.mean((z > 0) == (y > 0.5)))

    def decision_function(self, X):
        """The logit z(x) for every row, shape (n,)."""
        X = self._check_X(X)
        return self.network_.raw_output(X, self.n_threads)[:, 0]


class MLPRegressor(_BaseMLP):
    """A regressor: hidden layers, one identity output, mean squared error.

    Parameters and attributes as for :class:`MLPClassifier`, with history_ keys
    'loss', 'r2' (and 'val_loss', 'val_r2'). R² is undefined for constant targets:
    history_ then records NaN for it (the loss is still recorded).
    """
    _output_activation = "identity"
    _metric = "r2"

    def _check_y(self, y, name="y"):
        return check_vector(y, name)

    @staticmethod
    def _loss_and_delta(z, y, delta, loss_buf):
        """Summed squared error of a batch (twice: as loss and for R²), and delta = 2 (z - y) / m."""
        m = z.shape[0]
        np.subtract(z, y, out=delta)
        sse = float(np.vdot(delta, delta))
        delta *= 2.0 / m
        return sse, sse

    @staticmethod
    def _score_raw(z, y):
        return r2_score(y, z) if np.ptp(y) > 0 else float("nan")

    def predict(self, X):
        """Predicted targets, shape (n,)."""
        X = self._check_X(X)
        return self.network_.raw_output(X, self.n_threads)[:, 0]

    def score(self, X, y):
        """R² on (X, y)."""
        return r2_score(check_vector(y), self.predict(X))
