"""Scaling inputs and targets, and splitting data.

Scalers follow scikit-learn's convention: ``fit`` learns statistics from the
*training* data only, ``transform`` applies them to any data. Fitting on all the
data before splitting leaks the test set's statistics into training.

Introduced in lessons/06_normalization.ipynb.
"""
import numpy as np

from .validation import (check_array, check_consistent_length, check_fitted, check_n_features,
                         check_random_state, check_real, check_vector)

__all__ = ["StandardScaler", "MinMaxScaler", "log1p", "expm1", "train_test_split"]


class _Scaler:
    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def _check(self, X, name="X"):
        check_fitted(self, self._fitted_attribute)
        X = check_array(X, name)
        check_n_features(X, self.n_features_in_, name)
        return X


class StandardScaler(_Scaler):
    """x' = (x - mean) / std per feature, with mean and std from the training data.

    A constant feature (std 0) is only centred: dividing by 0 would give NaN.

    Attributes: ``mean_`` (d,), ``scale_`` (d,), ``n_features_in_``.
    """
    _fitted_attribute = "mean_"

    def __repr__(self):
        return "StandardScaler()"

    def fit(self, X):
        X = check_array(X)
        self.n_features_in_ = X.shape[1]
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0)
        return self

    def transform(self, X):
        return (self._check(X) - self.mean_) / self.scale_

    def inverse_transform(self, X):
        return self._check(X) * self.scale_ + self.mean_


class MinMaxScaler(_Scaler):
    """x' = (x - min) / (max - min) per feature, mapping the training range onto [0, 1].

    New data outside the training range lands outside [0, 1]; a constant feature maps to 0.

    Attributes: ``data_min_`` (d,), ``data_range_`` (d,), ``n_features_in_``.
    """
    _fitted_attribute = "data_min_"

    def __repr__(self):
        return "MinMaxScaler()"

    def fit(self, X):
        X = check_array(X)
        self.n_features_in_ = X.shape[1]
        self.data_min_ = X.min(axis=0)
        spread = X.max(axis=0) - self.data_min_
        self.data_range_ = np.where(spread > 0, spread, 1.0)
        return self

    def transform(self, X):
        return (self._check(X) - self.data_min_) / self.data_range_

    def inverse_transform(self, X):
        return self._check(X) * self.data_range_ + self.data_min_


def log1p(y):
    """The target transform y' = log(1 + y) for counts (y >= 0); undo with ``expm1``."""
    y = check_vector(y, "y")
    if (y < 0).any():
        raise ValueError("y must be >= 0 for log1p (it is meant for counts)")
    return np.log1p(y)


def expm1(y):
    """The inverse of ``log1p``: exp(y) - 1."""
    return np.expm1(check_vector(y, "y"))


def train_test_split(*arrays, test_size=0.25, stratify=None, random_state=None):
    """Split arrays (same number of rows) into train and test parts, in a random order.

    Parameters
    ----------
    *arrays : arrays of n rows each.
    test_size : float in (0, 1), the share of rows in the test part (rounded up).
    stratify : optional labels (n,); each label keeps its share in both parts.
    random_state : None, int or Generator.

    Returns
    -------
    list ``[a_train, a_test, b_train, b_test, ...]``.
    """
    if not arrays:
        raise ValueError("train_test_split needs at least one array")
    arrays = [np.asarray(a) for a in arrays]
    check_consistent_length(**{f"arrays[{i}]": a for i, a in enumerate(arrays)})
    n = len(arrays[0])
    if not 0 < check_real(test_size, "test_size") < 1:
        raise ValueError(f"test_size must be a fraction in (0, 1), got {test_size}")
    rng = check_random_state(random_state)
    if stratify is None:
        order = rng.permutation(n)
        n_test = int(np.ceil(test_size * n))
        test, train = order[:n_test], order[n_test:]
    else:
        labels = check_vector(stratify, "stratify")
        check_consistent_length(arrays_0=arrays[0], stratify=labels)
        test, train = [], []
        for value in np.unique(labels):
            rows = rng.permutation(np.flatnonzero(labels == value))
            k = int(np.ceil(test_size * len(rows)))
            test.append(rows[:k])
            train.append(rows[k:])
        test, train = rng.permutation(np.concatenate(test)), rng.permutation(np.concatenate(train))
    if len(train) == 0 or len(test) == 0:
        raise ValueError(f"test_size={test_size} leaves an empty part for {n} rows")
    return [part for a in arrays for part in (a[train], a[test])]
