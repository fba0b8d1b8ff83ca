"""No signed zero in printed results: format_float, and every result's repr and table.

The sign of a value at rounding level (a dummy feature's -4e-17, an intercept that is zero up
to the summation order) depends on the CPU's arithmetic, so a stored notebook output that
printed ``-0.0000`` on one machine prints ``0.0000`` on another.
"""
import re

import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret
from minirelu.table import Table, format_float, format_floats

# "-0", "-0.0000", "-0.00e+00" (a zero printed with a minus sign); not "-0.0123" or "-4e-17"
SIGNED_ZERO = re.compile(r"-0(\.0*)?(?![0-9.])")
TINY = -4e-17


def assert_no_signed_zero(text):
    match = SIGNED_ZERO.search(text)
    assert match is None, f"signed zero {match.group()!r} in:\n{text}"


def test_the_pattern_finds_signed_zeros_and_nothing_else():
    for text in ["-0.0000", "x=-0.0000, y", "[-0.0, 1]", "-0", "-0.00e+00", f"{TINY:.4f}"]:
        assert SIGNED_ZERO.search(text), text
    for text in ["0.0000", "-0.0123", "-4e-17", "-10.5", "x0-x1", "-1.0000", "a -0 b"[:2]]:
        assert not SIGNED_ZERO.search(text), text


@pytest.mark.parametrize("value", [-0.0, TINY, np.float64(-0.0), np.float32(TINY), -4e-5])
def test_format_float_prints_a_value_that_rounds_to_zero_without_sign(value):
    assert format_float(value) == "0.0000"
    assert format_float(value, ".2f") == "0.00"
    assert format_float(value, ">9.3f") == "    0.000"


def test_format_float_keeps_every_other_value_as_format_prints_it():
    assert format_float(-0.0, ".1e") == "0.0e+00"
    assert format_float(-0.0, "g") == "0"
    assert format_float(TINY, ".2e") == "-4.00e-17"       # not zero at this precision
    assert format_float(TINY, ".4g") == "-4e-17"
    assert format_float(-6e-5) == "-0.0001"
    assert format_float(-1.5, ".1f") == "-1.5"
    assert format_float(0.25) == "0.2500"
    assert format_float(3) == "3.0000"
    assert format_float(float("-inf")) == "-inf"
    assert format_float(float("nan")) == "nan"
    assert format_floats([TINY, -0.0, -6e-5, 0.25]) == "[0.0000, 0.0000, -0.0001, 0.2500]"
    assert format_floats(np.array([[-0.0], [1.0]]), ".1f") == "[0.0, 1.0]"


def test_table_prints_no_signed_zero():
    table = Table({"name": ["a", "b", "c"], "value": [-0.0, TINY, -6e-5],
                   "sci": np.array([-0.0, 1e-3, -2e-3])}, formats={"sci": ".1e"})
    text = repr(table)
    assert_no_signed_zero(text)
    assert text.splitlines()[1].split() == ["a", "0.0000", "0.0e+00"]
    assert text.splitlines()[3].split() == ["c", "-0.0001", "-2.0e-03"]


# A network whose second feature has a rounding-level negative weight and whose output bias
# is -4e-17: every LLM's intercept and second coefficient are tiny negative numbers.
W1, B1 = np.array([[1.0, TINY], [-1.0, TINY], [0.5, TINY]]), np.array([0.0, 0.0, -0.0])
W2, B2 = np.array([[1.0, 1.0, -1.0]]), np.array([TINY])
X = np.random.default_rng(0).normal(size=(40, 2))


def tiny_net(output="identity"):
    return mr.MLP.from_weights([W1, W2], [B1, B2], output_activation=output)


def test_the_fixture_really_has_negative_rounding_level_values():
    llms = interpret.local_linear_models(tiny_net(), X)
    assert (llms.intercept < 0).all() and (np.abs(llms.intercept) < 1e-15).all()
    assert (llms.coef[:, 1] < 0).any() and (np.abs(llms.coef[:, 1]) < 1e-15).all()
    assert "-0.0000" in f"{llms.intercept[0]:.4f}"       # what a plain f-string would print


def test_llm_reprs_and_tables_print_no_signed_zero():
    net = tiny_net()
    y = (X[:, 0] > 0).astype(int)
    llms = interpret.local_linear_models(net, X, y=net.forward(X).ravel())
    texts = [repr(llms), repr(llms.table)]
    summary = interpret.llm_summary(tiny_net("sigmoid"), X, y, X_new=X[:5])
    texts += [repr(summary), repr(summary.table)]
    importance = interpret.feature_importance(net, X)
    texts += [repr(importance), repr(importance.table)]
    profile = interpret.llm_profile(net, X, 1)
    texts += [repr(profile), repr(profile.table)]
    for centered in (True, False):
        fi = interpret.local_linear_fi(net, X, 0, centered=centered, y=np.full(len(X), -0.0))
        texts += [repr(fi), repr(fi.table)]
    for text in texts:
        assert_no_signed_zero(text)
    assert "0.0000" in repr(llms.table)


def f_tiny(Z):
    return Z @ np.array([1.0, TINY]) + TINY


def test_shapley_repr_and_tables_print_no_signed_zero():
    sv = interpret.shapley_values(f_tiny, np.array([1.0, 1.0]), np.zeros((1, 2)))
    # whatever sign (or zero) the machine's arithmetic gave them, make them rounding-level negatives
    sv.values[1], sv.base_value = TINY, TINY
    sv.coalition_values[...] = np.where(np.abs(sv.coalition_values) < 1e-12, TINY, sv.coalition_values)
    texts = [repr(sv), repr(sv.table), repr(sv.coalition_table()), repr(sv.contributions(1))]
    many = interpret.shapley_values(f_tiny, np.ones((2, 2)), np.zeros((1, 2)))
    many.base_value = TINY
    texts += [repr(many)]
    for text in texts:
        assert_no_signed_zero(text)
    assert repr(sv).startswith("ShapleyValues(values=[1.0000, 0.0000], base_value=0.0000, ")


def test_lime_repr_and_table_print_no_signed_zero():
    result = interpret.lime_explanation(f_tiny, X[0], X, n_samples=200, kernel_width=0.5,
                                        alpha=0.0, random_state=0)
    # whatever sign the least-squares fit gave them, make both rounding-level values negative
    result.intercept, result.coef[1] = TINY, TINY
    for text in (repr(result), repr(result.table)):
        assert_no_signed_zero(text)
    assert "intercept=0.0000" in repr(result)
    path = interpret.lime_path(f_tiny, X[0], X, [0.1, 1.0], n_samples=200, random_state=0)
    path.coef[:, 1] = TINY
    assert_no_signed_zero(repr(path.table))


def test_derivative_reprs_print_no_signed_zero():
    grads = interpret.input_gradient(tiny_net(), X)
    grads.mean[1] = TINY
    assert_no_signed_zero(repr(grads) + "\n" + repr(grads.table))
    assert repr(grads).endswith("mean=[" + f"{grads.mean[0]:.4f}" + ", 0.0000])")
