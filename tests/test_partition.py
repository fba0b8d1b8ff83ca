"""Exact 2-D partitions: hand-worked cells, exactness properties, a grid oracle, the
line-arrangement count, bad input, and the figures' data."""
import matplotlib
matplotlib.use("Agg")

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import minirelu as mr
from minirelu import interpret, plotting
from minirelu.datasets import make_moons


def hidden_patterns(net, X):
    """1{z > 0} of every hidden unit, written out again here as the test's own oracle."""
    columns, a = [], X
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        z = a @ W.T + b
        columns.append(z > 0)
        a = np.maximum(z, 0.0)
    return np.hstack(columns)


def distinct(patterns):
    """The set of distinct rows, each read as a binary number (at most 62 units here)."""
    assert patterns.shape[1] <= 62
    return set(np.unique(patterns.astype(np.int64) @ (1 << np.arange(patterns.shape[1]))).tolist())


def inside_points(polygon, rng, n=4):
    """Random convex combinations of the vertices, pulled 5 % towards the vertex mean."""
    weights = rng.dirichlet(np.ones(len(polygon)), n)
    centre = polygon.mean(axis=0)
    return centre + 0.95 * (weights @ polygon - centre)


NETS = [((2, 7, 1), 1), ((2, 6, 6, 1), 2), ((2, 5, 4, 5, 1), 3), ((2, 16, 16, 1), 4),
        ((2, 4, 4, 4, 4, 1), 5)]
BOUNDS = (-3.0, 3.0, -2.0, 2.5)


@pytest.fixture(scope="module", params=NETS, ids=[str(s) for s, _ in NETS])
def net_and_cells(request):
    sizes, seed = request.param
    net = mr.MLP(sizes, random_state=seed)
    return net, interpret.partition_2d(net, bounds=BOUNDS)


# ----------------------------------------------------------------------------- hand-worked
def axes_net():
    """x1 and x2 as two ReLU units; a layer-2 unit relu(x1) + relu(x2) - 1; output 2 a + 1."""
    return mr.MLP.from_weights([np.eye(2), np.array([[1.0, 1.0]]), np.array([[2.0]])],
                               [np.zeros(2), np.array([-1.0]), np.array([1.0])])


def test_one_layer_quadrants_by_hand():
    net = mr.MLP.from_weights([np.eye(2), np.array([[2.0, 3.0]])], [np.zeros(2), np.array([1.0])])
    cells = interpret.partition_2d(net, bounds=(-1, 1, -1, 1))
    # Ordered by pattern as a binary number, largest first: 11, 10, 01, 00.
    assert cells.patterns.tolist() == [[True, True], [True, False], [False, True], [False, False]]
    assert np.allclose(cells.areas, 1.0, atol=1e-12)
    assert np.allclose(cells.coef, [[2, 3], [2, 0], [0, 3], [0, 0]], atol=1e-12)
    assert np.allclose(cells.intercept, 1.0, atol=1e-12)
    square = {(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)}
    assert {tuple(v) for v in cells.polygons[0].round(12) + 0.0} == square
    assert repr(cells) == ("Partition2D(4 cells of [-1, 1] x [-1, 1] after 1 of 1 hidden layers, "
                           "network (2, 2, 1))")


def test_two_layers_bend_the_second_line_by_hand():
    # Quadrant x1, x2 > 0: z2 = x1 + x2 - 1 cuts off a triangle of area 1/2.
    # Quadrant x1 > 0 > x2: z2 = x1 - 1, a vertical cut; x2 > 0 > x1: z2 = x2 - 1.
    # Quadrant x1, x2 < 0: z2 = -1, no cut. So 7 cells on [-2, 2]^2.
    cells = interpret.partition_2d(axes_net(), bounds=(-2, 2, -2, 2))
    assert cells.layer_cells[0].n_cells == 4 and cells.n_cells == 7
    by_pattern = {"".join("1" if p else "0" for p in row): (area, coef, b)
                  for row, area, coef, b in zip(cells.patterns, cells.areas, cells.coef,
                                                cells.intercept)}
    expected = {"111": (0.5 + 1.5 + 1.5, (2, 2), -1), "110": (0.5, (0, 0), 1),
                "101": (2, (2, 0), -1), "100": (2, (0, 0), 1),
                "011": (2, (0, 2), -1), "010": (2, (0, 0), 1), "000": (4, (0, 0), 1)}
    assert sorted(by_pattern) == sorted(expected)
    for key, (area, coef, b) in expected.items():
        assert by_pattern[key][0] == pytest.approx(area, abs=1e-12), key
        assert np.allclose(by_pattern[key][1], coef, atol=1e-12) and \
            by_pattern[key][2] == pytest.approx(b, abs=1e-12), key
    # The layer-2 unit's zero set: x1 + x2 = 1 in the first quadrant, x1 = 1 below it,
    # x2 = 1 left of it: three segments meeting at (1, 0) and (0, 1).
    segments, where = cells.after_layer(1).zero_segments(0)
    ends = sorted(tuple(sorted(map(tuple, s.round(12) + 0.0))) for s in segments)
    assert ends == [((-2.0, 1.0), (0.0, 1.0)), ((0.0, 1.0), (1.0, 0.0)),
                    ((1.0, -2.0), (1.0, 0.0))]
    # The logit 2 relu(z2) + 1 never reaches 0: no decision boundary.
    assert len(cells.zero_segments()[0]) == 0


def test_locate_and_predict_by_hand():
    cells = interpret.partition_2d(axes_net(), bounds=(-2, 2, -2, 2))
    points = np.array([[0.25, 0.25], [1.5, 1.5], [-1.0, -1.0], [1.5, -1.0], [3.0, 0.0]])
    index = cells.locate(points)
    assert index[-1] == -1
    patterns = ["".join("1" if p else "0" for p in cells.patterns[i]) for i in index[:-1]]
    assert patterns == ["110", "111", "000", "101"]
    logit = cells.predict(points)
    assert np.allclose(logit[:-1], [1.0, 5.0, 1.0, 2.0], atol=1e-12) and np.isnan(logit[-1])


# ----------------------------------------------------------------------------- properties
def test_areas_sum_to_the_rectangle_and_cells_are_convex(net_and_cells):
    _, cells = net_and_cells
    xmin, xmax, ymin, ymax = BOUNDS
    assert abs(cells.areas.sum() - (xmax - xmin) * (ymax - ymin)) < 1e-9
    assert (cells.areas > 0).all()
    for poly in cells.polygons:
        edges = np.roll(poly, -1, axis=0) - poly
        turn = edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1] - edges[:, 1] * np.roll(edges, -1, axis=0)[:, 0]
        assert (turn > -1e-9).all()            # counter-clockwise and convex
        assert (poly[:, 0] >= xmin - 1e-12).all() and (poly[:, 0] <= xmax + 1e-12).all()
        assert (poly[:, 1] >= ymin - 1e-12).all() and (poly[:, 1] <= ymax + 1e-12).all()


def test_every_point_inside_a_cell_has_the_cells_pattern(net_and_cells):
    net, cells = net_and_cells
    rng = np.random.default_rng(0)
    points = np.vstack([inside_points(poly, rng) for poly in cells.polygons])
    owner = np.repeat(np.arange(cells.n_cells), 4)
    assert np.array_equal(hidden_patterns(net, points), cells.patterns[owner])
    assert len(distinct(cells.patterns)) == cells.n_cells   # one cell per pattern


def test_cell_models_reproduce_the_raw_output(net_and_cells):
    net, cells = net_and_cells
    rng = np.random.default_rng(1)
    points = np.vstack([inside_points(poly, rng) for poly in cells.polygons])
    owner = np.repeat(np.arange(cells.n_cells), 4)
    logit = np.einsum("nd,nd->n", points, cells.coef[owner]) + cells.intercept[owner]
    assert np.abs(logit - net.raw_output(points)[:, 0]).max() < 1e-9
    assert np.abs(cells.coef[owner] - net.input_gradient(points)).max() < 1e-9
    X = rng.uniform([BOUNDS[0], BOUNDS[2]], [BOUNDS[1], BOUNDS[3]], (5000, 2))
    assert np.abs(cells.predict(X) - net.raw_output(X)[:, 0]).max() < 1e-9


def test_layer_by_layer_cells_refine_each_other(net_and_cells):
    net, cells = net_and_cells
    widths = np.cumsum(net.layer_sizes[1:-1])
    assert len(cells.layer_cells) == len(widths) and cells.layer_cells[-1] is cells
    for coarse, fine, units in zip(cells.layer_cells[:-1], cells.layer_cells[1:], widths):
        assert coarse.patterns.shape[1] == units and coarse.coef is None
        # every fine cell lies in one coarse cell, and the coarse areas are the sums
        parent = coarse.locate(fine.centroids)
        assert np.array_equal(coarse.patterns[parent], fine.patterns[:, :units])
        assert np.allclose(np.bincount(parent, fine.areas, coarse.n_cells), coarse.areas,
                           rtol=0, atol=1e-9)
    assert cells.after_layer(0).n_cells == 1


def test_grid_patterns_are_all_cells():
    net = mr.MLP((2, 8, 8, 1), random_state=7)
    cells = interpret.partition_2d(net, bounds=BOUNDS)
    g1, g2 = np.meshgrid(np.linspace(BOUNDS[0], BOUNDS[1], 1000), np.linspace(BOUNDS[2], BOUNDS[3], 1000))
    with threadpool_limits(1):        # a (10^6, 2) x (2, 8) product is slower on more threads
        grid = distinct(hidden_patterns(net, np.column_stack([g1.ravel(), g2.ravel()])))
    exact = distinct(cells.patterns)
    assert cells.n_cells >= len(grid) and grid <= exact


def crossings(W, b):
    """Every pairwise intersection point of the lines W x + b = 0, shape (n(n-1)/2, 2)."""
    i, j = np.triu_indices(len(W), 1)
    M = np.stack([W[i], W[j]], axis=1)
    return np.linalg.solve(M, -np.stack([b[i], b[j]], axis=1)[..., None])[..., 0]


@pytest.mark.parametrize("n", [1, 2, 3, 6, 12, 25])
def test_lines_in_general_position_make_1_plus_n_plus_n_choose_2_regions(n):
    net = mr.MLP((2, n, 1), random_state=n)
    W, b = net.weights[0], net.biases[0]
    if n > 1:
        points = crossings(W, b)
        lo, hi = points.min(axis=0) - 1.0, points.max(axis=0) + 1.0
    else:
        lo, hi = -np.abs(b[0]) - 1.0 * np.ones(2), np.abs(b[0]) + 1.0 * np.ones(2)
    cells = interpret.partition_2d(net, bounds=(lo[0], hi[0], lo[1], hi[1]))
    assert cells.n_cells == 1 + n + n * (n - 1) // 2


def test_lines_in_a_smaller_box_count_only_what_crosses_it():
    # x1 = 0, x2 = 0, x1 + x2 = 1/4 in [-1, 1]^2: 3 lines, 3 crossings inside: 7 regions;
    # x1 = 5 misses the box; x1 = -1/2 is parallel to x1 = 0 and crosses the other two
    # inside, at (-1/2, 0) and (-1/2, 3/4): 1 + 4 lines + 5 crossings.
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [1.0, 0.0]])
    b = np.array([0.0, 0.0, -0.25, -5.0, 0.5])
    net = mr.MLP.from_weights([W, np.ones((1, 5))], [b, np.zeros(1)])
    assert interpret.partition_2d(net, bounds=(-1, 1, -1, 1)).n_cells == 1 + 4 + 5


def test_degenerate_units_make_no_slivers():
    # a dead unit, an always-on unit, a line along the left edge, one through a corner,
    # and the same line twice
    W = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [1.0, -1.0], [0.0, 1.0], [0.0, 2.0]])
    b = np.array([-1.0, 1.0, 1.0, 0.0, 0.0, 0.0])
    net = mr.MLP.from_weights([W, np.ones((1, 6))], [b, np.zeros(1)])
    cells = interpret.partition_2d(net, bounds=(-1, 1, -1, 1))
    assert cells.n_cells == 4 and np.allclose(np.sort(cells.areas), [0.5, 0.5, 1.5, 1.5])
    assert not cells.patterns[:, 0].any() and cells.patterns[:, 1].all() and cells.patterns[:, 2].all()
    assert np.array_equal(cells.patterns[:, 4], cells.patterns[:, 5])


def test_fitted_classifier_float32_and_no_hidden_layer():
    X, y = make_moons(80, noise=0.2, random_state=0)
    clf = mr.MLPClassifier((5, 5), epochs=5, random_state=0, dtype="float32").fit(X, y)
    cells = interpret.partition_2d(clf, bounds=(-2, 3, -1.5, 2))
    pts = np.random.default_rng(2).uniform([-2, -1.5], [3, 2], (500, 2))
    assert np.abs(cells.predict(pts) - clf.decision_function(pts)).max() < 1e-4  # float32 net
    linear = mr.MLP.from_weights([np.array([[1.0, -2.0]])], [np.array([0.5])])
    one = interpret.partition_2d(linear, bounds=(0, 2, 0, 1))
    assert one.n_cells == 1 and one.patterns.shape == (1, 0) and one.areas[0] == pytest.approx(2.0)
    assert np.allclose(one.coef, [[1.0, -2.0]]) and one.intercept[0] == 0.5


def test_table_columns():
    net = mr.MLP.from_weights([np.eye(2), np.array([[2.0, 3.0]])], [np.zeros(2), np.array([1.0])])
    table = interpret.partition_2d(net, bounds=(-1, 1, -1, 1)).table
    assert list(table.columns) == ["cell", "pattern", "area", "vertices", "coef_x1", "coef_x2",
                                   "intercept"]
    assert list(table["pattern"]) == ["11", "10", "01", "00"] and list(table["vertices"]) == [4] * 4
    assert repr(table).splitlines()[1].split() == ["0", "11", "1.0000", "4", "2.0000", "3.0000",
                                                   "1.0000"]
    layered = interpret.partition_2d(axes_net(), bounds=(-2, 2, -2, 2)).table
    assert list(layered["pattern"]) == ["11 1", "11 0", "10 1", "10 0", "01 1", "01 0", "00 0"]


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("bounds, words", [
    ((1, 0, 0, 1), "bounds must have xmin < xmax"),
    ((0, 1, 2, 2), "bounds must have ymin < ymax"),
    ((0, 1, 0), "bounds must be 4 numbers"),
    ("abcd", "bounds must be 4 numbers"),
    (None, "bounds must be 4 numbers"),
    ((0, np.inf, 0, 1), "bounds must be finite"),
    ((0, np.nan, 0, 1), "bounds must be finite"),
])
def test_bad_bounds(bounds, words):
    with pytest.raises(ValueError, match=words):
        interpret.partition_2d(mr.MLP((2, 3, 1), random_state=0), bounds=bounds)


def test_bad_models():
    with pytest.raises(ValueError, match="model must have ReLU hidden units.*'tanh'"):
        interpret.partition_2d(mr.MLP((2, 3, 1), hidden_activation="tanh"), bounds=(0, 1, 0, 1))
    with pytest.raises(ValueError, match="model must take 2 inputs.*got 3"):
        interpret.partition_2d(mr.MLP((3, 3, 1)), bounds=(0, 1, 0, 1))
    with pytest.raises(ValueError, match="not fitted"):
        interpret.partition_2d(mr.MLPClassifier(), bounds=(0, 1, 0, 1))
    with pytest.raises(TypeError, match="model must be an MLP"):
        interpret.partition_2d("net", bounds=(0, 1, 0, 1))
    with pytest.raises(ValueError, match="output must be < 1"):
        interpret.partition_2d(mr.MLP((2, 3, 1)), bounds=(0, 1, 0, 1), output=1)
    cells = interpret.partition_2d(mr.MLP((2, 3, 3, 1), random_state=0), bounds=(0, 1, 0, 1))
    with pytest.raises(ValueError, match="layer must be <= 2"):
        cells.after_layer(3)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        cells.locate(np.ones((2, 3)))
    with pytest.raises(ValueError, match="predict needs the partition after every hidden layer"):
        cells.after_layer(1).predict(np.ones((2, 2)))
    with pytest.raises(ValueError, match="unit is needed: this partition stops after layer 1"):
        cells.after_layer(1).zero_segments()
    with pytest.raises(ValueError, match="unit must be < 3"):
        cells.after_layer(1).zero_segments(3)
    broken = mr.MLP((2, 3, 1), random_state=0)
    broken.weights[0][0, 0] = np.nan
    with pytest.raises(ValueError, match="model has NaN or infinite weights"):
        interpret.partition_2d(broken, bounds=(0, 1, 0, 1))


# ----------------------------------------------------------------------------- figures
def test_partition_figure_draws_every_cell_and_the_boundary():
    X, y = make_moons(60, noise=0.2, random_state=1)
    clf = mr.MLPClassifier((6, 6), epochs=10, learning_rate=0.01, random_state=0).fit(X, y)
    cells = interpret.partition_2d(clf, bounds=(-2, 3, -1.5, 2))
    ax = cells.plot(X=X, y=y)
    polys = ax.collections[0].get_paths()
    assert len(polys) == cells.n_cells
    boundary = [c for c in ax.collections if c.get_label() == "decision boundary (logit = 0)"][0]
    ends = np.vstack([seg for seg in boundary.get_segments()])
    assert len(boundary.get_segments()) > 0
    assert np.abs(clf.decision_function(ends)).max() < 1e-9   # the boundary is exactly logit = 0
    assert ax.get_xlim() == (-2, 3) and ax.get_title().startswith(f"{cells.n_cells} linear regions")
    ax = plotting.plot_partition(cells.after_layer(1), color="random")
    assert len(ax.collections[0].get_paths()) == cells.after_layer(1).n_cells
    with pytest.raises(ValueError, match="color='logit' needs the partition after every"):
        plotting.plot_partition(cells.after_layer(1))
    with pytest.raises(ValueError, match="color must be one of"):
        cells.plot(color="rainbow")


def test_unit_lines_figure():
    net = mr.MLP.from_weights([np.eye(2), np.array([[1.0, 1.0], [1.0, -1.0]]), np.ones((1, 2))],
                              [np.zeros(2), np.array([-1.0, 0.0]), np.zeros(1)])
    cells = interpret.partition_2d(net, bounds=(-2, 2, -2, 2))
    ax = cells.plot_lines(1)
    lines = {c.get_label(): c.get_segments() for c in ax.collections if hasattr(c, "get_segments")}
    assert sorted(lines) == ["layer 1, unit 1", "layer 1, unit 2"]
    assert np.allclose(sorted(map(tuple, lines["layer 1, unit 1"][0])), [(0, -2), (0, 2)])
    ax = cells.plot_lines(2)
    assert ax.collections[0].get_label() == "layer 1: 4 cells"
    assert len(ax.collections[0].get_paths()) == 4
    lines = {c.get_label(): c.get_segments() for c in ax.collections if hasattr(c, "get_segments")}
    assert sorted(lines) == ["layer 2, unit 1", "layer 2, unit 2"]
    assert len(lines["layer 2, unit 1"]) == 3          # bent twice, as in the hand-worked case
    with pytest.raises(ValueError, match="layer must be between 1 and 2"):
        cells.plot_lines(3)


def test_a_unit_whose_paths_cancel_exactly_is_off():
    # Layer 1 has the same line twice (a2 = 3 a1 where a1 > 0), and the layer-2 unit
    # z = 3 a1 - a2 is 0 everywhere: off (1{z > 0}), not active by rounding noise.
    w, b0 = np.array([0.1, 0.3]) * 5 / 7, 0.7 * 5 / 3
    net = mr.MLP.from_weights([np.array([w, 3 * w]), np.array([[3.0, -1.0]]), np.ones((1, 1))],
                              [np.array([b0, 3 * b0]), np.zeros(1), np.zeros(1)])
    cells = interpret.partition_2d(net, bounds=(-10, 10, -10, 10))
    assert cells.patterns.tolist() == [[True, True, False], [False, False, False]]
    assert np.array_equal(cells.coef, np.zeros((2, 2))) and np.array_equal(cells.intercept, [0, 0])


def test_flat_polygon_cut_by_hand():
    from minirelu.interpret._polygons import cut_by_lines, polygon_areas, signed_distance
    # two unit squares side by side; the first cut by its diagonal x2 = x1 (through two
    # vertices), the second touched at one corner by x1 + x2 = 1 only: not cut.
    vertices = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [1, 0], [2, 0], [2, 1], [1, 1]], float)
    starts = np.array([0, 4, 8])
    coef = np.array([[1.0, -1.0], [1.0, 1.0]])
    intercept = np.array([0.0, -1.0])
    dist = signed_distance(vertices, starts, coef, intercept)
    assert np.allclose(dist[:4], np.array([0, 1, 0, -1]) / np.sqrt(2))
    new_vertices, new_starts, parent, side = cut_by_lines(vertices, starts, dist, 1e-12, 1e-15)
    assert parent.tolist() == [1, 0, 0] and side.tolist() == [True, True, False]
    assert np.allclose(polygon_areas(new_vertices, new_starts), [1.0, 0.5, 0.5])
    assert new_vertices[new_starts[1]:new_starts[2]].tolist() == [[0, 0], [1, 0], [1, 1]]
    assert new_vertices[new_starts[2]:].tolist() == [[0, 0], [1, 1], [0, 1]]
