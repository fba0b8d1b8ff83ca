"""What every minirelu estimator shares: scikit-learn's parameter conventions, the
binary classifier's predict/predict_proba/score, and the errors fitting can raise.

``MLPClassifier``/``MLPRegressor`` (estimators) and ``LinearRegression``/``LogisticRegression``
(linear) both build on this module, so neither depends on the other.

Introduced in lessons/02_logistic_regression.ipynb (a classifier's predict_proba and
predict from its logit) and lessons/03_neural_networks.ipynb (fitting).
"""
import inspect

import numpy as np

from .activations import sigmoid
from .metrics import accuracy_score
from .validation import NotFittedError, check_binary_labels, check_finite_output

__all__ = ["Estimator", "BinaryClassifierMixin", "TrainingDivergedError", "NotFittedError"]


class TrainingDivergedError(RuntimeError):
    """The loss became NaN or infinite during training."""


class Estimator:
    """scikit-learn's conventions: hyper-parameters are the ``__init__`` arguments, stored
    unchanged; ``get_params``/``set_params`` read and write them; the repr shows those
    that differ from their defaults."""

    def get_params(self):
        """The hyper-parameters, as passed to ``__init__``."""
        names = list(inspect.signature(type(self).__init__).parameters)[1:]
        return {name: getattr(self, name) for name in names}

    def set_params(self, **params):
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"{name!r} is not a parameter of {type(self).__name__}; "
                                 f"valid: {', '.join(sorted(valid))}")
            setattr(self, name, value)
        return self

    def __repr__(self):
        defaults = {name: p.default for name, p in
                    inspect.signature(type(self).__init__).parameters.items() if name != "self"}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if not _same(v, defaults[k])]
        return f"{type(self).__name__}({', '.join(changed)})"

    def _set_fitted(self, **attributes):
        """Store the result of a fit all at once: set ``attributes`` (learned values, names
        ending in ``_``; a value of None removes it) and remove every other learned attribute
        a previous fit left. ``fit`` calls this last, so a fit that fails changes nothing."""
        for name in [k for k in vars(self) if k.endswith("_") and not k.startswith("_")]:
            if name not in attributes or attributes[name] is None:
                delattr(self, name)
        for name, value in attributes.items():
            if value is not None:
                setattr(self, name, value)


def _same(value, default):
    """``value == default`` for the repr: False for arrays or anything not comparable to a bool."""
    if type(value) is not type(default):
        return False
    try:
        return bool(value == default)
    except (TypeError, ValueError):
        return False


class BinaryClassifierMixin:
    """predict_proba, predict and score of a binary classifier, from its logit ``decision_function``."""

    classes_ = np.array([0, 1])

    def predict_proba(self, X):
        """Probabilities of class 0 and class 1, shape (n, 2)."""
        p = sigmoid(check_finite_output(self.decision_function(X), "X", "logit"))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """Labels 0/1: 1 where the probability of class 1 is above one half (the logit above 0)."""
        return (check_finite_output(self.decision_function(X), "X", "logit") > 0).astype(np.int64)

    def score(self, X, y):
        """Accuracy on (X, y)."""
        return accuracy_score(check_binary_labels(y), self.predict(X))
