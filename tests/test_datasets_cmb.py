"""CMB spectra: layout, labels, determinism, the physics of each class, the noise model, bad input."""
import pathlib

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from minirelu.datasets import cmb  # noqa: E402
from minirelu.datasets import add_cmb_noise, cmb_multipoles, load_cmb_spectra, make_cmb_spectra  # noqa: E402

ARCMIN = np.pi / 180 / 60


@pytest.fixture(scope="module")
def feature():
    return make_cmb_spectra(400, alternative="feature", random_state=3)


def lcdm_twin(data):
    """Binned theory of the same rows with the alternative switched off."""
    lcdm = {name: data.params[name] for name in cmb.LCDM_PRIOR}
    return cmb._bin(cmb._analytic_cl(lcdm), cmb_multipoles()[1])


def test_shapes_and_multipole_layout(feature):
    assert feature.X.shape == (400, 93) and feature.theory.shape == (400, 93)
    assert feature.y.shape == (400,) and feature.ell.shape == (93,)
    # 28 single multipoles 2..29, then 65 bins of width 30: [30, 59] centred on 44.5, ..., [1950, 1979]
    assert np.array_equal(feature.ell[:28], np.arange(2, 30))
    assert np.array_equal(feature.ell[28:], 44.5 + 30 * np.arange(65))
    ell, edges = cmb_multipoles()
    assert np.array_equal(ell, feature.ell)
    assert edges[0] == 2 and edges[28] == 30 and edges[-1] == 1980
    # ν = f_sky Σ(2ℓ+1): ℓ=2 → 0.6·5 = 3; bin 30..59 → 0.6·(2·1335 + 30) = 1620
    assert feature.dof[0] == pytest.approx(3.0, abs=1e-9)
    assert feature.dof[28] == pytest.approx(1620.0, abs=1e-9)
    assert set(feature.params) == set(cmb.LCDM_PRIOR) | {"A_lin", "omega_lin", "phi_lin"}
    assert all(v.shape == (400,) for v in feature.params.values())


def test_labels_balanced_and_shuffled():
    data = make_cmb_spectra(101, alternative="running", random_state=0)
    assert np.bincount(data.y).tolist() == [50, 51]
    assert data.y.dtype.kind == "i" and not np.all(np.diff(data.y) >= 0)   # shuffled
    assert np.all(data.params["alpha_s"][data.y == 0] == 0)
    strength = np.abs(data.params["alpha_s"][data.y == 1])
    assert strength.min() >= 0.008 and strength.max() <= 0.03
    assert (data.params["alpha_s"] < 0).any() and (data.params["alpha_s"] > 0).any()


def test_same_seed_same_arrays_different_seed_different():
    a = make_cmb_spectra(50, alternative="lensing", random_state=7)
    b = make_cmb_spectra(50, alternative="lensing", random_state=7)
    c = make_cmb_spectra(50, alternative="lensing", random_state=8)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y) and np.array_equal(a.theory, b.theory)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.X, c.X) and not np.array_equal(a.params["tau"], c.params["tau"])
    d = make_cmb_spectra(50, alternative="lensing", random_state=np.random.default_rng(7))
    assert np.array_equal(a.X, d.X)


def test_spectra_positive_and_span_seven_decades(feature):
    assert (feature.X > 0).all() and (feature.theory > 0).all()
    mean = feature.X.mean(axis=0)
    assert 6.0 < np.log10(mean.max() / mean.min()) < 8.0
    # C_ℓ (not D_ℓ): about 1e3 μK² at ℓ = 2 and 4e-4 μK² near ℓ = 1965 (note §3.2)
    assert 500 < mean[0] < 2000 and 1e-4 < mean[-1] < 1e-3


def test_lcdm_rows_are_the_plain_model_and_feature_oscillates(feature):
    twin = lcdm_twin(feature)
    lcdm, alt = feature.y == 0, feature.y == 1
    assert np.array_equal(feature.theory[lcdm], twin[lcdm])
    p = {k: v[alt][:, None] for k, v in feature.params.items()}
    residual = feature.theory[alt] / twin[alt] - 1
    # single multipoles: exactly A g(ω) sin(ω ℓ/690 + φ) with the washout g = 1/(1 + ω/7)
    ell = np.arange(2, 30)
    expected = p["A_lin"] / (1 + p["omega_lin"] / 7) * np.sin(p["omega_lin"] * ell / 690 + p["phi_lin"])
    np.testing.assert_allclose(residual[:, :28], expected, rtol=0, atol=1e-9)
    # bins: at least two periods over 30..1979 (period 2π·690/ω <= 867), so >= 3 sign changes
    sign_changes = np.sum(np.diff(np.sign(residual[:, 28:]), axis=1) != 0, axis=1)
    assert sign_changes.min() >= 3
    assert np.all(np.abs(residual).max(axis=1) <= p["A_lin"][:, 0] / (1 + p["omega_lin"][:, 0] / 7))


def test_running_changes_the_ends_of_the_spectrum():
    data = make_cmb_spectra(200, alternative="running", random_state=4)
    alt = data.y == 1
    alpha = data.params["alpha_s"][alt][:, None]
    log_ratio = np.log(data.theory[alt] / lcdm_twin(data)[alt])
    ell = np.arange(2, 30)
    np.testing.assert_allclose(log_ratio[:, :28], alpha / 2 * np.log(ell / 700) ** 2, atol=1e-9)
    # the tilt change is largest at ℓ = 2 (ln²(2/700) ≈ 34) and small near the pivot ℓ ≈ 700
    near_pivot = (data.ell > 500) & (data.ell < 900)
    assert np.all(np.sign(log_ratio[:, 0]) == np.sign(alpha[:, 0]))
    assert np.all(np.abs(log_ratio[:, 0]) > 20 * np.abs(log_ratio[:, near_pivot]).max(axis=1))


def test_lensing_stand_in_smooths_peaks_and_moves_low_ell():
    data = make_cmb_spectra(200, alternative="lensing", amplitude=(0.3, 0.3), random_state=5)
    alt = data.y == 1
    twin = lcdm_twin(data)[alt]
    ratio = data.theory[alt] / twin
    # peaks and troughs of the ΛCDM D_ℓ above ℓ = 400: extra lensing lowers the one, fills the other
    d_ell = twin * data.ell * (data.ell + 1)
    high = np.flatnonzero(data.ell > 400)[1:-1]
    peak = (d_ell[:, high] > d_ell[:, high - 1]) & (d_ell[:, high] > d_ell[:, high + 1])
    trough = (d_ell[:, high] < d_ell[:, high - 1]) & (d_ell[:, high] < d_ell[:, high + 1])
    assert peak.sum(axis=1).min() >= 4 and trough.sum(axis=1).min() >= 4
    assert np.all(ratio[:, high][peak] < 1) and np.all(ratio[:, high][trough] > 1)
    # late ISW: ℓ = 2 moves with μ_ISW (almost all of D_2 is the plateau)
    mu = data.params["mu_ISW"][alt]
    np.testing.assert_allclose(ratio[:, 0] - 1, mu, atol=0.01 * np.abs(mu).max())
    assert np.all(data.params["A_L"][~alt] == 1) and np.all(data.params["A_L"][alt] == 1.3)


def test_noise_spectrum_is_white_noise_through_a_gaussian_beam():
    data = make_cmb_spectra(10, noise_level=40.0, beam_fwhm=5.0, random_state=0)
    sigma_b = 5.0 * ARCMIN / np.sqrt(8 * np.log(2))
    per_ell = (40.0 * ARCMIN) ** 2 * np.exp(np.arange(2, 60) * np.arange(3, 61) * sigma_b ** 2)
    np.testing.assert_allclose(data.noise[:28], per_ell[:28], rtol=1e-12)
    np.testing.assert_allclose(data.noise[28], per_ell[28:].mean(), rtol=1e-12)
    # Planck-143-like defaults: N_1000 ≈ 2e-4 μK², noise above the signal near ℓ ≈ 1500
    default = make_cmb_spectra(10, random_state=0)
    assert 1.5e-4 < default.noise[np.argmin(np.abs(default.ell - 1000))] < 2.5e-4
    assert make_cmb_spectra(10, noise_level=0.0, random_state=0).noise.max() == 0


@pytest.mark.parametrize("noise_level", [0.0, 33.0])
def test_cosmic_variance_is_a_scaled_chi2(noise_level):
    theory = np.tile(make_cmb_spectra(4, random_state=1).theory, (5000, 1))       # 20000 draws
    observed = add_cmb_noise(theory, f_sky=0.6, noise_level=noise_level, random_state=2)
    data = make_cmb_spectra(2, noise_level=noise_level, random_state=0)
    ratio = (observed + data.noise) / (theory + data.noise)       # χ²(ν)/ν: mean 1, variance 2/ν
    n, nu = ratio.shape[0], data.dof
    # tolerance: 5 standard errors of the sample mean and variance (gamma kurtosis 12/ν)
    assert np.all(np.abs(ratio.mean(axis=0) - 1) < 5 * np.sqrt(2 / nu / n))
    rel_var = ratio.var(axis=0) / (2 / nu) - 1
    assert np.all(np.abs(rel_var) < 5 * np.sqrt((12 / nu + 2) / n))
    # the noise bias is removed: observed C_ℓ scatter around the theory
    assert np.all(np.abs(observed.mean(axis=0) / theory.mean(axis=0) - 1) < 0.03)


def test_repr_and_plot(feature):
    assert repr(make_cmb_spectra(10, random_state=0)) == (
        "CMBSpectra(source='analytic', alternative='feature', n_samples=10 (LCDM 5, feature 5), "
        "n_features=93, f_sky=0.6, noise_level=33.0, beam_fwhm=7.0, amplitude=(0.04, 0.12))")
    ax = feature.plot()
    np.testing.assert_allclose(ax.lines[0].get_ydata(), feature.X[feature.y == 0].mean(axis=0))
    np.testing.assert_allclose(ax.lines[1].get_xdata(), feature.ell)
    assert ax.get_xscale() == "log" and ax.get_legend() is not None
    ax = feature.plot(relative=True)
    expected = feature.X[feature.y == 1].mean(axis=0) / feature.X[feature.y == 0].mean(axis=0) - 1
    np.testing.assert_allclose(ax.lines[0].get_ydata(), expected)
    plt.close("all")


@pytest.mark.parametrize("kwargs, error, name", [
    ({"alternative": "f(R)"}, ValueError, "alternative"),
    ({"n_samples": 1}, ValueError, "n_samples"),
    ({"n_samples": 10.0}, TypeError, "n_samples"),
    ({"f_sky": 0.0}, ValueError, "f_sky"),
    ({"f_sky": 1.5}, ValueError, "f_sky"),
    ({"noise_level": -1.0}, ValueError, "noise_level"),
    ({"noise_level": float("nan")}, ValueError, "noise_level"),
    ({"beam_fwhm": -2.0}, ValueError, "beam_fwhm"),
    ({"amplitude": (0.1, 0.05)}, ValueError, "amplitude"),
    ({"amplitude": 0.1}, TypeError, "amplitude"),
    ({"amplitude": (-0.1, 0.05)}, ValueError, "amplitude"),
    ({"alternative": "running", "amplitude": (0.1, 0.5)}, ValueError, "amplitude"),
    ({"prior_scale": 0.0}, ValueError, "prior_scale"),
    ({"random_state": "seed"}, TypeError, "random_state"),
])
def test_bad_arguments_name_the_argument(kwargs, error, name):
    with pytest.raises(error, match=name):
        make_cmb_spectra(**{"n_samples": 10, **kwargs})


def test_add_cmb_noise_rejects_bad_theory():
    with pytest.raises(ValueError, match="theory"):
        add_cmb_noise(np.ones((3, 92)))
    with pytest.raises(ValueError, match="theory"):
        add_cmb_noise(np.full((3, 93), np.nan))
    with pytest.raises(ValueError, match="f_sky"):
        add_cmb_noise(np.ones((3, 93)), f_sky=-1.0)


DATA_FILE = pathlib.Path(cmb.__file__).parent / "data" / "cmb_theory.npz"


def test_shipped_file_is_small_and_pickle_free():
    assert DATA_FILE.stat().st_size < 1_000_000
    with np.load(DATA_FILE, allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)
        assert data["theory"].dtype == np.float32 and data["theory"].shape[1] == 93
        assert np.array_equal(data["ell"], cmb_multipoles()[0])
        assert str(data["source"][0]).startswith("camb ")
        counts = np.bincount(data["kind"])
        assert counts.size == 4 and np.all(counts == counts[0]) and counts[0] >= 200


@pytest.mark.parametrize("alternative", ["feature", "running", "lensing"])
def test_load_cmb_spectra_matches_the_generator_in_layout(alternative):
    data = load_cmb_spectra(alternative=alternative, random_state=0)
    again = load_cmb_spectra(alternative=alternative, random_state=0)
    analytic = make_cmb_spectra(400, alternative=alternative, random_state=0)
    assert data.X.shape[1] == 93 and np.array_equal(data.ell, analytic.ell)
    assert np.bincount(data.y).tolist() == [data.y.size // 2] * 2
    assert np.array_equal(data.X, again.X) and (data.X > 0).all()
    assert not np.array_equal(data.X, load_cmb_spectra(alternative=alternative, random_state=1).X)
    assert data.source.startswith("camb ") and "group" in data.params
    # the Boltzmann code and the analytic model agree in shape (log space) ...
    log_camb = np.log(data.X[data.y == 0].mean(axis=0))
    log_analytic = np.log(analytic.X[analytic.y == 0].mean(axis=0))
    assert np.corrcoef(log_camb, log_analytic)[0, 1] > 0.99
    # ... and bin by bin to the analytic model's accuracy: about 10 % rms above ℓ = 30,
    # at worst about 20 % (the first trough, ℓ ≈ 400)
    relative = np.exp(log_camb - log_analytic) - 1
    assert np.abs(relative).max() < 0.3 and np.sqrt(np.mean(relative[28:] ** 2)) < 0.12
    # same noise model: (X + N)/(C + N) has mean 1
    ratio = (data.X + data.noise) / (data.theory + data.noise)
    assert abs(ratio[:, 28:].mean() - 1) < 0.01


def test_load_cmb_spectra_subsample_and_errors():
    data = load_cmb_spectra(n_samples=100, alternative="running", random_state=3)
    assert data.X.shape == (100, 93) and np.bincount(data.y).tolist() == [50, 50]
    assert np.all(data.params["alpha_s"][data.y == 0] == 0)
    assert np.all(np.abs(data.params["alpha_s"][data.y == 1]) >= 0.008 - 1e-7)
    with pytest.raises(ValueError, match="n_samples"):
        load_cmb_spectra(n_samples=10**6)
    with pytest.raises(ValueError, match="alternative"):
        load_cmb_spectra(alternative="w0wa")


def test_boltzmann_code_alternatives_differ_where_expected():
    # feature: within one background cosmology (two spectra of each class), the feature
    # spectrum over a ΛCDM one leaves an oscillation that a quadratic in ln ℓ cannot absorb
    data = load_cmb_spectra(alternative="feature", random_state=0)
    order = np.lexsort((data.y, data.params["group"]))
    log_cl = np.log(data.theory[order][:, 28:]).reshape(-1, 4, 65)     # ΛCDM, ΛCDM, feature, feature
    trend = np.vander(np.log(data.ell[28:]), 3)

    def wiggle(log_ratio):
        coef = np.linalg.lstsq(trend, log_ratio.T, rcond=None)[0]
        return np.sqrt(np.mean((log_ratio - (trend @ coef).T) ** 2, axis=1))

    assert np.all(data.params["group"][order].reshape(-1, 4) == data.params["group"][order][::4, None])
    assert wiggle(log_cl[:, 2] - log_cl[:, 0]).min() > 2 * wiggle(log_cl[:, 1] - log_cl[:, 0]).max()
    # running and the late-ISW part of the lensing stand-in spread the lowest multipole
    for alternative in ("running", "lensing"):
        data = load_cmb_spectra(alternative=alternative, random_state=0)
        spread = [np.log(data.theory[data.y == label, 0]).std() for label in (0, 1)]
        assert spread[1] > 3 * spread[0]
