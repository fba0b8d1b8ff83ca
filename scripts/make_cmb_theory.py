"""Compute the Boltzmann-code spectra shipped as minirelu/datasets/data/cmb_theory.npz.

Not run by the tests or CI, and camb is not a requirement of minirelu: the file
it writes is committed, and ``minirelu.datasets.load_cmb_spectra`` reads it and
adds seeded noise. To remake the file (measured: 704 s of CPU, 3.5 s per background,
25 min wall on a busy two-core machine; bit-for-bit only with the same camb build):

    python -m venv /tmp/venv-camb && /tmp/venv-camb/bin/pip install camb==2.0.5
    /tmp/venv-camb/bin/python scripts/make_cmb_theory.py            # from the repository root

What it computes: noiseless lensed TT C_ℓ (μK²), binned in the layout of
``cmb_multipoles()`` (ℓ = 2..29, then Δℓ = 30 bins to 1979), for four kinds of
spectrum: ΛCDM and the three alternatives of ``make_cmb_spectra``, drawn from the
same priors (``LCDM_PRIOR``, ``DEFAULT_AMPLITUDE``, ...).

Transfer functions are the costly part (a few seconds each), and the primordial
spectrum does not change them. So the script draws ``--backgrounds`` background
cosmologies (θ*, ω_b, ω_c, τ; H0 follows from θ*), computes each one's
transfer functions once, and derives ``--per-kind`` spectra of every kind from
them with their own A_s, n_s and alternative parameters:

- ΛCDM and running: a power law with running, n_s + (α_s/2) ln(k/k_pivot);
- feature: a tabulated P(k) = A_s (k/k_p)^(n_s−1) [1 + A_lin sin(ω k/k_p + φ)], k_p = 0.05/Mpc;
- lensing stand-in: CAMB's lensing amplitude ``Alens`` = A_L, and the spectrum
  multiplied by 1 + μ_ISW exp(−(ℓ−2)/8), the same late-ISW factor as the analytic model.

Every background carries the same number of spectra of each kind, so the
background says nothing about the label; its index is stored as ``group`` for
grouped splits. Lensing from the linear potential (NonLinear_none), default accuracy.
"""
import argparse
import os
import pathlib
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")     # one core per worker process

import numpy as np                                  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from minirelu.datasets.cmb import (DEFAULT_AMPLITUDE, LCDM_PRIOR, MU_ISW_RANGE,  # noqa: E402
                                   OMEGA_LIN_RANGE, TAU_MIN, _bin, cmb_multipoles)

KINDS = ("lcdm", "feature", "running", "lensing")
PARAM_NAMES = ("group", "H0", "theta_star", "omega_b", "omega_c", "ln10As", "n_s", "tau",
               "A_lin", "omega_lin", "phi_lin", "alpha_s", "A_L", "mu_ISW")
BACKGROUND = ("theta_star", "omega_b", "omega_c", "tau")
K_PIVOT = 0.05                                       # 1/Mpc
ELL_MAX = 1979
OUTPUT = ROOT / "minirelu" / "datasets" / "data" / "cmb_theory.npz"


def draw_parameters(n_backgrounds, per_kind, seed):
    """One row per spectrum: (n_backgrounds * 4 * per_kind,) arrays, grouped by background."""
    rng = np.random.default_rng(seed)
    per_group = len(KINDS) * per_kind
    n = n_backgrounds * per_group
    p = {name: np.zeros(n) for name in PARAM_NAMES}
    p["A_L"][:] = 1.0
    p["group"] = np.repeat(np.arange(n_backgrounds), per_group).astype(float)
    kind = np.tile(np.repeat(np.arange(len(KINDS)), per_kind), n_backgrounds)
    for name in BACKGROUND:
        centre, width = LCDM_PRIOR[name]
        values = centre + width * rng.standard_normal(n_backgrounds)
        while name == "tau" and (values < TAU_MIN).any():
            low = values < TAU_MIN
            values[low] = centre + width * rng.standard_normal(low.sum())
        p[name] = np.repeat(values, per_group)
    for name in ("ln10As", "n_s"):
        centre, width = LCDM_PRIOR[name]
        p[name] = centre + width * rng.standard_normal(n)
    for k, name in enumerate(KINDS[1:], start=1):
        rows = np.flatnonzero(kind == k)
        strength = rng.uniform(*DEFAULT_AMPLITUDE[name], rows.size)
        if name == "feature":
            p["A_lin"][rows] = strength
            p["omega_lin"][rows] = rng.uniform(*OMEGA_LIN_RANGE, rows.size)
            p["phi_lin"][rows] = rng.uniform(0.0, 2 * np.pi, rows.size)
        elif name == "running":
            p["alpha_s"][rows] = np.where(rng.random(rows.size) < 0.5, -1.0, 1.0) * strength
        else:
            p["A_L"][rows] = 1.0 + strength
            p["mu_ISW"][rows] = rng.uniform(*MU_ISW_RANGE, rows.size)
    return p, kind


def background_spectra(task):
    """Binned C_ℓ (m, 93) of the m spectra sharing one background, its H0, the CPU seconds."""
    import camb
    from camb import initialpower, model

    rows, p = task
    start = time.process_time()
    first = rows[0]
    pars = camb.set_params(thetastar=p["theta_star"][first] / 100, ombh2=p["omega_b"][first],
                           omch2=p["omega_c"][first], tau=p["tau"][first], lmax=2000,
                           WantTransfer=False, NonLinear=model.NonLinear_none)
    results = camb.get_transfer_functions(pars)
    _, edges = cmb_multipoles()
    ell = np.arange(2, ELL_MAX + 1)
    # Sampling of the tabulated P(k): 20+ points per period of the fastest feature (ω = 25).
    k = np.unique(np.concatenate([np.logspace(-6, -2, 300), np.linspace(0.01, 1.0, 6000)]))
    binned = []
    for i in rows:
        a_s = np.exp(p["ln10As"][i]) * 1e-10
        if p["A_lin"][i] > 0:
            pk = a_s * (k / K_PIVOT) ** (p["n_s"][i] - 1) * (
                1 + p["A_lin"][i] * np.sin(p["omega_lin"][i] * k / K_PIVOT + p["phi_lin"][i]))
            power = initialpower.SplinedInitialPower(ks=k, PK=pk)
        else:
            power = initialpower.InitialPowerLaw(As=a_s, ns=p["n_s"][i], nrun=p["alpha_s"][i],
                                                 pivot_scalar=K_PIVOT)
        results.Params.Alens = p["A_L"][i]
        results.power_spectra_from_transfer(power)
        cl = results.get_cmb_power_spectra(CMB_unit="muK", raw_cl=True)["total"][2:ELL_MAX + 1, 0]
        cl = cl * (1 + p["mu_ISW"][i] * np.exp(-(ell - 2) / 8))
        binned.append(_bin(cl, edges))
    return np.array(binned), results.Params.H0, time.process_time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backgrounds", type=int, default=200)
    parser.add_argument("--per-kind", type=int, default=2,
                        help="spectra of each kind per background")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20250115)
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args()

    import multiprocessing

    import camb

    p, kind = draw_parameters(args.backgrounds, args.per_kind, args.seed)
    per_group = len(KINDS) * args.per_kind
    tasks = [(list(range(g * per_group, (g + 1) * per_group)), p) for g in range(args.backgrounds)]
    wall = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        out = pool.map(background_spectra, tasks, chunksize=1)
    wall = time.perf_counter() - wall
    theory = np.concatenate([o[0] for o in out])
    p["H0"] = np.repeat([o[1] for o in out], per_group)
    cpu = sum(o[2] for o in out)
    if not (np.isfinite(theory).all() and (theory > 0).all()):
        raise RuntimeError("CAMB returned non-positive or non-finite spectra")

    ell, _ = cmb_multipoles()
    source = f"camb {camb.__version__}"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.output, ell=ell.astype(np.float32), theory=theory.astype(np.float32),
        kind=kind.astype(np.int8), kind_names=np.array(KINDS), label=(kind > 0).astype(np.int8),
        params=np.stack([p[name] for name in PARAM_NAMES], axis=1).astype(np.float32),
        param_names=np.array(PARAM_NAMES), source=np.array([source]),
        settings=np.array([f"{source}; lensed TT, NonLinear_none, lmax 2000, thetastar set; "
                           f"{args.backgrounds} backgrounds x {per_group} spectra; "
                           f"seed {args.seed}"]))
    size = args.output.stat().st_size
    print(f"{theory.shape[0]} spectra ({args.backgrounds} backgrounds) with {source}: "
          f"CPU {cpu:.0f} s ({cpu / args.backgrounds:.2f} s per background), wall {wall:.0f} s "
          f"on {args.workers} workers; wrote {args.output} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
