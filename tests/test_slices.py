"""Exact partitions of 2-D slices through many-input ReLU networks."""
import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest

import minirelu as mr
from minirelu import interpret


def net_d(d, hidden=(8, 8), seed=0, output="identity"):
    return mr.MLP((d,) + hidden + (1,), "relu", output, random_state=seed)


def plane(d, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=d), rng.normal(size=d), rng.normal(size=d)


def test_areas_sum_to_the_rectangle():
    net = net_d(6, (10, 10, 10))
    origin, u, v = plane(6)
    cells = interpret.partition_slice(net, origin, u, v, (-2.0, 3.0, -1.5, 2.5))
    assert cells.n_cells > 20
    assert abs(cells.areas.sum() - 5.0 * 4.0) <= 1e-9
    assert (cells.areas > 0).all()


def test_every_grid_point_lies_in_the_cell_of_its_forward_pattern():
    """1000 x 1000 points of the plane: the convex cell holding each point (found by its
    geometry, not by its pattern) has the point's forward-pass pattern in d dimensions."""
    d = 5
    net = net_d(d, (8, 8), seed=2)
    origin, u, v = plane(d, seed=3)
    bounds = (-2.0, 2.0, -2.0, 2.0)
    cells = interpret.partition_slice(net, origin, u, v, bounds)
    g = np.linspace(-2.0, 2.0, 1000)
    S, T = np.meshgrid(g, g)
    ST = np.column_stack([S.ravel(), T.ravel()])
    patterns = interpret.activation_patterns(net, cells.points(ST))
    found = np.full(len(ST), -1)
    margin = 1e-9
    for k, poly in enumerate(cells.polygons):
        lo, hi = poly.min(axis=0), poly.max(axis=0)
        idx = np.flatnonzero((ST[:, 0] >= lo[0] - margin) & (ST[:, 0] <= hi[0] + margin)
                             & (ST[:, 1] >= lo[1] - margin) & (ST[:, 1] <= hi[1] + margin))
        edges = np.roll(poly, -1, axis=0) - poly
        rel = ST[idx, None, :] - poly[None]                          # (m, vertices, 2)
        cross = edges[None, :, 0] * rel[:, :, 1] - edges[None, :, 1] * rel[:, :, 0]
        length = np.hypot(edges[:, 0], edges[:, 1])
        dist = cross / length                                        # > 0 inside (CCW)
        inside = (dist > margin).all(axis=1)
        assert (found[idx[inside]] == -1).all()                     # cells do not overlap
        found[idx[inside]] = k
        assert (patterns[idx[inside]] == cells.patterns[k]).all(), k
    assert np.mean(found >= 0) > 0.99                                # only boundary points left
    # the LLM in full reproduces the network at the points, restricted and in d dims
    hit = found >= 0
    X = cells.points(ST[hit])
    raw = net.raw_output(X)[:, 0]
    k = found[hit]
    np.testing.assert_allclose(np.einsum("nd,nd->n", X, cells.coef_full[k]) + cells.intercept_full[k],
                               raw, atol=1e-9)
    np.testing.assert_allclose(np.einsum("nd,nd->n", ST[hit], cells.coef[k]) + cells.intercept[k],
                               raw, atol=1e-9)


@pytest.mark.parametrize("hidden", [(6,), (7, 5), (6, 6, 6)])
def test_d2_e1_e2_equals_partition_2d_cell_for_cell(hidden):
    net = net_d(2, hidden, seed=4, output="sigmoid")
    bounds = (-3.0, 2.0, -1.0, 4.0)
    a = interpret.partition_2d(net, bounds)
    b = interpret.partition_slice(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], bounds)
    assert a.n_cells == b.n_cells
    np.testing.assert_array_equal(a.patterns, b.patterns)
    for p, q in zip(a.polygons, b.polygons):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(a.coef, b.coef)
    np.testing.assert_array_equal(a.intercept, b.intercept)
    np.testing.assert_allclose(b.coef_full, b.coef, atol=1e-12)
    for la, lb in zip(a.layer_cells, b.layer_cells):
        np.testing.assert_array_equal(la.patterns, lb.patterns)


def test_partition_features_holds_the_other_features_at_a_row():
    d = 4
    net = net_d(d, (9, 9), seed=5)
    row = np.array([0.3, -1.0, 0.5, 2.0])
    cells = interpret.partition_features(net, row, ("c", "a"), (-1.0, 1.0, 0.0, 2.0),
                                         feature_names=["a", "b", "c", "e"])
    assert cells.axis_labels == ("c", "a")
    ST = np.array([[0.5, 0.3], [-0.2, 1.7]])
    X = cells.points(ST)
    np.testing.assert_array_equal(X[:, [1, 3]], [[-1.0, 2.0], [-1.0, 2.0]])
    np.testing.assert_array_equal(X[:, [2, 0]], ST)
    np.testing.assert_allclose(cells.predict(ST), net.raw_output(X)[:, 0], atol=1e-12)
    assert repr(cells).startswith("PartitionSlice(") and "network (4, 9, 9, 1)" in repr(cells)
    ax = cells.plot()
    assert ax.get_xlabel() == "c" and ax.get_ylabel() == "a"
    assert ax.figure.axes[-1].get_ylabel() == "prediction at the cell's centroid"
    cells.plot_lines(2)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"u": [1.0, 0.0, 0.0]}, ValueError, "u must have 2 entries"),
    ({"v": [2.0, 0.0]}, ValueError, "linearly independent"),
    ({"v": [0.0, 0.0]}, ValueError, "linearly independent"),
    ({"origin": [np.nan, 0.0]}, ValueError, "origin"),
    ({"bounds": (1.0, 0.0, 0.0, 1.0)}, ValueError, "bounds"),
])
def test_bad_planes(kwargs, error, match):
    args = {"origin": [0.0, 0.0], "u": [1.0, 0.0], "v": [0.0, 1.0], "bounds": (0.0, 1.0, 0.0, 1.0)}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        interpret.partition_slice(net_d(2), **args)


def test_bad_feature_pairs():
    net = net_d(3)
    with pytest.raises(ValueError, match="two different features"):
        interpret.partition_features(net, [0, 0, 0], (1, 1), (0, 1, 0, 1))
    with pytest.raises(ValueError, match="features entries must be below 3"):
        interpret.partition_features(net, [0, 0, 0], (0, 3), (0, 1, 0, 1))
    with pytest.raises(TypeError, match="pair"):
        interpret.partition_features(net, [0, 0, 0], 0, (0, 1, 0, 1))
