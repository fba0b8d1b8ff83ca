"""The shared input checks of minirelu.interpret: one module, used by every reading."""
import ast
import pathlib

import numpy as np
import pytest

import minirelu as mr
from minirelu.interpret import _inputs

INTERPRET = pathlib.Path(mr.__file__).parent / "interpret"


def imported_names(path):
    """(module, name) of every ``from X import name`` in a file, at any level."""
    tree = ast.parse(path.read_text())
    return {(node.module, alias.name) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) for alias in node.names}


@pytest.mark.parametrize("module", ["lime", "shapley", "derivatives", "local_linear", "_llm_views"])
def test_each_reading_takes_its_checks_from_inputs(module):
    names = imported_names(INTERPRET / f"{module}.py")
    assert any(mod == "_inputs" for mod, _ in names), module
    # no reading borrows another's private helpers
    assert not any(mod in ("shapley", "lime", "derivatives") and name.startswith("_")
                   for mod, name in names), names


def test_dead_table_shim_is_gone():
    assert not (INTERPRET / "_table.py").exists()


def test_feature_index_by_position_and_name():
    names = ["a", "b", "c"]
    assert _inputs.feature_index(2, 3) == 2
    assert _inputs.feature_index("b", 3, names) == 1
    assert _inputs.feature_index(np.int64(1), 3, names) == 1
    with pytest.raises(ValueError, match="feature must be below 3, the number of features; got 3"):
        _inputs.feature_index(3, 3, names)
    with pytest.raises(ValueError, match="feature must be >= 0"):
        _inputs.feature_index(-1, 3)
    with pytest.raises(ValueError, match="feature 'z' is not among the feature names a, b, c"):
        _inputs.feature_index("z", 3, names)
    with pytest.raises(TypeError, match="no feature names"):
        _inputs.feature_index("a", 3)
    with pytest.raises(TypeError, match="feature must be an integer"):
        _inputs.feature_index(1.5, 3)


def test_feature_names_defaults_and_errors():
    assert _inputs.check_feature_names(None, 3) == ["x0", "x1", "x2"]
    assert _inputs.check_feature_names(("u", 7), 2) == ["u", "7"]
    with pytest.raises(ValueError, match="feature_names has 1 names but x has 2 features"):
        _inputs.check_feature_names(["u"], 2, rows="x")
    with pytest.raises(TypeError, match="feature_names must be a sequence"):
        _inputs.check_feature_names("ab", 2)


def test_same_feature_errors_across_readings():
    net = mr.MLP((3, 4, 1), "relu", "identity", random_state=0)
    X = np.random.default_rng(0).normal(size=(20, 3))
    from minirelu import interpret
    for call in (lambda: interpret.llm_profile(net, X, 5),
                 lambda: interpret.partial_dependence(net, X, 5),
                 lambda: interpret.average_marginal_effect(net, X, 5),
                 lambda: interpret.shapley_values(lambda Z: Z.sum(axis=1), X[0], X).contributions(5)):
        with pytest.raises(ValueError, match="feature must be below 3, the number of features; got 5"):
            call()


def test_evaluate_checks_the_function_output():
    assert _inputs.evaluate(lambda Z: Z[:, :1], 2, np.ones((2, 3))).shape == (2,)
    with pytest.raises(ValueError, match=r"one number per row, shape \(2,\)"):
        _inputs.evaluate(lambda Z: Z, 2, np.ones((2, 3)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        _inputs.evaluate(lambda Z: np.full(2, np.nan), 2, np.ones((2, 3)))
    with pytest.raises(TypeError, match="predict_fn must be a function"):
        _inputs.check_predict_fn(3)
