"""Lessons and code point at each other: every lesson a module names exists, and lesson 03 names
the functions its route through training uses."""
import json
import pathlib
import re

import minirelu as mr

ROOT = pathlib.Path(mr.__file__).resolve().parent.parent


def test_every_lesson_named_in_the_package_has_its_file_name():
    """A notebook named in the package exists under that name, or its number is not written
    yet (a lesson planned in the design); a misspelt name such as 07_cmb.ipynb fails."""
    named = set()
    for path in (ROOT / "minirelu").rglob("*.py"):
        named |= set(re.findall(r"(?:lessons|exercises|solutions)/\d\d_\w+\.ipynb", path.read_text()))
    wrong = sorted(name for name in named if not (ROOT / name).exists()
                   and any((ROOT / name).parent.glob(name.split("/")[1][:3] + "*.ipynb")))
    assert len(named) > 10 and not wrong, wrong


def test_lesson03_sections_end_with_code_lines_that_name_real_functions():
    nb = json.loads((ROOT / "lessons" / "03_neural_networks.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    code_lines = re.findall(r"\*\*Code:\*\* `minirelu/(\w+)\.py`, `([\w.]+)`", text)
    assert len(code_lines) >= 5
    for module, name in code_lines:
        obj = getattr(__import__(f"minirelu.{module}", fromlist=["_"]), name.split(".")[0])
        for part in name.split(".")[1:]:
            obj = getattr(obj, part)
        assert "lesson" in (obj.__doc__ or "") or module == "gradcheck", (module, name)
    assert ("estimators", "train_step") in code_lines


def _code_lines(nb_path):
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if re.match(r"(\*\*)?Code:(\*\*)?", line):
                    yield line


def _resolve(path, name):
    """The object ``name`` (``f``, ``Class.method``, ``f(arg=...)``) in module file ``path``."""
    module = "minirelu." + path.removeprefix("minirelu/").removesuffix(".py").replace("/", ".")
    obj = __import__(module, fromlist=["_"])
    parts = name.split("(")[0].split(".")
    if len(parts) == 1 and not hasattr(obj, parts[0]):     # a method named alone: find its class
        owners = [cls for cls in vars(obj).values() if isinstance(cls, type)
                  and cls.__module__ == module and parts[0] in vars(cls)]
        assert owners, f"{path} has no function or method {name}"
        obj = owners[0]
    for part in parts:
        obj = getattr(obj, part)
    return obj


def test_every_code_line_in_the_lessons_names_a_real_module_and_function():
    """Each ``Code:`` line names a file (`minirelu/x.py`) and then functions in it."""
    checked = 0
    for nb_path in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")):
        for line in _code_lines(nb_path):
            tokens = re.findall(r"`([^`]+)`", line)
            assert tokens and tokens[0].startswith("minirelu/"), (nb_path.name, line)
            path = None
            for token in tokens:
                if token.endswith(".py"):
                    path = token
                    assert (ROOT / path).is_file(), (nb_path.name, path)
                else:
                    obj = _resolve(path, token)
                    assert callable(obj) or isinstance(obj, property), (nb_path.name, path, token)
                    checked += 1
    assert checked > 40
