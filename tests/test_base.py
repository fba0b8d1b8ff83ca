"""The base module: the estimators' shared classes and errors, importable without the MLP trainer."""
import ast
import pathlib

import numpy as np
import pytest

import minirelu as mr
from minirelu import base

PACKAGE = pathlib.Path(mr.__file__).resolve().parent


def _relative_imports(name):
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}


def test_linear_models_do_not_depend_on_the_mlp_trainer():
    assert "estimators" not in _relative_imports("linear")
    assert "base" in _relative_imports("linear") and "base" in _relative_imports("estimators")


def test_public_names_are_the_base_classes():
    assert mr.TrainingDivergedError is base.TrainingDivergedError
    assert mr.NotFittedError is base.NotFittedError
    assert isinstance(mr.MLPClassifier(), base.Estimator)
    assert isinstance(mr.LogisticRegression(), base.BinaryClassifierMixin)
    assert isinstance(mr.MLPClassifier(), base.BinaryClassifierMixin)
    assert not isinstance(mr.MLPRegressor(), base.BinaryClassifierMixin)


@pytest.mark.parametrize("model", [mr.MLPClassifier(), mr.MLPRegressor(), mr.LinearRegression(),
                                   mr.LogisticRegression(), mr.StandardScaler()])
def test_an_unfitted_model_raises_not_fitted_error_caught_as_value_or_attribute_error(model):
    X = np.zeros((2, 3))
    method = model.transform if hasattr(model, "transform") else model.predict
    for caught in (mr.NotFittedError, ValueError, AttributeError):
        with pytest.raises(caught, match="not fitted yet"):
            method(X)
