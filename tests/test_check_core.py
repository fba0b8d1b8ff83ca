"""The checker building blocks (minirelu.check._core): each outcome and each slip, word for word."""
import textwrap
import warnings

import numpy as np
import pytest

from minirelu.check import _core
from minirelu.check._core import Case, check_value, compare, fmt, numerical_case, run_cases

X = np.array([-2.0, 0.0, 3.0])
RELU_HINT = "relu keeps positive numbers and turns negative numbers into 0."


def relu_cases():
    """A checker as a lesson module would write it: hand-worked cases with hints."""
    return [
        Case(X, expected=np.array([0.0, 0.0, 3.0]), hint=RELU_HINT),
        Case(np.array([[-1.5, 2.5]]), expected=np.array([[0.0, 2.5]]),
             hint="relu works elementwise, whatever the shape of x."),
    ]


def check_relu(fn):
    return run_cases(fn, relu_cases(), name="relu")


def report(capsys, fn, cases=None, **kwargs):
    """(returned value, printed text) of a checker run."""
    result = run_cases(fn, relu_cases() if cases is None else cases, **{"name": "relu", **kwargs})
    return result, capsys.readouterr().out


def test_correct_prints_one_line_and_returns_true(capsys):
    assert report(capsys, lambda x: np.maximum(x, 0.0)) == (
        True, "Correct! relu passes both test cases.\n")


def test_correct_with_one_case_and_a_custom_success_line(capsys):
    assert report(capsys, lambda x: np.maximum(x, 0.0), relu_cases()[:1]) == (
        True, "Correct! relu passes the test case.\n")
    assert report(capsys, lambda x: np.maximum(x, 0.0), success="relu is right: on to sigmoid.") == (
        True, "Correct! relu is right: on to sigmoid.\n")


def test_not_attempted_is_kind_and_does_not_raise(capsys):
    def relu(x):
        # YOUR CODE HERE
        raise NotImplementedError

    assert report(capsys, relu) == (False, (
        "Not attempted yet: replace `raise NotImplementedError` in `relu` with your code, "
        "then re-run this cell.\n"))


def test_not_attempted_names_the_unfinished_function_that_is_called(capsys):
    def sigmoid(z):
        raise NotImplementedError

    def forward(x):
        return sigmoid(x)

    assert report(capsys, forward, name="forward") == (False, (
        "Not attempted yet: `forward` calls `sigmoid`, which still raises NotImplementedError. "
        "Finish `sigmoid` first, then re-run this cell.\n"))


def test_not_yet_shows_input_expected_got_first_difference_and_hint(capsys):
    # a plain function, not np.abs: the message names the student's argument, and NumPy names
    # a ufunc's argument differently from one release to the next (x in 2.4, arg1 in 2.2)
    def relu_as_abs(x):
        return np.abs(x)

    assert report(capsys, relu_as_abs) == (False, (
        "Not yet: relu(x) returned wrong values (first difference at index 0: expected 0.0, got 2.0).\n"
        "  x        = [-2.  0.  3.]\n"
        "  expected = [0. 0. 3.]\n"
        "  got      = [2. 0. 3.]\n"
        f"Hint: {RELU_HINT}\n"))


def test_only_the_first_failing_case_is_reported(capsys):
    def relu_flat_only(x):
        return np.maximum(x, 0.0) if x.ndim == 1 else x

    ok, out = report(capsys, relu_flat_only)
    assert not ok
    assert out == (
        "Not yet: relu(x) returned wrong values (first difference at index (0, 0): expected 0.0, "
        "got -1.5).\n"
        "  x        = [[-1.5  2.5]]\n"
        "  expected = [[0.  2.5]]\n"
        "  got      = [[-1.5  2.5]]\n"
        "Hint: relu works elementwise, whatever the shape of x.\n")


def test_crash_is_reported_with_exception_and_input_not_propagated(capsys):
    def relu(x):
        return x / 0 if x.ndim == 2 else {}["missing"]

    assert report(capsys, relu) == (False, (
        "Not yet: relu(x) raised KeyError: 'missing'\n"
        "  x        = [-2.  0.  3.]\n"
        f"Hint: {RELU_HINT}\n"))


def two_arguments(x, y):
    return x


def test_wrong_signature_is_a_crash_with_positional_names(capsys):
    ok, out = report(capsys, two_arguments)
    assert not ok
    assert out.splitlines()[:2] == [
        "Not yet: relu(arg1) raised TypeError: two_arguments() missing 1 required positional "
        "argument: 'y'",
        "  arg1     = [-2.  0.  3.]"]


def test_slip_returned_none(capsys):
    def relu(x):
        np.maximum(x, 0.0)

    assert report(capsys, relu) == (False, (
        "Not yet: relu(x) returned None. Did you forget a `return` statement?\n"
        "  x        = [-2.  0.  3.]\n"
        f"Hint: {RELU_HINT}\n"))


def test_slip_input_changed_in_place_and_the_case_data_is_safe(capsys):
    def relu(x):
        x[x < 0] = 0.0
        return x

    cases = relu_cases()
    assert report(capsys, relu, cases) == (False, (
        "Not yet: relu(x) changed its input `x` in place. Work on a copy (the array's `.copy()` "
        "method) or build a new array.\n"
        "  x before = [-2.  0.  3.]\n"
        "  x after  = [0. 0. 3.]\n"
        f"Hint: {RELU_HINT}\n"))
    np.testing.assert_array_equal(cases[0].args[0], X)  # the student got a copy


@pytest.mark.parametrize("student, reason, got", [
    (lambda x: np.maximum(x, 0.0)[:, None],
     "an array of shape (3, 1) where shape (3,) was expected (a column where a flat array was "
     "expected: check how the shapes combine)",
     "[[0.]\n              [0.]\n              [3.]]"),
    (lambda x: np.maximum(x, 0.0)[:, None] + 0 * x,
     "an array of shape (3, 3) where shape (3,) was expected (an (n,) array combined with an "
     "(n, 1) column broadcasts to (n, n))",
     "[[0. 0. 0.]\n              [0. 0. 0.]\n              [3. 3. 3.]]"),
    (lambda x: np.maximum(x, 0.0).sum(),
     "a single number where shape (3,) was expected (did you sum or average over an axis?)", "3.0"),
    (lambda x: np.maximum(x, 0).astype(int),
     "integers (dtype int64) where floating-point numbers were expected (start from floats, "
     "e.g. 0.0 or np.zeros(n), and divide with `/`)", "[0 0 3]"),
    (lambda x: x > 0,
     "booleans (dtype bool) where floating-point numbers were expected (start from floats, "
     "e.g. 0.0 or np.zeros(n), and divide with `/`)", "[False False  True]"),
    (lambda x: np.where(x > 0, x, np.nan),
     "NaN or infinite values", "[nan nan  3.]"),
    (lambda x: "relu", "a str where an array of shape (3,) was expected", "'relu'"),
    (lambda x: [[0.0], [0.0, 3.0]], "a list where an array of shape (3,) was expected",
     "[[0.0], [0.0, 3.0]]"),
])
def test_slips_before_values(capsys, student, reason, got):
    assert report(capsys, student) == (False, (
        f"Not yet: relu(x) returned {reason}.\n"
        "  x        = [-2.  0.  3.]\n"
        "  expected = [0. 0. 3.]\n"
        f"  got      = {got}\n"
        f"Hint: {RELU_HINT}\n"))


def test_slip_transposed_matrix(capsys):
    case = Case(np.array([[1.0, -2.0, 3.0]]), expected=np.array([[1.0, 0.0, 3.0]]))
    ok, out = report(capsys, lambda x: np.maximum(x, 0.0).T, [case])
    assert out.splitlines()[0] == ("Not yet: relu(x) returned an array of shape (3, 1) where "
                                   "shape (1, 3) was expected (the transpose of what was expected?).")


def test_slip_warning_is_reported_every_time(capsys):
    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    cases = [Case(np.array([-1000.0, 0.0]), expected=np.array([0.0, 0.5]),
                  hint="for very negative z, compute exp(z) / (1 + exp(z)) instead.")]
    expected = (False, (
        "Not yet: sigmoid(z) raised a warning: RuntimeWarning: overflow encountered in exp\n"
        "  z        = [-1000.     0.]\n"
        "Hint: for very negative z, compute exp(z) / (1 + exp(z)) instead.\n"))
    assert report(capsys, sigmoid, cases, name="sigmoid") == expected
    assert report(capsys, sigmoid, cases, name="sigmoid") == expected  # not swallowed on a re-run
    assert report(capsys, sigmoid, cases, name="sigmoid", allow_warnings=True)[0] == True


def test_warning_settings_outside_are_restored():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run_cases(lambda x: np.maximum(x, 0.0), relu_cases(), name="relu")
        with pytest.raises(UserWarning):
            warnings.warn("still an error", UserWarning)


def test_passing_a_value_instead_of_the_function(capsys):
    assert report(capsys, np.maximum(X, 0.0)) == (False, (
        "Not yet: `check.relu` expects your function itself, but got a NumPy array. Pass the function "
        "without calling it: `check.relu(relu)`.\n"))


def test_values_that_print_alike_are_shown_with_more_digits(capsys):
    case = Case(np.array([1.0, 2.0]), expected=np.array([0.73105858, 1.46211716]), rtol=1e-9)
    ok, out = report(capsys, lambda x: x * 0.7310585, [case], name="f")
    assert out.splitlines()[0] == ("Not yet: f(x) returned wrong values (first difference at "
                                   "index 0: expected 0.73105858, got 0.7310585).")


def test_tuple_results_name_the_wrong_item(capsys):
    def backward(dout, x):
        return dout.sum(), [dout * x, dout.T]

    dout, x = np.ones((2, 3)), np.full((2, 3), 2.0)
    case = Case(dout, x, expected=(6.0, [np.full((2, 3), 2.0), np.ones((2, 3))]),
                hint="each gradient has the shape of the thing it is the gradient of.")
    assert report(capsys, backward, [case], name="backward") == (False, (
        "Not yet: backward(dout, x) returned a wrong item [1][1]: an array of shape (3, 2) where "
        "shape (2, 3) was expected (the transpose of what was expected?).\n"
        "  dout           = [[1. 1. 1.]\n"
        "                    [1. 1. 1.]]\n"
        "  x              = [[2. 2. 2.]\n"
        "                    [2. 2. 2.]]\n"
        "  expected[1][1] = [[1. 1. 1.]\n"
        "                    [1. 1. 1.]]\n"
        "  got[1][1]      = [[1. 1.]\n"
        "                    [1. 1.]\n"
        "                    [1. 1.]]\n"
        "Hint: each gradient has the shape of the thing it is the gradient of.\n"))


def test_property_case_and_label(capsys):
    def in_unit_interval(got, z):
        return None if np.all((got > 0) & (got < 1)) else "every value must lie strictly between 0 and 1"

    case = Case(np.linspace(-5.0, 5.0, 200), prop=in_unit_interval, label="200 points from -5 to 5",
                hint="a sigmoid is a probability.")
    assert report(capsys, lambda z: np.tanh(z), [case], name="sigmoid") == (False, (
        "Not yet: sigmoid(z) is not right: every value must lie strictly between 0 and 1\n"
        "  input    = 200 points from -5 to 5\n"
        "  got      = [-0.9999 -0.9999 -0.9999 ...  0.9999  0.9999  0.9999]\n"
        "Hint: a sigmoid is a probability.\n"))
    assert report(capsys, lambda z: 1 / (1 + np.exp(-z)), [case], name="sigmoid")[0] == True


def test_property_returning_false_or_crashing_is_a_not_yet(capsys):
    false_case = Case(X, prop=lambda got, x: False)
    assert report(capsys, lambda x: x, [false_case])[1].splitlines()[0] == (
        "Not yet: relu(x) is not right: the result does not have the expected property")
    crash_case = Case(X, prop=lambda got, x: got.missing_attribute)
    assert report(capsys, lambda x: x, [crash_case])[1].splitlines()[0] == (
        "Not yet: relu(x) is not right: the result could not be inspected (AttributeError: "
        "'numpy.ndarray' object has no attribute 'missing_attribute')")


def sgd_case():
    return Case([np.array([1.0, -1.0])], [np.array([0.5, 0.5])], returns_none=True, inplace=True,
                prop=lambda got, params, grads: None if np.allclose(params[0], [0.95, -1.05])
                else "with learning rate 0.1, params[0] should become [0.95, -1.05]")


def test_in_place_update_case(capsys):
    def step(params, grads):
        for p, g in zip(params, grads):
            p -= 0.1 * g

    def step_wrong_sign(params, grads):
        for p, g in zip(params, grads):
            p += 0.1 * g

    assert report(capsys, step, [sgd_case()], name="step") == (True, "Correct! step passes the test case.\n")
    assert report(capsys, step_wrong_sign, [sgd_case()], name="step") == (False, (
        "Not yet: step(params, grads) is not right: with learning rate 0.1, params[0] should become "
        "[0.95, -1.05]\n"
        "  params       = [[ 1. -1.]]\n"
        "  grads        = [[0.5 0.5]]\n"
        "  got          = None\n"
        "  params after = [[ 1.05 -0.95]]\n"))


def test_numerical_case_accepts_a_right_gradient_and_rejects_a_wrong_one(capsys):
    x = np.array([-1.5, -0.2, 0.3, 2.0])  # away from relu's kink at 0

    def relu_sum(x):
        return np.maximum(x, 0.0).sum()

    case = numerical_case(relu_sum, x, hint="the slope is 1 where x > 0 and 0 where x < 0.")
    np.testing.assert_allclose(case.expected, [0.0, 0.0, 1.0, 1.0], atol=1e-9)
    assert report(capsys, lambda x: (x > 0) * 1.0, [case], name="relu_grad")[0] == True
    assert report(capsys, lambda x: (x > 0) * 2.0, [case], name="relu_grad") == (False, (
        "Not yet: relu_grad(x) returned wrong values (first difference at index 2: expected 1.0, "
        "got 2.0).\n"
        "  x        = [-1.5 -0.2  0.3  2. ]\n"
        "  expected = [0. 0. 1. 1.]\n"
        "  got      = [0. 0. 2. 2.]\n"
        "  relative error 3.3e-01 against central differences (a right gradient gives about 1e-7 or less)\n"
        "Hint: the slope is 1 where x > 0 and 0 where x < 0.\n"))


def test_numerical_case_with_several_arguments():
    def mse(y_pred, y):
        return np.mean((y_pred - y) ** 2)

    y_pred, y = np.array([1.0, 2.0, 4.0]), np.array([1.5, 2.0, 3.0])
    case = numerical_case(mse, y_pred, y, wrt=(0, 1))
    # d/dy_pred = 2 (y_pred - y) / n = [-1/3, 0, 2/3]; d/dy is its negative.
    np.testing.assert_allclose(case.expected[0], [-1 / 3, 0.0, 2 / 3], atol=1e-9)
    np.testing.assert_allclose(case.expected[1], [1 / 3, 0.0, -2 / 3], atol=1e-9)
    assert run_cases(lambda p, t: (2 * (p - t) / 3, -2 * (p - t) / 3), [case], name="mse_grads")
    assert not run_cases(lambda p, t: (2 * (p - t), -2 * (p - t)), [case], name="mse_grads")


def test_check_value_outcomes(capsys):
    cm = np.array([[3, 1], [0, 2]])
    assert check_value(None, cm, name="cm") == False
    assert capsys.readouterr().out == "Not attempted yet: set `cm` to your answer, then re-run this cell.\n"
    assert check_value(np.array([[3, 1], [2, 0]]), cm, name="cm", hint="rows are true labels.") == False
    assert capsys.readouterr().out == (
        "Not yet: `cm` is not right: wrong values (first difference at index (1, 0): expected 0, got 2).\n"
        "  expected = [[3 1]\n"
        "              [0 2]]\n"
        "  got      = [[3 1]\n"
        "              [2 0]]\n"
        "Hint: rows are true labels.\n")
    assert check_value([[3, 1], [0, 2]], cm, name="cm") == True
    assert capsys.readouterr().out == "Correct! `cm` is right.\n"
    assert check_value(0.75, prop=lambda v: 0 <= v <= 1 or "an AUC lies between 0 and 1", name="auc")
    assert not check_value(1.5, prop=lambda v: 0 <= v <= 1 or "an AUC lies between 0 and 1", name="auc")
    assert capsys.readouterr().out.splitlines()[1] == "Not yet: `auc` is not right: an AUC lies between 0 and 1"


@pytest.mark.parametrize("got, expected, reason", [
    (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), None),
    (np.array([1.0, 2.0]), [1.0, 2.1], "wrong values (first difference at index 1: expected 2.1, got 2.0)"),
    (0.5, 0.5001, "a wrong value"),
    (np.array([1.0, 2.0]), 3.0, "an array of shape (2,) where a single number was expected "
     "(did you forget to sum or average?)"),
    (np.array([0.5]), 0.5, "an array of shape (1,) where a single number was expected"),
    (np.array([1, 0]), np.array([1, 0]), None),
    (np.array([True, False]), np.array([1, 0]), None),
    ((1.0, np.zeros(2)), (1.0, np.ones(2)),
     "item [1]: wrong values (first difference at index 0: expected 1.0, got 0.0)"),
    ((1.0,), (1.0, np.ones(2)), "1 items where 2 were expected"),
    ({"W": np.ones(2)}, {"W": np.ones(2), "b": 0.0},
     "a dict with keys ['W'] where keys ['W', 'b'] were expected"),
    ({"W": np.ones(2), "b": 1}, {"W": np.ones(2), "b": 1.0},
     "item ['b']: integers (dtype int64) where floating-point numbers were expected (start from "
     "floats, e.g. 0.0 or np.zeros(n), and divide with `/`)"),
    (np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), None),
    ("relu", "relu", None),
])
def test_compare(got, expected, reason):
    assert compare(got, expected) == reason


@pytest.mark.parametrize("value, text", [
    (-0.0, "0.0"), (-1e-12, "-1.0000e-12"), (0.73105857, "0.7311"), (3, "3"), (2.0, "2.0"),
    (1.5e7, "1.5000e+07"), (np.float64(0.1) + np.float64(0.2), "0.3"), (np.nan, "nan"),
    (np.array([-1e-12, 0.5, 1 / 3]), "[0.     0.5    0.3333]"), (np.int64(7), "7"), (True, "True"),
    ((1.0,), "(1.0,)"), ({"b": 1, "a": 0.25}, "{'a': 0.25, 'b': 1}"), (None, "None"),
    (np.arange(100.0), "[ 0.  1.  2. ... 97. 98. 99.]"), (np.array(12.0), "12.0"),
])
def test_fmt_is_fixed_precision_and_free_of_negative_zero(value, text):
    assert fmt(value) == text


def test_case_needs_an_expectation():
    with pytest.raises(ValueError, match="a Case needs expected, prop, or both"):
        Case(X)


def test_a_verdict_is_true_or_false_for_code():
    right, wrong = _core.Verdict(True), _core.Verdict(False)
    assert right and not wrong and bool(right) is True and bool(wrong) is False
    assert right == True and wrong == False and right != wrong and wrong != True  # noqa: E712
    assert right == np.True_ and repr(right) == "True" and repr(wrong) == "False"
    assert {right: 1}[True] == 1 and right != 1.5
    assert right._ipython_display_() is None   # Jupyter shows nothing for it


def test_checkers_compose_into_a_boolean_for_tests():
    assert check_relu(lambda x: np.maximum(x, 0.0)) == True
    assert check_relu(np.abs) == False


def test_the_module_docstring_example_works(capsys, monkeypatch):
    monkeypatch.setattr(_core, "_FORMULAS", dict(_core._FORMULAS))  # the example registers "relu"
    example = _core.__doc__.split("::\n", 1)[1]
    namespace = {}
    exec(textwrap.dedent(example).replace("from ._core", "from minirelu.check._core"), namespace)
    assert namespace["relu"](lambda x: np.maximum(x, 0.0)) == True
    assert namespace["relu_grad"](lambda x: (x > 0) * 1.0) == True
    assert namespace["relu_grad"](lambda x: (x > 0) * 0.5) == False
    assert capsys.readouterr().out.splitlines()[:3] == [
        "Correct! relu passes both test cases.", "Correct! relu_grad passes the test case.",
        "Not yet: relu_grad(x) returned wrong values (first difference at index 2: expected 1.0, got 0.5)."]


# ---- time limit ------------------------------------------------------------------------------

def endless(x):
    while True:
        x = x + 1


@pytest.fixture
def short_time_limit(monkeypatch):
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.3)


def test_an_endless_loop_is_stopped_with_a_friendly_message(capsys, short_time_limit):
    result, out = report(capsys, endless)
    assert result == False
    assert out.startswith("Not yet: relu(x) was still running after 0.3 seconds, so the check "
                          "stopped it. Is there a loop that never ends?")
    assert "  x        = [-2.  0.  3.]" in out


def test_an_endless_loop_that_catches_exceptions_is_still_stopped(capsys, short_time_limit):
    def stubborn(x):
        while True:
            try:
                x = x + 1
            except Exception:
                pass

    assert report(capsys, stubborn)[1].startswith("Not yet: relu(x) was still running")


def test_an_endless_property_is_stopped(capsys, short_time_limit):
    def prop(got, x):
        endless(0)

    result, out = report(capsys, lambda x: x, [Case(X, prop=prop)])
    assert result == False and "was still running after 0.3 seconds" in out


def test_the_time_limit_outside_the_main_thread(capsys, short_time_limit):
    """Windows has no SIGALRM: there (and in any other thread) a worker thread runs the call."""
    import threading

    results = []
    thread = threading.Thread(target=lambda: results.append(report(capsys, endless)))
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
    assert results[0][0] == False
    assert results[0][1].startswith("Not yet: relu(x) was still running after 0.3 seconds")
    # the worker's errors and results come back to the caller as usual
    results.clear()
    thread = threading.Thread(target=lambda: results.append(
        (check_relu(lambda x: np.maximum(x, 0.0)), check_relu(np.abs), check_relu(lambda x: 1 / 0))))
    thread.start()
    thread.join(10)
    assert results == [(True, False, False)]
    assert "raised ZeroDivisionError" in capsys.readouterr().out


def test_the_time_limit_leaves_no_timer_behind(short_time_limit):
    import signal

    before = signal.getsignal(signal.SIGALRM)
    assert check_relu(lambda x: np.maximum(x, 0.0)) == True   # a passing check, and a failing one
    assert check_relu(endless) == False
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left pending
    assert signal.getsignal(signal.SIGALRM) is before


# ---- hints in two tiers ------------------------------------------------------------------------

def test_the_formula_is_shown_only_on_request(capsys):
    @_core.checker(formula="relu(x) = np.maximum(x, 0.0)")
    def relu_task(fn):
        return run_cases(fn, relu_cases(), name="relu")

    try:
        assert relu_task(lambda x: np.abs(x)) == False
        out = capsys.readouterr().out
        assert "np.maximum" not in out
        assert out.splitlines()[-2:] == [f"Hint: {RELU_HINT}",
                                          'Still stuck? `check.hint("relu_task")` shows the formula.']
        assert _core.hint("relu_task") is None
        assert capsys.readouterr().out == "Formula for `relu_task`:\nrelu(x) = np.maximum(x, 0.0)\n"
        _core.hint(relu_task)  # the checker itself names its task too
        assert "np.maximum" in capsys.readouterr().out
        assert relu_task(lambda x: np.maximum(x, 0.0)) == True
    finally:
        _core._FORMULAS.pop("relu_task")


def test_hint_for_an_unknown_task_lists_the_known_ones(capsys):
    from minirelu import check

    check.hint("no_such_task")
    out = capsys.readouterr().out
    assert out.startswith("No formula stored for 'no_such_task'. Ask for one of: ")
    assert '"mse"' in out
    check.hint()
    assert capsys.readouterr().out.startswith('Name the task, e.g. check.hint("mse"). Ask for one of: ')


# ---- messages ----------------------------------------------------------------------------------

def test_a_swapped_pair_is_named_as_a_swap(capsys):
    cases = [Case(np.array([1.0, 2.0]), expected=(np.array([3.0]), 0.5), names=("dw", "db"))]
    result, out = report(capsys, lambda x: (0.5, np.array([3.0])), cases)
    assert result == False
    assert out.startswith("Not yet: relu(x) returned (db, dw), the right values in swapped order: "
                          "return (dw, db).")
    assert "expected = (array([3.]), 0.5)" not in out and "expected = ([3.], 0.5)" in out
    # without names, and for a pair of numbers
    result, out = report(capsys, lambda x: (2.0, 1.0), [Case(X, expected=(1.0, 2.0))])
    assert "returned the right values, but items [0] and [1] are swapped." in out


def test_a_slip_report_shows_what_was_expected(capsys):
    cases = [_core.slip_case(X, expected=3.0, slips=[(5.0, "you summed instead of averaging.")])]
    result, out = report(capsys, lambda x: 5.0, cases)
    assert out.splitlines()[:4] == ["Not yet: relu(x) is not right: you summed instead of averaging.",
                                    "  x        = [-2.  0.  3.]", "  expected = 3.0", "  got      = 5.0"]


def test_a_helper_that_changes_its_input_is_blamed(capsys):
    def shift(v):
        v += 1.0
        return v

    def relu(x):
        return np.maximum(shift(x) - 1.0, 0.0)

    result, out = report(capsys, relu)
    assert result == False
    assert out.startswith("Not yet: `shift`, which relu calls, changed its input `v` in place "
                          "(here that is relu's `x`). In `shift`, work on a copy")

    def relu_itself(x):
        x[x < 0] = 0.0
        return x

    assert report(capsys, relu_itself)[1].startswith("Not yet: relu(x) changed its input `x` in place.")


def test_lists_are_accepted_where_arrays_are_expected(capsys):
    def prop(got, x):
        return None if got.shape == (3,) else "wrong shape"

    cases = relu_cases() + [Case(X, prop=prop)]
    assert report(capsys, lambda x: np.maximum(x, 0.0).tolist(), cases)[0] == True
