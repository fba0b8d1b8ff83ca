"""The solutions -> exercises generator (minirelu.course) and its sync check."""
import json
import pathlib
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from minirelu import course

ROOT = pathlib.Path(__file__).resolve().parents[1]

SOLVED = '''def relu(x):
    """Elementwise max(0, x)."""
    ### BEGIN SOLUTION
    out = np.maximum(x, 0.0)
    return out
    ### END SOLUTION


def loss(y, p):
    if True:
        ### BEGIN SOLUTION
        return ((y - p) ** 2).mean()
        ### END SOLUTION'''

STUBBED = '''def relu(x):
    """Elementwise max(0, x)."""
    # YOUR CODE HERE
    raise NotImplementedError


def loss(y, p):
    if True:
        # YOUR CODE HERE
        raise NotImplementedError'''


def solution_notebook():
    """A small solution notebook: prose, a solved cell with output, a check, a solution-only cell."""
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nb.cells = [
        new_markdown_cell("# Exercise 1\nWrite `relu`."),
        new_code_cell("import numpy as np", execution_count=1, metadata={"execution": {
            "iopub.status.busy": "2026-01-01T00:00:00.000000Z"}, "scrolled": True}),
        new_code_cell(SOLVED, execution_count=2, metadata={"tags": ["keep-me"]}),
        new_code_cell("print(relu(np.array([-1.0, 2.0])))", execution_count=3,
                      outputs=[new_output("stream", name="stdout", text="[0. 2.]\n")]),
        new_markdown_cell("Why the answer works.", metadata={"tags": ["solution-only"]}),
        new_code_cell("relu(-1.0)", execution_count=4, metadata={"tags": ["solution-only"]},
                      outputs=[new_output("execute_result", {"text/plain": "0.0"}, execution_count=4)]),
    ]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    return nb


def write_course(root, solutions, exercises=None):
    """Write solutions/ (and exercises/, if given) notebooks under ``root``."""
    for folder, notebooks in (("solutions", solutions), ("exercises", exercises or {})):
        (root / folder).mkdir(exist_ok=True)
        for name, nb in notebooks.items():
            nbformat.write(nb, root / folder / name)


def test_markers_become_stub_at_the_marker_indentation():
    exercise = course.make_exercise(solution_notebook())
    assert exercise.cells[2].source == STUBBED


def test_marker_block_at_the_end_of_a_source_keeps_its_line_ending():
    nb = new_notebook(cells=[new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n"
                                           "    ### END SOLUTION\n\nf_done = True\n")])
    assert course.make_exercise(nb).cells[0].source == (
        "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError\n\nf_done = True\n")


def test_cells_ids_tags_and_metadata_are_kept_and_outputs_cleared():
    solution = solution_notebook()
    exercise = course.make_exercise(solution)
    assert [c.id for c in exercise.cells] == ["cell-0", "cell-1", "cell-2", "cell-3"]
    assert exercise.cells[2].metadata == {"tags": ["keep-me"]}
    assert exercise.cells[1].metadata == {"scrolled": True}  # run timestamps dropped
    assert exercise.metadata.kernelspec.name == "python3"
    for cell in exercise.cells[1:]:
        assert cell.outputs == [] and cell.execution_count is None
    assert exercise.cells[0].source == "# Exercise 1\nWrite `relu`."
    assert exercise.cells[3].source == solution.cells[3].source


def test_solution_only_cells_are_dropped_and_the_input_is_unchanged():
    solution = solution_notebook()
    before = json.dumps(solution, sort_keys=True)
    exercise = course.make_exercise(solution)
    assert len(exercise.cells) == 4
    assert all("solution-only" not in c.metadata.get("tags", []) for c in exercise.cells)
    assert json.dumps(solution, sort_keys=True) == before  # nothing changed in place


def test_generation_is_deterministic():
    once = nbformat.writes(course.make_exercise(solution_notebook()))
    assert nbformat.writes(course.make_exercise(solution_notebook())) == once


@pytest.mark.parametrize("source, message", [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n",
     "demo.ipynb, cells[0]: unbalanced marker: '### BEGIN SOLUTION' on line 2 is never "
     "closed by '### END SOLUTION'"),
    ("def f():\n    return 1\n    ### END SOLUTION\n",
     "demo.ipynb, cells[0]: unbalanced marker: '### END SOLUTION' on line 3 without a "
     "'### BEGIN SOLUTION' before it"),
    ("### BEGIN SOLUTION\nx = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\n### END SOLUTION\n",
     "demo.ipynb, cells[0]: nested marker: '### BEGIN SOLUTION' on line 3 inside the block "
     "opened on line 1"),
    ("def f():\n    ## BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
     "demo.ipynb, cells[0]: malformed marker '## BEGIN SOLUTION': write exactly "
     "'### BEGIN SOLUTION' or '### END SOLUTION' on a line of its own"),
])
def test_refuses_bad_markers_naming_notebook_and_cell(source, message):
    nb = new_notebook(cells=[new_code_cell(source)])
    with pytest.raises(ValueError) as error:
        course.make_exercise(nb, name="demo.ipynb")
    assert str(error.value) == message


def test_refuses_markers_in_markdown_cells():
    nb = new_notebook(cells=[new_code_cell("x = 1"),
                             new_markdown_cell("### BEGIN SOLUTION\nanswer\n### END SOLUTION")])
    with pytest.raises(ValueError) as error:
        course.make_exercise(nb, name="demo.ipynb")
    assert str(error.value) == (
        "demo.ipynb, cells[1]: solution markers in a markdown cell; they belong in code cells "
        "(tag the cell 'solution-only' to drop it instead)")


def test_markdown_cell_with_markers_is_fine_when_solution_only():
    nb = new_notebook(cells=[new_markdown_cell("### BEGIN SOLUTION", metadata={"tags": ["solution-only"]})])
    assert course.make_exercise(nb).cells == []


def test_make_then_check_round_trip_and_stale_missing_orphan(tmp_path):
    write_course(tmp_path, {"01_relu.ipynb": solution_notebook(), "02_loss.ipynb": solution_notebook()})
    assert course.check_exercises(tmp_path) == [
        "exercises/01_relu.ipynb is missing: solutions/01_relu.ipynb has no exercise yet",
        "exercises/02_loss.ipynb is missing: solutions/02_loss.ipynb has no exercise yet",
    ]
    assert course.make_exercises(tmp_path) == ["exercises/01_relu.ipynb", "exercises/02_loss.ipynb"]
    assert course.check_exercises(tmp_path) == []
    assert course.make_exercises(tmp_path) == []  # nothing to rewrite
    text = (tmp_path / "exercises" / "01_relu.ipynb").read_text(encoding="utf-8")
    assert text.endswith("}\n") and '\n "cells": [\n  {\n' in text  # indent 1, trailing newline
    assert "BEGIN SOLUTION" not in text and "np.maximum" not in text

    # Edit a solution without regenerating: its exercise is now stale.
    edited = solution_notebook()
    edited.cells[1].source = "import numpy as np  # edited"
    nbformat.write(edited, tmp_path / "solutions" / "02_loss.ipynb")
    write_course(tmp_path, {}, {"03_orphan.ipynb": solution_notebook()})
    assert course.check_exercises(tmp_path) == [
        "exercises/02_loss.ipynb is stale: it differs from what solutions/02_loss.ipynb generates",
        "exercises/03_orphan.ipynb is an orphan: there is no solutions/03_orphan.ipynb "
        "(remove it with `git rm exercises/03_orphan.ipynb`)",
    ]


def test_formatting_differences_alone_do_not_make_an_exercise_stale(tmp_path):
    write_course(tmp_path, {"01_relu.ipynb": solution_notebook()})
    course.make_exercises(tmp_path)
    path = tmp_path / "exercises" / "01_relu.ipynb"
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=4), encoding="utf-8")
    assert course.check_exercises(tmp_path) == []


def test_an_exercise_that_is_not_json_is_stale(tmp_path):
    write_course(tmp_path, {"01_relu.ipynb": solution_notebook()})
    (tmp_path / "exercises" / "01_relu.ipynb").write_text("<<<<<<< HEAD\n", encoding="utf-8")
    assert course.check_exercises(tmp_path) == [
        "exercises/01_relu.ipynb is stale: it differs from what solutions/01_relu.ipynb generates"]


def test_check_reports_a_solution_the_generator_refuses(tmp_path):
    bad = new_notebook(cells=[new_code_cell("### BEGIN SOLUTION\nx = 1\n")])
    write_course(tmp_path, {"01_bad.ipynb": bad})
    assert course.check_exercises(tmp_path) == [
        "solutions/01_bad.ipynb cannot be turned into an exercise: solutions/01_bad.ipynb, "
        "cells[0]: unbalanced marker: '### BEGIN SOLUTION' on line 1 is never closed by "
        "'### END SOLUTION'"]


def test_command_line_exit_codes_and_the_command_that_fixes_it(tmp_path, capsys):
    write_course(tmp_path, {"01_relu.ipynb": solution_notebook()})
    assert course.main(["check", "--root", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert err == (
        "exercises/ does not match solutions/:\n"
        "  exercises/01_relu.ipynb is missing: solutions/01_relu.ipynb has no exercise yet\n"
        "Fix: run `python -m minirelu.course make-exercises` (after fixing any solution named "
        "above), then commit exercises/.\n")

    assert course.main(["make-exercises", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ("wrote exercises/01_relu.ipynb\n"
                                       "exercises/ is up to date with solutions/ (1 notebook, 1 written)\n")


def test_python_dash_m_entry_point(tmp_path):
    write_course(tmp_path, {"01_relu.ipynb": solution_notebook()})
    course.make_exercises(tmp_path)
    run = subprocess.run([sys.executable, "-m", "minirelu.course", "check", "--root", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert (run.returncode, run.stdout) == (0, "ok: exercises/ matches solutions/ (1 notebook)\n")


def test_committed_exercises_match_their_solutions():
    assert course.check_exercises(ROOT) == []
