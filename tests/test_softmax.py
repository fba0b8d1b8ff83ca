"""Softmax and the cross-entropy from logits: stability, hand-worked values, gradients
against central differences."""
import numpy as np
import pytest

from minirelu.activations import OUTPUT_ACTIVATIONS, softmax, softmax_jacobian
from minirelu.gradcheck import numerical_gradient, relative_error
from minirelu.losses import LOSSES, cross_entropy, cross_entropy_gradient, log_loss, logsumexp


def test_softmax_hand_worked_and_rows_sum_to_one():
    p = softmax(np.array([[0.0, np.log(2.0), np.log(5.0)]]))     # e^z = 1, 2, 5 -> /8
    np.testing.assert_allclose(p, [[1 / 8, 2 / 8, 5 / 8]], rtol=1e-15)
    z = np.random.default_rng(0).normal(size=(50, 4)) * 30
    np.testing.assert_allclose(softmax(z).sum(axis=1), 1.0, rtol=0, atol=1e-15)
    # a shift of the whole row changes nothing
    np.testing.assert_allclose(softmax(z + 123.0), softmax(z), rtol=0, atol=1e-14)


def test_softmax_is_stable_for_huge_logits():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1001.0]]))
    np.testing.assert_allclose(p[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(p[1], [1 / (2 + np.exp(-1)), 1 / (2 + np.exp(-1)),
                                      np.exp(-1) / (2 + np.exp(-1))], rtol=1e-14)
    with np.errstate(over="ignore", invalid="ignore"):    # the textbook form overflows
        naive = np.exp([1000.0, 0.0]) / np.exp([1000.0, 0.0]).sum()
    assert np.isnan(naive[0])


def test_softmax_out_argument_and_integer_input():
    z = np.array([[1.0, 2.0, 3.0]])
    out = np.empty_like(z)
    assert softmax(z, out=out) is out
    np.testing.assert_array_equal(out, softmax(z))
    np.testing.assert_allclose(softmax(np.array([[1, 2, 3]])), softmax(z))
    assert OUTPUT_ACTIVATIONS["softmax"] is softmax


def test_softmax_jacobian_matches_central_differences():
    z = np.array([0.3, -1.2, 2.0, 0.5])
    numeric = np.array([numerical_gradient(lambda: softmax(z[None])[0, c], z) for c in range(4)])
    np.testing.assert_allclose(softmax_jacobian(softmax(z[None]))[0], numeric, atol=1e-9)


def test_cross_entropy_hand_worked():
    # logits (0, ln 2, ln 5): p = (1, 2, 5)/8; true class 2 -> -ln(5/8); class 0 -> -ln(1/8)
    z = np.array([[0.0, np.log(2.0), np.log(5.0)]] * 2)
    assert cross_entropy([2, 0], z) == pytest.approx((np.log(8 / 5) + np.log(8)) / 2, rel=1e-14)
    onehot = np.array([[0, 0, 1], [1, 0, 0]])
    assert cross_entropy(onehot, z) == cross_entropy([2, 0], z)
    assert LOSSES["cross_entropy"] == (cross_entropy, cross_entropy_gradient, "softmax")


def test_cross_entropy_is_stable_and_equals_log_loss_for_two_classes():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert cross_entropy([1], np.array([[0.0, 800.0]])) == 0.0
        assert cross_entropy([0], np.array([[0.0, 800.0]])) == pytest.approx(800.0, rel=1e-15)
        np.testing.assert_allclose(logsumexp(np.array([[1000.0, 1000.0]])), 1000 + np.log(2))
    z = np.random.default_rng(1).normal(size=(20, 2)) * 5
    y = (np.arange(20) % 2)
    assert cross_entropy(y, z) == pytest.approx(log_loss(y, z[:, 1] - z[:, 0]), rel=1e-13)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_cross_entropy_gradient_matches_central_differences(k):
    rng = np.random.default_rng(k)
    z = rng.normal(size=(7, k)) * 2
    y = rng.integers(0, k, 7)
    numeric = numerical_gradient(lambda: cross_entropy(y, z), z)
    assert relative_error(cross_entropy_gradient(y, z), numeric) < 1e-6
    # rows of the gradient sum to 0 (softmax rows and one-hot rows both sum to 1)
    np.testing.assert_allclose(cross_entropy_gradient(y, z).sum(axis=1), 0.0, atol=1e-15)


def test_cross_entropy_bad_labels():
    z = np.zeros((3, 3))
    with pytest.raises(ValueError, match="y_true must hold class indices 0..2"):
        cross_entropy([0, 1, 3], z)
    with pytest.raises(ValueError, match="y_true has 2 labels but z has 3 rows"):
        cross_entropy([0, 1], z)
