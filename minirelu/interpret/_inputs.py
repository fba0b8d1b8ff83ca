"""What every reading of a model checks first: the model, the rows, the features, and
what the model returns.

One place for the checks shared by the local linear models, the partitions, the
derivatives, LIME and Shapley, so each message is written once:

* ``relu_network``     the MLP inside a model, checked to be a one-output ReLU network;
* ``select_class``     one class's logit of a K-class network (the ``class_`` argument);
* ``check_rows``       rows (n, d) for a model with d inputs, finite, in its dtype;
* ``check_feature_names``  d names: a fitted model's or a DataFrame's, else x0, x1, ...;
* ``known_feature_names``  the same names, or None when neither model nor data has any;
* ``check_class_targets``  a fitted classifier's labels (e.g. 'no'/'yes') as indices in its classes_;
* ``feature_index``    a column given by index or by name;
* ``check_predict_fn`` / ``evaluate``   a user's function (n, d) -> (n,) and its checked output;
* ``Response``         a fitted model as a function f(X) -> (n,) on a chosen scale, and
                       its input gradient (the derivatives' view of a network or a linear model).
"""
import numpy as np

from ..activations import sigmoid
from ..linear import LinearRegression, LogisticRegression
from ..network import as_network
from ..validation import (check_array, check_fitted, check_int, check_n_features, check_option,
                          default_feature_names)

__all__ = ["relu_network", "select_class", "check_rows", "check_feature_names", "known_feature_names",
           "check_class_targets", "feature_index", "check_predict_fn",
           "evaluate", "Response"]


# ------------------------------------------------------------------------------- models
def relu_network(model, name="model"):
    """The MLP inside ``model``, checked to be a one-output ReLU network."""
    net = as_network(model)
    if net.hidden_activation != "relu":
        raise ValueError(f"{name} uses hidden_activation={net.hidden_activation!r}: activation "
                         f"patterns and exact local linear models need 'relu' hidden layers "
                         f"(only then is the network linear wherever the pattern is fixed)")
    if net.layer_sizes[-1] != 1:
        raise ValueError(f"{name} has {net.layer_sizes[-1]} outputs; local linear models are "
                         f"built for a network with one output (for K classes, read one class's "
                         f"logit at a time: pass class_=c, or interpret.class_network({name}, c))")
    return net


def select_class(model, class_):
    """``model`` itself when ``class_`` is None; else the one-output network of that class's
    logit, ``interpret.class_network(model, class_)`` (lessons/15_more_than_two_classes.ipynb).

    ``class_`` is a label of a fitted K-class classifier's ``classes_`` (or an output index
    of a bare MLP). A model with one output takes no ``class_``: a ``ValueError`` naming it.
    The class network keeps the ``feature_names_in_`` of a model fitted on a DataFrame.
    """
    if class_ is None:
        return model
    if isinstance(model, (LinearRegression, LogisticRegression)):
        raise TypeError(f"class_={class_!r} reads one logit of a K-class network; for a "
                        f"{type(model).__name__} leave class_=None (a multinomial "
                        f"LogisticRegression's logit c is coef_[c] @ x + intercept_[c])")
    k = as_network(model).layer_sizes[-1]
    if k < 2:
        raise ValueError(f"class_={class_!r} is for a network with one logit per class "
                         f"(K >= 3 classes); this model has one output: leave class_=None")
    from .classes import class_network          # classes.py builds on local_linear (floors)
    net = class_network(model, class_)
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        net.feature_names_in_ = names
    return net


# ------------------------------------------------------------------------------- rows
def check_rows(X, n_features, name="X", dtype=None, copy=False):
    """``X`` as a finite 2-D array (n, n_features), converted to ``dtype`` when given;
    ``copy=True`` for a result that keeps the rows (editing the caller's array later
    must not change it)."""
    X = check_array(X, name, copy=copy) if dtype is None else \
        check_array(X, name, dtype=dtype, copy=copy)
    check_n_features(X, n_features, name)
    return X


# ------------------------------------------------------------------------------- features
def check_feature_names(names, d, name="feature_names", rows="X", model=None, data=None):
    """``names`` as a list of d strings (``rows``: the data's name). When None: the names
    ``model`` was fitted with (its ``feature_names_in_``, from a DataFrame), else the columns
    of a DataFrame ``data``, else x0, x1, ..."""
    if names is None:
        names = known_feature_names(d, model, data)
        return names if names is not None else [f"x{j}" for j in range(d)]
    if isinstance(names, str) or not np.iterable(names):
        raise TypeError(f"{name} must be a sequence of {d} names, got {type(names).__name__}")
    names = [str(n) for n in names]
    if len(names) != d:
        raise ValueError(f"{name} has {len(names)} names but {rows} has {d} features")
    return names


def known_feature_names(d, model=None, data=None):
    """The d names ``model`` was fitted with (``feature_names_in_``), else the columns of a
    DataFrame ``data``; None when there are none (tables then show column indices)."""
    names = default_feature_names(model, data)
    return names if names is not None and len(names) == d else None


def check_class_targets(model, y, name="y"):
    """``y`` unchanged, unless ``model`` is a fitted classifier with ``classes_``: then each
    label's index in ``classes_`` (n,) int64, so 'no'/'yes' read as 0/1; a label the model
    was not fitted with is a ``ValueError`` naming ``name`` and the classes."""
    if y is not None and hasattr(model, "classes_") and hasattr(model, "_label_codes"):
        return model._label_codes(y, name)
    return y


def feature_index(feature, d, names=None, name="feature"):
    """Column index of ``feature``: an index 0..d-1, or one of ``names`` when given."""
    if isinstance(feature, str):
        if names is None:
            raise TypeError(f"{name} must be a column index (an integer from 0 to {d - 1}); "
                            f"there are no feature names here, got {feature!r}")
        if feature not in names:
            raise ValueError(f"{name} {feature!r} is not among the feature names "
                             f"{', '.join(names)}")
        return names.index(feature)
    j = check_int(feature, name, minimum=0)
    if j >= d:
        raise ValueError(f"{name} must be below {d}, the number of features; got {j}")
    return j


# ------------------------------------------------------------------------------- functions
def check_predict_fn(predict_fn, name="predict_fn"):
    if not callable(predict_fn):
        raise TypeError(f"{name} must be a function of an (n, d) array, got "
                        f"{type(predict_fn).__name__}")
    return predict_fn


def evaluate(predict_fn, n_rows, block):
    """predict_fn(block) as a float array (n_rows,), checked."""
    out = predict_fn(block)
    try:
        out = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"predict_fn must return numbers, got {type(out).__name__}") from None
    if out.ndim == 2 and out.shape[1] == 1:
        out = out[:, 0]
    if out.shape != (n_rows,):
        raise ValueError(f"predict_fn must return one number per row, shape ({n_rows},); got shape "
                         f"{out.shape} (for a classifier pass e.g. lambda X: clf.predict_proba(X)[:, 1])")
    if not np.isfinite(out).all():
        raise ValueError("predict_fn returned NaN or infinite values")
    return out


class Response:
    """A fitted model as the function f(X) -> (n,) being read, and its input gradient (n, d).

    ``model`` is an MLP, a fitted MLPRegressor/MLPClassifier with one output, or a fitted
    LinearRegression/LogisticRegression. ``scale`` is 'prediction' for a regressor, and
    'logit' (default) or 'probability' for a classifier.
    """

    def __init__(self, model, scale=None):
        if isinstance(model, (LinearRegression, LogisticRegression)):
            check_fitted(model, "coef_")
            if np.ndim(model.coef_) != 1:
                raise ValueError(f"model is a multinomial LogisticRegression with "
                                 f"{len(model.coef_)} logits; these functions read a model with "
                                 f"a single output (one class's logit is coef_[c] @ x + "
                                 f"intercept_[c])")
            self.network, self.coef, self.intercept = None, model.coef_, model.intercept_
            output = "sigmoid" if isinstance(model, LogisticRegression) else "identity"
            self.n_features = model.coef_.shape[0]
        else:
            self.network = as_network(model)
            output = self.network.output_activation
            self.n_features = self.network.n_features
            if self.network.layer_sizes[-1] != 1:
                raise ValueError(f"model has {self.network.layer_sizes[-1]} outputs; these functions "
                                 "read a network with a single output (for K classes, read one "
                                 "class's logit at a time: class_=c, or interpret.class_network(model, c))")
        options = ("logit", "probability") if output == "sigmoid" else ("prediction",)
        if scale is not None and output != "sigmoid" and scale in ("logit", "probability"):
            raise ValueError(f"scale={scale!r} needs a classifier (a sigmoid output); this model "
                             "predicts a number, so its only scale is 'prediction'")
        self.scale = options[0] if scale is None else check_option(scale, options, "scale")

    def check_X(self, X, name="X"):
        return check_rows(X, self.n_features, name)

    def __call__(self, X):
        if self.network is None:
            z = X @ self.coef + self.intercept
            return sigmoid(z) if self.scale == "probability" else z
        net = self.network
        out = net.forward(X) if self.scale == "probability" else net.raw_output(X)
        return out[:, 0].astype(np.float64)

    def gradient(self, X):
        if self.network is None:
            grad = np.broadcast_to(self.coef, X.shape).copy()
            if self.scale == "probability":
                p = self(X)
                grad *= (p * (1 - p))[:, None]
            return grad
        return self.network.input_gradient(X, raw=self.scale != "probability").astype(np.float64)
