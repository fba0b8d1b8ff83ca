"""The engine's own rules: few dependencies, matplotlib only when plotting, imports point down."""
import ast
import pathlib
import re
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
            elif node.module:
                yield None, node.module, node.level
            else:                       # from .. import metrics: each name is a module
                for alias in node.names:
                    yield None, alias.name, node.level


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


def _imports_with_function(tree, function=None):
    """(name, module, level, enclosing function name or None) of every import, at any depth."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for name, module, level in _imports(ast.Module(body=[node], type_ignores=[])):
                yield name, module, level, function
        inner = node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
        yield from _imports_with_function(node, inner)


def test_imports_point_down_the_floors():
    """Module-level and function-level imports alike. The one stated exception: a result's
    ``.plot()`` method may import the plotting function it delegates to (a figure is drawn
    in plotting/, the floor above, and only when one is asked for)."""
    exceptions = []
    for path, tree in _modules():
        first = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for name, module, level, function in _imports_with_function(tree):
            if name == "minirelu":
                raise AssertionError(f"{path.name} imports minirelu absolutely; use a relative import")
            if name is not None:
                continue
            target = _minirelu_target(path, module, level)
            if target == first or target in ("", "__init__"):
                continue
            if function == "plot" and target == "plotting":
                exceptions.append(path.name)
                continue
            where = f"in {function}()" if function else "at module level"
            if first in GROUND:      # the ground floor shares only its input checks
                assert target == "validation", \
                    f"{path.name} (ground floor) imports minirelu.{target} {where}"
            if first not in TOP:
                assert target not in TOP, f"{path.name} imports minirelu.{target} {where} (a higher floor)"
    # the exception is used, and only by .plot() delegations of results below plotting/
    assert {"metrics.py", "cmb.py"} <= set(exceptions)


def test_the_walk_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    def g():\n        from ..plotting import x\n")
    assert list(_imports_with_function(tree)) == [(None, "plotting", 2, "g")]


def test_figures_are_drawn_only_in_plotting():
    """Outside plotting/ no module calls an Axes or pyplot drawing method itself."""
    drawing = {"plot", "loglog", "scatter", "bar", "barh", "imshow", "axhline", "axvline",
               "set_xlabel", "set_ylabel", "set_title", "legend", "fill", "contourf"}
    for path, tree in _modules():
        if path.relative_to(PACKAGE).parts[0] == "plotting":
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in drawing and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ("ax", "axes", "plt", "fig")):
                raise AssertionError(f"{path.name}:{node.lineno} draws {node.func.value.id}."
                                     f"{node.func.attr} outside plotting/")


MAX_LINES = 400
LENGTH_REASON = "Over 400 lines because"


def test_no_module_over_400_lines_without_a_reason_in_its_docstring():
    for path, tree in _modules():
        n_lines = len(path.read_text(encoding="utf-8").splitlines())
        if n_lines > MAX_LINES:
            doc = ast.get_docstring(tree) or ""
            assert any(line.startswith(LENGTH_REASON) for line in doc.splitlines()), \
                f"{path.relative_to(PACKAGE)} has {n_lines} lines and no '{LENGTH_REASON} ...' line"


def test_every_notebook_named_in_the_engine_exists():
    pattern = re.compile(r"(?:lessons|solutions|exercises)/\d\d_\w+\.ipynb")
    root = PACKAGE.parent
    named = {(path.name, ref) for path in PACKAGE.rglob("*.py")
             for ref in pattern.findall(path.read_text(encoding="utf-8"))}
    assert len(named) > 20
    missing = sorted((name, ref) for name, ref in named if not (root / ref).exists())
    assert not missing, f"notebooks named but missing: {missing}"


def _import_graph():
    """First-level module -> the first-level modules it imports (anywhere in its code),
    leaving out the .plot() delegations."""
    graph = {}
    for path, tree in _modules():
        first = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for name, module, level, function in _imports_with_function(tree):
            if name is None and not (function == "plot"):
                target = _minirelu_target(path, module, level)
                if target not in (first, "", "__init__"):
                    graph.setdefault(first, set()).add(target)
    return graph


def _a_circle(graph):
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return trail + [node, nxt]
            if nxt not in state:
                found = visit(nxt, trail + [node])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def test_no_import_circles_between_modules():
    assert _a_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None   # the check can fail
    circle = _a_circle(_import_graph())
    assert circle is None, " -> ".join(circle)
