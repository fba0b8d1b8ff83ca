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
    labels ``classes_`` holds the K labels and the models take their softmax path; the
    encoding (each label's index in ``classes_``) is the same.
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

    def predict_proba(self, X):
        """Probabilities of ``classes_[0]`` and ``classes_[1]``, shape (n, 2)."""
        p = sigmoid(check_finite_output(self.decision_function(X), "X", "logit"))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """Labels from ``classes_``: ``classes_[1]`` where its probability is above one half
        (the logit above 0), else ``classes_[0]``; shape (n,)."""
        positive = check_finite_output(self.decision_function(X), "X", "logit") > 0
        return self.classes_[positive.astype(np.intp)]

    def score(self, X, y):
        """Accuracy on (X, y): the share of rows whose predicted label equals ``y``."""
        y = check_label_vector(y, "y")
        predicted = self.predict(X)
        check_consistent_length(X=predicted, y=y)
        return float(np.mean(predicted == y))
