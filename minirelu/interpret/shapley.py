"""Exact Shapley values by enumerating every coalition of features.

A coalition S is a set of features "present"; the others are filled in from a
background row b. The value of S, for the row x being explained, is the mean
prediction over the background rows (the interventional value function),

    v(S) = (1/|B|) sum_{b in B} f(x_S, b_{not S}),

so v(all) = f(x) and v(empty) = mean f(B), the base value. Feature j's Shapley
value averages its marginal contribution v(S + j) - v(S) over the coalitions S
that do not hold j, each weighted by the share of feature orderings in which j
joins exactly the features of S:

    phi_j = sum_{S not holding j} |S|! (d - |S| - 1)! / d! * [v(S + j) - v(S)].

Written per coalition, v(S) enters phi_j with weight w(|S| - 1) when j is in S
and with -w(|S|) when it is not, w(k) = k! (d - k - 1)! / d!; so all d values are
one matrix product ``V @ C`` of the coalition values V (m, 2^d) with a fixed
(2^d, d) matrix C. The cost is in v: 2^d coalitions times |B| model rows per
explained row, evaluated here in blocks of about ``CHUNK_ROWS`` rows so that each
block of inputs and the network's activations stay in cache.

The values add up (efficiency): sum_j phi_j = f(x) - mean f(B). A feature that
never changes f gets 0 (dummy), two features that play the same role get the same
value (symmetry), and the values of f + g are those of f plus those of g (linearity).
For a linear model, phi_j = w_j (x_j - mean_B x_j).

Introduced in lessons/13_shapley.ipynb.
"""
from math import factorial

import numpy as np

from ..table import Table, format_float, format_floats
from ..threads import blas_threads
from ..validation import check_array, check_int
from ._inputs import check_feature_names, check_predict_fn, evaluate, feature_index

__all__ = ["shapley_values", "ShapleyValues", "shapley_weights", "coalition_masks",
           "MAX_FEATURES"]

MAX_FEATURES = 20
# Rows per call of predict_fn. Measured with d = 12 and 50 background rows, one BLAS
# thread: a plain NumPy d-64-64-1 forward pass ran 2x faster in 1,024-4,096-row blocks
# than in 32,768-row ones (whose activations no longer fit in the caches); minirelu's own
# forward, which blocks internally, lost about 15% at 4,096 rows to per-call overhead.
CHUNK_ROWS = 4096
# Coalition tables (2^d rows) are printed only up to this many features.
TABLE_MAX_FEATURES = 6


def coalition_masks(d):
    """All 2^d coalitions of d features as a boolean array (2^d, d).

    Taught in lessons/13_shapley.ipynb, section 1.

    Row s holds feature j when bit j of s is set: row 0 is the empty coalition,
    row 2^d - 1 holds every feature.
    """
    d = check_int(d, "d", minimum=1)
    return ((np.arange(2 ** d)[:, None] >> np.arange(d)) & 1).astype(bool)


def shapley_weights(d):
    """w(k) = k! (d - k - 1)! / d! for coalition sizes k = 0..d-1, shape (d,).

    Taught in lessons/13_shapley.ipynb, section 1.

    w(k) is the weight of the marginal contribution v(S + j) - v(S) with |S| = k:
    the share of the d! orderings in which j comes right after the k features of S.
    The weights of the coalitions one feature can join sum to one:
    sum_k C(d-1, k) w(k) = 1.
    """
    d = check_int(d, "d", minimum=1)
    return np.array([factorial(k) * factorial(d - k - 1) / factorial(d) for k in range(d)])


def _contribution_matrix(masks):
    """C (2^d, d) with phi = v @ C: +w(|S|-1) where j is in S, -w(|S|) where it is not."""
    d = masks.shape[1]
    w = np.append(shapley_weights(d), 0.0)       # w(d) = 0: the full coalition joins nothing
    sizes = masks.sum(axis=1)
    return np.where(masks, w[sizes - 1][:, None], -w[sizes][:, None])


def _check_inputs(predict_fn, x, background):
    check_predict_fn(predict_fn)
    X = check_array(x, "x", ensure_2d=False)
    if X.ndim not in (1, 2):
        raise ValueError(f"x must be one row (d,) or rows (m, d), got an array of shape {X.shape}")
    single = X.ndim == 1
    X = np.atleast_2d(X)
    B = check_array(background, "background", ensure_2d=False)
    B = B[None, :] if B.ndim == 1 else B
    if B.ndim != 2:
        raise ValueError(f"background must be rows (n, d) (or one row (d,)), got shape {B.shape}")
    d = X.shape[1]
    if B.shape[1] != d:
        raise ValueError(f"background has {B.shape[1]} features but x has {d}")
    if d > MAX_FEATURES:
        raise ValueError(f"exact Shapley values enumerate all 2^d coalitions: x has d = {d} "
                         f"features, i.e. 2^{d} = {2 ** d:,} coalitions x {len(B)} background rows "
                         f"= {2 ** d * len(B):,} model evaluations per explained row; at most "
                         f"{MAX_FEATURES} features are allowed (group features, or sample coalitions)")
    return X, B, single


def shapley_values(predict_fn, x, background, feature_names=None, chunk_rows=None, n_threads=1):
    """Exact (interventional) Shapley values of ``predict_fn`` at ``x``, by enumeration.

    Taught in lessons/13_shapley.ipynb, sections 1-4 (the cost: section 6).

    Parameters
    ----------
    predict_fn : callable, (n, d) array -> (n,) numbers (an (n, 1) column is accepted).
        E.g. ``clf.decision_function`` (the logit) or ``lambda X: clf.predict_proba(X)[:, 1]``.
    x : array (d,) one row, or (m, d) several rows explained at once.
    background : array (n_b, d) the rows that fill in absent features (one row (d,) is a
        background of one, e.g. the all-zero baseline).
    feature_names : optional list of d names for the tables (default x0, x1, ...).
    chunk_rows : rows per call of ``predict_fn`` (default ``CHUNK_ROWS``).
    n_threads : BLAS threads while ``predict_fn`` runs (default 1: blocks of a few thousand
        rows gain little from a second thread, and lose a lot when another process holds
        the other core).

    Returns
    -------
    ShapleyValues
        ``values`` (d,) or (m, d); ``base_value`` = mean f(background);
        ``prediction`` f(x) (float or (m,)); ``coalition_values`` (2^d,) or (m, 2^d);
        ``masks`` (2^d, d); ``table`` (feature, x, phi); ``coalition_table()``,
        ``contributions(feature)`` for teaching; ``plot()``.

    Raises a ValueError naming the 2^d cost when d > ``MAX_FEATURES``.
    Every explained row costs 2^d |background| model evaluations, done in batched calls
    of about ``chunk_rows`` rows; nothing loops over coalitions in Python.
    """
    X, B, single = _check_inputs(predict_fn, x, background)
    chunk_rows = CHUNK_ROWS if chunk_rows is None else check_int(chunk_rows, "chunk_rows", minimum=1)
    n_threads = check_int(n_threads, "n_threads", minimum=1)
    m, d = X.shape
    n_b = len(B)
    masks = coalition_masks(d)
    n_coalitions = len(masks)
    names = check_feature_names(feature_names, d, rows="x",
                                model=getattr(predict_fn, "__self__", None), data=background)

    # (row, coalition) pairs are numbered p = i * 2^d + s; a block of pairs becomes
    # pairs x n_b model rows: x_i where the coalition holds the feature, b elsewhere.
    values = np.empty(m * n_coalitions)
    pairs_per_call = max(1, chunk_rows // n_b)
    with blas_threads(n_threads):
        for start in range(0, m * n_coalitions, pairs_per_call):
            pairs = np.arange(start, min(start + pairs_per_call, m * n_coalitions))
            rows, coalitions = np.divmod(pairs, n_coalitions)
            block = np.where(masks[coalitions][:, None, :], X[rows][:, None, :], B[None, :, :])
            out = evaluate(predict_fn, len(pairs) * n_b, block.reshape(-1, d))
            values[start:start + len(pairs)] = out.reshape(len(pairs), n_b).mean(axis=1)
    V = values.reshape(m, n_coalitions)

    phi = V @ _contribution_matrix(masks)
    base = float(V[0, 0])
    result = ShapleyValues(phi, base, V[:, -1].copy(), V, masks, X, n_b, names)
    return result.row(0) if single else result


class ShapleyValues:
    """Exact Shapley values of one row (arrays (d,)) or of m rows (arrays (m, d)).

    Attributes
    ----------
    values : (d,) or (m, d), phi_j for each explained row.
    base_value : float, v(empty) = mean f(background).
    prediction : float or (m,), f(x) = v(all features).
    coalition_values : (2^d,) or (m, 2^d), v(S) for the coalitions in ``masks`` order.
    masks : (2^d, d) bool, which features each coalition holds.
    x : (d,) or (m, d), the explained rows.
    n_background : int.
    n_evaluations : int, model rows evaluated: 2^d * n_background per explained row.
    feature_names : list of d names.
    """

    def __init__(self, values, base_value, prediction, coalition_values, masks, x, n_background,
                 feature_names):
        self.values, self.base_value, self.prediction = values, base_value, prediction
        self.coalition_values, self.masks, self.x = coalition_values, masks, x
        self.n_background, self.feature_names = n_background, feature_names
        m = 1 if np.ndim(values) == 1 else len(values)
        self.n_evaluations = m * len(masks) * n_background

    @property
    def n_features(self):
        return self.masks.shape[1]

    @property
    def single(self):
        return np.ndim(self.values) == 1

    def row(self, i):
        """The values of explained row ``i`` alone (a single-row ShapleyValues)."""
        if self.single:
            if i != 0:
                raise ValueError(f"row must be 0 for a single explained row, got {i}")
            return self
        i = check_int(i, "row", minimum=0)
        if i >= len(self.values):
            raise ValueError(f"row must be below {len(self.values)}, the number of rows; got {i}")
        return ShapleyValues(self.values[i], self.base_value, float(self.prediction[i]),
                             self.coalition_values[i], self.masks, self.x[i], self.n_background,
                             self.feature_names)

    @property
    def efficiency_gap(self):
        """max |sum_j phi_j - (f(x) - base_value)| over the rows: 0 up to rounding."""
        total = np.sum(self.values, axis=-1)
        return float(np.max(np.abs(total - (np.asarray(self.prediction) - self.base_value))))

    @property
    def table(self):
        """Table with columns ``feature``, ``x``, ``phi`` (one explained row; else row 0)."""
        r = self.row(0)
        return Table({"feature": list(r.feature_names), "x": [float(v) for v in r.x],
                      "phi": [float(v) for v in r.values]})

    def _set_name(self, mask):
        return "{" + ", ".join(n for n, held in zip(self.feature_names, mask) if held) + "}"

    def _order(self):
        """Coalitions by size, then by the features they hold (as a person would list them)."""
        sizes = self.masks.sum(axis=1)
        return sorted(range(len(self.masks)), key=lambda s: (sizes[s], [-int(h) for h in self.masks[s]]))

    def coalition_table(self, row=0):
        """Every coalition S of explained row ``row``: its features, |S|, v(S) and the weight
        w(|S|) = |S|! (d - |S| - 1)! / d! that a feature joining S gets, as text to 4 decimals
        ("-" for the full set, which no feature can join; numbers: :func:`shapley_weights`).

        Only for d <= ``TABLE_MAX_FEATURES`` (the table has 2^d rows).
        """
        r = self._small_row(row)
        w = shapley_weights(r.n_features)
        order = r._order()
        sizes = r.masks.sum(axis=1)
        return Table({"S": [r._set_name(r.masks[s]) for s in order],
                      "|S|": [int(sizes[s]) for s in order],
                      "v(S)": [float(r.coalition_values[s]) for s in order],
                      "weight": [f"{w[sizes[s]]:.4f}" if sizes[s] < r.n_features else "-"
                                 for s in order]})

    def contributions(self, feature, row=0):
        """The terms of phi_feature: for each S without the feature, v(S + j) - v(S), its
        weight and their product; the column ``weighted`` sums to phi_feature.

        Only for d <= ``TABLE_MAX_FEATURES``. ``feature`` is an index or a name.
        """
        r = self._small_row(row)
        j = feature_index(feature, len(r.feature_names), r.feature_names)
        w = shapley_weights(r.n_features)
        order = [s for s in r._order() if not r.masks[s, j]]
        with_j = [s | (1 << j) for s in order]
        marginal = [float(r.coalition_values[t] - r.coalition_values[s]) for s, t in zip(order, with_j)]
        weight = [float(w[r.masks[s].sum()]) for s in order]
        return Table({"S": [r._set_name(r.masks[s]) for s in order],
                      "S + j": [r._set_name(r.masks[t]) for t in with_j],
                      "v(S + j)": [float(r.coalition_values[t]) for t in with_j],
                      "v(S)": [float(r.coalition_values[s]) for s in order],
                      "marginal": marginal, "weight": weight,
                      "weighted": [m_ * w_ for m_, w_ in zip(marginal, weight)]})

    def _small_row(self, row):
        if self.n_features > TABLE_MAX_FEATURES:
            raise ValueError(f"coalition tables list 2^d = {2 ** self.n_features} coalitions; they "
                             f"are shown for at most {TABLE_MAX_FEATURES} features")
        return self.row(row)

    def __repr__(self):
        if self.single:
            # A value at rounding level (a dummy feature's -3e-16) prints 0.0000 whatever its
            # sign, which depends on the machine's summation order (format_float).
            return (f"ShapleyValues(values={format_floats(self.values)}, "
                    f"base_value={format_float(self.base_value)}, "
                    f"prediction={format_float(self.prediction)}, n_background={self.n_background})")
        return (f"ShapleyValues(n_rows={len(self.values)}, n_features={self.n_features}, "
                f"base_value={format_float(self.base_value)}, n_background={self.n_background}, "
                f"efficiency_gap={self.efficiency_gap:.1e})")

    def plot(self, ax=None, row=0, kind="waterfall"):
        """A waterfall from the base value to f(x) (``kind='waterfall'``) or bars of phi
        (``kind='bar'``) for explained row ``row``; returns the Axes."""
        from ..plotting.explain import plot_shapley
        return plot_shapley(self.row(row), ax=ax, kind=kind)
