"""Exact decision regions of a 3-spiral network: the K logit LLMs reproduce the network, the
polygons agree with its argmax on a 1000×1000 grid, and their areas tile the box."""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.path import Path  # noqa: E402

import minirelu as mr  # noqa: E402
from minirelu import interpret  # noqa: E402

BOX = (-1.1, 1.1, -1.1, 1.1)


@pytest.fixture(scope="module")
def spiral():
    X, y = mr.datasets.make_spirals(600, random_state=0)
    clf = mr.MLPClassifier((32, 32), epochs=150, learning_rate=3e-3, random_state=0)
    clf.fit(X[:420], y[:420])
    return clf, X, y, interpret.decision_regions_2d(clf, BOX, class_names=["a", "b", "c"])


def test_three_spiral_network_is_accurate(spiral):
    clf, X, y, _ = spiral
    assert clf.score(X[420:], y[420:]) >= 0.95


def test_logit_llms_reproduce_the_network(spiral):
    clf, _, _, regions = spiral
    grid = np.random.default_rng(0).uniform(-1.1, 1.1, size=(20000, 2))
    cell = regions.partition.locate(grid)
    assert (cell >= 0).all()
    logits = np.einsum("nkd,nd->nk", regions.coef[cell], grid) + regions.intercept[cell]
    assert regions.coef.shape[1:] == (3, 2)
    assert np.max(np.abs(logits - clf.decision_function(grid))) < 1e-9


def test_regions_agree_with_the_argmax_on_a_1000_by_1000_grid(spiral):
    clf, _, _, regions = spiral
    n = 1000
    g = np.linspace(-1.1, 1.1, n)
    Z = clf.decision_function(np.array(np.meshgrid(g, g)).reshape(2, -1).T).reshape(n, n, 3)
    top = np.sort(Z, axis=-1)
    margin = top[..., -1] - top[..., -2]            # how far a point is from a class boundary
    winner = Z.argmax(axis=-1)
    covered = np.zeros((n, n), dtype=np.int64)
    wrong = 0
    for polygon, c in zip(regions.polygons, regions.classes):
        (x0, y0), (x1, y1) = polygon.min(axis=0), polygon.max(axis=0)
        ix = np.flatnonzero((g >= x0 - 1e-12) & (g <= x1 + 1e-12))
        iy = np.flatnonzero((g >= y0 - 1e-12) & (g <= y1 + 1e-12))
        if ix.size == 0 or iy.size == 0:
            continue
        points = np.array(np.meshgrid(g[ix], g[iy])).reshape(2, -1).T
        inside = Path(polygon).contains_points(points, radius=1e-9).reshape(iy.size, ix.size)
        block = (slice(iy[0], iy[-1] + 1), slice(ix[0], ix[-1] + 1))
        covered[block] += inside
        wrong += int(np.count_nonzero(inside & (winner[block] != c) & (margin[block] > 1e-9)))
    assert wrong == 0
    assert np.count_nonzero(covered == 0) == 0          # every grid point lies in a region
    np.testing.assert_array_equal(regions.predict(np.array([[0.9, 0.0], [-0.3, 0.5]])),
                                  clf.predict(np.array([[0.9, 0.0], [-0.3, 0.5]])))


def test_areas_sum_to_the_box_and_table(spiral):
    _, _, _, regions = spiral
    assert abs(regions.areas.sum() - 2.2 * 2.2) < 1e-9
    assert (regions.areas > 0).all()
    assert regions.table["class"] == ["a", "b", "c"]
    assert abs(regions.table["area"].sum() - 4.84) < 1e-9
    assert repr(regions).startswith(f"DecisionRegions({len(regions.polygons)} polygons of 3")


def test_two_class_network_regions_are_the_sides_of_its_boundary():
    X, y = mr.datasets.make_moons(100, noise=0.1, random_state=0)
    clf = mr.MLPClassifier((8,), epochs=30, learning_rate=1e-2, random_state=0).fit(X, y)
    regions = interpret.decision_regions_2d(clf, (-1.5, 2.5, -1, 1.5))
    assert regions.class_names == ["0", "1"]
    points = np.random.default_rng(1).uniform((-1.5, -1), (2.5, 1.5), size=(2000, 2))
    np.testing.assert_array_equal(regions.predict(points), clf.predict(points))
    assert abs(regions.areas.sum() - 4.0 * 2.5) < 1e-9


def test_plot_fills_each_polygon_with_its_class(spiral):
    _, X, y, regions = spiral
    ax = regions.plot(X=X, y=y)
    assert len(ax.collections[0].get_paths()) == len(regions.polygons)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [label.split(" (")[0] for label in labels] == ["a", "b", "c"]
    assert ax.get_xlabel() == "$x_1$"
    plt.close("all")


def test_bad_input():
    with pytest.raises(ValueError, match="class_names must name each of the 3 classes"):
        interpret.decision_regions_2d(mr.MLP((2, 4, 3), "relu", "softmax", random_state=0),
                                      BOX, class_names=["a", "b"])
    with pytest.raises(ValueError, match="ReLU hidden units"):
        interpret.decision_regions_2d(mr.MLP((2, 4, 3), "tanh", "softmax", random_state=0), BOX)
    with pytest.raises(TypeError, match="regions must be a DecisionRegions"):
        mr.plotting.plot_decision_regions("regions")


def test_class_llms_reproduce_every_logit_and_each_class_reads_alone(spiral):
    clf, X, _, regions = spiral
    llms = interpret.local_linear_models_by_class(clf, X)
    assert llms.coef.shape == (llms.n_llms, 3, 2) and llms.intercept.shape == (llms.n_llms, 3)
    assert np.max(np.abs(llms.predict(X) - clf.decision_function(X))) < 1e-9
    # the row's LLM coefficients are the input gradients of the K logits
    for c in range(3):
        gradient = clf.network_.input_gradient(X, output=c)
        np.testing.assert_allclose(llms.coef[llms.assignment, c], gradient, rtol=0, atol=1e-9)
        one = interpret.class_network(clf, c)
        assert one.layer_sizes == (2, 32, 32, 1)
        np.testing.assert_allclose(one.raw_output(X)[:, 0], clf.decision_function(X)[:, c],
                                   rtol=0, atol=1e-12)     # a one-row matmul: last-bit rounding
        # every one-output tool reads that class, e.g. the exact partition of its logit
        cells = interpret.partition_2d(one, BOX)
        np.testing.assert_allclose(cells.coef, regions.coef[:, c], rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="class_ must be one of the classes"):
        interpret.class_network(clf, 7)
    with pytest.raises(ValueError, match="model has one output"):
        interpret.class_network(mr.MLP((2, 3, 1), random_state=0), 0)


def test_one_output_tools_point_a_k_class_model_to_class_network(spiral):
    clf, X, _, _ = spiral
    for call in (lambda: interpret.local_linear_models(clf, X),
                 lambda: interpret.input_gradient(clf, X)):
        with pytest.raises(ValueError, match=r"interpret.class_network\(model, c\)"):
            call()
    one = interpret.class_network(clf, 1)
    np.testing.assert_allclose(interpret.input_gradient(one, X[:5]).values,
                               clf.network_.input_gradient(X[:5], output=1), rtol=0, atol=1e-12)
    labels = np.array(["a", "b", "c"])[np.arange(60) % 3]
    multinomial = mr.LogisticRegression(max_iter=50).fit(X[:60], labels)
    with pytest.raises(ValueError, match="multinomial LogisticRegression with 3 logits"):
        interpret.input_gradient(multinomial, X[:5])


def test_class_llm_importance_and_summary(spiral):
    clf, X, y, _ = spiral
    names = np.array(["a", "b", "c"])
    llms = interpret.local_linear_models_by_class(clf, X)
    table = llms.feature_importance()
    assert table.column_names == ["feature", "class 0", "class 1", "class 2", "all classes"]
    for column in table.column_names[1:]:
        assert abs(table[column].sum() - 1.0) < 1e-12
    # class c's column is feature_importance of the network of its logit
    for c in range(3):
        alone = interpret.feature_importance(interpret.class_network(clf, c), X)
        np.testing.assert_allclose(table[f"class {c}"], alone.importance, rtol=0, atol=1e-12)
    summary = llms.summary(y, top=5)
    shares = np.column_stack([summary[f"share {c}"] for c in range(3)])
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-12)
    assert list(summary["count"]) == list(llms.counts[:5])
    # local accuracy by hand for the largest LLM
    rows = llms.assignment == 0
    assert summary["local accuracy"][0] == np.mean(clf.predict(X[rows]) == y[rows])
    assert ((0 <= summary["global accuracy"]) & (summary["global accuracy"] <= 1)).all()
    with pytest.raises(ValueError, match="y holds 7, not among the classes"):
        llms.summary(np.where(np.arange(600) == 0, 7, y))
    with pytest.raises(TypeError, match="mix numbers and strings"):
        llms.summary(names[y])
