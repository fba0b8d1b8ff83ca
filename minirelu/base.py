"""What every minirelu estimator shares: scikit-learn's parameter conventions, the
binary classifier's predict/predict_proba/score, and the errors fitting can raise.

``MLPClassifier``/``MLPRegressor`` (estimators) and ``LinearRegression``/``LogisticRegression``
(linear) both build on this module, so neither depends on the other.

Introduced in lessons/02_logistic_regression.ipynb (a classifier's predict_proba and
predict from its logit) and lessons/03_neural_networks.ipynb (fitting).
"""
import inspect

import numpy as np

from ._multiclass_metrics import label_codes
from .activations import sigmoid, softmax
from .validation import (NotFittedError, check_array, check_consistent_length,
                         check_feature_names_in, check_finite_output, check_label_vector,
                         check_labels, check_n_features, encode_labels, require_y)

__all__ = ["Estimator", "BinaryClassifierMixin", "TrainingDivergedError", "NotFittedError"]


class TrainingDivergedError(RuntimeError):
    """The loss became NaN or infinite during training."""


class Estimator:
    """scikit-learn's conventions: hyper-parameters are the ``__init__`` arguments, stored
    unchanged; ``get_params``/``set_params`` read and write them; the repr shows those
    that differ from their defaults; ``__sklearn_tags__`` tells scikit-learn's tools
    (``clone``, ``Pipeline``, ``GridSearchCV``, ``check_estimator``) what kind of estimator
    this is. Fitted attributes end in ``_``: ``n_features_in_`` always, ``feature_names_in_``
    when ``fit`` was given a DataFrame (its column names, checked again at predict time)."""

    _estimator_kind = None          # 'classifier', 'regressor' or 'transformer'

    @classmethod
    def _param_names(cls):
        return [name for name, p in inspect.signature(cls.__init__).parameters.items()
                if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]

    def get_params(self, deep=True):
        """The hyper-parameters, as passed to ``__init__``.

        With ``deep=True`` a parameter that is itself an estimator also contributes its own
        parameters, as ``name__param`` (scikit-learn's convention for nested estimators).
        """
        params = {}
        for name in self._param_names():
            value = getattr(self, name)
            params[name] = value
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                params.update({f"{name}__{k}": v for k, v in value.get_params(deep=True).items()})
        return params

    def set_params(self, **params):
        """Set hyper-parameters by name (``name__param`` reaches into a nested estimator);
        returns self. Takes effect at the next ``fit``."""
        valid = self.get_params(deep=False)
        nested = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in valid:
                raise ValueError(f"{name!r} is not a parameter of {type(self).__name__}; "
                                 f"valid: {', '.join(sorted(valid))}")
            if sub:
                if not hasattr(valid[name], "set_params"):
                    raise ValueError(f"{key!r}: parameter {name!r} of {type(self).__name__} is "
                                     f"not an estimator, so it has no parameter {sub!r}")
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __repr__(self):
        defaults = {name: p.default for name, p in
                    inspect.signature(type(self).__init__).parameters.items() if name != "self"}
        changed = [f"{k}={v!r}" for k, v in self.get_params(deep=False).items() if not _same(v, defaults[k])]
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


    def __sklearn_tags__(self):
        """scikit-learn's description of this estimator, read only by scikit-learn's own tools.

        The one place minirelu imports scikit-learn: scikit-learn itself calls this method,
        so it is installed whenever the method runs, and ``import minirelu`` never needs it.
        """
        from sklearn.utils import (ClassifierTags, RegressorTags, Tags, TargetTags,
                                   TransformerTags)
        kind = self._estimator_kind
        max_classes = getattr(self, "_max_classes", None)
        return Tags(
            estimator_type=kind,
            target_tags=TargetTags(required=kind in ("classifier", "regressor")),
            transformer_tags=TransformerTags() if kind == "transformer" else None,
            classifier_tags=(ClassifierTags(multi_class=max_classes is None or max_classes > 2)
                             if kind == "classifier" else None),
            regressor_tags=RegressorTags() if kind == "regressor" else None,
        )

    # ---- the input, as fit saw it ----------------------------------------------------------
    def _record_input(self, n_features, feature_names):
        """Set ``n_features_in_`` and ``feature_names_in_`` (removed when fitted on an array)."""
        self.n_features_in_ = n_features
        if feature_names is not None:
            self.feature_names_in_ = feature_names
        else:
            self.__dict__.pop("feature_names_in_", None)

    def _check_input(self, X, name="X", dtype=np.float64):
        """``X`` at predict time, checked against what ``fit`` saw: the DataFrame's column
        names (missing, extra or reordered columns are an error), then the array and its
        number of features. Call after checking that the model is fitted."""
        check_feature_names_in(self, X, reset=False)
        X = check_array(X, name, dtype=dtype)
        check_n_features(X, self.n_features_in_, name, self)
        return X


def _same(value, default):
    """``value == default`` for the repr: False for arrays or anything not comparable to a bool."""
    if type(value) is not type(default):
        return False
    try:
        return bool(value == default)
    except (TypeError, ValueError):
        return False


class BinaryClassifierMixin:
    """A binary classifier's ``predict_proba``, ``predict`` and ``score``, from its logit
    ``decision_function``, for any two labels.

    ``fit`` calls ``_fit_labels(y)`` and keeps the classes it returns as ``classes_``: the
    two labels found, sorted (0/1, -1/1, 'no'/'yes', False/True, ...). Training sees each
    row's class index 0 or 1, so the logit is that of ``classes_[1]``. With three or more
    labels ``classes_`` holds the K labels, ``decision_function`` returns K logits (n, K)
    and the methods here take their softmax path; the encoding (each label's index in
    ``classes_``) is the same. (The name is older than the K-class path.)
    """

    _estimator_kind = "classifier"
    _max_classes = None              # any number of classes (two: the logit path here)

    def _fit_labels(self, y, name="y"):
        """The labels of ``fit``: each row's class index (n,) int64, and the sorted classes
        (K,) for ``classes_`` (set by ``fit`` only once it succeeds)."""
        require_y(y, self)
        classes, codes = check_labels(y, name, max_classes=self._max_classes, warn_column=True)
        return codes, classes

    def _label_codes(self, y, name="y"):
        """Class indices (n,) of labels ``y`` that must all be among the fitted ``classes_``."""
        return encode_labels(y, self.classes_, name)

    def _logits(self, X):
        """``decision_function(X)``, checked: the logit (n,) of two classes, or the K logits
        (n, K) of K >= 3 classes. A NaN logit is an error naming X (never class 0); an
        infinite one still decides alone, but K infinite logits do not (inf - inf)."""
        z = self.decision_function(X)
        return check_finite_output(z, "X", "logit", allow_inf=z.ndim == 1)

    def predict_proba(self, X):
        """Probability of each class of ``classes_``, shape (n, K), rows summing to 1: the
        sigmoid of the logit for two classes, the softmax of the K logits for more."""
        z = self._logits(X)
        if z.ndim == 2:
            return softmax(z)
        p = sigmoid(z)
        return np.column_stack([1 - p, p])

    def _predicted_index(self, X):
        """Index in ``classes_`` of each row's class of largest probability, shape (n,) (for
        two classes: 1 where the logit is above 0, else 0)."""
        z = self._logits(X)
        return np.argmax(z, axis=1) if z.ndim == 2 else (z > 0).astype(np.intp)

    def predict(self, X):
        """Labels from ``classes_``, shape (n,): the class of largest probability."""
        index = self._predicted_index(X)
        return self.classes_[index]

    def score(self, X, y):
        """Accuracy on (X, y): the share of rows whose predicted label equals ``y``.

        With two classes a label outside ``classes_`` counts as a miss (as in scikit-learn);
        with K >= 3 it is an error naming it."""
        index = self._predicted_index(X)
        if len(self.classes_) > 2:
            codes = label_codes(y, self.classes_, "y")
            check_consistent_length(X=index, y=codes)
            return float(np.mean(index == codes))
        y = check_label_vector(y, "y")
        check_consistent_length(X=index, y=y)
        return float(np.mean(self.classes_[index] == y))
