"""The L1 path: refit a network for several penalties and count what the penalty removes.

With ``l1_reg`` = lambda, the estimators minimise ``data loss + lambda * sum |w|`` and
follow every optimizer step with the proximal step of the penalty (the soft threshold,
scaled like the optimizer's step: see ``minirelu.optimizers``): weights shrink towards
0 and stop at exactly 0. Exact zeros are what simplify a ReLU network: a unit whose
weights vanish is dead, and fewer live units cut the input space into fewer linear regions.

Introduced in lessons/11_l1_regularization.ipynb.
"""
import numpy as np

from ..metrics import roc_auc_score
from ..validation import check_array, check_n_features, check_non_negative
from ..table import Table

__all__ = ["l1_path", "L1Path"]


class L1Path:
    """What each penalty of an L1 sweep leaves of the network.

    Attributes (arrays of shape (m,), one entry per ``l1_reg``)
    ----------
    l1_regs : the penalties, in the order given.
    n_llms : distinct activation patterns (local linear models) on the data.
    dead_units : hidden units that are off on every row of the data.
    zero_weights : weights (never biases) exactly equal to 0.
    n_weights : int, weights in the network.   n_units : int, hidden units.
    val_loss : validation loss at the last epoch (MSE, or log-loss for a classifier).
    val_score : validation R² (regressor) or ROC AUC (classifier).
    score_name : 'R²' or 'AUC'.
    models : the fitted estimators.
    """

    def __init__(self, l1_regs, models, X, val_score):
        self.l1_regs = np.asarray(l1_regs, np.float64)
        self.models = models
        self.score_name = "AUC" if models[0]._output_activation == "sigmoid" else "R²"
        counts = [_structure(m.network_, X) for m in models]
        self.n_llms, self.dead_units, self.zero_weights = (np.array(c) for c in zip(*counts))
        net = models[0].network_
        self.n_weights = int(sum(W.size for W in net.weights))
        self.n_units = int(sum(net.layer_sizes[1:-1]))
        self.val_loss = np.array([m.history_["val_loss"][-1] for m in models])
        self.val_score = np.asarray(val_score, np.float64)

    def __repr__(self):
        return (f"L1Path(l1_regs={len(self.l1_regs)} values from {self.l1_regs.min():g} to "
                f"{self.l1_regs.max():g}, n_weights={self.n_weights}, n_units={self.n_units})")

    @property
    def table(self):
        return Table({"l1_reg": self.l1_regs, "LLMs": self.n_llms, "Dead units": self.dead_units,
                      "Zero weights": self.zero_weights,
                      "Zero share": self.zero_weights / self.n_weights,
                      "Val loss": self.val_loss, f"Val {self.score_name}": self.val_score},
                     formats={"l1_reg": ".1e"})

    def plot(self, axes=None):
        """Four panels against l1_reg: LLMs, dead units, share of zero weights, validation
        score. Returns the array of Axes."""
        from ..plotting.local_linear import plot_l1_path
        return plot_l1_path(self, axes=axes)


def _structure(net, X):
    """(number of LLMs, dead units, zero weights) of ``net`` on the rows of ``X``."""
    from ._patterns import group, pack, pattern_bits
    bits = pattern_bits(net, X)
    n_llms = len(group(pack(bits))[0])
    dead = int(np.sum(~bits.any(axis=0)))
    zeros = int(sum(np.count_nonzero(W == 0) for W in net.weights))
    return n_llms, dead, zeros


def l1_path(estimator, X, y, l1_regs, validation_data):
    """Fit a copy of ``estimator`` for each penalty in ``l1_regs`` and measure its simplicity.

    Parameters
    ----------
    estimator : MLPRegressor or MLPClassifier with ReLU hidden layers (fitted or not);
        every hyper-parameter but ``l1_reg`` is kept, ``random_state`` included, so the
        fits differ only in the penalty.
    X : array (n, d), y : array (n,), the training data. LLMs and dead units are counted
        on ``X``.
    l1_regs : sequence of penalties >= 0.
    validation_data : pair (X_val, y_val), scored at the end of each fit.

    Returns
    -------
    L1Path
        Arrays ``n_llms``, ``dead_units``, ``zero_weights``, ``val_loss``, ``val_score``,
        the fitted ``models``, ``.table`` and ``.plot()``.
    """
    if not (hasattr(estimator, "get_params") and hasattr(type(estimator), "_output_activation")):
        raise TypeError(f"estimator must be an MLPRegressor or MLPClassifier, got "
                        f"{type(estimator).__name__}")
    if estimator.activation != "relu":
        raise ValueError(f"estimator uses activation={estimator.activation!r}; the L1 path "
                         f"counts linear regions, which needs 'relu'")
    if isinstance(l1_regs, (str, bytes)) or not np.iterable(l1_regs) or len(l1_regs) == 0:
        raise ValueError("l1_regs must be a non-empty sequence of penalties >= 0")
    regs = [check_non_negative(r, "l1_regs entries") for r in l1_regs]
    if not (isinstance(validation_data, (tuple, list)) and len(validation_data) == 2):
        raise TypeError("validation_data must be a pair (X_val, y_val)")
    X = check_array(X, "X")
    X_val = check_array(validation_data[0], "validation_data X_val")
    check_n_features(X_val, X.shape[1], "validation_data X_val")
    models, scores = [], []
    for reg in regs:
        model = type(estimator)(**{**estimator.get_params(), "l1_reg": reg})
        model.fit(X, y, validation_data=(X_val, validation_data[1]))
        models.append(model)
        scores.append(_validation_score(model, X_val, validation_data[1]))
    return L1Path(regs, models, X, scores)


def _validation_score(model, X_val, y_val):
    if model._output_activation == "sigmoid":
        y_val = model._label_codes(y_val, "validation_data y_val")   # 'no'/'yes' -> 0/1
        return roc_auc_score(y_val, model.decision_function(X_val))
    return model.score(X_val, y_val)

