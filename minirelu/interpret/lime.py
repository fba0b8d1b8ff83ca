"""LIME-style local surrogates: perturb around x, weight by closeness, fit a line.

To explain f at a row x (d features):

1. measure every feature in units of its training spread, sigma_j = std of X_train[:, j];
2. draw n perturbations u_i ~ N(0, s^2 I) in those units, z_i = x + sigma * u_i
   (``s`` is the sample width);
3. evaluate y_i = f(z_i);
4. weight each sample by an exponential kernel on its scaled distance,
   pi_i = exp(-||u_i||^2 / (2 w^2)) (``w`` is the kernel width; the ``lime``
   package's kernel sqrt(exp(-D^2 / w^2)) is the same function);
5. fit y ~ b + beta . t by weighted ridge regression, t = u / s, in closed form:
   minimise sum_i pi_i (y_i - b - beta . t_i)^2 / sum_i pi_i + alpha ||beta||^2.

The slopes in the units of x are coef_j = beta_j / (s sigma_j): comparable with
the exact local linear model of a ReLU network, whose coefficients are the input
gradient at x. Inside one linear region wider than the samples, LIME recovers
them (up to the ridge's shrinkage); a kernel reaching over a boundary blends the
neighbouring models.

Why the sampling spread follows the kernel: drawn at the full training spread
(s = 1) under a narrow kernel (w << 1), a sample lands within the kernel only
with probability about (w / s)^d, so the weights of a few samples dwarf all the
others. The effective number of samples, n_eff = (sum pi)^2 / sum pi^2 (Kish),
drops to about one in ten dimensions, and the fit follows noise. With s = w,
n_eff = n (sqrt(3) / 2)^d: 75% of the samples in two dimensions.

Continuous features stay continuous here. The ``lime`` package's default instead
replaces each feature by "x_j lies in the same training quartile as the
explained row" (0 or 1), so its weights measure the effect of that bin indicator,
not a slope (see lessons/12_lime.ipynb).

Introduced in lessons/12_lime.ipynb.
"""
import numpy as np

from ..table import Table, format_float, format_floats
from ..threads import blas_threads
from ..validation import (check_array, check_int, check_n_features, check_non_negative,
                          check_positive, check_random_state, check_vector)
from ._inputs import check_feature_names, check_predict_fn, evaluate

__all__ = ["lime_explanation", "LimeExplanation", "lime_path", "LimePath", "weighted_ridge",
           "effective_sample_size"]


def effective_sample_size(weights):
    """Kish's effective number of samples, (sum w)^2 / sum w^2.

    Taught in lessons/12_lime.ipynb, section 5.

    It is n for n equal weights and 1 when one weight dwarfs the rest.
    """
    w = check_vector(weights, "weights")
    if (w < 0).any() or w.sum() == 0:
        raise ValueError("weights must be non-negative and not all zero")
    return float(w.sum() ** 2 / np.dot(w, w))


def weighted_ridge(T, y, weights, alpha=0.0):
    """Weighted ridge regression with an unpenalised intercept, in closed form.

    Taught in lessons/12_lime.ipynb, section 2.

    Minimises sum_i w_i (y_i - b - t_i . beta)^2 / sum_i w_i + alpha ||beta||^2.
    With weighted means t_bar, y_bar and centred rows T_c = T - t_bar:

        beta = (T_c^T W T_c / sum w + alpha I)^(-1) T_c^T W (y - y_bar) / sum w,
        b = y_bar - t_bar . beta.

    Parameters
    ----------
    T : array (n, d).    y : array (n,).    weights : array (n,), non-negative.
    alpha : float >= 0.

    Returns
    -------
    b : float, beta : array (d,).
    """
    T = check_array(T, "T")
    y = check_vector(y, "y")
    w = check_vector(weights, "weights")
    if len(y) != len(T) or len(w) != len(T):
        raise ValueError(f"T, y and weights must have the same number of rows; got "
                         f"{len(T)}, {len(y)} and {len(w)}")
    if (w < 0).any() or w.sum() == 0:
        raise ValueError("weights must be non-negative and not all zero")
    alpha = check_non_negative(alpha, "alpha")
    p = w / w.sum()
    t_bar, y_bar = p @ T, p @ y
    Tc = T - t_bar
    gram = (Tc * p[:, None]).T @ Tc
    gram[np.diag_indices_from(gram)] += alpha
    try:
        beta = np.linalg.solve(gram, (Tc * p[:, None]).T @ (y - y_bar))
    except np.linalg.LinAlgError:
        raise ValueError("the weighted samples do not determine a slope for every feature (a "
                         "singular system): use alpha > 0 or more samples") from None
    return float(y_bar - t_bar @ beta), beta


class LimeExplanation:
    """A LIME-style local linear surrogate of f around one row.

    Attributes
    ----------
    coef : (d,), slopes in the units of x (comparable with an exact LLM's coefficients).
    intercept : float, so that the surrogate is ``intercept + z @ coef``.
    coef_scaled : (d,), coef * training spread: the change per training standard deviation
        (what the ``lime`` package reports when it does not discretise).
    local_prediction : float, the surrogate at x.     prediction : float, f(x).
    r2 : float, weighted R^2 of the surrogate on the samples.
    effective_samples : float, Kish's (sum w)^2 / sum w^2.
    samples : (n, d) the perturbed rows z_i.     targets : (n,) f(z_i).
    weights : (n,) kernel weights, scaled so the largest is 1 (the fit uses only ratios).
    x, scale : (d,), the explained row and the training spread sigma.
    kernel_width, sample_width, alpha : the settings used (in units of sigma).
    """

    def __init__(self, x, scale, samples, targets, weights, beta, b, prediction, kernel_width,
                 sample_width, alpha, feature_names):
        self.x, self.scale, self.samples, self.targets = x, scale, samples, targets
        self.weights = weights
        self.coef = beta / (sample_width * scale)
        self.coef_scaled = self.coef * scale
        self.local_prediction = b
        self.intercept = float(b - self.coef @ x)
        self.prediction = prediction
        self.kernel_width, self.sample_width, self.alpha = kernel_width, sample_width, alpha
        self.feature_names = feature_names
        fitted = self.predict(samples)
        p = weights / weights.sum()
        y_bar = p @ targets
        total = p @ (targets - y_bar) ** 2
        self.r2 = float(1.0 - (p @ (targets - fitted) ** 2) / total) if total > 0 else 1.0
        self.effective_samples = effective_sample_size(weights)

    def predict(self, Z):
        """The surrogate ``intercept + Z @ coef``, shape (n,)."""
        Z = check_array(Z, "Z")
        check_n_features(Z, len(self.coef), "Z")
        return self.intercept + Z @ self.coef

    @property
    def table(self):
        """Table with columns ``feature``, ``coef``, ``coef x spread``."""
        return Table({"feature": list(self.feature_names), "coef": self.coef.tolist(),
                      "coef x spread": self.coef_scaled.tolist()})

    def __repr__(self):
        return (f"LimeExplanation(coef={format_floats(self.coef)}, "
                f"intercept={format_float(self.intercept)}, "
                f"r2={format_float(self.r2)}, effective_samples={self.effective_samples:.1f} of "
                f"{len(self.samples)}, "
                f"kernel_width={format_float(self.kernel_width, '.4g')}, "
                f"sample_width={format_float(self.sample_width, '.4g')})")

    def plot(self, ax=None, reference=None, reference_label="exact LLM"):
        """Bars of the LIME coefficients beside ``reference`` (e.g. the exact LLM's); returns the Axes."""
        from ..plotting.explain import plot_lime_coefficients
        return plot_lime_coefficients(self, ax=ax, reference=reference,
                                      reference_label=reference_label)

    def plot_samples(self, ax=None, features=(0, 1)):
        """The perturbed samples in two features, coloured by kernel weight; returns the Axes."""
        from ..plotting.explain import plot_lime_samples
        return plot_lime_samples(self, ax=ax, features=features)


# A width w enters the kernel squared: outside about 1e-150..1e150 the square underflows
# to 0 or overflows, and the weights would be NaN.
WIDTH_RANGE = (1e-150, 1e150)


def _check_width(value, name):
    value = check_positive(value, name)
    if not WIDTH_RANGE[0] <= value <= WIDTH_RANGE[1]:
        raise ValueError(f"{name} must be between {WIDTH_RANGE[0]:g} and {WIDTH_RANGE[1]:g} "
                         f"(in units of the training spread; it enters squared), got {value:g}")
    return value


def _setup(predict_fn, x, X_train, n_samples, sample_width, alpha, random_state, n_threads):
    check_predict_fn(predict_fn)
    x = check_vector(x, "x")
    X_train = check_array(X_train, "X_train")
    check_n_features(X_train, len(x), "X_train")
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    if sample_width is not None:
        sample_width = _check_width(sample_width, "sample_width")
    alpha = check_non_negative(alpha, "alpha")
    rng = check_random_state(random_state)
    check_int(n_threads, "n_threads", minimum=1)
    scale = X_train.std(axis=0)
    scale[scale == 0] = 1.0           # a constant training feature: perturb it in raw units
    return x, scale, n_samples, sample_width, alpha, rng


def _explain(predict_fn, x, scale, normals, kernel_width, sample_width, alpha, names, n_threads):
    """Steps 2-5 with given standard normal draws (n, d)."""
    U = normals * sample_width
    Z = x + U * scale
    still = ~(Z != x).any(axis=0)
    if still.any():
        raise ValueError(f"sample_width {sample_width:g} (by default the kernel width) is too small "
                         f"to move feature {np.flatnonzero(still)[0]} of x at all in float64")
    with blas_threads(n_threads):
        out = evaluate(predict_fn, len(Z) + 1, np.vstack([x, Z]))
    prediction, y = float(out[0]), out[1:]
    d2 = np.einsum("ij,ij->i", U, U)
    # Relative weights: dividing by the largest kernel value changes no ratio, so
    # the fit and n_eff are the same, and no weight underflows when all are tiny.
    weights = np.exp(-(d2 - d2.min()) / (2.0 * kernel_width ** 2))
    b, beta = weighted_ridge(normals, y, weights, alpha)    # t = u / s = the normals
    return LimeExplanation(x, scale, Z, y, weights, beta, b, prediction, kernel_width,
                           sample_width, alpha, names)


def lime_explanation(predict_fn, x, X_train, n_samples=5000, kernel_width=None, sample_width=None,
                     alpha=1e-3, feature_names=None, random_state=None, n_threads=1):
    """A LIME-style weighted linear fit of ``predict_fn`` around ``x``.

    Taught in lessons/12_lime.ipynb, section 2.

    Parameters
    ----------
    predict_fn : callable, (n, d) -> (n,), e.g. ``clf.decision_function`` (the logit).
    x : array (d,), the row explained.
    X_train : array (n_train, d); only its per-feature standard deviation is used.
    n_samples : int, perturbations drawn.
    kernel_width : float > 0, in units of the training spread (default 0.75 sqrt(d), the
        ``lime`` package's default).
    sample_width : float > 0, the standard deviation of the perturbations in the same units
        (default: ``kernel_width``). Keep it near the kernel width: sampling wider than the
        kernel wastes samples (n_eff falls roughly as (w / s)^d), see the module docstring.
    alpha : float >= 0, ridge penalty on the slopes in units of the sample width. The
        weighted variance of each such column is about 1/2 at the default sample width,
        so the default 1e-3 shrinks the slopes by about 0.2%; it keeps the fit defined
        when few samples carry weight.
    feature_names : optional list of d names.
    random_state : None, int or Generator.
    n_threads : BLAS threads while ``predict_fn`` runs (default 1).

    Returns
    -------
    LimeExplanation
        ``coef`` (d,), ``intercept``, ``r2``, ``effective_samples``, ``samples`` (n, d),
        ``weights`` (n,), ``table``, ``plot()``, ``plot_samples()``.
    """
    x, scale, n_samples, sample_width, alpha, rng = _setup(
        predict_fn, x, X_train, n_samples, sample_width, alpha, random_state, n_threads)
    d = len(x)
    kernel_width = 0.75 * np.sqrt(d) if kernel_width is None else _check_width(kernel_width,
                                                                                "kernel_width")
    sample_width = kernel_width if sample_width is None else sample_width
    normals = rng.standard_normal((n_samples, d))
    return _explain(predict_fn, x, scale, normals, kernel_width, sample_width, alpha,
                    check_feature_names(feature_names, d, rows="x",
                                        model=getattr(predict_fn, "__self__", None), data=X_train),
                    n_threads)


class LimePath:
    """LIME coefficients at a range of kernel widths.

    Attributes
    ----------
    kernel_widths : (k,).    coef : (k, d).    r2, effective_samples : (k,).
    sample_widths : (k,), the sampling spread used at each width.
    explanations : list of k LimeExplanation.
    """

    def __init__(self, explanations, feature_names):
        self.explanations = explanations
        self.feature_names = feature_names
        self.kernel_widths = np.array([e.kernel_width for e in explanations])
        self.sample_widths = np.array([e.sample_width for e in explanations])
        self.coef = np.array([e.coef for e in explanations])
        self.r2 = np.array([e.r2 for e in explanations])
        self.effective_samples = np.array([e.effective_samples for e in explanations])

    @property
    def table(self):
        """Table: kernel width, sample width, R^2, n_eff and one column per coefficient."""
        columns = {"kernel_width": self.kernel_widths.tolist(),
                   "sample_width": self.sample_widths.tolist(), "r2": self.r2.tolist(),
                   "n_eff": self.effective_samples}
        for j, name in enumerate(self.feature_names):
            columns[f"coef {name}"] = self.coef[:, j].tolist()
        return Table(columns, formats={"n_eff": ".1f"})

    def __repr__(self):
        return (f"LimePath(n_widths={len(self.kernel_widths)}, kernel_widths from "
                f"{self.kernel_widths.min():.4g} to {self.kernel_widths.max():.4g}, "
                f"n_features={self.coef.shape[1]})")

    def plot(self, ax=None, reference=None, reference_label="exact LLM", features=None):
        """Each coefficient against the kernel width (log scale), with ``reference`` values as
        dashed lines; returns the Axes."""
        from ..plotting.explain import plot_lime_path
        return plot_lime_path(self, ax=ax, reference=reference, reference_label=reference_label,
                              features=features)


def lime_path(predict_fn, x, X_train, kernel_widths, n_samples=5000, sample_width=None,
              alpha=1e-3, feature_names=None, random_state=None, n_threads=1):
    """:func:`lime_explanation` at every width in ``kernel_widths``.

    Taught in lessons/12_lime.ipynb, section 3.

    The same standard normal draws are reused at every width (scaled by the sample
    width), so the curves change with the width, not with the random draw.
    ``sample_width=None`` lets the sampling spread follow each kernel width; a number
    fixes it (e.g. 1.0, the full training spread).

    Returns
    -------
    LimePath with ``kernel_widths`` (k,), ``coef`` (k, d), ``r2``, ``effective_samples``.
    """
    x, scale, n_samples, sample_width, alpha, rng = _setup(
        predict_fn, x, X_train, n_samples, sample_width, alpha, random_state, n_threads)
    widths = check_vector(kernel_widths, "kernel_widths")
    if (widths <= 0).any():
        raise ValueError("kernel_widths must all be > 0")
    for w in widths:
        _check_width(float(w), "kernel_widths entries")
    names = check_feature_names(feature_names, len(x), rows="x",
                                model=getattr(predict_fn, "__self__", None), data=X_train)
    normals = rng.standard_normal((n_samples, len(x)))
    return LimePath([_explain(predict_fn, x, scale, normals, float(w),
                              float(w) if sample_width is None else sample_width, alpha, names,
                              n_threads)
                     for w in widths], names)
