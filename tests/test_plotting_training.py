"""The first lessons' figures plot the data they claim to (checked on the Axes, not pixels)."""
import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest

from minirelu import plotting
from minirelu.activations import sigmoid


def test_activation_functions_plot_g_and_its_derivative():
    axes = plotting.plot_activation_functions(("sigmoid", "relu"))
    z, a = axes[0].lines[0].get_data()
    assert np.allclose(a, sigmoid(z))
    z, d = axes[1].lines[1].get_data()
    assert np.array_equal(d, (z > 0).astype(float))
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["sigmoid", "relu"]
    with pytest.raises(ValueError, match="names must be one of"):
        plotting.plot_activation_functions(("swish",))


def test_decision_boundary_draws_the_data_and_the_zero_level():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [-2.0, 1.0], [2.0, -1.0]])
    y = np.array([0, 1, 0, 1])
    ax = plotting.plot_decision_boundary(lambda P: P[:, 0], X, y, resolution=51)
    points = np.vstack([c.get_offsets() for c in ax.collections if c.get_offsets().size and
                        len(c.get_offsets()) == 2])
    assert sorted(map(tuple, points.tolist())) == sorted(map(tuple, X.tolist()))
    assert ax.get_title() == "Decision boundary" and ax.get_xlabel() == "$x_1$"
    with pytest.raises(ValueError, match="X must have 2 features"):
        plotting.plot_decision_boundary(lambda P: P[:, 0], np.ones((3, 3)), [0, 1, 0])


def test_loss_curve_plots_one_point_per_iteration():
    ax = plotting.plot_loss_curve([3.0, 2.0, 1.5])
    x, y = ax.lines[0].get_data()
    assert list(x) == [1, 2, 3] and list(y) == [3.0, 2.0, 1.5]
