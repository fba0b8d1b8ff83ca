"""CMB temperature power spectra: ΛCDM against an alternative cosmology.

A sample is a binned, noisy TT spectrum C_ℓ in μK² (not D_ℓ), so its 93 features
span about seven decades: ℓ = 2..29 one by one, then 65 bins of Δℓ = 30 over
30..1979. Label 0 is ΛCDM, label 1 the alternative; with ``alternative="all"``
there are four classes, 0 ΛCDM, 1 feature, 2 running, 3 lensing
(lessons/15_more_than_two_classes.ipynb). The theory is an analytic
acoustic-peak model fitted to a Boltzmann-code ΛCDM spectrum (a few % at ℓ < 30,
about 10 % per bin above),

    D_ℓ = ℓ(ℓ+1) C_ℓ / 2π = T(ℓ) [P(ℓ) + E(ℓ) O(ℓ)]:

primordial and reionisation factor T, Sachs-Wolfe plateau P, damped acoustic
envelope E, oscillation O. Each sample's ΛCDM parameters are drawn around
Planck 2018. A bin is observed through cosmic variance (ν_b = f_sky Σ(2ℓ+1)
degrees of freedom) and white noise N_ℓ = Δ_T² exp[ℓ(ℓ+1)σ_beam²], whose known
bias is removed:  Ĉ_b = (C_b + N_b) χ²(ν_b)/ν_b − N_b.

Over 400 lines because the spectrum model, its noise, the priors of the three
alternatives and the two generators (analytic, Boltzmann-code file) are one
data set whose constants are read together, with the physics written out in
the docstrings.

Introduced in lessons/07_cmb_classification.ipynb.
"""
import importlib.resources

import numpy as np

from ..validation import (check_array, check_int, check_non_negative, check_option, check_positive,
                          check_random_state)

__all__ = ["make_cmb_spectra", "load_cmb_spectra", "add_cmb_noise", "cmb_multipoles",
           "CMBSpectra"]

ALTERNATIVES = ("feature", "running", "lensing")
ALL = "all"                          # every alternative at once: four classes, labels 0..3
CLASS_NAMES = ("ΛCDM",) + ALTERNATIVES
ALTERNATIVE_PARAMS = {"feature": ("A_lin", "omega_lin", "phi_lin"), "running": ("alpha_s",),
                      "lensing": ("A_L", "mu_ISW")}

# ΛCDM nuisance parameters: Planck 2018 centres and twice its 1σ widths. θ* is
# drawn rather than H0, so the peak positions barely move between samples and
# the class signal is not a trivial peak shift.
LCDM_PRIOR = {                       # name: (centre, width)
    "theta_star": (1.04109, 0.00062),   # 100 θ*
    "omega_b": (0.02237, 0.00030),
    "omega_c": (0.1200, 0.0024),
    "ln10As": (3.044, 0.028),           # ln(10^10 A_s)
    "n_s": (0.9649, 0.0084),
    "tau": (0.0544, 0.0146),
}
TAU_MIN = 0.02
# Strength of the alternative, drawn uniformly between these bounds: A_lin of
# the oscillation, |α_s| of the running, A_L − 1 of the extra lensing. They
# exaggerate what Planck allows, so that a small network sees them.
DEFAULT_AMPLITUDE = {"feature": (0.04, 0.12), "running": (0.008, 0.03), "lensing": (0.02, 0.35)}
AMPLITUDE_MAX = {"feature": 0.5, "running": 0.2, "lensing": 3.0}   # keeps C_ℓ positive
OMEGA_LIN_RANGE = (5.0, 25.0)        # oscillation frequency in units of the pivot scale
MU_ISW_RANGE = (-0.4, 0.8)           # fractional change of the late-ISW rise at ℓ ≈ 2

# Constants of the analytic ΛCDM spectrum, least-squares fit to one lensed
# Boltzmann-code spectrum at the Planck centre (D_ℓ in μK²).
A_SW, A_ISW = 754.0, 0.080                   # plateau height; late-ISW rise 2 a_ISW / ℓ
A_AC, ELL_R, N_R = 2315.0, 70.6, 2.62        # acoustic envelope, its onset scale and sharpness
# peak spacing, phase, baryon loading, trough filling (Doppler term and projection)
ELL_A, PHASE, R_B, FILL = 308.6, 0.272, 0.207, 1.43
ELL_D, P_D = 948.0, 1.357                    # Silk damping scale and shape
ELL_PIVOT = 700.0                            # k = 0.05/Mpc seen on the last-scattering sphere
ELL_FEATURE = 690.0                          # the feature's k/k* in multipoles (fitted)
ELL_LENS = 4100.0                            # scale of lensing smoothing of the peaks

ELL_MAX = 1979
N_UNBINNED = 28                              # ℓ = 2..29 kept one by one
BIN_WIDTH = 30
ARCMIN = np.pi / (180.0 * 60.0)

DATA_FILE = "cmb_theory.npz"


def cmb_multipoles():
    """Multipole layout of the 93 features.

    Returns
    -------
    ell : ndarray of shape (93,)
        The multipole of each feature: ℓ itself for 2..29, the bin centre above.
    edges : ndarray of shape (94,) of int
        Feature f averages the ℓ in ``edges[f] <= ℓ < edges[f + 1]``.
    """
    edges = np.concatenate([np.arange(2, 2 + N_UNBINNED),
                            np.arange(2 + N_UNBINNED, ELL_MAX + 2, BIN_WIDTH)])
    ell = 0.5 * (edges[:-1] + edges[1:] - 1)
    return ell, edges


def _bin(per_ell, edges):
    """Average (..., L) values over ℓ = 2..ELL_MAX into the features' bins."""
    starts = edges[:-1] - 2
    sums = np.add.reduceat(per_ell, starts, axis=-1)
    return sums / np.diff(edges)


def _noise_and_dof(edges, f_sky, noise_level, beam_fwhm):
    """Binned noise spectrum N_b (μK²) and degrees of freedom ν_b of each feature."""
    ell = np.arange(2, ELL_MAX + 1, dtype=np.float64)
    sigma_beam = beam_fwhm * ARCMIN / np.sqrt(8.0 * np.log(2.0))
    noise = (noise_level * ARCMIN) ** 2 * np.exp(ell * (ell + 1) * sigma_beam ** 2)
    dof = f_sky * np.add.reduceat(2 * ell + 1, edges[:-1] - 2)
    return _bin(noise, edges), dof


def add_cmb_noise(theory, f_sky=0.6, noise_level=33.0, beam_fwhm=7.0, random_state=None):
    """Observe binned theory spectra through cosmic variance and instrument noise.

    Parameters
    ----------
    theory : ndarray of shape (n_samples, 93)
        Noiseless binned C_ℓ in μK², in the layout of :func:`cmb_multipoles`.
    f_sky : float in (0, 1]
        Observed sky fraction; bin b has ν_b = f_sky Σ(2ℓ+1) degrees of freedom.
    noise_level : float >= 0
        White noise depth Δ_T in μK·arcmin (0: cosmic variance only).
    beam_fwhm : float >= 0
        Gaussian beam full width at half maximum in arcmin.
    random_state : None, int or numpy Generator

    Returns
    -------
    observed : ndarray of shape (n_samples, 93)
        (C_b + N_b) χ²(ν_b)/ν_b − N_b, so that E[observed] = theory.
    """
    theory = check_array(theory, "theory")
    ell, edges = cmb_multipoles()
    if theory.shape[1] != ell.size or (theory < 0).any():
        raise ValueError(f"theory must hold non-negative C_ℓ of shape (n_samples, {ell.size}), "
                         f"got shape {theory.shape}")
    f_sky, noise_level, beam_fwhm = _check_noise_args(f_sky, noise_level, beam_fwhm)
    rng = check_random_state(random_state)
    noise, dof = _noise_and_dof(edges, f_sky, noise_level, beam_fwhm)
    scatter = rng.gamma(dof / 2.0, 2.0 / dof, size=theory.shape)   # χ²(ν)/ν: mean 1, var 2/ν
    return (theory + noise) * scatter - noise


def _check_noise_args(f_sky, noise_level, beam_fwhm):
    f_sky = check_positive(f_sky, "f_sky")
    if f_sky > 1:
        raise ValueError(f"f_sky must be a sky fraction in (0, 1], got {f_sky}")
    noise_level = check_non_negative(noise_level, "noise_level")
    beam_fwhm = check_non_negative(beam_fwhm, "beam_fwhm")
    if beam_fwhm > 60:
        raise ValueError(f"beam_fwhm is in arcmin and must be <= 60, got {beam_fwhm}")
    return f_sky, noise_level, beam_fwhm


def _check_all_amplitudes(amplitude):
    """None, or a dict of alternative name to (low, high), for alternative="all"."""
    if amplitude is None:
        amplitude = {}
    if not isinstance(amplitude, dict):
        raise TypeError(f'amplitude must be None or a dict of alternative name to (low, high) '
                        f'with alternative="all", got {amplitude!r}')
    for name in amplitude:
        check_option(name, ALTERNATIVES, "amplitude keys")
    return {name: _check_amplitude(amplitude.get(name), name) for name in ALTERNATIVES}


def _check_amplitude(amplitude, alternative):
    if amplitude is None:
        return DEFAULT_AMPLITUDE[alternative]
    try:
        low, high = amplitude
    except (TypeError, ValueError):
        raise TypeError(f"amplitude must be a pair (low, high), got {amplitude!r}") from None
    low = check_non_negative(low, "amplitude[0]")
    high = check_non_negative(high, "amplitude[1]")
    if low > high or high > AMPLITUDE_MAX[alternative]:
        raise ValueError(f"amplitude must be (low, high) with 0 <= low <= high <= "
                         f"{AMPLITUDE_MAX[alternative]} for {alternative!r}, got ({low}, {high})")
    return low, high


def _draw_lcdm(rng, n, prior_scale):
    """Nuisance parameters, Gaussian around Planck 2018; τ truncated below at TAU_MIN."""
    params = {}
    for name, (centre, width) in LCDM_PRIOR.items():
        params[name] = centre + prior_scale * width * rng.standard_normal(n)
    tau = params["tau"]
    # Redraw the few τ below the cut (about 1 % per round): a loop over rounds, not samples.
    low = tau < TAU_MIN
    while low.any():
        centre, width = LCDM_PRIOR["tau"]
        tau[low] = centre + prior_scale * width * rng.standard_normal(low.sum())
        low = tau < TAU_MIN
    return params


def _draw_all_alternatives(rng, y, amplitudes):
    """Parameters of every alternative: a prior draw for the rows of its class (label
    1 + its index in ALTERNATIVES), the null value (ΛCDM) for every other row."""
    params = {}
    for label, name in enumerate(ALTERNATIVES, start=1):
        params.update(_draw_alternative(rng, y, name, amplitudes[name], label=label))
    return params


def _draw_alternative(rng, y, alternative, amplitude, label=1):
    """Extra parameters: the null value (ΛCDM) where y != label, a prior draw where y == label."""
    n, is_alt = y.size, y == label
    low, high = amplitude
    strength = np.where(is_alt, rng.uniform(low, high, n), 0.0)
    if alternative == "feature":
        return {"A_lin": strength,
                "omega_lin": np.where(is_alt, rng.uniform(*OMEGA_LIN_RANGE, n), 0.0),
                "phi_lin": np.where(is_alt, rng.uniform(0.0, 2 * np.pi, n), 0.0)}
    if alternative == "running":
        sign = np.where(rng.random(n) < 0.5, -1.0, 1.0)
        return {"alpha_s": sign * strength}
    return {"A_L": 1.0 + strength,
            "mu_ISW": np.where(is_alt, rng.uniform(*MU_ISW_RANGE, n), 0.0)}


def _analytic_cl(params):
    """Noiseless C_ℓ (μK²) of the analytic model for every sample at every ℓ.

    ``params`` is a dict of (n,) arrays: the ΛCDM names of ``LCDM_PRIOR`` and,
    when present, ``A_lin, omega_lin, phi_lin`` (feature), ``alpha_s``
    (running), ``A_L, mu_ISW`` (lensing stand-in). Returns (n, L) for ℓ = 2..1979.
    """
    ell = np.arange(2, ELL_MAX + 1, dtype=np.float64)
    col = {k: np.asarray(v, dtype=np.float64)[:, None] for k, v in params.items()}
    theta, fid = col["theta_star"], LCDM_PRIOR
    omega_b = col["omega_b"] / fid["omega_b"][0]
    omega_c = col["omega_c"] / fid["omega_c"][0]
    # Indicative scalings: the peak spacing follows 1/θ*, baryon loading ω_b,
    # damping scale ω_b^0.2 ω_c^-0.1, radiation driving ω_c^-1/2.
    ell_a = ELL_A * fid["theta_star"][0] / theta
    loading = R_B * omega_b
    ell_d = ELL_D * omega_b ** 0.2 * omega_c ** -0.1
    a_ac = A_AC * omega_c ** -0.5

    # Factors that depend on ℓ only are (L,) vectors, per-sample ones (n, 1)
    # columns; the few (n, L) arrays are updated in place to keep 2000 spectra fast.
    to_cl = 2.0 * np.pi / (ell * (ell + 1.0))
    onset = (ell / ELL_R) ** N_R
    onset = onset / (1.0 + onset)
    plateau = A_SW * (1.0 + 2.0 * A_ISW / ell) * (1.0 - onset) * to_cl
    if "mu_ISW" in col:
        plateau = plateau * (1.0 + col["mu_ISW"] * np.exp(-(ell - 2.0) / 8.0))

    oscillation = np.multiply(np.pi / ell_a, ell)
    oscillation += np.pi * PHASE
    np.cos(oscillation, out=oscillation)
    oscillation -= loading
    np.square(oscillation, out=oscillation)
    oscillation += FILL
    if "A_L" in col:
        # Extra lensing smooths the peaks: the oscillation relaxes towards its cycle mean.
        cycle_mean = 0.5 + loading ** 2 + FILL
        oscillation -= cycle_mean
        oscillation *= np.exp(-(col["A_L"] - 1.0) * (ell / ELL_LENS) ** 2)
        oscillation += cycle_mean
    # Silk damping exp[-(ℓ/ℓ_D)^p] with (ℓ/ℓ_D)^p = ℓ^p ℓ_D^-p: an outer product, not a power.
    d_ell = np.multiply(-ell_d ** -P_D, ell ** P_D)
    np.exp(d_ell, out=d_ell)
    d_ell *= a_ac * (onset * to_cl)
    d_ell *= oscillation
    d_ell += plateau

    log_ratio = np.log(ell / ELL_PIVOT)
    primordial = np.multiply(col["n_s"] - 1.0, log_ratio)
    primordial += col["ln10As"] - fid["ln10As"][0]
    if "alpha_s" in col:
        primordial += 0.5 * col["alpha_s"] * log_ratio ** 2
    np.exp(primordial, out=primordial)
    reionisation = np.exp(-2.0 * col["tau"])
    primordial *= reionisation + (1.0 - reionisation) * np.exp(-(ell / 10.0) ** 2)
    d_ell *= primordial
    if "A_lin" in col:
        # Projection from k to ℓ washes the oscillation out, more so at high frequency.
        washout = 1.0 / (1.0 + col["omega_lin"] / 7.0)
        feature = np.multiply(col["omega_lin"] / ELL_FEATURE, ell)
        feature += col["phi_lin"]
        np.sin(feature, out=feature)
        feature *= col["A_lin"] * washout
        feature += 1.0
        d_ell *= feature
    return d_ell    # already C_ℓ: the factor 2π/ℓ(ℓ+1) sits in the ℓ-only terms


class CMBSpectra:
    """Labelled spectra: what :func:`make_cmb_spectra` and :func:`load_cmb_spectra` return.

    Attributes
    ----------
    X : ndarray of shape (n_samples, 93)
        Observed binned C_ℓ in μK² (the features).
    y : ndarray of shape (n_samples,) of int
        0 for ΛCDM, 1 for the alternative; with ``alternative="all"`` 0 ΛCDM,
        1 feature, 2 running, 3 lensing.
    ell : ndarray of shape (93,)
        Multipole of each feature (bin centre).
    params : dict of str to ndarray of shape (n_samples,)
        Parameters of each sample (the alternative's are at their ΛCDM value where y == 0).
    theory : ndarray of shape (n_samples, 93)
        The noiseless binned C_ℓ behind each row of ``X``.
    noise : ndarray of shape (93,)
        Binned instrument noise N_b in μK² (already subtracted from ``X`` on average).
    dof : ndarray of shape (93,)
        Degrees of freedom ν_b of each feature: var(X / theory) ≈ 2 / ν_b without noise.
    alternative, source : str
        Which alternative is label 1 (or "all"); "analytic" or the Boltzmann code's version.
    class_names : tuple of str
        The name of each label: ("ΛCDM", alternative), or all four.
    """

    def __init__(self, X, y, ell, params, theory, noise, dof, alternative, source, settings):
        self.X, self.y, self.ell, self.params = X, y, ell, params
        self.theory, self.noise, self.dof = theory, noise, dof
        self.alternative, self.source, self.settings = alternative, source, settings
        self.class_names = CLASS_NAMES if alternative == ALL else ("ΛCDM", alternative)

    def __repr__(self):
        counts = np.bincount(self.y, minlength=len(self.class_names))
        settings = ", ".join(f"{k}={v!r}" for k, v in self.settings.items())
        names = ("LCDM",) + self.class_names[1:]
        per_class = ", ".join(f"{name} {count}" for name, count in zip(names, counts))
        return (f"CMBSpectra(source={self.source!r}, alternative={self.alternative!r}, "
                f"n_samples={self.y.size} ({per_class}), "
                f"n_features={self.ell.size}, {settings})")

    def plot(self, ax=None, relative=False):
        """Mean spectrum of each class against ℓ (log-log), or, with ``relative``,
        each alternative's mean over the ΛCDM mean minus one. Returns the Axes
        (see ``minirelu.plotting.plot_cmb_spectra``)."""
        # figures live in plotting/: imported only when one is asked for
        from ..plotting.datasets import plot_cmb_spectra
        return plot_cmb_spectra(self, ax=ax, relative=relative)


def _check_common(n_samples, alternative, f_sky, noise_level, beam_fwhm):
    alternative = check_option(alternative, ALTERNATIVES + (ALL,), "alternative")
    noise_args = _check_noise_args(f_sky, noise_level, beam_fwhm)
    if n_samples is not None:
        n_samples = check_int(n_samples, "n_samples", minimum=2)
    return n_samples, alternative, noise_args


def _balanced_labels(rng, n_samples, n_classes=2):
    """Two classes: n // 2 zeros and the rest ones; K classes: label i % K for row i;
    in random order."""
    if n_classes == 2:
        y = np.zeros(n_samples, dtype=np.int64)
        y[n_samples // 2:] = 1
    else:
        y = np.arange(n_samples, dtype=np.int64) % n_classes
    return rng.permutation(y)


def make_cmb_spectra(n_samples=2000, alternative="feature", f_sky=0.6, noise_level=33.0,
                     beam_fwhm=7.0, amplitude=None, prior_scale=1.0, random_state=None):
    """Binned noisy TT spectra of ΛCDM (label 0) and an alternative (label 1), or all four.

    Alternatives (label 1), each a distortion of the analytic ΛCDM spectrum:

    - ``"feature"``: a linear oscillation in the primordial spectrum,
      P(k) → P(k) [1 + A_lin sin(ω k/k* + φ)], seen in C_ℓ as
      1 + A_lin g(ω) sin(ω ℓ/690 + φ) with the washout g(ω) = 1/(1 + ω/7);
      A_lin ~ U(amplitude), ω ~ U(5, 25), φ ~ U(0, 2π).
    - ``"running"``: a running spectral index, n_s → n_s + (α_s/2) ln(k/k_pivot),
      which bends the spectrum (both ends of ℓ move the same way, most at the lowest ℓ);
      |α_s| ~ U(amplitude), either sign.
    - ``"lensing"``: a stand-in for modified gravity, not a model of it: extra
      lensing smoothing of the acoustic peaks (A_L − 1 ~ U(amplitude)) and a
      changed late-ISW rise at the lowest ℓ (μ_ISW ~ U(−0.4, 0.8)).

    The default amplitudes exaggerate what Planck allows, so that a 64-64-1
    network reaches a held-out AUC of about 0.85–0.95 on standardized inputs.

    Parameters
    ----------
    n_samples : int >= 2
        Number of spectra; n_samples // 2 are ΛCDM, the rest the alternative
        (with "all", a quarter per class, the first classes taking the remainder).
    alternative : {"feature", "running", "lensing", "all"}
        "all": four classes, 0 ΛCDM, 1 feature, 2 running, 3 lensing.
    f_sky, noise_level, beam_fwhm : float
        Sky fraction, white-noise depth (μK·arcmin), beam FWHM (arcmin); the
        defaults are Planck-143-like. See :func:`add_cmb_noise`.
    amplitude : (low, high) or None
        Prior range of the alternative's strength (A_lin, |α_s| or A_L − 1);
        None takes ``DEFAULT_AMPLITUDE[alternative]``. Lower it for a harder task.
        With "all": None, or a dict naming the range of some alternatives (the
        others keep their default).
    prior_scale : float in (0, 5]
        Multiplies the widths of the ΛCDM nuisance prior ``LCDM_PRIOR``.
    random_state : None, int or numpy Generator
        The same seed gives the same spectra, bit for bit.

    Returns
    -------
    CMBSpectra
        ``.X`` (n_samples, 93), ``.y`` (n_samples,), ``.ell`` (93,), ``.params``,
        ``.theory``, ``.noise``, ``.dof``; rows in random order.
    """
    n_samples, alternative, noise_args = _check_common(n_samples, alternative, f_sky,
                                                        noise_level, beam_fwhm)
    if alternative == ALL:
        amplitude = _check_all_amplitudes(amplitude)
    else:
        amplitude = _check_amplitude(amplitude, alternative)
    prior_scale = check_positive(prior_scale, "prior_scale")
    if prior_scale > 5:
        raise ValueError(f"prior_scale must be <= 5 (wider priors reach unphysical ω_c), "
                         f"got {prior_scale}")
    rng = check_random_state(random_state)

    if alternative == ALL:
        y = _balanced_labels(rng, n_samples, len(CLASS_NAMES))
        params = _draw_lcdm(rng, n_samples, prior_scale)
        params.update(_draw_all_alternatives(rng, y, amplitude))
    else:
        y = _balanced_labels(rng, n_samples)
        params = _draw_lcdm(rng, n_samples, prior_scale)
        params.update(_draw_alternative(rng, y, alternative, amplitude))
    theory = _bin(_analytic_cl(params), cmb_multipoles()[1])
    return _observe(theory, y, params, alternative, "analytic", noise_args, rng,
                    amplitude=amplitude)


def _read_theory_file():
    with importlib.resources.files(__package__).joinpath("data", DATA_FILE).open("rb") as fh:
        with np.load(fh, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}


def load_cmb_spectra(n_samples=None, alternative="feature", f_sky=0.6, noise_level=33.0,
                     beam_fwhm=7.0, random_state=None):
    """Spectra computed by the Boltzmann code CAMB, observed with seeded noise.

    The shipped file ``data/cmb_theory.npz`` (made by scripts/make_cmb_theory.py)
    holds noiseless binned C_ℓ for ΛCDM and each alternative, drawn from the same
    priors as :func:`make_cmb_spectra`; the lensing alternative is the same
    stand-in (CAMB's lensing amplitude A_L, plus the late-ISW factor applied to
    the spectrum). Noise is added here with :func:`add_cmb_noise`, so ``f_sky``
    and the noise level can be changed and a seed fixes the result.

    Parameters
    ----------
    n_samples : int >= 2 or None
        Number of spectra, half per class (a quarter with "all"); None takes
        every stored spectrum of the classes. At most that many.
    alternative, f_sky, noise_level, beam_fwhm, random_state
        As in :func:`make_cmb_spectra`.

    Returns
    -------
    CMBSpectra
        As :func:`make_cmb_spectra`; ``params`` also holds ``group``, the index of
        the background cosmology (θ*, ω_b, ω_c, τ) that several rows share, for
        grouped splits.
    """
    n_samples, alternative, noise_args = _check_common(n_samples, alternative, f_sky,
                                                        noise_level, beam_fwhm)
    rng = check_random_state(random_state)
    data = _read_theory_file()
    kind_names = [str(k) for k in data["kind_names"]]
    names = ALTERNATIVES if alternative == ALL else (alternative,)
    rows = [np.flatnonzero(data["kind"] == kind_names.index(name))
            for name in ("lcdm", *names)]
    available = len(rows) * min(r.size for r in rows)
    if n_samples is None:
        n_samples = available
    if n_samples > available:
        raise ValueError(f"n_samples must be <= {available} (the stored {alternative} "
                         f"and ΛCDM spectra), got {n_samples}")
    y = _balanced_labels(rng, n_samples, len(rows))
    take = np.empty(n_samples, dtype=np.int64)
    for label, r in enumerate(rows):
        where = np.flatnonzero(y == label)
        take[where] = rng.choice(r, size=where.size, replace=False)
    theory = data["theory"][take].astype(np.float64)
    stored = data["param_names"].tolist()
    params = {name: data["params"][take, stored.index(name)].astype(np.float64)
              for name in ("group", "H0", *LCDM_PRIOR,
                           *(p for a in names for p in ALTERNATIVE_PARAMS[a]))}
    params["group"] = params["group"].astype(np.int64)
    return _observe(theory, y, params, alternative, str(data["source"][0]), noise_args, rng)


def _observe(theory, y, params, alternative, source, noise_args, rng, **settings):
    """Add noise to binned theory and wrap everything in a CMBSpectra."""
    ell, edges = cmb_multipoles()
    X = add_cmb_noise(theory, *noise_args, random_state=rng)
    noise, dof = _noise_and_dof(edges, *noise_args)
    settings = {**dict(zip(("f_sky", "noise_level", "beam_fwhm"), noise_args)), **settings}
    return CMBSpectra(X, y, ell, params, theory, noise, dof, alternative, source, settings)
