"""Table: named columns of equal length, printed aligned, for the results minirelu returns.

Numeric columns are kept as NumPy arrays (``table[name]``), floats print with a
per-column format (4 decimals by default), long tables print their first ``max_rows``
rows. The printout is plain text and deterministic, so notebooks can store it.

:func:`format_float` is the one place a result's number becomes text: every result object's
repr and every table print through it, so none prints a signed zero (``-0.0000``) for a value
that is zero at the printed precision but whose sign came from the machine's summation order.
"""
import math
import numbers

import numpy as np

__all__ = ["Table", "format_float", "format_floats"]

_NONZERO_DIGITS = frozenset("123456789")


def format_float(value, spec=".4f"):
    """``format(value, spec)`` for a real number, never a signed zero.

    A value that prints as zero at ``spec`` prints without a minus sign: -0.0 and -4e-17
    both give ``"0.0000"``, since the sign of a rounding-level result depends on the CPU's
    summation order. Any other value prints as ``format`` prints it; NaN prints ``"nan"``.

    Parameters
    ----------
    value : float
        A real number (a Python or NumPy scalar).
    spec : str
        A format spec for floats, e.g. ``".4f"`` (the default), ``".1e"``, ``".3g"``.

    Returns
    -------
    str

    Examples
    --------
    >>> format_float(-4e-17), format_float(-0.0, ".2e"), format_float(-0.00049, ".3f")
    ('0.0000', '0.00e+00', '0.000')
    >>> format_float(-0.0005, ".3f"), format_float(float("-inf"))
    ('-0.001', '-inf')
    """
    value = float(value)
    if value != value:
        return "nan"
    if math.copysign(1.0, value) < 0 and math.isfinite(value):
        positive = format(-value, spec)
        if not _NONZERO_DIGITS.intersection(positive):
            return positive
    return format(value, spec)


def format_floats(values, spec=".4f"):
    """Values (any shape, flattened) as ``"[a, b, ...]"``, each through :func:`format_float`."""
    return "[" + ", ".join(format_float(v, spec)
                           for v in np.asarray(values, dtype=float).ravel()) + "]"


def _as_column(values):
    """Numbers become a 1-D array (int or float); anything else a list of strings."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "biuf":
        return values.copy()
    values = list(values)
    if values and all(isinstance(v, (numbers.Real, np.bool_)) for v in values):
        return np.asarray(values)
    return [str(v) for v in values]


class Table:
    """Named columns of equal length.

    Parameters
    ----------
    columns : dict of str -> sequence
        Column name to values, in display order. Numbers are stored as arrays
        (``table[name]`` returns the array), other values as strings.
    formats : dict of str -> str, optional
        Format spec per column, e.g. ``{"l1_reg": ".0e"}``; floats default to ``".4f"``.
    max_rows : int
        Rows printed before the printout is cut (the data are never cut).

    Examples
    --------
    >>> Table({"feature": ["hr", "atemp"], "importance": [0.75, 0.25]})
    feature  importance
    hr           0.7500
    atemp        0.2500
    """

    def __init__(self, columns, formats=None, max_rows=20):
        self.columns = {str(name): _as_column(values) for name, values in columns.items()}
        lengths = {name: len(col) for name, col in self.columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns must have equal lengths, got {lengths}")
        self.formats = dict(formats or {})
        self.max_rows = int(max_rows)

    def __getitem__(self, name):
        return self.columns[name]

    def __len__(self):
        return len(next(iter(self.columns.values()), ()))

    @property
    def column_names(self):
        return list(self.columns)

    def row(self, i):
        """Row ``i`` as a dict of column name -> value."""
        return {name: col[i] for name, col in self.columns.items()}

    def head(self, n=10):
        """A table of the first ``n`` rows."""
        return Table({name: col[:n] for name, col in self.columns.items()}, self.formats,
                     self.max_rows)

    def _cell(self, name, value):
        spec = self.formats.get(name)
        if isinstance(value, (bool, np.bool_)):
            return str(bool(value))
        if isinstance(value, numbers.Integral):
            return format(int(value), spec or "d")
        if isinstance(value, numbers.Real):
            return format_float(value, spec or ".4f")
        return str(value)

    def __repr__(self):
        n = len(self)
        shown = min(n, self.max_rows)
        cells = {name: [self._cell(name, v) for v in col[:shown]]
                 for name, col in self.columns.items()}
        widths = {name: max([len(name)] + [len(c) for c in col]) for name, col in cells.items()}
        numeric = {name: isinstance(col, np.ndarray) for name, col in self.columns.items()}

        def just(name, text):
            return text.rjust(widths[name]) if numeric[name] else text.ljust(widths[name])

        lines = ["  ".join(just(name, name) for name in cells)]
        lines += ["  ".join(just(name, c) for name, c in zip(cells, row))
                  for row in zip(*cells.values())]
        if shown < n:
            lines.append(f"... {n - shown} more rows ({n} in all)")
        return "\n".join(line.rstrip() for line in lines)
