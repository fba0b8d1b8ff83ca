"""Evaluation metrics. (First version: the scores the estimators report.)"""
import numpy as np

from .validation import check_consistent_length, check_vector

__all__ = ["accuracy_score", "mean_squared_error", "r2_score"]


def accuracy_score(y_true, y_pred):
    """Fraction of rows where the predicted label equals the true label."""
    y_true, y_pred = check_vector(y_true, "y_true"), check_vector(y_pred, "y_pred")
    check_consistent_length(y_true=y_true, y_pred=y_pred)
    return float(np.mean(y_true == y_pred))


def mean_squared_error(y_true, y_pred):
    """(1/n) sum (y_pred - y_true)**2."""
    y_true, y_pred = check_vector(y_true, "y_true"), check_vector(y_pred, "y_pred")
    check_consistent_length(y_true=y_true, y_pred=y_pred)
    return float(np.mean((y_pred - y_true) ** 2))


def r2_score(y_true, y_pred):
    """Coefficient of determination 1 - SS_res / SS_tot."""
    y_true, y_pred = check_vector(y_true, "y_true"), check_vector(y_pred, "y_pred")
    check_consistent_length(y_true=y_true, y_pred=y_pred)
    ss_tot = float(np.sum((y_true - y_true.mean()) ** 2))
    if ss_tot == 0:
        raise ValueError("y_true is constant: R² is undefined")
    return 1.0 - float(np.sum((y_true - y_pred) ** 2)) / ss_tot
