"""Data sets of more than two classes: the 3-spiral toy set and the four-class CMB spectra."""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from minirelu.datasets import cmb, load_cmb_spectra, make_cmb_spectra, make_spirals  # noqa: E402


def test_spirals_layout_balance_and_seed():
    X, y = make_spirals(301, random_state=0)
    assert X.shape == (301, 2) and y.shape == (301,)
    np.testing.assert_array_equal(np.bincount(y), [101, 100, 100])
    assert np.all(np.hypot(*X.T) <= 1.0 + 1e-12)
    X2, y2 = make_spirals(301, random_state=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, make_spirals(301, random_state=1)[0])
    assert set(np.unique(make_spirals(50, n_classes=5, random_state=0)[1])) == set(range(5))


def test_spiral_arms_are_rotated_copies_without_noise():
    X, y = make_spirals(300, noise=0.0, random_state=0)
    angle = 2 * np.pi / 3
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    arm0 = X[y == 0][np.argsort(np.hypot(*X[y == 0].T))]
    arm1 = X[y == 1][np.argsort(np.hypot(*X[y == 1].T))]
    np.testing.assert_allclose(arm0 @ rotation.T, arm1, atol=1e-12)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"n_classes": 1}, ValueError, "n_classes must be >= 2"),
    ({"n_samples": 2}, ValueError, "n_samples must be >= 3"),
    ({"noise": -1.0}, ValueError, "noise must be >= 0"),
    ({"turns": 0.0}, ValueError, "turns must be > 0"),
])
def test_spirals_bad_input(kwargs, error, words):
    with pytest.raises(error, match=words):
        make_spirals(**kwargs)


@pytest.fixture(scope="module")
def four():
    return make_cmb_spectra(400, alternative="all", random_state=5)


def test_four_classes_balanced_with_each_alternative_only_in_its_class(four):
    assert four.X.shape == (400, 93)
    np.testing.assert_array_equal(np.bincount(four.y), [100, 100, 100, 100])
    assert four.class_names == ("ΛCDM", "feature", "running", "lensing")
    p = four.params
    on = {1: p["A_lin"] != 0, 2: p["alpha_s"] != 0, 3: (p["A_L"] != 1) | (p["mu_ISW"] != 0)}
    for label, active in on.items():
        np.testing.assert_array_equal(active, four.y == label)
    # ΛCDM rows are the plain model: the same theory as the ΛCDM parameters alone
    lcdm = {name: p[name][four.y == 0] for name in cmb.LCDM_PRIOR}
    plain = cmb._bin(cmb._analytic_cl(lcdm), cmb.cmb_multipoles()[1])
    np.testing.assert_allclose(four.theory[four.y == 0], plain, rtol=1e-12)
    # a class's rows match the two-class generator's model of that alternative
    rows = four.y == 2
    running = {name: p[name][rows] for name in (*cmb.LCDM_PRIOR, "alpha_s")}
    np.testing.assert_allclose(four.theory[rows],
                               cmb._bin(cmb._analytic_cl(running), cmb.cmb_multipoles()[1]),
                               rtol=1e-12)


def test_four_classes_repr_plot_and_seed(four):
    assert "(LCDM 100, feature 100, running 100, lensing 100)" in repr(four)
    ax = four.plot(relative=True)
    assert [line.get_label() for line in ax.lines][:3] == [
        "feature / ΛCDM − 1", "running / ΛCDM − 1", "lensing / ΛCDM − 1"]
    assert len(four.plot().lines) == 4
    plt.close("all")
    again = make_cmb_spectra(400, alternative="all", random_state=5)
    assert np.array_equal(again.X, four.X)


def test_two_class_spectra_unchanged_by_the_four_class_option():
    data = make_cmb_spectra(200, alternative="running", random_state=1)
    assert data.class_names == ("ΛCDM", "running")
    assert np.bincount(data.y).tolist() == [100, 100]


def test_four_class_amplitudes_and_bad_input():
    data = make_cmb_spectra(40, alternative="all", amplitude={"running": (0.01, 0.01)},
                            random_state=0)
    np.testing.assert_allclose(np.abs(data.params["alpha_s"][data.y == 2]), 0.01)
    with pytest.raises(TypeError, match="amplitude must be None or a dict"):
        make_cmb_spectra(40, alternative="all", amplitude=(0.1, 0.2))
    with pytest.raises(ValueError, match="amplitude keys must be one of"):
        make_cmb_spectra(40, alternative="all", amplitude={"curvature": (0.1, 0.2)})
    with pytest.raises(ValueError, match="alternative must be one of"):
        make_cmb_spectra(40, alternative="everything")


def test_load_four_classes():
    data = load_cmb_spectra(alternative="all", random_state=0)
    np.testing.assert_array_equal(np.bincount(data.y), [400, 400, 400, 400])
    assert {"A_lin", "alpha_s", "A_L", "mu_ISW", "group"} <= set(data.params)
    np.testing.assert_array_equal(data.params["A_lin"] != 0, data.y == 1)
    np.testing.assert_array_equal(data.params["alpha_s"] != 0, data.y == 2)
    small = load_cmb_spectra(10, alternative="all", random_state=0)
    np.testing.assert_array_equal(np.bincount(small.y), [3, 3, 2, 2])
    with pytest.raises(ValueError, match="n_samples must be <= 1600"):
        load_cmb_spectra(1601, alternative="all")
