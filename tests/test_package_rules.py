"""The engine's own rules: few dependencies, matplotlib only when plotting, imports point down."""
import ast
import pathlib
import subprocess
import sys

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "minirelu"
ALLOWED_THIRD_PARTY = {"numpy", "matplotlib", "threadpoolctl"}
GROUND = {"activations", "losses", "optimizers", "validation", "gradcheck", "threads", "table"}
TOP = {"interpret", "plotting"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree, module_level_only=False):
    """(absolute top-level name or None, relative module path, level) of each import."""
    nodes = tree.body if module_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], None, 0
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.module.split(".")[0], None, 0
            else:
                yield None, node.module or "", node.level


def _minirelu_target(path, module, level):
    """The first-level minirelu module a relative import points to (e.g. 'metrics')."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    base = parts[:len(parts) - level]
    target = base + (module.split(".") if module else [])
    return target[0] if target else ""


# An optional reader is imported inside the one function that needs it, and nowhere else;
# scikit-learn only inside the hook that scikit-learn itself calls.
OPTIONAL_READERS = {"onnx": ("foreign_onnx.py", "from_onnx"), "sklearn": ("base.py", "__sklearn_tags__")}


def _function_bodies(tree, name):
    return [node for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name]


def test_only_numpy_matplotlib_and_threadpoolctl_beyond_the_standard_library():
    stdlib = set(sys.stdlib_module_names)
    for path, tree in _modules():
        for name, _, _ in _imports(tree):
            if name is not None and name != "minirelu" and name not in OPTIONAL_READERS:
                assert name in stdlib or name in ALLOWED_THIRD_PARTY, f"{path.name} imports {name}"


def test_optional_readers_are_imported_only_inside_their_function():
    for package, (filename, function) in OPTIONAL_READERS.items():
        for path, tree in _modules():
            everywhere = sum(name == package for name, _, _ in _imports(tree))
            inside = sum(name == package for body in _function_bodies(tree, function)
                         for name, _, _ in _imports(body)) if path.name == filename else 0
            assert everywhere == inside, f"{path.name} imports {package} outside {function}()"
            if path.name == filename:
                assert inside >= 1, f"{filename} no longer imports {package} in {function}()"
    code = "import sys, minirelu, minirelu.interpret; print('onnx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_minirelu_imports_no_scikit_learn():
    code = ("import sys, minirelu, minirelu.interpret, minirelu.plotting, minirelu.check; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_matplotlib_is_imported_only_lazily_inside_functions():
    for path, tree in _modules():
        names = [name for name, _, _ in _imports(tree, module_level_only=True)]
        assert "matplotlib" not in names, f"{path} imports matplotlib at module level"
    code = "import sys, minirelu, minirelu.interpret, minirelu.plotting; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_imports_point_down_the_floors():
    for path, tree in _modules():
        first = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for name, module, level in _imports(tree, module_level_only=True):
            if name is not None:
                continue
            target = _minirelu_target(path, module, level)
            if target == first or target in ("", "__init__"):
                continue
            if first in GROUND:      # the ground floor shares only its input checks
                assert target == "validation", f"{path.name} (ground floor) imports minirelu.{target}"
            if first not in TOP:
                assert target not in TOP, f"{path.name} imports minirelu.{target} (a higher floor)"
