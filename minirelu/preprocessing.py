"""Scaling inputs and targets, and splitting data.

Scalers follow scikit-learn's convention: ``fit`` learns statistics from the
*training* data only, ``transform`` applies them to any data. Fitting on all the
data before splitting leaks the test set's statistics into training.

Introduced in lessons/06_normalization.ipynb.
"""
import numpy as np

from .base import Estimator
from .validation import (check_array, check_consistent_length, check_fitted, check_label_vector,
                         check_n_features, check_random_state, check_real, check_vector,
                         feature_names_of)

__all__ = ["StandardScaler", "MinMaxScaler", "log1p", "expm1", "train_test_split"]


def _power_of_two_scale(*arrays):
    """Per column, a power of two s with |a / s| < 2 for every array a (rows or 1-D).

    Dividing by a power of two is exact, so (x/s - m/s) / (r/s) equals (x - m) / r bit for
    bit whenever the latter is finite, and stays finite where x - m alone would overflow
    (x = 1e308, m = -1e308).
    """
    biggest = np.max([np.abs(np.atleast_2d(a)).max(axis=0) for a in arrays], axis=0)
    _, exponent = np.frexp(biggest)
    return np.ldexp(1.0, exponent - 1)


class _Scaler(Estimator):
    """fit/transform/inverse_transform of a per-feature affine map x' = (x - shift) / spread.

    ``_scaled_map`` gives shift, spread / s and a power of two s per feature, and the map is
    computed as (x/s - shift/s) / (spread/s): the same numbers as (x - shift) / spread, without
    the overflow of x - shift or of spread itself for values near ±1e308.
    """

    _estimator_kind = "transformer"

    def fit(self, X, y=None):
        """Learn the per-feature statistics from ``X`` (n, d); ``y`` is ignored. Returns self.

        A DataFrame's column names are kept in ``feature_names_in_`` and checked by
        ``transform``.
        """
        names = feature_names_of(X)
        X = check_array(X, "X")
        self._learn(X)
        self._record_input(X.shape[1], names)
        return self

    def fit_transform(self, X, y=None):
        """``fit(X).transform(X)``; ``y`` is ignored (so the scaler can sit in a Pipeline)."""
        return self.fit(X, y).transform(X)

    def transform(self, X):
        """The scaled copy of ``X`` (n, d)."""
        X = self._check(X)
        shift, spread, s = self._scaled_map()
        return (X / s - shift / s) / spread

    def inverse_transform(self, X):
        """Undo ``transform``: the original units of scaled data ``X`` (n, d). Its columns
        are the scaled features, so their names are not checked against ``feature_names_in_``."""
        check_fitted(self, self._fitted_attribute)
        X = check_array(X, "X")
        check_n_features(X, self.n_features_in_, "X", self)
        shift, spread, s = self._scaled_map()
        return s * (X * spread + shift / s)

    def get_feature_names_out(self, input_features=None):
        """The output column names: the input names (a scaler keeps its columns).

        ``input_features`` defaults to ``feature_names_in_`` (from a DataFrame) or x0, x1, ...
        """
        check_fitted(self, "n_features_in_")
        fitted = getattr(self, "feature_names_in_", None)
        if input_features is None:
            if fitted is not None:
                return fitted.copy()
            return np.array([f"x{j}" for j in range(self.n_features_in_)], dtype=object)
        names = np.asarray(input_features, dtype=object)
        if names.ndim != 1 or len(names) != self.n_features_in_:
            raise ValueError(f"input_features should have length equal to the number of features "
                             f"seen in fit ({self.n_features_in_}), got {names.size}")
        if fitted is not None and not np.array_equal(names, fitted):
            raise ValueError("input_features is not equal to feature_names_in_ "
                             f"({', '.join(map(str, fitted))})")
        return np.array([str(name) for name in names], dtype=object)

    def _check(self, X, name="X"):
        check_fitted(self, self._fitted_attribute)
        return self._check_input(X, name)


class StandardScaler(_Scaler):
    """x' = (x - mean) / std per feature, with mean and std from the training data.

    Parameters
    ----------
    with_mean, with_std : bool, subtract the mean / divide by the standard deviation
        (both by default; turning one off keeps that step out, as in scikit-learn).

    A constant feature (std 0) is only centred: dividing by 0 would give NaN. The statistics
    are computed in units of a power of two, so features as large as ±1e308 are scaled
    correctly (plain ``(x - mean)**2`` would overflow to infinity).

    Attributes
    ----------
    mean_ : (d,) feature means (0 with ``with_mean=False``).
    scale_ : (d,) standard deviations (1 for constant features, and with ``with_std=False``).
    n_features_in_ : d.            feature_names_in_ : (d,) column names, when fitted on a DataFrame.

    Introduced in lessons/06_normalization.ipynb.
    """
    _fitted_attribute = "mean_"

    def __init__(self, with_mean=True, with_std=True):
        self.with_mean = with_mean
        self.with_std = with_std

    def _learn(self, X):
        for name in ("with_mean", "with_std"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(f"{name} must be True or False, got {getattr(self, name)!r}")
        s = _power_of_two_scale(X)
        Xs = X / s
        mean = Xs.mean(axis=0)
        std = np.sqrt(np.mean((Xs - mean) ** 2, axis=0))
        self.mean_ = mean * s if self.with_mean else np.zeros(X.shape[1])
        self.scale_ = np.where(std > 0, std * s, 1.0) if self.with_std else np.ones(X.shape[1])

    def _scaled_map(self):
        s = _power_of_two_scale(self.mean_, self.scale_)
        return self.mean_, self.scale_ / s, s


class MinMaxScaler(_Scaler):
    """x' = (x - min) / (max - min) per feature, mapping the training range onto [0, 1].

    New data outside the training range lands outside [0, 1]; a constant feature maps to 0.
    Computed in units of a power of two, so a range as wide as -1e308 .. 1e308 (whose width
    overflows to infinity) still maps onto [0, 1].

    Attributes
    ----------
    data_min_, data_max_ : (d,) per-feature minimum and maximum of the training data.
    data_range_ : (d,) data_max_ - data_min_ (1 for constant features; infinite when the
        width itself exceeds the largest float, which the scaling handles).
    n_features_in_ : d.     feature_names_in_ : (d,) column names, when fitted on a DataFrame.

    Introduced in lessons/06_normalization.ipynb.
    """
    _fitted_attribute = "data_min_"

    def __init__(self):
        pass

    def _learn(self, X):
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)
        with np.errstate(over="ignore"):
            spread = self.data_max_ - self.data_min_
        self.data_range_ = np.where(spread > 0, spread, 1.0)

    def _scaled_map(self):
        s = _power_of_two_scale(self.data_min_, self.data_max_)
        spread = self.data_max_ / s - self.data_min_ / s       # finite even when data_range_ is not
        constant = spread == 0
        s[constant], spread[constant] = 1.0, 1.0               # x' = x - min
        return self.data_min_, spread, s


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
    stratify : optional class labels (n,) (numbers, strings or booleans); each label keeps
        its share in both parts.
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
        labels = check_label_vector(stratify, "stratify")
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
