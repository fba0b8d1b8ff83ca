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
