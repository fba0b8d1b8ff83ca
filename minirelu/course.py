"""Exercise notebooks from solution notebooks, and the check that they are in sync.

Only ``solutions/NN_topic.ipynb`` is edited by hand. Inside a code cell, the answer
sits between two marker lines::

    def relu(x):
        ### BEGIN SOLUTION
        return np.maximum(x, 0.0)
        ### END SOLUTION

and ``exercises/NN_topic.ipynb`` gets, at the indentation of the BEGIN marker::

    def relu(x):
        # YOUR CODE HERE
        raise NotImplementedError

Put each block inside a function body: a checker called on the untouched function
catches the ``NotImplementedError`` and says "not attempted", so the exercise notebook
runs top to bottom. A block at the top level of a cell would stop the notebook there.

A cell tagged ``solution-only`` (code or markdown) is left out of the exercise.
Every cell is deep-copied, so cell ids, metadata and tags stay as they are; outputs,
execution counts and the run timestamps nbclient stores (``metadata.execution``) are cleared. Markers must be balanced, not nested, written exactly as
above, and only in code cells; otherwise the generator raises ``ValueError`` naming the
notebook and the cell (``cells[i]``, counted from 0).

Command line (the root defaults to the repository holding this package)::

    python -m minirelu.course make-exercises [--root DIR]
    python -m minirelu.course check [--root DIR]

``check`` exits 1, naming the stale, missing and orphan exercises, when a committed
exercise is not what the generator makes of its solution (compared as parsed JSON).
"""
import argparse
import copy
import json
import pathlib
import sys

__all__ = ["make_exercise", "make_exercises", "check_exercises", "read_notebook", "notebook_text", "main"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = ("# YOUR CODE HERE", "raise NotImplementedError")
SOLUTION_ONLY = "solution-only"
DEFAULT_ROOT = pathlib.Path(__file__).resolve().parent.parent
FIX_COMMAND = "python -m minirelu.course make-exercises"


def read_notebook(path):
    """A notebook file as a dict, with every cell's source joined into one string."""
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return nb


def notebook_text(nb):
    """The text of notebook ``nb`` as Jupyter writes it: sources as lists of lines,
    keys sorted, one-space indent, a final newline (plain JSON: no nbformat needed)."""
    nb = copy.deepcopy(nb)
    for cell in nb.get("cells", []):
        if isinstance(cell.get("source"), str):
            cell["source"] = cell["source"].splitlines(keepends=True)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _marker(line):
    """Return 'begin', 'end' or None; refuse a line that looks like a marker but is not one."""
    text = line.strip()
    if text == BEGIN:
        return "begin"
    if text == END:
        return "end"
    if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
        # A mistyped marker would otherwise leak the answer into the exercise.
        raise ValueError(f"malformed marker {text!r}: write exactly {BEGIN!r} or {END!r} "
                         "on a line of its own")
    return None


def _strip_solutions(source):
    """Replace every marked block of ``source`` by the two stub lines."""
    lines = source.splitlines(keepends=True)
    out, begin_line = [], None
    for number, line in enumerate(lines, start=1):
        kind = _marker(line)
        if kind == "begin":
            if begin_line is not None:
                raise ValueError(f"nested marker: {BEGIN!r} on line {number} inside the block "
                                 f"opened on line {begin_line}")
            begin_line = number
            indent = line[: len(line) - len(line.lstrip())]
        elif kind == "end":
            if begin_line is None:
                raise ValueError(f"unbalanced marker: {END!r} on line {number} "
                                 f"without a {BEGIN!r} before it")
            # Keep the source's own ending: no newline after a final END line, none added.
            ending = "\n" if line.endswith("\n") else ""
            out.append(f"{indent}{STUB[0]}\n{indent}{STUB[1]}{ending}")
            begin_line = None
        elif begin_line is None:
            out.append(line)
    if begin_line is not None:
        raise ValueError(f"unbalanced marker: {BEGIN!r} on line {begin_line} is never closed "
                         f"by {END!r}")
    return "".join(out)


def make_exercise(nb, name="notebook"):
    """Return the exercise version of solution notebook ``nb`` (``nb`` itself is not changed).

    Parameters
    ----------
    nb : dict
        A solution notebook (format 4), as ``read_notebook`` returns it.
    name : str
        How error messages name the notebook, e.g. its path.

    Raises
    ------
    ValueError
        On unbalanced, nested or malformed markers, or markers outside code cells.
    """
    exercise = copy.deepcopy(nb)
    cells, exercise["cells"] = exercise["cells"], []
    for index, cell in enumerate(cells):
        if SOLUTION_ONLY in cell.get("metadata", {}).get("tags", []):
            continue
        try:
            if cell["cell_type"] == "code":
                cell["source"] = _strip_solutions(cell["source"])
                cell["outputs"] = []
                cell["execution_count"] = None
                # nbclient's run timestamps: they would change the exercise on every re-run.
                cell.get("metadata", {}).pop("execution", None)
            elif any(_marker(line) for line in cell["source"].splitlines()):
                raise ValueError(f"solution markers in a {cell['cell_type']} cell; they belong in "
                                 f"code cells (tag the cell {SOLUTION_ONLY!r} to drop it instead)")
        except ValueError as error:
            raise ValueError(f"{name}, cells[{index}]: {error}") from None
        exercise["cells"].append(cell)
    return exercise


def _pairs(root):
    """Return (solution paths, exercise paths) of the course under ``root``, sorted."""
    root = pathlib.Path(root)
    return (sorted((root / "solutions").glob("*.ipynb")),
            sorted((root / "exercises").glob("*.ipynb")))


def _generate(solution, root):
    name = solution.relative_to(root).as_posix()
    return make_exercise(read_notebook(solution), name=name)


def make_exercises(root=DEFAULT_ROOT):
    """Write ``exercises/NN_x.ipynb`` for every ``solutions/NN_x.ipynb`` under ``root``.

    A file whose content would not change is left untouched. Exercises without a
    solution are not deleted (``check_exercises`` reports them).

    Returns
    -------
    list of str: the exercise paths, relative to ``root``, that were written.
    """
    root = pathlib.Path(root)
    solutions, _ = _pairs(root)
    (root / "exercises").mkdir(exist_ok=True)
    written = []
    for solution in solutions:
        text = notebook_text(_generate(solution, root))
        target = root / "exercises" / solution.name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target.relative_to(root).as_posix())
    return written


def _load_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # not JSON (e.g. a merge conflict): simply not what the generator makes
        return None


def check_exercises(root=DEFAULT_ROOT):
    """Compare every committed exercise with what the generator makes of its solution.

    Returns
    -------
    list of str: one sentence per problem (stale, missing or orphan exercise, or a
    solution the generator refuses); empty when everything is in sync.
    """
    root = pathlib.Path(root)
    solutions, exercises = _pairs(root)
    solution_names = {path.name for path in solutions}
    problems = []
    for solution in solutions:
        target = root / "exercises" / solution.name
        source, exercise = f"solutions/{solution.name}", f"exercises/{solution.name}"
        try:
            expected = json.loads(notebook_text(_generate(solution, root)))
        except ValueError as error:
            problems.append(f"{source} cannot be turned into an exercise: {error}")
            continue
        if not target.exists():
            problems.append(f"{exercise} is missing: {source} has no exercise yet")
        elif _load_json(target) != expected:
            problems.append(f"{exercise} is stale: it differs from what {source} generates")
    for path in exercises:
        if path.name not in solution_names:
            problems.append(f"exercises/{path.name} is an orphan: there is no "
                            f"solutions/{path.name} (remove it with `git rm exercises/{path.name}`)")
    return problems


def _count(root):
    n = len(_pairs(root)[0])
    return f"{n} notebook{'' if n == 1 else 's'}"


def main(argv=None):
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m minirelu.course", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["make-exercises", "check"])
    parser.add_argument("--root", type=pathlib.Path, default=DEFAULT_ROOT,
                        help="the course folder holding solutions/ and exercises/ "
                             "(default: the repository holding minirelu)")
    args = parser.parse_args(argv)
    try:
        if args.command == "make-exercises":
            written = make_exercises(args.root)
            for path in written:
                print(f"wrote {path}")
            print(f"exercises/ is up to date with solutions/ ({_count(args.root)}, "
                  f"{len(written)} written)")
            return 0
        problems = check_exercises(args.root)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not problems:
        print(f"ok: exercises/ matches solutions/ ({_count(args.root)})")
        return 0
    print("exercises/ does not match solutions/:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print(f"Fix: run `{FIX_COMMAND}` (after fixing any solution named above), then commit "
          "exercises/.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
