"""Sums of squares and areas without overflow: divide by a power of two, rescale at the end.

Used by the regression metrics and ``auc`` (lessons/05_evaluation.ipynb).
"""
import numpy as np

__all__ = ["power_of_two_scale", "times_power_of_two"]


def power_of_two_scale(*arrays):
    """``(s, e)``: s = 2**e, a power of two near the largest magnitude in ``arrays``.

    Dividing by s is exact (barring underflow), brings every value into (-2, 2), and
    leaves ordinary data's results bit for bit as they were unscaled, while values
    near ±1e300 no longer overflow when squared, summed or subtracted.
    """
    m = max(float(np.max(np.abs(a), initial=0.0)) for a in arrays)
    e = 0 if m == 0 else int(np.frexp(m)[1]) - 1           # m / 2**e in [1, 2)
    return float(np.ldexp(1.0, e)), e


def times_power_of_two(value, e):
    """``value * 2**e`` rounded once: inf (no warning) only when the result is past the range."""
    with np.errstate(over="ignore"):
        return float(np.ldexp(value, e))
