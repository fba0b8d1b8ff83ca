"""Input checks shared by every public function, so each error message is written once.

Every check fails early with a ``ValueError`` (or ``TypeError``) whose message
names the argument and says what was expected.

Over 400 lines because every public function's checks live here, so each error
message is written once instead of once per module.
"""
import numbers
import sys
import warnings

import numpy as np

__all__ = [
    "check_array", "check_vector", "check_binary_labels", "check_consistent_length",
    "check_n_features", "check_positive", "check_non_negative", "check_int",
    "check_option", "check_random_state", "check_fitted", "check_dtype", "check_real",
    "check_finite_output", "check_X", "NotFittedError",
    "DataConversionWarning", "require_y", "check_label_vector", "check_labels", "encode_labels",
    "feature_names_of",
    "check_feature_names_in", "default_feature_names",
]


class NotFittedError(ValueError, AttributeError):
    """A model was used before ``fit``. A ``ValueError`` (as minirelu's other input errors) and
    an ``AttributeError`` (as scikit-learn's ``NotFittedError``, and as reading a missing fitted
    attribute), so code written for either catches it. Public as ``minirelu.NotFittedError``."""


class DataConversionWarning(UserWarning):
    """Input was accepted in another shape than documented (a column-vector ``y``, say).
    Named as scikit-learn's warning of the same meaning, so its tools recognise it."""


def _as_float_array(x, name, dtype):
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be array-like of numbers, got {type(x).__name__}")
    if type(x).__module__.startswith("scipy.sparse"):
        raise TypeError(f"{name} is a sparse matrix, and sparse input is not supported: minirelu "
                        f"works with dense arrays (pass {name}.toarray() if it fits in memory)")
    try:
        arr = np.asarray(x)
        complex_values = arr.dtype.kind == "c"
        if not complex_values:
            arr = arr.astype(dtype, copy=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be array-like of numbers ({exc})") from None
    if complex_values:
        raise ValueError(f"Complex data not supported: {name} holds complex numbers; minirelu "
                         f"works with real numbers (pass {name}.real or abs({name}) explicitly)")
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
        hint = (f"; Reshape your data: {name}.reshape(-1, 1) for a single feature, "
                f"{name}.reshape(1, -1) for a single sample") if arr.ndim == 1 else ""
        raise ValueError(f"{name} must be a 2-D array of shape (n_samples, n_features), "
                         f"got an array of shape {arr.shape}{hint}")
    if not allow_empty and arr.size == 0:
        if arr.ndim == 2 and arr.shape[0] > 0:
            raise ValueError(f"{name} is empty: 0 feature(s) (shape={arr.shape}) while a "
                             f"minimum of 1 is required.")
        raise ValueError(f"{name} is empty (shape {arr.shape}); at least one sample is needed")
    if finite:
        _check_finite(arr, name)
    return _owned(arr, X) if copy else arr


def _owned(arr, source):
    """``arr``, copied if it may share memory with the caller's ``source``."""
    shared = isinstance(source, np.ndarray) and np.may_share_memory(arr, source)
    return arr.copy() if shared else arr


def _outside_stacklevel():
    """The ``stacklevel`` that makes a warning raised by the caller point at the first frame
    outside minirelu: the user's line, however deep inside minirelu the check ran."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("minirelu."):
        frame, level = frame.f_back, level + 1
    return level


def _column_to_vector(arr, name, warn):
    if arr.ndim == 2 and arr.shape[1] == 1:
        if warn:
            warnings.warn(f"A column-vector y was passed when a 1d array was expected: {name} has "
                          f"shape {arr.shape} and is used as shape ({arr.shape[0]},); pass "
                          f"{name}.ravel() to silence this warning", DataConversionWarning,
                          stacklevel=_outside_stacklevel())
        arr = arr[:, 0]
    return arr


def check_vector(y, name="y", dtype=np.float64, allow_empty=False, finite=True, copy=False,
                 warn_column=False):
    """Return ``y`` as a 1-D float array of shape (n_samples,).

    A column (n, 1) is accepted, with a ``DataConversionWarning`` naming its shape when
    ``warn_column`` (as ``fit`` asks for its targets). ``copy=True``: an array sharing no
    memory with ``y`` (see :func:`check_array`).
    """
    arr = _column_to_vector(_as_float_array(y, name, dtype), name, warn_column)
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


def _label_text(labels, limit=10):
    shown = [repr(v.item() if isinstance(v, np.generic) else v) for v in labels[:limit]]
    return ", ".join(shown) + (", ..." if len(labels) > limit else "")


def require_y(y, model):
    """Raise a ``ValueError`` when the targets of a supervised ``fit`` are missing (None)."""
    if y is None:
        raise ValueError(f"{type(model).__name__} requires y to be passed, but the target y is "
                         f"None: call fit(X, y)")


def check_label_vector(y, name="y", warn_column=False):
    """Return class labels as a 1-D array (numbers, strings or booleans), shape (n_samples,).

    A column (n, 1) is accepted (with a ``DataConversionWarning`` when ``warn_column``);
    complex numbers, NaN, None, mixed kinds and continuous values are errors.
    """
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name} must be array-like of class labels, got {type(y).__name__}")
    try:
        arr = np.asarray(y)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be array-like of class labels ({exc})") from None
    if arr.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {name} holds complex numbers")
    arr = _column_to_vector(arr, name, warn_column)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (n_samples,), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty; at least one sample is needed")
    if arr.dtype.kind == "O":
        bad = [v for v in arr if v is None or (isinstance(v, float) and v != v)]
        if bad:
            raise ValueError(f"{name} contains missing labels ({bad[0]!r})")
        kinds = sorted({"number" if isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
                        else type(v).__name__ for v in arr})
        if len(kinds) > 1:
            raise TypeError(f"{name} mixes kinds of labels ({', '.join(kinds)}); use one kind: "
                            f"all numbers, all strings or all booleans")
        if kinds == ["str"]:
            arr = arr.astype(str)          # a pandas column of strings: plain NumPy strings
    if arr.dtype.kind == "f":
        _check_finite(arr, name)
        continuous = arr[arr != np.round(arr)]
        if continuous.size:
            raise ValueError(f"Unknown label type: {name} holds continuous values (e.g. "
                             f"{continuous[0]:g}), but a classifier needs class labels; "
                             f"use a regressor for continuous targets")
    return arr


def check_labels(y, name="y", max_classes=None, warn_column=False):
    """The classes found in ``y`` and each row's class index.

    Parameters
    ----------
    y : array-like (n_samples,) of class labels: numbers, strings or booleans.
    max_classes : optional int, the most classes the model takes (2 for a binary one).

    Returns
    -------
    classes : ndarray (K,), the distinct labels, sorted (the model's ``classes_``).
    codes : ndarray (n_samples,) int64 in 0..K-1: ``classes[codes]`` is ``y``.
    """
    arr = check_label_vector(y, name, warn_column)
    classes, codes = np.unique(arr, return_inverse=True)
    if len(classes) < 2:
        raise ValueError(f"{name} holds one class only ({_label_text(classes)}); a classifier "
                         f"needs samples of two classes to learn from")
    if max_classes is not None and len(classes) > max_classes:
        raise ValueError(f"Only binary classification is supported: {name} holds {len(classes)} "
                         f"labels ({_label_text(classes)}), this classifier takes exactly "
                         f"{max_classes}")
    return classes, codes.reshape(-1).astype(np.int64)


def encode_labels(y, classes, name="y"):
    """Each label's index in ``classes`` (a model's ``classes_``, in any order), shape (n,) int64.

    A label that is not in ``classes`` is an error naming it and the known classes.
    """
    arr = check_label_vector(y, name)
    order = np.argsort(classes, kind="stable")
    ordered = classes[order]
    try:
        position = np.clip(np.searchsorted(ordered, arr), 0, len(classes) - 1)
        known = np.asarray(ordered[position] == arr, dtype=bool)
    except TypeError:                      # strings against numbers: none can match
        position, known = np.zeros(len(arr), dtype=np.intp), np.zeros(len(arr), dtype=bool)
    if known.shape != arr.shape or not known.all():
        unknown = np.unique(arr[~known]) if known.shape == arr.shape else np.unique(arr)
        raise ValueError(f"{name} holds {_label_text(unknown)}, not among the classes seen in fit "
                         f"({_label_text(classes)})")
    return order[position].astype(np.int64)


def feature_names_of(X):
    """A DataFrame's column names as an object array of str; None for arrays and lists.

    Names that are not all strings (a DataFrame with integer columns) give None, as in
    scikit-learn; a mix of strings and other names is a ``TypeError``.
    """
    columns = getattr(X, "columns", None)
    if columns is None or isinstance(X, np.ndarray):
        return None
    names = np.asarray(list(columns), dtype=object)
    is_str = np.array([isinstance(name, str) for name in names], dtype=bool)
    if names.size == 0 or not is_str.any():
        return None
    if not is_str.all():
        kinds = sorted({type(name).__name__ for name in names})
        raise TypeError(f"X's column names mix types ({', '.join(kinds)}): feature names are "
                        f"supported only when all columns are named by strings; rename them "
                        f"with X.columns = X.columns.astype(str)")
    return names


def _listed(names, limit=5):
    shown = "".join(f"- {name}\n" for name in names[:limit])
    return shown + ("- ...\n" if len(names) > limit else "")


def check_feature_names_in(estimator, X, reset):
    """Record (``reset=True``, in ``fit``) or check (in predict/transform) X's column names.

    ``fit`` on a DataFrame keeps its column names in ``estimator.feature_names_in_`` (and a
    fit on a plain array removes them). Later, a DataFrame whose columns are missing, extra
    or in another order is refused with a ``ValueError`` listing them; a plain array, or a
    DataFrame given to a model fitted on an array, is accepted with a ``UserWarning``.
    """
    names = feature_names_of(X)
    if reset:
        if names is not None:
            estimator.feature_names_in_ = names
        elif hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
        return
    fitted = getattr(estimator, "feature_names_in_", None)
    model = type(estimator).__name__
    if fitted is None and names is None:
        return
    if names is None:
        warnings.warn(f"X does not have valid feature names, but {model} was fitted with feature "
                      f"names ({', '.join(fitted)})", UserWarning,
                      stacklevel=_outside_stacklevel())
        return
    if fitted is None:
        warnings.warn(f"X has feature names, but {model} was fitted without feature names",
                      UserWarning, stacklevel=_outside_stacklevel())
        return
    if len(names) == len(fitted) and (names == fitted).all():
        return
    message = "The feature names should match those that were passed during fit.\n"
    unseen = [n for n in names if n not in set(fitted)]
    missing = [n for n in fitted if n not in set(names)]
    if unseen:
        message += "Feature names unseen at fit time:\n" + _listed(sorted(unseen))
    if missing:
        message += "Feature names seen at fit time, yet now missing:\n" + _listed(sorted(missing))
    if not unseen and not missing:
        message += "Feature names must be in the same order as they were in fit.\n"
    raise ValueError(message + f"{model} was fitted on columns: {', '.join(fitted)}")


def default_feature_names(model=None, X=None):
    """The feature names to show for ``model`` on ``X``, or None when there are none.

    A fitted estimator's ``feature_names_in_`` (kept from the DataFrame it was fitted on),
    else the column names of ``X`` when it is a DataFrame. Interpretation tables and plots
    fall back to x0, x1, ... when this is None.
    """
    names = getattr(model, "feature_names_in_", None)
    if names is None and X is not None:
        names = feature_names_of(X)
    return None if names is None else [str(name) for name in names]


def check_consistent_length(**arrays):
    """Raise if the arrays passed by keyword do not all have the same number of rows."""
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"inconsistent numbers of samples: {desc}")


def check_n_features(X, expected, name="X", model=None):
    """Raise if ``X`` does not have ``expected`` columns (``model``, if given, is named)."""
    if X.shape[1] != expected:
        if model is None:
            raise ValueError(f"{name} has {X.shape[1]} features, but the model expects {expected}")
        raise ValueError(f"{name} has {X.shape[1]} features, but {type(model).__name__} is "
                         f"expecting {expected} features as input")


def _check_real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")


def check_real(value, name):
    """Raise unless ``value`` is a finite real number (not a bool, not a string); return a float."""
    _check_real(value, name)
    return float(value)


def check_finite_output(values, name="X", output="output", allow_inf=True):
    """Return a model's ``values`` for the rows of ``name``, or raise if any is NaN.

    Finite inputs so large that the arithmetic overflows (inf - inf) give a NaN output;
    left alone it would pass silently (a NaN logit is not > 0, so it would predict
    class 0). An infinite output is kept when ``allow_inf`` (one logit: its sign still
    decides); K logits that are infinite do not decide (softmax gives inf - inf).
    """
    bad = np.isnan(values) if allow_inf else ~np.isfinite(values)
    if bad.any():
        rows = np.flatnonzero(bad.reshape(len(values), -1).any(axis=1))
        what = "NaN" if allow_inf else "NaN or infinite"
        raise ValueError(f"the model's {output} is {what} for {len(rows)} row(s) of {name} "
                         f"(first: row {rows[0]}): values this large overflow the model's "
                         f"arithmetic; scale {name} (e.g. with StandardScaler) before predicting")
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
