"""Reporting a checked function's result by its shape, for checkers of large results.

``_core.run_cases`` prints the full value a failing case got; for a split of a data set
or a fitted model that is a wall of numbers. ``run_summarized`` runs the same cases on the
student's function, but a failing case shows ``describe(result)`` (by default the shapes
of the arrays), and an untouched stub is still reported as "not attempted".
"""
import functools

import numpy as np

from ._core import fmt, run_cases

__all__ = []


def describe_shapes(value):
    """Short text for a result: arrays by shape and dtype, not by every value."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} ({value.dtype})"
    if isinstance(value, (tuple, list)):
        inner = ", ".join(describe_shapes(item) for item in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    if isinstance(value, dict):
        return f"a dict with keys {fmt(sorted(value, key=str))}"
    return fmt(value)


class _Summary:
    """The student's result, shown in a report by its shapes (see ``_summarized``)."""

    def __init__(self, value):
        self.value = value
        self.text = None

    def __repr__(self):
        return self.text if self.text is not None else describe_shapes(self.value)


def _summarized(student_fn, describe=None):
    """``student_fn`` returning its result wrapped in a ``_Summary`` (None stays None), so a
    failing case shows ``describe(result)`` (by default the shapes of the arrays it got)
    rather than all their values."""
    @functools.wraps(student_fn)
    def call(*args, **kwargs):
        try:
            result = student_fn(*args, **kwargs)
        except NotImplementedError as error:
            tb = error.__traceback__
            while tb.tb_next is not None:
                tb = tb.tb_next
            if tb.tb_frame.f_code is getattr(student_fn, "__code__", None):
                # the stub itself: raised again from here, run_cases says "not attempted"
                raise NotImplementedError from None
            raise  # from a function the student's calls: run_cases names that one
        if result is None:
            return None
        summary = _Summary(result)
        if describe is not None:
            summary.text = describe(result)
        return summary
    return call


def run_summarized(student_fn, task, make_cases, describe=None):
    """``run_cases(student_fn, make_cases(student_fn))``, failing results shown by ``describe``.

    ``make_cases`` receives the student's function (for properties that call it again);
    ``task`` names the checker in the message for a non-function. A Case's ``prop`` gets the
    wrapped result: the student's value is ``got.value``.
    """
    if not callable(student_fn):  # _core's "expects your function itself"
        return run_cases(student_fn, [], name=task)
    return run_cases(_summarized(student_fn, describe), make_cases(student_fn),
                     name=getattr(student_fn, "__name__", task))
