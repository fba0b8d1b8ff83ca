"""What every exercise checker of every lesson shares: an untouched stub is "not attempted";
each slip it names is caught with its own message, which never holds the solution's code."""
import copy
import importlib
import json
import pathlib
import re

import numpy as np
import pytest

CHECKERS = [(f"lesson{i:02d}", name)
            for i in range(1, 17)
            for name in importlib.import_module(f"minirelu.check.lesson{i:02d}").__all__]

# checkers named otherwise than the exercise's function they check
STUDENT_FUNCTION = {"slide_fixed": "phi1_two_ways", "sigmoid_shrink_bound": "shrink_bound"}


def test_every_lesson_has_checkers():
    assert {module for module, _ in CHECKERS} == {f"lesson{i:02d}" for i in range(1, 17)}


@pytest.mark.parametrize("module, name", CHECKERS, ids=[name for _, name in CHECKERS])
def test_untouched_stub_is_not_attempted(capsys, module, name):
    """The exercise notebook's own stub: the checker says so kindly, returns False, never raises."""
    def stub(*args, **kwargs):
        # YOUR CODE HERE
        raise NotImplementedError
    stub.__name__ = name
    checker = getattr(importlib.import_module(f"minirelu.check.{module}"), name)
    assert checker(stub) == False
    function = STUDENT_FUNCTION.get(name, name)
    assert capsys.readouterr().out == (
        f"Not attempted yet: replace `raise NotImplementedError` in `{function}` with your code, "
        "then re-run this cell.\n")


# ---- first-miss messages never hand over the solution -------------------------------------------

ROOT = pathlib.Path(__file__).resolve().parent.parent
TIERED = CHECKERS
# Code the issue quoted from first-miss messages: none of it may come back.
QUOTED = ["X.T@(X@w+b-y)", "np.column_stack", "activation='relu',optimizer='adam'", "v['12']-v['2']", "theta[:-1]",
          "np.mean((y_hat-y)**2)", "np.logaddexp(0,z)", "np.maximum(z,0.0)", "(z>0).astype(float)"]


def _solution_fragments():
    """Code from every solution block of solutions/*.ipynb, as whitespace-free fragments:
    each line, the right-hand side of each assignment, the expression after `return`."""
    fragments = set()
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            source = "".join(cell["source"])
            for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.S):
                for line in block.splitlines():
                    code = line.split("#", 1)[0].strip()
                    parts = [code, code.removeprefix("return ")]
                    if re.search(r"[^=!<>]=[^=]", code):
                        parts.append(re.split(r"(?<![=!<>])=(?!=)", code, maxsplit=1)[1])
                    for part in parts:
                        part = re.sub(r"\s+", "", part)
                        signature = re.fullmatch(r"\w+\((\w+(,\w+)*)?\)", part)  # f(X, y): the call itself
                        if len(part) >= 12 and re.search(r"[(@*/\[]", part) and not signature:
                            fragments.add(part)
    return fragments


SOLUTION_FRAGMENTS = _solution_fragments()


def solution_code_in(out):
    """The pieces of solution code found in a printed report (whitespace ignored), or []."""
    text = re.sub(r"[\s`]+", "", out)
    return sorted(f for f in SOLUTION_FRAGMENTS | {q.replace(" ", "") for q in QUOTED}
                  if f in text)


def test_the_solution_scan_finds_solution_code():
    assert len(SOLUTION_FRAGMENTS) > 100
    assert solution_code_in("Hint: append a column of ones, np.column_stack([X, np.ones(len(X))])")
    assert solution_code_in("Not yet: return np.mean((y_hat - y) ** 2)")
    assert not solution_code_in("Hint: the MSE averages the squared residuals over all n samples.")


def _cases_of(module, name):
    """The Cases the checker ``name`` runs (its run_cases call is intercepted)."""
    lesson = importlib.import_module(f"minirelu.check.{module}")
    found = []

    def capture(student_fn, cases, *args, **kwargs):
        found.extend(cases)
        return False

    def capture_summarized(student_fn, task, make_cases, describe=None):
        found.extend(make_cases(student_fn))
        return False

    saved = {k: getattr(lesson, k) for k in ("run_cases", "run_summarized") if hasattr(lesson, k)}
    try:
        lesson.run_cases = capture
        if "run_summarized" in saved:
            lesson.run_summarized = capture_summarized
        getattr(lesson, name)(lambda *a, **k: None)
    finally:
        for k, v in saved.items():
            setattr(lesson, k, v)
    return found


SLIP_CASES = [(module, name, i, j)
              for module, name in TIERED
              for i, case in enumerate(_cases_of(module, name))
              for j in range(len(getattr(case.prop, "slips", ())))]


@pytest.mark.parametrize("module, name, i, j", SLIP_CASES,
                         ids=[f"{name}-{i}-{j}" for _, name, i, j in SLIP_CASES])
def test_every_named_slip_is_caught_with_its_own_message(capsys, module, name, i, j):
    """Each slip a checker names (a wrong result it recognises): a student function returning
    exactly that result gets that slip's sentence, what was expected, and no solution code."""
    from minirelu.check import _core

    case = _cases_of(module, name)[i]
    wrong, sentence = case.prop.slips[j]
    task = getattr(importlib.import_module(f"minirelu.check.{module}"), name)

    def student(*args, **kwargs):
        return copy.deepcopy(wrong)

    student.__name__ = STUDENT_FUNCTION.get(name, name)
    _core._ACTIVE.append(getattr(task, "task", name))
    try:
        assert _core.run_cases(student, [case], name=student.__name__) == False
    finally:
        _core._ACTIVE.pop()
    out = capsys.readouterr().out
    assert out.startswith("Not yet: ")
    assert sentence in out
    assert "\n  expected = " in out
    assert solution_code_in(out) == []


def _as_lists(value):
    """``value`` with every NumPy array in it turned into (nested) lists."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return tuple(_as_lists(v) for v in value)
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    return value


def _right_value(case):
    from minirelu.check import _core

    return case.expected if case.expected is not _core._MISSING else case.shown


VALUE_CASES = [(module, name, i)
               for module, name in CHECKERS
               for i, case in enumerate(_cases_of(module, name))
               if _right_value(case) is not importlib.import_module("minirelu.check._core")._MISSING
               and not case.inplace]


@pytest.mark.parametrize("module, name, i", VALUE_CASES,
                         ids=[f"{name}-{i}" for _, name, i in VALUE_CASES])
def test_lists_are_accepted_wherever_arrays_are_expected(capsys, module, name, i):
    """Every case with a right value passes when that value comes back as lists."""
    from minirelu.check import _core

    case = _cases_of(module, name)[i]
    right = _right_value(case)

    def student(*args, **kwargs):
        return copy.deepcopy(_as_lists(right))

    assert _core.run_cases(student, [case], name=name) == True, capsys.readouterr().out


def test_an_endless_loop_is_stopped_inside_a_notebook_kernel():
    """In Jupyter a cell runs in the kernel's main thread: the checker's alarm stops the loop,
    the cell prints the friendly message, and the next cell runs. A checker's True or False
    shows no Out[] line there: the printed report is the cell's only output."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in (
        "from minirelu import check\nfrom minirelu.check import _core\n_core.TIME_LIMIT = 1.0",
        "def mse(y, y_hat):\n    i = 0\n    while i < len(y):\n        pass\n    return 0.0",
        "check.mse(mse)",
        "print('next cell runs')",
        "import numpy as np\ndef mse(y, y_hat):\n    return np.mean((y_hat - y) ** 2)\ncheck.mse(mse)",
        "ok = check.mse(mse)\nok",
        "bool(ok), ok == True")]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    text = ["".join(o.get("text", "")) for cell in nb.cells for o in cell.outputs]
    assert text[0].startswith("Not yet: mse(y, y_hat) was still running after 1 second, so the "
                              "check stopped it.")
    assert text[1] == "next cell runs\n"
    for cell in nb.cells[2:6]:   # checker cells: the report printed, no execute_result
        assert [o.output_type for o in cell.outputs] in ([], ["stream"])
    assert nb.cells[4].outputs[0].text.startswith("Correct! mse is right")
    assert nb.cells[6].outputs[0].data["text/plain"] == "(True, True)"
