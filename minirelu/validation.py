"""Input checks shared by every public function, so each error message is written once.

Every check fails early with a ``ValueError`` (or ``TypeError``) whose message
names the argument and says what was expected.
"""
import numbers

import numpy as np

__all__ = [
    "check_array", "check_vector", "check_binary_labels", "check_consistent_length",
    "check_n_features", "check_positive", "check_non_negative", "check_int",
    "check_option", "check_random_state", "check_fitted", "check_dtype", "check_real",
    "check_finite_output", "check_X", "NotFittedError",
]


class NotFittedError(ValueError, AttributeError):
    """A model was used before ``fit``. A ``ValueError`` (as minirelu's other input errors) and
    an ``AttributeError`` (as scikit-learn's ``NotFittedError``, and as reading a missing fitted
    attribute), so code written for either catches it. Public as ``minirelu.NotFittedError``."""


def _as_float_array(x, name, dtype):
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be array-like of numbers, got {type(x).__name__}")
    try:
        complex_values = np.iscomplexobj(x)      # NumPy would drop the imaginary parts
        arr = None if complex_values else np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be array-like of numbers ({exc})") from None
    if complex_values:
        raise TypeError(f"{name} must hold real numbers, got complex values")
    return arr


def _check_finite(arr, name):
    # min and max propagate NaN and reach +-inf when any entry is one, so no (n, d) mask is
    # made: that keeps a float64 fit of 10^6 x 20 float32 rows under 2.5x the data
    # (benchmarks/bench_fit_memory.py)
    if arr.size and not (np.isfinite(np.min(arr)) and np.isfinite(np.max(arr))):
        raise ValueError(f"{name} contains NaN or infinite values")


def check_array(X, name="X", dtype=np.float64, ensure_2d=True, allow_empty=False, finite=True,
                copy=False):
    """Return ``X`` as a float array of shape (n_samples, n_features).

    Raises if it is not 2-D, is empty, or holds NaN or infinite values.
    A float32 input stays float32 when ``dtype`` is None. ``copy=True`` returns an array
    that shares no memory with ``X`` (for results that keep it: editing the caller's
    array later must not change them); no second copy when the conversion made one.
    """
    if dtype is None:
        dtype = np.float32 if getattr(X, "dtype", None) == np.float32 else np.float64
    arr = _as_float_array(X, name, dtype)
    if ensure_2d and arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n_samples, n_features), "
                         f"got an array of shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); at least one sample is needed")
    if finite:
        _check_finite(arr, name)
    return _owned(arr, X) if copy else arr


def _owned(arr, source):
    """``arr``, copied if it may share memory with the caller's ``source``."""
    return arr.copy() if isinstance(source, np.ndarray) and np.may_share_memory(arr, source) else arr


def check_vector(y, name="y", dtype=np.float64, allow_empty=False, finite=True, copy=False):
    """Return ``y`` as a 1-D float array of shape (n_samples,); a column (n, 1) is accepted.
    ``copy=True``: an array sharing no memory with ``y`` (see :func:`check_array`)."""
    arr = _as_float_array(y, name, dtype)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (n_samples,), got shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} is empty; at least one sample is needed")
    if finite:
        _check_finite(arr, name)
    return _owned(arr, y) if copy else arr


def check_binary_labels(y, name="y"):
    """Return binary labels as an int array of 0s and 1s, shape (n_samples,).

    Booleans are accepted; any other value (2, -1, 0.5, NaN) is an error.
    """
    try:
        arr = np.asarray(y)
    except ValueError as exc:       # ragged nested lists
        raise TypeError(f"{name} must be array-like of numbers ({exc})") from None
    if arr.dtype == bool:
        arr = arr.astype(np.int64)
    arr = check_vector(arr, name=name, finite=False)
    bad = ~((arr == 0) | (arr == 1))
    if bad.any():
        found = ", ".join(f"{v:g}" for v in np.unique(arr[bad])[:5])
        raise ValueError(f"{name} must hold binary labels 0 and 1; found {found}")
    return arr.astype(np.int64)


def check_consistent_length(**arrays):
    """Raise if the arrays passed by keyword do not all have the same number of rows."""
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"inconsistent numbers of samples: {desc}")


def check_n_features(X, expected, name="X"):
    """Raise if ``X`` does not have ``expected`` columns."""
    if X.shape[1] != expected:
        raise ValueError(f"{name} has {X.shape[1]} features, but the model expects {expected}")


def _check_real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")


def check_real(value, name):
    """Raise unless ``value`` is a finite real number (not a bool, not a string); return a float."""
    _check_real(value, name)
    return float(value)


def check_finite_output(values, name="X", output="output"):
    """Return a model's ``values`` for the rows of ``name``, or raise if any is NaN.

    Finite inputs so large that the arithmetic overflows (inf - inf) give a NaN output;
    left alone it would pass silently (a NaN logit is not > 0, so it would predict
    class 0). An infinite output is kept: its sign still decides.
    """
    bad = np.isnan(values)
    if bad.any():
        rows = np.flatnonzero(bad.reshape(len(values), -1).any(axis=1))
        raise ValueError(f"the model's {output} is NaN for {len(rows)} row(s) of {name} (first: "
                         f"row {rows[0]}): values this large overflow the model's arithmetic; "
                         f"scale {name} (e.g. with StandardScaler) before predicting")
    return values


def check_X(X, n_features, name="X", dtype=np.float64):
    """The inputs of a fitted model: ``X`` as a finite (n, n_features) array of ``dtype``.

    The one input check of ``MLP``, the estimators and the linear models.
    """
    X = check_array(X, name, dtype=dtype)
    check_n_features(X, n_features, name)
    return X


def check_positive(value, name):
    """Raise unless ``value`` is a finite number > 0; return it as a float."""
    _check_real(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return float(value)


def check_non_negative(value, name):
    """Raise unless ``value`` is a finite number >= 0; return it as a float."""
    _check_real(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return float(value)


def check_int(value, name, minimum=None):
    """Raise unless ``value`` is an integer (>= ``minimum`` when given); return it as an int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_option(value, options, name):
    """Raise unless ``value`` is one of ``options``, listing the valid choices."""
    try:
        known = value in options
    except (TypeError, ValueError):       # unhashable (a list) or an array: a type error
        known = None
    if not known:
        valid = ", ".join(repr(o) for o in sorted(options, key=repr))
        error = TypeError if known is None else ValueError
        raise error(f"{name} must be one of {valid}; got {value!r}")
    return value


def check_dtype(dtype, name="dtype"):
    """Return ``np.float32`` or ``np.float64``; any other dtype is an error."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be 'float32' or 'float64', got {dtype!r}") from None
    if dt not in (np.float32, np.float64):
        raise ValueError(f"{name} must be 'float32' or 'float64', got {dt.name!r}")
    return dt.type


def check_random_state(random_state, name="random_state"):
    """Return a ``np.random.Generator`` from None, an int seed or a Generator."""
    if random_state is None or isinstance(random_state, (numbers.Integral, np.random.SeedSequence)):
        if isinstance(random_state, bool):
            raise TypeError(f"{name} must be None, an int or a numpy Generator, got bool")
        if isinstance(random_state, numbers.Integral) and random_state < 0:
            raise ValueError(f"{name} must be a non-negative int, got {random_state}")
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    raise TypeError(f"{name} must be None, an int or a numpy Generator, "
                    f"got {type(random_state).__name__}")


def check_fitted(estimator, attribute):
    """Raise ``NotFittedError`` if ``estimator`` has not been fitted (lacks ``attribute``)."""
    if getattr(estimator, attribute, None) is None:
        raise NotFittedError(f"this {type(estimator).__name__} is not fitted yet: "
                         f"call fit(X, y) before using it")
