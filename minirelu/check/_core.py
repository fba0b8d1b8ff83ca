"""Building blocks for exercise checkers.

A checker is called on the student's function and has three outcomes: correct (one line,
``Correct! relu passes all 3 test cases.``, returns a true ``Verdict``); not yet (the first
failing case: input, expected, got, a hint; returns a false one); not attempted (the function
still raises ``NotImplementedError``: a kind line, returns a false one, so an untouched
exercise notebook runs top to bottom). A ``Verdict`` works as True or False in code and shows
no ``Out[]`` line in a notebook. A crash in the student's code is reported with its input, never propagated;
a call that runs longer than ``TIME_LIMIT`` seconds (an endless loop) is stopped and reported.
Hints come in two tiers: a "not yet" names the slip and the case in words; the formula or
the code is printed only on request, by ``check.hint("task")`` (registered with ``checker``).
Common slips get their own message before values are compared: ``None`` returned, the
input changed in place (blaming the student's helper that changed it, when one did), a
warning, a non-numeric result, a wrong shape, integers where floats are expected, NaN or
infinite values, two results returned in swapped order. Lists are accepted wherever arrays
are expected.

Expected values come from small hand-worked cases, from properties, or from central
differences (:func:`numerical_case`), never from minirelu's own implementation of the
thing being checked. Output is plain text at fixed precision (arrays rounded to 4
decimals), so solution notebooks can store it and nbval can compare it.

Over 400 lines because the slips every checker recognises (listed above) are told
apart here, once, instead of in each lesson's checkers.

Writing a checker, in ``minirelu/check/lessonNN.py``::

    import numpy as np
    from ._core import Case, checker, numerical_case, run_cases

    __all__ = ["relu", "relu_grad"]

    @checker(formula="np.maximum(x, 0.0)")
    def relu(student_relu):
        \"\"\"Check ``relu(x)``: max(0, x) elementwise, as a new float array.\"\"\"
        return run_cases(student_relu, [
            Case(np.array([-2.0, 0.0, 3.0]), expected=np.array([0.0, 0.0, 3.0]),
                 hint="relu keeps positive numbers and turns negative numbers into 0."),
            Case(np.array([[-1.5, 2.5]]), expected=np.array([[0.0, 2.5]]),
                 hint="relu works elementwise, whatever the shape of x."),
        ], name="relu")

    def relu_grad(student_relu_grad):
        \"\"\"Check the derivative of relu against central differences of sum(relu(x)).\"\"\"
        x = np.array([-1.5, -0.2, 0.3, 2.0])   # away from the kink at 0
        return run_cases(student_relu_grad, [
            numerical_case(lambda x: np.maximum(x, 0.0).sum(), x,
                           hint="the slope is 1 where x > 0 and 0 where x < 0."),
        ], name="relu_grad")
"""
import copy
import functools
import inspect
import numbers
import warnings

import numpy as np

from ..gradcheck import numerical_gradient, relative_error
from ._compare import _a, _compare, _Text, compare, fmt
from ._guard import _freeze, _time_limited, _TimeUp, _who_wrote

__all__ = ["Case", "slip_case", "numerical_case", "run_cases", "check_value", "compare", "fmt",
           "correct", "not_yet", "not_attempted", "checker", "hint", "TIME_LIMIT", "Verdict"]

_MISSING = object()

#: Seconds one call of a student's function (and one property of its result) may run
#: before the check stops it and says so (an endless loop must not hang the notebook).
TIME_LIMIT = 5.0

# Hints come in two tiers. A "not yet" prints the case's own hint (which slip, which case,
# in words: never the formula or the code); the formula or code of a task is printed only
# on request, by ``check.hint("task")``. ``checker`` registers it here.
_FORMULAS = {}
_ACTIVE = []  # the names of the checkers running now (innermost last)


def checker(formula=None, name=None):
    """Decorate a checker: register its second-tier hint and name the running task.

    ``formula`` is the formula or code the student asks for with ``check.hint(name)``
    (``name`` defaults to the checker's own name); a "not yet" printed while the checker
    runs ends by saying that this help exists.
    """
    def wrap(fn):
        task = name or fn.__name__
        if formula:
            _FORMULAS[task] = formula

        @functools.wraps(fn)
        def run(*args, **kwargs):
            _ACTIVE.append(task)
            try:
                result = fn(*args, **kwargs)
                return result if isinstance(result, Verdict) else Verdict(result)
            finally:
                _ACTIVE.pop()
        run.task = task
        return run
    return wrap


def hint(task=None):
    """Print the formula or code for ``check.<task>``: the second tier of help.

    ``check.hint("mse")`` prints how ``mse`` is computed. Try the first hint of the
    "Not yet" report before asking for this one.
    """
    name = getattr(task, "task", None) or getattr(task, "__name__", task)
    if name not in _FORMULAS:
        known = ", ".join(f'"{k}"' for k in sorted(_FORMULAS))
        first = ("Name the task, e.g. check.hint(\"mse\")." if name is None
                 else f"No formula stored for {name!r}.")
        print(f"{first} Ask for one of: {known}.")
        return None
    print(f"Formula for `{name}`:\n{_FORMULAS[name]}")
    return None


class Verdict:
    """What a checker returns: True or False for code, nothing on a notebook's screen.

    It is truthy exactly when the answer is right (``if check.mse(mse):``, ``assert
    check.mse(mse)``), equals ``True`` or ``False`` accordingly, and prints as them; but a
    checker call at the end of a notebook cell shows no ``Out[]`` line, because the
    printed report already says everything (IPython calls ``_ipython_display_`` instead
    of printing the value, and it displays nothing).
    """

    __slots__ = ("passed",)

    def __init__(self, passed):
        self.passed = bool(passed)

    def __bool__(self):
        return self.passed

    def __eq__(self, other):
        if isinstance(other, (bool, np.bool_, Verdict)):
            return self.passed == bool(other)
        return NotImplemented

    def __hash__(self):
        return hash(self.passed)

    def __repr__(self):
        return repr(self.passed)

    def _ipython_display_(self):
        """Show nothing in Jupyter: the checker has printed its report."""


def correct(message):
    """Print ``Correct! <message>`` and return a true Verdict."""
    print(f"Correct! {message}")
    return Verdict(True)


def not_yet(headline, rows=(), hint=None):
    """Print ``Not yet: <headline>``, the detail rows and the hint; return False.

    ``rows`` holds ``(label, value)`` pairs, printed aligned as ``  label = value``
    (e.g. the input, expected and got), or ready-made strings printed as they are.
    """
    width = max([8] + [len(row[0]) for row in rows if isinstance(row, tuple)])
    lines = [f"  {row[0].ljust(width)} = {fmt(row[1], indent=width + 5)}"
             if isinstance(row, tuple) else row for row in rows]
    task = _ACTIVE[-1] if _ACTIVE else None
    more = ([f'Still stuck? `check.hint("{task}")` shows the formula.']
            if task in _FORMULAS else [])
    print("\n".join([f"Not yet: {headline}", *lines] + ([f"Hint: {hint}"] if hint else []) + more))
    return Verdict(False)


def not_attempted(name, callee=None):
    """Print the kind "not attempted" line for function ``name`` and return False.

    ``callee`` names another unfinished function that ``name`` calls.
    """
    if callee and callee != name:
        print(f"Not attempted yet: `{name}` calls `{callee}`, which still raises "
              f"NotImplementedError. Finish `{callee}` first, then re-run this cell.")
    else:
        print(f"Not attempted yet: replace `raise NotImplementedError` in `{name}` with your "
              "code, then re-run this cell.")
    return Verdict(False)


class Case:
    """One call of the student's function, with what the result must be.

    Parameters
    ----------
    *args, kwargs : the arguments of the call (the student's function gets deep copies).
    expected : the right result (number, array, or tuple/list/dict of them), worked out by hand.
    prop : callable ``prop(got, *args, **kwargs)`` returning None/True when the result is
        right, or a sentence (or False) saying what is wrong. Used with or without ``expected``;
        it sees the arguments as the student's function left them (for in-place updates).
    rtol, atol : tolerances for floats.
    hint : one sentence printed when this case fails.
    label : text shown instead of the arguments' values (for large inputs).
    returns_none : the function is meant to return None (e.g. an in-place update).
    inplace : the function is meant to change its arguments; skip the in-place check.
    names : the names of the items of a tuple result, e.g. ``("dw", "db")``: a result with
        two items swapped is then named as ``(db, dw)``.
    shown : the right result, printed as ``expected`` when ``prop`` fails (slip_case sets it).
    """

    def __init__(self, *args, kwargs=None, expected=_MISSING, prop=None, rtol=1e-6, atol=1e-9,
                 hint=None, label=None, returns_none=False, inplace=False, names=None,
                 shown=_MISSING):
        if expected is _MISSING and prop is None:
            raise ValueError("a Case needs expected, prop, or both")
        self.args, self.kwargs = args, dict(kwargs or {})
        self.expected, self.prop, self.rtol, self.atol = expected, prop, rtol, atol
        self.hint, self.label = hint, label
        self.returns_none, self.inplace = returns_none, inplace
        self.names, self.shown = names, shown
        self.gradient = False  # set by numerical_case: report the relative error

    def __repr__(self):
        return f"Case(args={fmt(self.args)}, hint={self.hint!r})"


def slip_case(*args, expected, slips, kwargs=None, hint=None, label=None, match=None, names=None):
    """A Case that fails only when the result is one of the known ``slips``, and names it.

    ``slips`` holds ``(wrong_result, sentence)`` pairs, e.g. the answer without the factor
    2, with the sentence saying so. A right result, or a wrong result that is no known
    slip, passes this case: follow it with a plain Case (with ``expected``) to report the
    latter in the usual expected/got form. ``match(got, wrong)`` decides whether a result
    is a given slip (default: equal within the usual tolerances).
    """
    match = match or (lambda got, wrong: compare(got, wrong) is None)

    def recognise(got, *_args, **_kwargs):
        if compare(got, expected) is None:
            return None
        for wrong, sentence in slips:
            if match(got, wrong):
                return sentence
        return None

    recognise.slips = tuple(slips)  # tests feed each wrong result back to the checker
    return Case(*args, kwargs=kwargs, prop=recognise, hint=hint, label=label, names=names,
                shown=expected)


def numerical_case(f, *args, wrt=0, kwargs=None, h=1e-5, rtol=1e-5, atol=1e-7, hint=None, label=None):
    """A Case whose expected value is the central-difference gradient of scalar ``f``.

    The student's function is called with the same arguments and must return the gradient
    of ``f(*args, **kwargs)`` with respect to ``args[wrt]`` (a tuple ``wrt`` asks for a tuple
    of gradients). Write ``f`` by hand from the formula; keep inputs further than ``h``
    from kinks such as ReLU's at 0.
    """
    kwargs = dict(kwargs or {})
    work = [np.array(a, dtype=np.float64) if isinstance(a, (np.ndarray, list, numbers.Real))
            and not isinstance(a, bool) else copy.deepcopy(a) for a in args]
    indices = (wrt,) if isinstance(wrt, int) else tuple(wrt)
    grads = tuple(numerical_gradient(lambda: f(*work, **kwargs), work[i], h=h) for i in indices)
    case = Case(*args, kwargs=kwargs, expected=grads[0] if isinstance(wrt, int) else grads,
                rtol=rtol, atol=atol, hint=hint, label=label)
    case.gradient = True
    return case


def _arg_names(fn, args, kwargs):
    """[(name, value)] for the call, named by the student's own parameters where possible."""
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return [(f"arg{i}", a) for i, a in enumerate(args, 1)] + list(kwargs.items())
    named = []
    for name, value in bound.arguments.items():
        kind = inspect.signature(fn).parameters[name].kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            named += [(f"{name}[{i}]", v) for i, v in enumerate(value)]
        elif kind is inspect.Parameter.VAR_KEYWORD:
            named += list(value.items())
        else:
            named.append((name, value))
    return named


def _same(a, b, depth=0):
    """True when ``a`` and ``b`` hold the same data (used to detect in-place changes)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y, depth + 1) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k], depth + 1) for k in a)
    if hasattr(a, "__dict__") and not callable(a) and depth < 4:
        return type(a) is type(b) and _same(vars(a), vars(b), depth + 1)
    if isinstance(a, numbers.Real) and isinstance(b, numbers.Real) and a != a and b != b:
        return True  # both NaN
    if type(a).__eq__ is object.__eq__:
        return True  # compared by identity only (e.g. a random Generator): cannot tell
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return True  # nothing sensible to compare: assume unchanged


def _verdict(prop, *args, **kwargs):
    """What ``prop`` says is wrong (a sentence), or None when it is satisfied."""
    try:
        verdict = prop(*args, **kwargs)
    except Exception as error:  # a result the property cannot even inspect
        return f"the result could not be inspected ({type(error).__name__}: {error})"
    if verdict is None or verdict is True:
        return None
    return "the result does not have the expected property" if verdict is False else str(verdict)


def _seconds(value):
    return f"{value:g} second{'' if value == 1 else 's'}"


def _timed_out(call, inputs, case):
    """The friendly report of a student's function stopped by the time limit."""
    return not_yet(f"{call} was still running after {_seconds(TIME_LIMIT)}, so the check "
                   "stopped it. Is there a loop that never ends? A `while` loop needs a "
                   "condition that becomes False (change its variable inside the loop), "
                   "and a function must not call itself without end.", inputs, case.hint)


def _in_place_report(fn, name, call, case, arg_name, before, after):
    """The report of an input changed in place, blaming the function that changed it."""
    rows = [(f"{arg_name} before", before), (f"{arg_name} after", after)]
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    _freeze(dict(_arg_names(fn, args, kwargs)).get(arg_name))  # only this input is read-only
    culprit = _who_wrote(fn, args, kwargs, TIME_LIMIT)
    own = getattr(fn, "__code__", None)
    if culprit and (own is None or culprit[0] != own.co_name) and culprit[0] != name:
        helper, param = culprit
        param = param or "its input"
        return not_yet(f"`{helper}`, which {name} calls, changed its input `{param}` in place "
                       f"(here that is {name}'s `{arg_name}`). In `{helper}`, work on a copy "
                       "(the array's `.copy()` method) or build a new array.", rows, case.hint)
    return not_yet(f"{call} changed its input `{arg_name}` in place. Work on a copy "
                   "(the array's `.copy()` method) or build a new array.", rows, case.hint)


def _arrays(value):
    """``value`` with each list of numbers (or of such lists) turned into a NumPy array.

    Lists are accepted wherever arrays are expected: properties see arrays either way.
    """
    if isinstance(value, list) and value and all(
            isinstance(v, numbers.Number) and not isinstance(v, bool) or isinstance(v, list)
            for v in value):
        try:
            array = np.asarray(value)
        except (TypeError, ValueError):  # a ragged list
            return value
        return array if array.dtype.kind in "iuf" else value
    if isinstance(value, tuple):
        return tuple(_arrays(v) for v in value)
    return value


def _run_case(fn, name, case, allow_warnings):
    """Run one case: None when it passes, else the value returned by the outcome printer."""
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    named = _arg_names(fn, case.args, case.kwargs)
    call = f"{name}({', '.join(n for n, _ in named)})"
    inputs = [("input", _Text(case.label))] if case.label else list(named)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # report every warning, on every re-run
        try:
            got = _time_limited(lambda: fn(*args, **kwargs), TIME_LIMIT)
        except _TimeUp:
            return _timed_out(call, inputs, case)
        except NotImplementedError as error:
            tb = error.__traceback__
            while tb.tb_next is not None:  # the frame that raised: fn's own, or one it calls
                tb = tb.tb_next
            code = tb.tb_frame.f_code
            return not_attempted(name, None if code is getattr(fn, "__code__", None) else code.co_name)
        except Exception as error:  # the student's crash is reported, never propagated
            message = str(error).strip().splitlines()
            return not_yet(f"{call} raised {type(error).__name__}"
                           + (f": {message[0]}" if message else ""), inputs, case.hint)
    if got is None and not case.returns_none:
        return not_yet(f"{call} returned None. Did you forget a `return` statement?",
                       inputs, case.hint)
    if not case.inplace:
        for (arg_name, before), after in zip(named, _arg_names(fn, args, kwargs)):
            if not _same(before, after[1]):
                return _in_place_report(fn, name, call, case, arg_name, before, after[1])
    if caught and not allow_warnings:
        first = caught[0]
        return not_yet(f"{call} raised a warning: {first.category.__name__}: {first.message}",
                       inputs, case.hint)
    if case.expected is not _MISSING:
        found = _compare(got, case.expected, case.rtol, case.atol, names=case.names)
        if found is not None:
            reason, path, got_item, expected_item = found
            lines = inputs + [(f"expected{path}", expected_item), (f"got{path}", got_item)]
            if case.gradient and "wrong value" in reason:
                lines.append(f"  relative error {relative_error(got_item, expected_item):.1e} "
                             "against central differences (a right gradient gives about 1e-7 or less)")
            what = f"a wrong item {path}: {reason}" if path else reason
            return not_yet(f"{call} returned {what}.", lines, case.hint)
    try:
        reason = None if case.prop is None else _time_limited(
            lambda: _verdict(case.prop, _arrays(got), *args, **kwargs), TIME_LIMIT)
    except _TimeUp:
        return _timed_out(call, inputs, case)
    if reason is not None:
        changed = [(f"{n} after", a) for (n, b), (_, a) in zip(named, _arg_names(fn, args, kwargs))
                   if case.inplace and not _same(b, a)]
        shown = [] if case.shown is _MISSING else [("expected", case.shown)]
        return not_yet(f"{call} is not right: {reason}", inputs + shown + [("got", got)] + changed,
                       case.hint)
    return None


def run_cases(student_fn, cases, name=None, success=None, allow_warnings=False):
    """Call ``student_fn`` on each Case in order, print the outcome, return True or False.

    Only the first failing case is reported. ``name`` is the function's name in messages
    (default ``student_fn.__name__``); ``success`` replaces the text after "Correct! ";
    with ``allow_warnings=False`` a warning raised by the student's code fails the case.
    """
    if not callable(student_fn):
        task = name or "task"
        return not_yet(f"`check.{task}` expects your function itself, but got {_a(student_fn)}. "
                       f"Pass the function without calling it: `check.{task}({task})`.")
    name = name or getattr(student_fn, "__name__", "your function")
    for case in cases:
        outcome = _run_case(student_fn, name, case, allow_warnings)
        if outcome is not None:
            return outcome
    count = {1: "the test case", 2: "both test cases"}.get(len(cases), f"all {len(cases)} test cases")
    return correct(success or f"{name} passes {count}.")


def check_value(value, expected=_MISSING, name="answer", prop=None, rtol=1e-6, atol=1e-9,
                hint=None, success=None):
    """Check a value the student computed (rather than a function) and print the outcome.

    ``None``, ``NotImplemented`` and ``...`` count as not attempted. ``prop(value)`` may
    return None/True or a sentence saying what is wrong, as in :class:`Case`.
    """
    if value is None or value is NotImplemented or value is Ellipsis:
        print(f"Not attempted yet: set `{name}` to your answer, then re-run this cell.")
        return Verdict(False)
    if expected is not _MISSING:
        found = _compare(value, expected, rtol, atol)
        if found is not None:
            reason, path, got_item, expected_item = found
            what = f"item {path}: {reason}" if path else reason
            return not_yet(f"`{name}` is not right: {what}.",
                           [(f"expected{path}", expected_item), (f"got{path}", got_item)], hint)
    reason = None if prop is None else _verdict(prop, value)
    if reason is not None:
        return not_yet(f"`{name}` is not right: {reason}", [("got", value)], hint)
    return correct(success or f"`{name}` is right.")
