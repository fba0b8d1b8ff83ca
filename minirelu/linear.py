"""Linear and logistic regression: the one-layer networks the course starts from.

Linear regression predicts ``yhat = X w + b`` and minimises the mean squared error
``(1/n) ||X w + b - y||^2``. Appending a column of ones to X (so b is one more
weight) gives the normal equations ``(X1^T X1) theta = X1^T y``, solved here by least
squares, which stays accurate when X1^T X1 is nearly singular. Gradient descent
reaches the same theta step by step with the gradient ``(2/n) X1^T (X1 theta - y)``.

Logistic regression predicts ``p = sigmoid(X w + b)`` and minimises the log-loss,
whose gradient is ``(1/n) X1^T (p - y)``; it has no closed form. With K >= 3 classes
it is multinomial: one weight vector per class, ``P = softmax(X W^T + b)`` row by row,
the cross-entropy, and the gradient ``(1/n) X1^T (P - Y)`` with Y the one-hot labels
(lessons/15_more_than_two_classes.ipynb).

Fitting and predicting run with one BLAS thread (``minirelu.threads``), as the MLP
does, so a result does not depend on the machine's thread count; a fit that fails
leaves the model as it was (its previous fit, or unfitted).

Introduced in lessons/01_linear_regression.ipynb and lessons/02_logistic_regression.ipynb.
"""
import numpy as np

from .base import BinaryClassifierMixin, Estimator, TrainingDivergedError
from .losses import (cross_entropy, cross_entropy_gradient, log_loss, log_loss_gradient, mse,
                     mse_gradient)
from .metrics import r2_score
from .threads import blas_threads
from .validation import (check_array, check_consistent_length, check_finite_output, check_fitted,
                         check_int, check_non_negative, check_option, check_positive, check_vector,
                         feature_names_of, require_y)

__all__ = ["LinearRegression", "LogisticRegression"]


def _with_ones(X):
    return np.column_stack([X, np.ones(len(X))])


class _Linear(Estimator):
    def _check_X(self, X):
        check_fitted(self, "coef_")
        return self._check_input(X)

    def _descend(self, X1, y, gradient, loss, n_outputs=None):
        """Full-batch gradient descent on theta = (w, b) (a (d + 1, K) matrix with
        ``n_outputs``), with one BLAS thread. Returns theta and the history
        {'loss': [the loss of every iteration]}; stores nothing."""
        theta = np.zeros(X1.shape[1] if n_outputs is None else (X1.shape[1], n_outputs))
        history = {"loss": []}
        with blas_threads(1):
            for _ in range(self.max_iter):
                with np.errstate(over="ignore", invalid="ignore"):
                    g = gradient(theta)
                    theta = theta - self.learning_rate * g
                    value = loss(theta)
                if not np.isfinite(value):
                    raise TrainingDivergedError(
                        f"gradient descent diverged (loss {value}); the model is left as it was. "
                        f"Lower learning_rate (now {self.learning_rate:g}) or scale the inputs")
                history["loss"].append(value)
                if np.max(np.abs(g)) < self.tol:
                    break
        return theta, history

    def _store(self, coef, intercept, history=None, **more):
        """Set the result of a fit: history_ and n_iter_ after gradient descent; n_iter_ = 1
        and no history_ after the normal equations (one direct solve; scikit-learn's checks
        ask every estimator with max_iter for n_iter_ >= 1). Removes whatever a previous fit
        left: called last, so a failed fit changes nothing."""
        self._set_fitted(coef_=coef, intercept_=intercept, history_=history,
                         n_iter_=1 if history is None else len(history["loss"]), **more)

    def _linear(self, X):
        """X w + b (or X W^T + b), with one BLAS thread."""
        X = self._check_X(X)
        with blas_threads(1):
            return X @ self.coef_.T + self.intercept_


class LinearRegression(_Linear):
    """Least-squares linear regression.

    Parameters
    ----------
    solver : 'normal' (normal equations, exact) or 'gd' (gradient descent).
    learning_rate, max_iter, tol : for 'gd'; stops when every gradient entry is below tol.

    Attributes
    ----------
    coef_ : (d,) weights, one per feature: the change in the prediction when that
        feature rises by one unit and the others stay fixed.
    intercept_ : float.       history_ : {'loss': [...]} per iteration ('gd' only).
    n_iter_ : iterations run: 1 for 'normal' (one direct least-squares solve), the
        gradient steps taken for 'gd'.
    n_features_in_ : d.       feature_names_in_ : (d,) column names, when fitted on a DataFrame.
    """

    _estimator_kind = "regressor"

    def __init__(self, solver="normal", learning_rate=0.1, max_iter=10_000, tol=1e-10):
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        check_option(self.solver, ("normal", "gd"), "solver")
        names = feature_names_of(X)
        require_y(y, self)
        X, y = check_array(X), check_vector(y, warn_column=True)
        check_consistent_length(X=X, y=y)
        X1 = _with_ones(X)
        if self.solver == "normal":
            with blas_threads(1):
                theta, history = np.linalg.lstsq(X1, y, rcond=None)[0], None
        else:
            check_positive(self.learning_rate, "learning_rate")
            check_int(self.max_iter, "max_iter", minimum=1)
            check_non_negative(self.tol, "tol")
            # the gradient through the losses' own formula: dL/dw = X1^T dL/dz
            theta, history = self._descend(X1, y, lambda t: X1.T @ mse_gradient(y, X1 @ t),
                                           lambda t: mse(y, X1 @ t))
        self._store(theta[:-1], float(theta[-1]), history, n_features_in_=X.shape[1],
                    feature_names_in_=names)
        return self

    def predict(self, X):
        """X w + b, shape (n,); an overflowing row is an error naming X, never NaN."""
        return check_finite_output(self._linear(X), "X", "prediction", allow_inf=False)

    def score(self, X, y):
        """R² on (X, y)."""
        return r2_score(check_vector(y), self.predict(X))


class LogisticRegression(BinaryClassifierMixin, _Linear):
    """Logistic regression fitted by full-batch gradient descent on the log-loss.

    Parameters
    ----------
    learning_rate, max_iter, tol : stops when every gradient entry is below tol.

    With three or more distinct labels in ``y`` (any labels) the model is multinomial:
    one logit per class, softmax probabilities, the cross-entropy (lesson 15).

    Attributes
    ----------
    coef_ : (d,) weights: one unit more of feature j adds coef_[j] to the log-odds.
        Multinomial: (K, d), row k the weights of the logit of ``classes_[k]``.
    intercept_ : float (multinomial: (K,)).      history_ : {'loss': [...]} per iteration.
    n_iter_ : iterations run.
    classes_ : the labels found in y, sorted: two (any labels; the log-odds are those of
        classes_[1]) or K.
    n_features_in_ : d.      feature_names_in_ : (d,) column names, when fitted on a DataFrame.
    """

    def __init__(self, learning_rate=0.1, max_iter=10_000, tol=1e-6):
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        check_positive(self.learning_rate, "learning_rate")
        check_int(self.max_iter, "max_iter", minimum=1)
        check_non_negative(self.tol, "tol")
        names = feature_names_of(X)
        X, (codes, classes) = check_array(X), self._fit_labels(y)
        if len(classes) > 2:
            return self._fit_multinomial(X, classes, codes, names)
        y = codes
        check_consistent_length(X=X, y=y)
        X1 = _with_ones(X)
        theta, history = self._descend(X1, y, lambda t: X1.T @ log_loss_gradient(y, X1 @ t),
                                       lambda t: log_loss(y, X1 @ t))
        self._store(theta[:-1], float(theta[-1]), history, classes_=classes,
                    n_features_in_=X.shape[1], feature_names_in_=names)
        return self

    def _fit_multinomial(self, X, classes, codes, names=None):
        """K classes: gradient descent on the (d + 1, K) matrix of weights and intercepts."""
        check_consistent_length(X=X, y=codes)
        X1 = _with_ones(X)
        k = len(classes)
        Y = np.eye(k)[codes]
        theta, history = self._descend(X1, Y, lambda t: X1.T @ cross_entropy_gradient(Y, X1 @ t),
                                       lambda t: cross_entropy(Y, X1 @ t), n_outputs=k)
        self._store(theta[:-1].T.copy(), theta[-1].copy(), history, classes_=classes,
                    n_features_in_=X.shape[1], feature_names_in_=names)
        return self

    def decision_function(self, X):
        """The log-odds z = X w + b, shape (n,); multinomial: the K logits X W^T + b, (n, K)."""
        return self._linear(X)

