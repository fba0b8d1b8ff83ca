"""Comparing a student's result with the expected one, and printing values, for the checkers.

``compare`` says in a phrase how a result differs from the expected one (kind, shape,
integers for floats, NaN, a swapped pair, values); ``fmt`` prints any value at fixed
precision, so that reports are the same on every machine.
"""
import numbers

import numpy as np

__all__ = ["fmt", "compare"]


class _Text(str):
    """Text shown as it is in a report (not quoted like a string value)."""


def fmt(value, indent=0):
    """Deterministic text for a value: floats to 4 decimals, arrays via np.array2string.

    ``indent`` is the column where the text starts, so that the continuation lines of a
    multi-line array line up under its first line.
    """
    if value is None or isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        if not np.isfinite(v) or v == 0 or 1e-4 <= abs(v) < 1e6:
            return str(round(v, 4) + 0.0)  # + 0.0 turns -0.0 into 0.0; nan, inf stay
        return f"{v:.4e}"
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return fmt(value.item())
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            value = np.round(value, 4) + 0.0
        return np.array2string(value, precision=4, suppress_small=True, threshold=50,
                               edgeitems=3, prefix=" " * indent)
    if isinstance(value, (list, tuple)):
        items = ", ".join(fmt(item) for item in value)
        return f"[{items}]" if isinstance(value, list) else f"({items}{',' if len(value) == 1 else ''})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {fmt(value[k])}" for k in sorted(value, key=str)) + "}"
    if isinstance(value, str):
        return value if isinstance(value, _Text) else repr(value)
    if callable(value) and hasattr(value, "__name__"):
        return f"<function {value.__name__}>"
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _a(value):
    """'None', 'a str', 'an int': how a value of the wrong kind is named."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return "a NumPy array"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _shape_note(got, expected):
    """A guess at how a wrong shape came about, or ''."""
    if expected == ():
        return " (did you forget to sum or average?)" if int(np.prod(got)) > 1 else ""
    if got == expected[::-1] and len(got) == 2:
        return " (the transpose of what was expected?)"
    if got == expected + (1,):
        return " (a column where a flat array was expected: check how the shapes combine)"
    if expected == got + (1,):
        return " (a flat array where a column was expected)"
    if len(expected) == 1 and got == (expected[0], expected[0]):
        return " (an (n,) array combined with an (n, 1) column broadcasts to (n, n))"
    if len(got) < len(expected):
        return " (did you sum or average over an axis?)"
    return ""


def _swap(got, expected, rtol, atol):
    """(i, j) when ``got`` is ``expected`` with items i and j exchanged, else None."""
    if not isinstance(got, (list, tuple)) or len(got) != len(expected) or len(got) < 2:
        return None
    for i in range(len(got)):
        for j in range(i + 1, len(got)):
            swapped = list(got)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            if _compare(swapped, list(expected), rtol, atol, swaps=False) is None:
                return i, j
    return None


def _swap_reason(i, j, names):
    """How a swapped pair of results is named: by the task's names when it has them."""
    if names and len(names) > max(i, j):
        wrong = list(names)
        wrong[i], wrong[j] = wrong[j], wrong[i]
        return (f"({', '.join(wrong)}), the right values in swapped order: return "
                f"({', '.join(names)})")
    return f"the right values, but items [{i}] and [{j}] are swapped"


def _compare(got, expected, rtol, atol, path="", names=None, swaps=True):
    """None, or (reason, path, got item, expected item) for the first difference found.

    A result that is the expected tuple with two items exchanged is named as a swap
    (with ``names``, the names of the items, e.g. ("dw", "db")).
    """
    def differ(reason):
        return reason, path, got, expected

    def first(pairs):
        return next(filter(None, (_compare(g, e, rtol, atol, p, swaps=swaps)
                                  for p, g, e in pairs)), None)

    if isinstance(expected, dict):
        keys, got_keys = sorted(expected, key=str), sorted(got, key=str) if isinstance(got, dict) else None
        if got_keys is None:
            return differ(f"{_a(got)} where a dict was expected")
        if got_keys != keys:
            return differ(f"a dict with keys {fmt(got_keys)} where keys {fmt(keys)} were expected")
        return first((f"{path}[{k!r}]", got[k], expected[k]) for k in keys)
    if isinstance(expected, (list, tuple)) and not all(isinstance(e, numbers.Number) for e in expected):
        if not isinstance(got, (list, tuple)):
            return differ(f"{_a(got)} where a sequence of {len(expected)} items was expected")
        if len(got) != len(expected):
            return differ(f"{len(got)} items where {len(expected)} were expected")
        found = first((f"{path}[{i}]", g, e) for i, (g, e) in enumerate(zip(got, expected)))
        swap = None if found is None or not swaps else _swap(got, expected, rtol, atol)
        return differ(_swap_reason(*swap, names)) if swap else found
    if not isinstance(expected, (numbers.Number, np.ndarray, list, tuple)):
        try:
            return None if bool(got == expected) else differ("a wrong value")
        except (TypeError, ValueError):
            return differ("a wrong value")

    exp = np.asarray(expected)
    try:
        arr = None if isinstance(got, (str, dict)) else np.asarray(got)
    except (TypeError, ValueError):  # e.g. a ragged list
        arr = None
    if arr is None or arr.dtype.kind not in "biuf":
        want = "a number" if exp.ndim == 0 else f"an array of shape {exp.shape}"
        return differ(f"{_a(got)} where {want} was expected")
    if arr.shape != exp.shape:
        what = "a single number" if arr.ndim == 0 else f"an array of shape {arr.shape}"
        want = "a single number" if exp.ndim == 0 else f"shape {exp.shape}"
        return differ(f"{what} where {want} was expected{_shape_note(arr.shape, exp.shape)}")
    if exp.dtype.kind == "f" and arr.dtype.kind in "biu":
        return differ(f"{'booleans' if arr.dtype.kind == 'b' else 'integers'} (dtype {arr.dtype}) "
                      "where floating-point numbers were expected (start from floats, e.g. 0.0 "
                      "or np.zeros(n), and divide with `/`)")
    if arr.dtype.kind == "f" and (~np.isfinite(arr) & np.isfinite(exp)).any():
        return differ("NaN or infinite values")
    if exp.dtype.kind == "f" or arr.dtype.kind == "f":
        close = np.isclose(arr, exp, rtol=rtol, atol=atol, equal_nan=True)
    else:
        close = arr == exp
    if np.all(close):
        return None
    if swaps and isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)):
        swap = _swap(list(got), list(expected), rtol, atol)
        if swap:
            return differ(_swap_reason(*swap, names))
    if exp.ndim == 0:
        return differ("a wrong value")
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    e, g = exp[index], arr[index]
    # Two values that print alike at 4 decimals are shown with more digits.
    shown = (fmt(e), fmt(g)) if fmt(e) != fmt(g) else (f"{float(e):.8g}", f"{float(g):.8g}")
    return differ(f"wrong values (first difference at index {index[0] if len(index) == 1 else index}: "
                  f"expected {shown[0]}, got {shown[1]})")


def compare(got, expected, rtol=1e-6, atol=1e-9):
    """Say how ``got`` differs from ``expected`` (a phrase), or return None when they agree.

    Checked in order: kind, shape, integers where floats are expected, NaN/inf where
    ``expected`` is finite, then values (``np.isclose``; exact for integers and booleans).
    Tuples, lists (of non-numbers) and dicts are compared item by item: "item [1]: ...".
    """
    found = _compare(got, expected, rtol, atol)
    if found is None:
        return None
    reason, path = found[:2]
    return f"item {path}: {reason}" if path else reason
