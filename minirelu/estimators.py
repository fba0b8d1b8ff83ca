"""MLPClassifier and MLPRegressor: minibatch training of an MLP, scikit-learn style.

Hyper-parameters are stored unchanged by ``__init__``; ``fit`` builds the network
(``network_``), trains it and records ``history_``; learned attributes end in ``_``.

Training, as in lesson 03 (section 6) and in Nielsen's ``network.py``, is three
nested named steps:

* ``fit``: check the data, build the network and the optimizer, run the epochs,
  and only then store the result (a fit that fails leaves the estimator as it was);
* ``_train_epoch``: visit the rows in a fresh random order, one minibatch of
  ``batch_size`` rows at a time (rows are picked by index: the data is never copied);
* ``train_step``: forward pass, loss and output delta (``minirelu.losses``), backward
  pass, optimizer step, and with ``l1_reg`` the optimizer's proximal L1 step.

Over 400 lines because the two estimators share one training loop and one set of
checks, and each class's few methods (binary and K-class classifier, regressor,
``from_network``) read best next to the loop they plug into.

Introduced in lessons/03_neural_networks.ipynb (L1: lessons/11_l1_regularization.ipynb).
"""
import math
import numbers

import numpy as np

from .activations import get_activation
from .base import BinaryClassifierMixin, Estimator, TrainingDivergedError
from .losses import l1_penalty, loss_for_output
from .metrics import r2_score
from .network import MLP
from .optimizers import make_optimizer, OPTIMIZERS
from .threads import blas_threads
from .validation import (check_array, check_consistent_length, check_dtype, check_fitted,
                         check_int, check_n_features, check_non_negative, check_option,
                         check_positive, check_random_state, check_vector, encode_labels,
                         feature_names_of, require_y)
from .validation import check_finite_output

__all__ = ["MLPClassifier", "MLPRegressor", "train_step"]


def train_step(network, X, y, optimizer, l1_reg=0.0):
    """One minibatch step of training, in place (lesson 03, section 6; L1: lesson 11).

    Parameters
    ----------
    network : MLP
    X : array (m, d), the batch's rows.
    y : array (m, n_out), their targets (0/1 labels for a sigmoid output), in the network's dtype.
    optimizer : an optimizer from ``minirelu.optimizers``, kept from step to step.
    l1_reg : float, the L1 penalty's lambda; its proximal step follows the optimizer step.

    Returns
    -------
    loss : float, the batch's mean data loss (without the penalty) before the step.
    z : array (m, n_out), the raw output before the step.
    """
    loss_fn = loss_for_output(network.output_activation)
    z, cache = network.forward_pass(X)                    # forward
    loss = loss_fn.loss(y, z)                             # loss ...
    dW, db = network.backward(cache, loss_fn.gradient(y, z))   # ... its delta, backward
    optimizer.step(network.parameters(), dW + db)         # optimizer step
    if l1_reg:
        optimizer.prox_l1(network.weights, l1_reg)        # L1: shrink weights, some to exactly 0
    return loss, z


def _check_bool(value, name):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


class _PackedParameters:
    """Speed only; skip on a first reading. The optimizer given to ``train_step`` during
    ``fit``: it packs every weight and bias into one flat vector (weights first) and makes
    ``network.weights``/``network.biases`` views of it, so each optimizer and proximal step
    is a handful of operations on one array instead of as many per layer. Same numbers,
    bit for bit. benchmarks/bench_training.py ('Adam step' lines) measures what it saves:
    several milliseconds of an epoch of a 20-64-64-1 net, about a tenth of the epoch."""

    def __init__(self, network, optimizer):
        self.optimizer = optimizer
        params = network.parameters()
        self.theta = np.concatenate([p.ravel() for p in params])
        self.grad = np.empty_like(self.theta)
        ends = np.cumsum([p.size for p in params])[:-1]
        views = [v.reshape(p.shape) for v, p in zip(np.split(self.theta, ends), params)]
        L = len(network.weights)
        network.weights, network.biases = views[:L], views[L:]
        self.n_weights = sum(W.size for W in network.weights)

    def step(self, params, grads):
        np.concatenate([g.ravel() for g in grads], out=self.grad)
        self.optimizer.step([self.theta], [self.grad])

    def prox_l1(self, weights, l1_reg):
        self.optimizer.prox_l1([self.theta[:self.n_weights]], l1_reg)


class _Diverged(Exception):
    """Raised inside an epoch; ``fit`` turns it into TrainingDivergedError."""


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
        if isinstance(sizes, numbers.Integral) and not isinstance(sizes, bool):
            sizes = (sizes,)
        if isinstance(sizes, str) or not np.iterable(sizes):
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
        for name in ("early_stopping", "shuffle", "verbose"):
            _check_bool(getattr(self, name), name)
        return sizes, check_dtype(self.dtype)

    def _check_fit_y(self, y):
        """The targets of fit and the fitted attributes they decide (a classifier's classes_)."""
        raise NotImplementedError

    def _check_val_y(self, y, name, fitted):
        """The validation targets, checked against what ``_check_fit_y`` found."""
        raise NotImplementedError

    def _output_layer(self, fitted):
        """(number of output units, output activation) of the network to train."""
        return 1, self._output_activation

    @staticmethod
    def _training_targets(y, net):
        """The targets as the loss takes them: (n, n_out) in the network's dtype."""
        return y.reshape(-1, 1).astype(net.dtype)

    def _check_X(self, X, name="X"):
        check_fitted(self, "network_")
        return self._check_input(X, name, dtype=self.network_.dtype)

    # ---- training ------------------------------------------------------------------------
    def fit(self, X, y, validation_data=None):
        """Train on (X, y); returns self (lesson 03, section 7).

        Parameters
        ----------
        X : array (n, d), or a DataFrame (its column names become ``feature_names_in_``).
            Converted once to ``dtype`` (a float32 array fitted in float64 is copied once; an
            array already of ``dtype`` is not copied); minibatches are then picked from it by index.
        y : array (n,): two class labels (classifier) or targets (regressor)
        validation_data : optional pair (X_val, y_val), scored after every epoch.

        A fit that fails (bad input, divergence, an interruption) leaves the estimator
        exactly as it was: its previous model, or unfitted.
        """
        sizes, dtype = self._check_hyper_parameters()
        names = feature_names_of(X)
        try:                                  # y first: its temporaries never sit beside X's copy
            y, fitted = self._check_fit_y(y)
        except (TypeError, ValueError):
            check_array(X, "X", dtype=dtype)  # but a bad X is reported before a bad y
            raise
        X = check_array(X, "X", dtype=dtype)
        check_consistent_length(X=X, y=y)
        val = None
        if validation_data is not None:
            if not (isinstance(validation_data, (tuple, list)) and len(validation_data) == 2):
                raise TypeError("validation_data must be a pair (X_val, y_val)")
            X_val = check_array(validation_data[0], "validation_data X_val", dtype=dtype)
            check_n_features(X_val, X.shape[1], "validation_data X_val")
            y_val = self._check_val_y(validation_data[1], "validation_data y_val", fitted)
            check_consistent_length(X_val=X_val, y_val=y_val)
            val = (X_val, y_val)

        rng = check_random_state(self.random_state)
        n_out, output = self._output_layer(fitted)
        net = MLP((X.shape[1],) + sizes + (n_out,), self.activation, output,
                  random_state=rng, dtype=dtype)
        options = {"momentum": self.momentum} if self.optimizer == "momentum" else {}
        optimizer = _PackedParameters(net, make_optimizer(self.optimizer, self.learning_rate, **options))
        targets = self._training_targets(y, net)
        del y                                 # only the targets stay beside X during training
        with blas_threads(self.n_threads), np.errstate(over="ignore", invalid="ignore"):
            history, best_epoch = self._train(net, X, targets, val, optimizer, rng)
        self._set_fitted(network_=net, n_features_in_=X.shape[1], feature_names_in_=names,
                         history_=history, n_epochs_=len(history["loss"]), best_epoch_=best_epoch,
                         **fitted)
        return self

    def _train(self, net, X, targets, val, optimizer, rng):
        """The epochs: train, record history, stop early. Returns (history, best epoch or None).

        ``targets`` (n, n_out) in the network's dtype, as ``_training_targets`` makes them."""
        l1_reg = float(self.l1_reg)
        history = {"loss": [], self._metric: []}
        if l1_reg:
            history["l1_penalty"] = []
        if val is not None:
            history.update({"val_loss": [], "val_" + self._metric: []})
        best_loss, best_params, best_epoch, wait = np.inf, None, None, 0
        for epoch in range(1, self.epochs + 1):
            try:
                loss, metric = self._train_epoch(net, X, targets, optimizer, rng, l1_reg)
            except _Diverged as exc:
                self._diverged(epoch, *exc.args)
            history["loss"].append(loss)
            history[self._metric].append(metric)
            if l1_reg:
                history["l1_penalty"].append(l1_penalty(net.weights, l1_reg))
            if val is not None:
                val_loss, val_metric = self._evaluate(net, *val)
                history["val_loss"].append(val_loss)
                history["val_" + self._metric].append(val_metric)
            if self.verbose:
                print(f"epoch {epoch:3d}/{self.epochs}  " + "  ".join(
                    f"{k} {v[-1]:.4f}" for k, v in history.items()), flush=True)
            if self.early_stopping:
                monitored = history["val_loss" if val is not None else "loss"][-1]
                if monitored < best_loss - 1e-12:
                    best_loss, best_epoch, wait = monitored, epoch, 0
                    best_params = [p.copy() for p in net.parameters()]
                else:
                    wait += 1
                    if wait >= self.patience:
                        break
        if best_params is not None:
            for p, best in zip(net.parameters(), best_params):
                p[...] = best
        return history, best_epoch

    def _train_epoch(self, net, X, y, optimizer, rng, l1_reg):
        """One pass over the rows in minibatches; returns the epoch's mean loss and metric."""
        n = X.shape[0]
        batch = min(self.batch_size, n)
        order = rng.permutation(n) if self.shuffle else np.arange(n)
        loss_sum = metric_sum = 0.0
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            yb = y[rows]
            loss, z = train_step(net, X[rows], yb, optimizer, l1_reg)
            if not math.isfinite(loss):
                raise _Diverged(start // batch + 1, loss)
            loss_sum += loss * len(rows)
            metric_sum += self._batch_metric(z, yb, loss)
        if not all(np.isfinite(p).all() for p in net.parameters()):
            raise _Diverged(None, float("nan"))
        return loss_sum / n, self._epoch_metric(metric_sum, y)

    def _diverged(self, epoch, batch, loss):
        where = f"epoch {epoch}" + (f", batch {batch}" if batch else "")
        raise TrainingDivergedError(
            f"training diverged at {where}: the loss became {loss}. The estimator is left as it "
            f"was before this fit. Lower learning_rate (now {self.learning_rate:g}) "
            f"or scale the inputs.")

    def _evaluate(self, net, X, y):
        """Mean loss and metric of ``net`` on (X, y)."""
        z = net.raw_output(X, self.n_threads)
        loss = loss_for_output(net.output_activation).loss(self._training_targets(y, net), z)
        return loss, self._score_raw(z, y)

    # ---- persistence -----------------------------------------------------------------------
    def save(self, path):
        """Save the fitted model to ``path`` (.npz with arrays and JSON; no pickle)."""
        from .serialization import save_model
        check_fitted(self, "network_")
        save_model(self, path)

    # ---- a network trained elsewhere ---------------------------------------------------------
    _network_outputs = "one output with 'identity'"     # what from_network accepts, in words

    @classmethod
    def _accepts(cls, network):
        return network.output_activation == "identity" and network.layer_sizes[-1] == 1

    @classmethod
    def from_network(cls, network, **params):
        """A fitted estimator around ``network``, e.g. one read by ``MLP.from_sklearn``,
        ``from_state_dict``, ``from_keras_weights`` or ``from_onnx`` (lesson 09, section 11).

        Parameters
        ----------
        network : MLP with this estimator's outputs: one identity output (regressor), one
            sigmoid output or K >= 2 softmax outputs (classifier).
        **params : other hyper-parameters (``n_threads``, ...). ``hidden_layer_sizes``,
            ``activation`` and ``dtype`` are the network's.

        Returns
        -------
        The estimator, fitted: ``predict``, ``score``, ``save`` and every ``interpret``
        function work on it. ``network_`` is ``network`` itself (not a copy); ``history_``
        is empty and ``n_epochs_`` 0, as it was not trained here. ``fit`` would train a new
        network from scratch.
        """
        if not isinstance(network, MLP):
            raise TypeError(f"network must be an MLP (for instance from MLP.from_sklearn), got "
                            f"{type(network).__name__}")
        if not cls._accepts(network):
            raise ValueError(f"network has {network.layer_sizes[-1]} output(s) with "
                             f"output_activation={network.output_activation!r}; an {cls.__name__} "
                             f"needs {cls._network_outputs}")
        own = sorted({"hidden_layer_sizes", "activation", "dtype"} & set(params))
        if own:
            raise ValueError(f"{', '.join(own)}: taken from the network, not given")
        model = cls(hidden_layer_sizes=tuple(network.layer_sizes[1:-1]),
                    activation=network.hidden_activation, dtype=np.dtype(network.dtype).name,
                    **params)
        model._check_hyper_parameters()
        model._set_fitted(network_=network, n_features_in_=network.n_features, history_={},
                          n_epochs_=0)
        return model


class MLPClassifier(BinaryClassifierMixin, _BaseMLP):
    """A binary classifier: ReLU (or other) hidden layers, one sigmoid output, log-loss.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, widths of the hidden layers.
    activation : {'relu', 'sigmoid', 'tanh', 'identity'}, hidden activation.
    optimizer : {'sgd', 'momentum', 'adam'}
    learning_rate, batch_size, epochs : the optimizer's step, rows per step, passes over the data.
    l1_reg : float, lambda of the L1 penalty: training minimises
        ``log-loss + l1_reg * sum |W|`` over the weights (never the biases), the scale of
        Keras, PyTorch and the PiML/MoDeVa ReLU networks. It is applied as a proximal step
        after each update, scaled like the optimizer's step (for Adam, divided by each
        weight's running gradient scale; see ``minirelu.optimizers``): weights shrink and
        stop at exactly 0, which is what makes units die and regions merge (lesson 11).
    momentum : float in [0, 1), for optimizer='momentum'.
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
    network_ : the fitted MLP.
    classes_ : (2,) the two labels of y, sorted; predict returns them, predict_proba's
        column j is the probability of classes_[j], the logit is that of classes_[1].
    n_features_in_ : d.     feature_names_in_ : (d,) column names, when fitted on a DataFrame.
    history_ : dict of per-epoch lists: 'loss' (the data loss, without the penalty),
        'accuracy', with ``l1_reg`` 'l1_penalty' (l1_reg * sum |W| at the epoch's end)
        and, with validation data, 'val_loss', 'val_accuracy'. Training values are running
        means over the epoch's batches (as the weights move); validation values use the
        weights at the epoch's end.
    n_epochs_ : epochs run.    best_epoch_ : with early stopping, the epoch whose weights are kept.
    """
    _output_activation = "sigmoid"
    _metric = "accuracy"

    _network_outputs = "one output with 'sigmoid' (two classes) or K >= 2 with 'softmax'"

    @classmethod
    def _accepts(cls, network):
        n_out, output = network.layer_sizes[-1], network.output_activation
        return (output == "sigmoid" and n_out == 1) or (output == "softmax" and n_out >= 2)

    @classmethod
    def from_network(cls, network, classes=None, **params):
        """A fitted classifier around ``network`` (see ``_BaseMLP.from_network``).

        ``classes`` are the labels, one per class in the order of the network's outputs (for
        one sigmoid output, ``classes[1]`` is the label a positive logit predicts); by default
        0, 1, ..., K-1. A scikit-learn classifier's ``classes_`` has this order: pass it.
        """
        model = super().from_network(network, **params)
        k = 2 if network.output_activation == "sigmoid" else network.layer_sizes[-1]
        labels = np.arange(k) if classes is None else np.asarray(classes)
        if labels.shape != (k,) or len(np.unique(labels)) != k:
            raise ValueError(f"classes must be {k} different labels, one per class of the "
                             f"network (e.g. a scikit-learn estimator's classes_); got {classes!r}")
        model.classes_ = labels
        return model

    def _check_fit_y(self, y):
        codes, classes = self._fit_labels(y)      # two classes: the sigmoid network on 0/1
        return codes, {"classes_": classes}

    def _check_val_y(self, y, name, fitted):
        return encode_labels(y, fitted["classes_"], name)

    def _output_layer(self, fitted):
        k = len(fitted["classes_"])
        return (k, "softmax") if k > 2 else (1, "sigmoid")    # K >= 3: K logits, softmax

    @staticmethod
    def _training_targets(y, net):
        if net.output_activation == "softmax":    # class indices -> one-hot rows (n, K)
            return np.eye(net.layer_sizes[-1], dtype=net.dtype)[y]
        return y.reshape(-1, 1).astype(net.dtype)

    @staticmethod
    def _batch_metric(z, y, loss):
        if z.shape[1] > 1:
            return float(np.count_nonzero(z.argmax(axis=1) == y.argmax(axis=1)))
        return float(np.count_nonzero((z > 0) == (y > 0.5)))       # rows right

    @staticmethod
    def _epoch_metric(hits, y):
        return hits / len(y)

    @staticmethod
    def _score_raw(z, y):
        if z.shape[1] > 1:
            return float(np.mean(z.argmax(axis=1) == y))
        return float(np.mean((z[:, 0] > 0) == (y > 0.5)))

    @property
    def _multiclass(self):
        check_fitted(self, "network_")
        return self.network_.output_activation == "softmax"

    def decision_function(self, X):
        """The logit z(x) for every row, shape (n,); with K >= 3 classes the K logits (n, K)."""
        X = self._check_X(X)
        z = check_finite_output(self.network_.raw_output(X, self.n_threads), "X", "logit",
                                allow_inf=not self._multiclass)
        return z if self._multiclass else z[:, 0]


class MLPRegressor(_BaseMLP):
    """A regressor: hidden layers, one identity output, mean squared error.

    Parameters and attributes as for :class:`MLPClassifier` (the penalty is added to the
    MSE), with history_ keys 'loss', 'r2' (and 'l1_penalty', 'val_loss', 'val_r2').
    R² is undefined for constant targets: history_ then records NaN for it (the loss is
    still recorded).
    """
    _estimator_kind = "regressor"
    _output_activation = "identity"
    _metric = "r2"

    def _check_fit_y(self, y):
        require_y(y, self)
        return check_vector(y, "y", warn_column=True), {}

    def _check_val_y(self, y, name, fitted):
        return check_vector(y, name)

    @staticmethod
    def _score_raw(z, y):
        return r2_score(y, z[:, 0]) if np.ptp(y) > 0 else float("nan")

    @staticmethod
    def _batch_metric(z, y, loss):
        return loss * len(z)                        # the batch's sum of squared errors

    @staticmethod
    def _epoch_metric(sse, y):
        sst = float(np.sum((y - y.mean()) ** 2))
        return 1.0 - sse / sst if sst > 0 else float("nan")


    def predict(self, X):
        """Predicted targets, shape (n,); an overflowing row is an error naming X, never NaN."""
        X = self._check_X(X)
        return check_finite_output(self.network_.raw_output(X, self.n_threads)[:, 0], "X",
                                   "prediction", allow_inf=False)

    def score(self, X, y):
        """R² on (X, y)."""
        return r2_score(check_vector(y), self.predict(X))
