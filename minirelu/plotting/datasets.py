"""Figures of the generated data sets: the CMB spectra, mean per class.

Introduced in lessons/07_cmb_classification.ipynb.
"""
from ._axes import get_axes

__all__ = ["plot_cmb_spectra"]


def plot_cmb_spectra(spectra, ax=None, relative=False):
    """Mean spectrum of each class against ℓ (log-log), or, with ``relative``, each
    alternative's mean over the ΛCDM mean minus one.

    Parameters
    ----------
    spectra : CMBSpectra
        From ``make_cmb_spectra`` or ``load_cmb_spectra``: ``.X`` (n, 93), ``.y`` (n,),
        ``.ell`` (93,), ``.class_names``, ``.source``.
    ax : matplotlib Axes or None
        Drawn into; None makes a new 7 x 4 figure.
    relative : bool
        Plot the relative difference of the class means instead of the means.

    Returns
    -------
    matplotlib Axes
    """
    ax = get_axes(ax, figsize=(7, 4))
    mean_lcdm = spectra.X[spectra.y == 0].mean(axis=0)
    alternatives = list(enumerate(spectra.class_names[1:], start=1))
    if relative:
        for label, name in alternatives:
            ax.plot(spectra.ell, spectra.X[spectra.y == label].mean(axis=0) / mean_lcdm - 1.0,
                    "o-", ms=3, label=f"{name} / ΛCDM − 1")
        ax.axhline(0.0, color="grey", lw=0.8)
        ax.set_xscale("log")
        ax.set_ylabel("relative difference of the class means")
    else:
        ax.loglog(spectra.ell, mean_lcdm, "o-", ms=3, label="ΛCDM (label 0)")
        for label, name in alternatives:
            ax.loglog(spectra.ell, spectra.X[spectra.y == label].mean(axis=0), "s--", ms=3,
                      label=f"{name} (label {label})")
        ax.set_ylabel(r"$C_\ell$ [μK²]")
    ax.set_xlabel(r"multipole $\ell$")
    ax.set_title(f"CMB TT spectra, mean per class ({spectra.source})")
    ax.legend()
    return ax
