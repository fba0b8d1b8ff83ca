"""Building blocks for exercise checkers.

A checker is called on the student's function and has three outcomes: correct (one line,
``Correct! relu passes all 3 test cases.``, returns True); not yet (the first failing case:
input, expected, got, a hint; returns False); not attempted (the function still raises
``NotImplementedError``: a kind line, returns False, so an untouched exercise notebook runs
top to bottom). A crash in the student's code is reported with its input, never propagated.
Common slips get their own message before values are compared: ``None`` returned, the
input changed in place, a warning, a non-numeric result, a wrong shape, integers where
floats are expected, NaN or infinite values.

Expected values come from small hand-worked cases, from properties, or from central
differences (:func:`numerical_case`), never from minirelu's own implementation of the
thing being checked. Output is plain text at fixed precision (arrays rounded to 4
decimals), so solution notebooks can store it and nbval can compare it.

Writing a checker, in ``minirelu/check/lessonNN.py``::

    import numpy as np
    from ._core import Case, numerical_case, run_cases

    __all__ = ["relu", "relu_grad"]

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
import inspect
import numbers
import warnings

import numpy as np

from ..gradcheck import numerical_gradient, relative_error

__all__ = ["Case", "slip_case", "numerical_case", "run_cases", "check_value", "compare", "fmt",
           "correct", "not_yet", "not_attempted"]

_MISSING = object()


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


def correct(message):
    """Print ``Correct! <message>`` and return True."""
    print(f"Correct! {message}")
    return True


def not_yet(headline, rows=(), hint=None):
    """Print ``Not yet: <headline>``, the detail rows and the hint; return False.

    ``rows`` holds ``(label, value)`` pairs, printed aligned as ``  label = value``
    (e.g. the input, expected and got), or ready-made strings printed as they are.
    """
    width = max([8] + [len(row[0]) for row in rows if isinstance(row, tuple)])
    lines = [f"  {row[0].ljust(width)} = {fmt(row[1], indent=width + 5)}"
             if isinstance(row, tuple) else row for row in rows]
    print("\n".join([f"Not yet: {headline}", *lines] + ([f"Hint: {hint}"] if hint else [])))
    return False


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
    return False


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


def _compare(got, expected, rtol, atol, path=""):
    """None, or (reason, path, got item, expected item) for the first difference found."""
    def differ(reason):
        return reason, path, got, expected

    def first(pairs):
        return next(filter(None, (_compare(g, e, rtol, atol, p) for p, g, e in pairs)), None)

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
        return first((f"{path}[{i}]", g, e) for i, (g, e) in enumerate(zip(got, expected)))
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
    """

    def __init__(self, *args, kwargs=None, expected=_MISSING, prop=None, rtol=1e-6, atol=1e-9,
                 hint=None, label=None, returns_none=False, inplace=False):
        if expected is _MISSING and prop is None:
            raise ValueError("a Case needs expected, prop, or both")
        self.args, self.kwargs = args, dict(kwargs or {})
        self.expected, self.prop, self.rtol, self.atol = expected, prop, rtol, atol
        self.hint, self.label = hint, label
        self.returns_none, self.inplace = returns_none, inplace
        self.gradient = False  # set by numerical_case: report the relative error

    def __repr__(self):
        return f"Case(args={fmt(self.args)}, hint={self.hint!r})"


def slip_case(*args, expected, slips, kwargs=None, hint=None, label=None, match=None):
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

    return Case(*args, kwargs=kwargs, prop=recognise, hint=hint, label=label)


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


def _run_case(fn, name, case, allow_warnings):
    """Run one case: None when it passes, else the value returned by the outcome printer."""
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    named = _arg_names(fn, case.args, case.kwargs)
    call = f"{name}({', '.join(n for n, _ in named)})"
    inputs = [("input", _Text(case.label))] if case.label else list(named)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # report every warning, on every re-run
        try:
            got = fn(*args, **kwargs)
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
                return not_yet(f"{call} changed its input `{arg_name}` in place. Work on a copy "
                               f"(e.g. `{arg_name} = {arg_name}.copy()`) or build a new array.",
                               [(f"{arg_name} before", before), (f"{arg_name} after", after[1])],
                               case.hint)
    if caught and not allow_warnings:
        first = caught[0]
        return not_yet(f"{call} raised a warning: {first.category.__name__}: {first.message}",
                       inputs, case.hint)
    if case.expected is not _MISSING:
        found = _compare(got, case.expected, case.rtol, case.atol)
        if found is not None:
            reason, path, got_item, expected_item = found
            lines = inputs + [(f"expected{path}", expected_item), (f"got{path}", got_item)]
            if case.gradient and "wrong value" in reason:
                lines.append(f"  relative error {relative_error(got_item, expected_item):.1e} "
                             "against central differences (a right gradient gives about 1e-7 or less)")
            what = f"a wrong item {path}: {reason}" if path else reason
            return not_yet(f"{call} returned {what}.", lines, case.hint)
    reason = None if case.prop is None else _verdict(case.prop, got, *args, **kwargs)
    if reason is not None:
        changed = [(f"{n} after", a) for (n, b), (_, a) in zip(named, _arg_names(fn, args, kwargs))
                   if case.inplace and not _same(b, a)]
        return not_yet(f"{call} is not right: {reason}", inputs + [("got", got)] + changed,
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
        return False
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
