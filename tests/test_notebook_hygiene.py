"""Fast checks on the stored notebooks (no kernel): names, pairing, execution order, outputs.

Each rule walks every notebook present and lists all its problems at once. Missing lessons
are fine (the course grows one lesson at a time); malformed notebooks are not. The rules
run on the repository, and on a small malformed course to show that each one can fail.
"""
import pathlib
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = pathlib.Path(__file__).resolve().parents[1]
FOLDERS = ("lessons", "solutions", "exercises")
NAME = re.compile(r"^(\d\d)_[a-z0-9]+(_[a-z0-9]+)*\.ipynb$")
LESSON_NUMBERS = {f"{n:02d}" for n in range(1, 17)}
ERROR_ALLOWED = {"raises-exception", "nbval-raises-exception"}


def notebooks(root, *folders):
    """[(path relative to root, notebook)] for every .ipynb in ``folders``."""
    return [(path.relative_to(root).as_posix(), nbformat.read(path, as_version=4))
            for folder in folders for path in sorted((root / folder).glob("*.ipynb"))]


def code_cells(nb):
    return [(i, cell) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def bad_names(root):
    problems = []
    for folder in FOLDERS:
        numbers = {}
        for path in sorted((root / folder).glob("*.ipynb")):
            match = NAME.match(path.name)
            if not match:
                problems.append(f"{folder}/{path.name}: name is not NN_topic.ipynb (lower case, underscores)")
            elif match.group(1) not in LESSON_NUMBERS:
                problems.append(f"{folder}/{path.name}: lesson number {match.group(1)} is not 01..16")
            else:
                numbers.setdefault(match.group(1), []).append(path.name)
        problems += [f"{folder}/: several notebooks numbered {n}: {', '.join(names)}"
                     for n, names in sorted(numbers.items()) if len(names) > 1]
    return problems


def unpaired(root):
    solutions = {p.name for p in (root / "solutions").glob("*.ipynb")}
    exercises = {p.name for p in (root / "exercises").glob("*.ipynb")}
    return ([f"exercises/{n} is missing (its solution exists)" for n in sorted(solutions - exercises)]
            + [f"solutions/{n} is missing (its exercise exists)" for n in sorted(exercises - solutions)])


def bad_kernelspecs(root):
    return [f"{name}: kernelspec name is {nb.metadata.get('kernelspec', {}).get('name')!r}, not 'python3'"
            for name, nb in notebooks(root, *FOLDERS)
            if nb.metadata.get("kernelspec", {}).get("name") != "python3"]


def bad_execution_order(root):
    problems = []
    for name, nb in notebooks(root, "lessons", "solutions"):
        # Empty code cells are never executed (nbclient skips them), so they carry no count.
        counts = [cell.execution_count for _, cell in code_cells(nb) if cell.source.strip()]
        if counts != list(range(1, len(counts) + 1)):
            problems.append(f"{name}: execution counts {counts} are not 1..{len(counts)} "
                            "(restart the kernel and run all)")
    return problems


def stored_errors_and_warnings(root):
    problems = []
    for name, nb in notebooks(root, "lessons", "solutions"):
        for index, cell in code_cells(nb):
            for output in cell.get("outputs", []):
                if output.output_type == "error" and not tags(cell) & ERROR_ALLOWED:
                    problems.append(f"{name}, cells[{index}]: stored error {output.ename}: "
                                    f"{output.evalue} (tag the cell raises-exception if meant)")
                elif output.output_type == "stream" and output.name == "stderr":
                    problems.append(f"{name}, cells[{index}]: stderr output (a warning?): "
                                    f"{output.text.strip()[:80]!r}")
    return problems


def exercise_outputs(root):
    return [f"{name}, cells[{index}]: has outputs or an execution count "
            "(run `python -m minirelu.course make-exercises`)"
            for name, nb in notebooks(root, "exercises") for index, cell in code_cells(nb)
            if cell.outputs or cell.execution_count is not None]


def surviving_markers(root):
    return [f"{name}, cells[{index}]: contains a SOLUTION marker"
            for name, nb in notebooks(root, "exercises") for index, cell in enumerate(nb.cells)
            if "BEGIN SOLUTION" in cell.source or "END SOLUTION" in cell.source]


def run_timestamps(root):
    """Stored cells carry no per-cell run timestamps (``metadata.execution``): they change on
    every run and say nothing a reader needs."""
    return [f"{name}, cells[{index}]: metadata holds run timestamps (metadata.execution)"
            for name, nb in notebooks(root, *FOLDERS) for index, cell in enumerate(nb.cells)
            if "execution" in cell.get("metadata", {})]


def lessons_not_opening_with_markdown(root):
    return [f"{name}: the first cell is {nb.cells[0].cell_type if nb.cells else 'missing'}, not "
            "markdown saying what the student will be able to do"
            for name, nb in notebooks(root, "lessons")
            if not nb.cells or nb.cells[0].cell_type != "markdown"]


def lessons_not_ending_with_their_exercise(root):
    """A lesson with an exercise ends with a markdown cell (its summary) naming that exercise."""
    problems = []
    for name, nb in notebooks(root, "lessons"):
        exercise = "exercises/" + name.split("/")[-1]
        if not (root / exercise).exists():
            continue
        last = nb.cells[-1] if nb.cells else None
        if last is None or last.cell_type != "markdown" or exercise not in last.source:
            problems.append(f"{name}: the last cell does not point to {exercise}")
    return problems


RULES = [bad_names, unpaired, bad_kernelspecs, bad_execution_order, stored_errors_and_warnings,
         exercise_outputs, surviving_markers, run_timestamps, lessons_not_opening_with_markdown,
         lessons_not_ending_with_their_exercise]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_repository_notebooks(rule):
    assert rule(ROOT) == []


def notebook(*cells, kernel="python3"):
    nb = new_notebook(cells=list(cells))
    nb.metadata.kernelspec = {"name": kernel, "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture
def malformed(tmp_path):
    """A course with one of each mistake, and one clean lesson."""
    for folder in FOLDERS:
        (tmp_path / folder).mkdir()
    good = notebook(new_markdown_cell("# You will be able to ..."),
                    new_code_cell("x = 1", execution_count=1), new_code_cell(""),
                    new_code_cell("1 / 0", execution_count=2, metadata={"tags": ["raises-exception"]},
                                  outputs=[new_output("error", ename="ZeroDivisionError",
                                                      evalue="division by zero", traceback=[])]))
    out_of_order = notebook(new_code_cell("import numpy", execution_count=2,
                                          metadata={"execution": {"iopub.execute_input": "2026"}}),
                            new_code_cell("x = 1", execution_count=1,
                                          outputs=[new_output("stream", name="stderr", text="Warning!\n")]))
    crashed = notebook(new_markdown_cell("# Title"), new_code_cell("1 / 0", execution_count=1, outputs=[
        new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]))
    leaky = notebook(new_code_cell("### BEGIN SOLUTION\nx = 1", execution_count=3), kernel="conda-env")
    for path, nb in [("lessons/01_good_lesson.ipynb", good), ("lessons/02_order.ipynb", out_of_order),
                     ("lessons/03_Bad-Name.ipynb", good), ("lessons/17_too_far.ipynb", good),
                     ("lessons/05_one.ipynb", good), ("lessons/05_two.ipynb", good),
                     ("lessons/04_crash.ipynb", good),
                     ("solutions/04_crash.ipynb", crashed), ("solutions/06_alone.ipynb", good),
                     ("exercises/04_crash.ipynb", leaky)]:
        nbformat.write(nb, tmp_path / path)
    return tmp_path


def test_each_rule_finds_its_problem(malformed):
    found = {rule.__name__: rule(malformed) for rule in RULES}
    assert found == {
        "bad_names": ["lessons/03_Bad-Name.ipynb: name is not NN_topic.ipynb (lower case, underscores)",
                      "lessons/17_too_far.ipynb: lesson number 17 is not 01..16",
                      "lessons/: several notebooks numbered 05: 05_one.ipynb, 05_two.ipynb"],
        "unpaired": ["exercises/06_alone.ipynb is missing (its solution exists)"],
        "bad_kernelspecs": ["exercises/04_crash.ipynb: kernelspec name is 'conda-env', not 'python3'"],
        "bad_execution_order": ["lessons/02_order.ipynb: execution counts [2, 1] are not 1..2 "
                                "(restart the kernel and run all)"],
        "stored_errors_and_warnings": [
            "lessons/02_order.ipynb, cells[1]: stderr output (a warning?): 'Warning!'",
            "solutions/04_crash.ipynb, cells[1]: stored error ZeroDivisionError: division by zero "
            "(tag the cell raises-exception if meant)"],
        "exercise_outputs": ["exercises/04_crash.ipynb, cells[0]: has outputs or an execution count "
                             "(run `python -m minirelu.course make-exercises`)"],
        "surviving_markers": ["exercises/04_crash.ipynb, cells[0]: contains a SOLUTION marker"],
        "run_timestamps": ["lessons/02_order.ipynb, cells[0]: metadata holds run timestamps "
                           "(metadata.execution)"],
        "lessons_not_opening_with_markdown": [
            "lessons/02_order.ipynb: the first cell is code, not markdown saying what the student "
            "will be able to do"],
        "lessons_not_ending_with_their_exercise": [
            "lessons/04_crash.ipynb: the last cell does not point to exercises/04_crash.ipynb"],
    }
