"""Views of the local linear models of a ReLU network: summary, importance, profiles, local FI.

Each class is built from a :class:`~minirelu.interpret.local_linear.LocalLinearModels`
and holds arrays, a ``.table`` and ``.plot(ax=None)``. The definitions are those of the
ReLU-DNN toolkits (Aletheia, PiML, MoDeVa), written out in each docstring.
"""
import numpy as np

from ..activations import sigmoid
from ..validation import check_binary_labels, check_int, check_option, check_vector
from ..table import Table, format_float
from ._inputs import check_rows, feature_index

__all__ = ["LLMSummary", "FeatureImportance", "LLMProfile", "LocalLinearFI"]

# Global AUC ranks every row under every LLM; blocks of LLMs keep the (block, n)
# matrix of scores near 8 MB.
_BLOCK_VALUES = 1 << 20
# Global AUC sorts all n rows once per LLM. With k LLMs that is k n log n, quadratic
# when every row has its own pattern; "auto" computes it for every LLM while k n stays
# under GLOBAL_AUC_VALUES scores, and beyond that for the largest max(MIN_GLOBAL_AUC,
# GLOBAL_AUC_VALUES // n) LLMs only (NaN for the rest): O(n log n) in the rows.
# 1e7 scores take 1-2 s; lesson 09's 2,058 LLMs x 3,476 rows are 7e6.
GLOBAL_AUC_VALUES = 10_000_000
MIN_GLOBAL_AUC = 20


def check_targets(network, y, n, name="y", model=None):
    """Targets for the rows of X: labels 0/1 for a classifier (a fitted classifier's own
    labels, e.g. 'no'/'yes', become the index of each in its ``classes_``), finite numbers
    otherwise."""
    if network.output_activation == "sigmoid" and hasattr(model, "classes_"):
        y = model._label_codes(y, name)
    elif network.output_activation == "sigmoid":
        y = check_binary_labels(y, name)
    else:
        y = check_vector(y, name)
    if len(y) != n:
        raise ValueError(f"{name} has {len(y)} values but X has {n} rows")
    return y


def _group_rows(assignment, k):
    """Row indices sorted by LLM, and where each LLM's rows start: rows of LLM i are
    ``order[starts[i]:starts[i + 1]]``."""
    order = np.argsort(assignment, kind="stable")
    starts = np.searchsorted(assignment[order], np.arange(k + 1))
    return order, starts


def _global_mse(X, y, coef, intercept):
    """Mean over all rows of (y - x . w_k - b_k)^2, for every LLM k at once, shape (k,).

    From the moments of the data, so the cost is O(n d^2 + k d^2) instead of O(n k d):
    with centred data (x - xbar, y - ybar) the residual of LLM k is
    (y - ybar) - (x - xbar) . w_k - c_k, c_k = b_k + xbar . w_k - ybar, whose first part
    has mean 0, so  MSE_k = s_yy - 2 w_k . s_xy + w_k^T S w_k + c_k^2.
    """
    X = np.asarray(X, np.float64)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    n = len(y)
    S, s_xy, s_yy = Xc.T @ Xc / n, Xc.T @ yc / n, yc @ yc / n
    c = intercept + coef @ x_mean - y_mean
    quadratic = np.einsum("kj,jl,kl->k", coef, S, coef)
    # the sum of squares is >= 0; rounding may leave -1e-16 where it is 0
    return np.maximum(s_yy - 2 * coef @ s_xy + quadratic, 0.0) + c ** 2


def _auc_columns(y, scores):
    """ROC AUC of each row of ``scores`` (B, n) against the labels ``y`` (n,), ties counted 1/2.

    Mann-Whitney: AUC = (sum of the positives' ranks - P (P + 1) / 2) / (P N), with tied
    scores sharing the average of their ranks. Sorting every row at once is what costs;
    ranks are half-integers, so the sums are exact.
    """
    B, n = scores.shape
    order = np.argsort(scores, axis=1)
    ranked = np.take_along_axis(scores, order, axis=1)
    positive = y[order]
    rank = np.arange(1.0, n + 1)                          # 1-based rank of each position
    rank_sum = positive @ rank
    tied = np.flatnonzero((ranked[:, 1:] == ranked[:, :-1]).any(axis=1))
    if tied.size:                 # tied scores share the average of their positions' ranks
        ranked, positive = ranked[tied], positive[tied]
        tie_start = np.ones(ranked.shape, bool)
        np.not_equal(ranked[:, 1:], ranked[:, :-1], out=tie_start[:, 1:])
        tie_end = np.ones(ranked.shape, bool)
        tie_end[:, :-1] = tie_start[:, 1:]
        position = np.arange(n)
        first = np.maximum.accumulate(np.where(tie_start, position, 0), axis=1)
        last = np.minimum.accumulate(np.where(tie_end, position, n - 1)[:, ::-1], axis=1)[:, ::-1]
        rank_sum[tied] = np.sum((first + last + 2) * positive, axis=1) / 2.0
    n_pos = int(y.sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * (n - n_pos))


def _grouped_auc(group, y, score, k):
    """ROC AUC of ``score`` against the 0/1 labels ``y`` within each group 0..k-1, shape (k,).

    NaN for a group holding one class only. One sort of all rows by (group, score), then
    Mann-Whitney inside each group: AUC = (sum of the positives' ranks - P (P + 1) / 2) / (P N),
    tied scores sharing the average rank of their run. O(n log n) for any number of
    groups (one call of roc_auc_score per group costs a Python loop over k groups).
    """
    n = group.size
    if n == 0:                                               # no rows (e.g. no unseen rows)
        return np.full(k, np.nan)
    order = np.lexsort((score, group))
    g, s, positive = group[order], score[order], y[order].astype(np.float64)
    starts = np.searchsorted(g, np.arange(k))
    position = np.arange(n) - starts[g]                  # 0-based position within its group
    new_run = np.ones(n, bool)                           # a run: same group, same score
    if n > 1:
        new_run[1:] = (g[1:] != g[:-1]) | (s[1:] != s[:-1])
    run = np.cumsum(new_run) - 1
    run_start = np.flatnonzero(new_run)
    run_last = np.append(run_start[1:], n) - 1
    rank = (position[run_start][run] + position[run_last][run]) / 2.0 + 1.0
    rank_sum = np.bincount(g, rank * positive, k)
    n_pos = np.bincount(g, positive, k)
    n_neg = np.bincount(g, minlength=k) - n_pos
    auc = np.full(k, np.nan)
    both = (n_pos > 0) & (n_neg > 0)
    auc[both] = ((rank_sum[both] - n_pos[both] * (n_pos[both] + 1) / 2.0)
                 / (n_pos[both] * n_neg[both]))
    return auc


def global_auc_count(k, n, global_top):
    """How many of the k LLMs (the largest) get a Global AUC over n rows."""
    if global_top is None:
        return k
    if isinstance(global_top, str):
        if global_top != "auto":
            raise ValueError(f"global_top must be 'auto', None or a positive int, got {global_top!r}")
        return k if k * n <= GLOBAL_AUC_VALUES else min(k, max(MIN_GLOBAL_AUC, GLOBAL_AUC_VALUES // n))
    return min(k, check_int(global_top, "global_top", minimum=1))


class LLMSummary:
    """The LLM summary table: see :func:`minirelu.interpret.llm_summary`.

    Attributes
    ----------
    counts, response_mean, response_std, local_score, global_score : ndarray (k,)
        ``local_score``/``global_score`` hold MSE (regression) or AUC (classification).
    metric : 'MSE' or 'AUC'.
    unseen_share : float or None
        With ``X_new``: share of its rows whose activation pattern never occurs in X.
    n_unseen_llms : int or None
        With ``X_new``: distinct activation patterns among its unseen rows (each an exact
        LLM of its own, composed on demand).
    test_counts, test_local_score : ndarray (k,) or None
        With ``X_new`` and ``y_new``: rows of X_new in each LLM, and the MSE or AUC of the
        LLM on them (NaN where it has none, or one class).
    unseen_score : float or None
        With ``y_new``: MSE or AUC of the unseen rows' own exact LLMs (the network's raw
        output) on those rows, NaN if there are none.
    n_global : int, how many LLMs (the largest) have a global score; the rest hold NaN
        (only a classifier's Global AUC is ever limited, see ``global_top``).
    llms : the LocalLinearModels summarised.
    """

    def __init__(self, llms, y, X_new=None, global_top="auto", y_new=None):
        X, k, a = llms.X, llms.n_llms, llms.assignment
        y = check_targets(llms.network, y, len(a))
        yf = y.astype(np.float64)
        n_k = llms.counts.astype(np.float64)
        self.llms, self.counts = llms, llms.counts
        self.metric = "AUC" if llms.is_classifier else "MSE"
        self.response_mean = np.bincount(a, yf, k) / n_k
        squares = np.bincount(a, (yf - self.response_mean[a]) ** 2, k)
        self.response_std = np.full(k, np.nan)
        many = llms.counts > 1
        self.response_std[many] = np.sqrt(squares[many] / (n_k[many] - 1))
        if self.metric == "MSE":
            residual = yf - llms._fitted_values()
            self.local_score = np.bincount(a, residual ** 2, k) / n_k
            self.global_score = _global_mse(X, yf, llms.coef, llms.intercept)
            self.n_global = k
        else:
            self.local_score = _grouped_auc(a, y, llms._fitted_values(), k)
            self.n_global = global_auc_count(k, len(a), global_top)
            self.global_score = np.full(k, np.nan)
            if y.min() < y.max():
                block = max(1, _BLOCK_VALUES // len(a))
                for start in range(0, self.n_global, block):
                    stop = min(start + block, self.n_global)
                    scores = llms.coef[start:stop] @ X.T + llms.intercept[start:stop, None]
                    self.global_score[start:stop] = _auc_columns(y, scores)
        self.unseen_share, self.n_new, self.n_unseen_llms = None, None, None
        self.test_counts, self.test_local_score, self.unseen_score = None, None, None
        if X_new is not None:
            where = llms.locate(X_new)
            self.unseen_share, self.n_new = where.unseen_share, where.n_rows
            self.n_unseen_llms = len(where.new_intercept)
            if y_new is not None:
                self._test_columns(llms, where, check_targets(llms.network, y_new, where.n_rows,
                                                              "y_new"))

    def _test_columns(self, llms, where, y_new):
        k, seen = llms.n_llms, ~where.unseen
        a, f, yt = where.llm[seen], where.prediction[seen], y_new[seen]
        self.test_counts = np.bincount(a, minlength=k)
        if self.metric == "MSE":
            yt = yt.astype(np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                self.test_local_score = np.bincount(a, (yt - f) ** 2, k) / self.test_counts
            unseen = (y_new[where.unseen] - where.prediction[where.unseen]) ** 2
            self.unseen_score = float(unseen.mean()) if unseen.size else np.nan
        else:
            self.test_local_score = _grouped_auc(a, yt, f, k)
            rest = where.unseen
            self.unseen_score = float(_grouped_auc(np.zeros(rest.sum(), np.int64), y_new[rest],
                                                   where.prediction[rest], 1)[0])

    def __repr__(self):
        unseen = "" if self.unseen_share is None else \
            f", unseen_share={format_float(self.unseen_share)} of {self.n_new} new rows"
        limited = "" if self.n_global == len(self.counts) else \
            f", global {self.metric} for the {self.n_global} largest"
        return (f"LLMSummary(n_llms={len(self.counts)}, n_samples={int(self.counts.sum())}, "
                f"metric={self.metric!r}{limited}{unseen})")

    @property
    def table(self):
        columns = {"LLM": np.arange(len(self.counts)), "Count": self.counts,
                   "Response Mean": self.response_mean, "Response Std": self.response_std,
                   f"Local {self.metric}": self.local_score,
                   f"Global {self.metric}": self.global_score}
        if self.test_counts is not None:
            columns.update({"Test Count": self.test_counts,
                            f"Test Local {self.metric}": self.test_local_score})
        return Table(columns)

    def plot(self, ax=None, top=20):
        """Local against global MSE/AUC of the ``top`` largest LLMs; returns the Axes."""
        from ..plotting.local_linear import plot_llm_summary
        return plot_llm_summary(self, ax=ax, top=top)


class FeatureImportance:
    """Global feature importance from the LLMs: see :func:`minirelu.interpret.feature_importance`.

    Attributes
    ----------
    importance : ndarray (d,), sums to 1.
    order : ndarray (d,), feature indices from most to least important.
    weighting : 'count' or 'variance'.
    feature_names : list of str.
    """

    def __init__(self, llms, weighting="count"):
        self.weighting = check_option(weighting, ("count", "variance"), "weighting")
        weighted = llms.counts @ llms.coef ** 2          # sum_k n_k w~_kj^2, shape (d,)
        if self.weighting == "variance":                 # times var(x_j) over all rows
            weighted = weighted * np.asarray(llms.X, np.float64).var(axis=0)
        total = weighted.sum()
        if total == 0:
            raise ValueError("every local linear model has zero coefficients on X: the network "
                             "is constant there, so feature importance is undefined")
        self.importance = weighted / total
        self.order = np.argsort(-self.importance, kind="stable")
        self.feature_names = llms.feature_names

    def __repr__(self):
        top = ", ".join(f"{self.feature_names[j]}={format_float(self.importance[j])}"
                        for j in self.order[:3])
        return f"FeatureImportance(n_features={self.importance.size}, top: {top})"

    @property
    def label(self):
        return f"LLM slopes, {self.weighting}-weighted"

    @property
    def table(self):
        """Features sorted by importance, most important first."""
        return Table({"Feature": [self.feature_names[j] for j in self.order],
                      "Importance": self.importance[self.order]})

    def plot(self, ax=None):
        """Horizontal bars of every feature's importance, sorted; returns the Axes."""
        from ..plotting.local_linear import plot_feature_importance
        return plot_feature_importance(self, ax=ax)


class LLMProfile:
    """A feature's effect inside each of the largest LLMs: see :func:`minirelu.interpret.llm_profile`.

    Attributes
    ----------
    feature : int.   feature_name : str.   importance : float, the feature's FI.
    llm, counts, slopes, centers : ndarray (m,)
        LLM index, its count, its coefficient w~_kj, and the mean of x_j over its rows.
    x_range : ndarray (m, 2), smallest and largest x_j over each LLM's rows.

    Over its rows, LLM k draws the line  slopes[k] * (x - centers[k]), whose mean over
    the region is 0 (the effect w~_kj x_ij, de-meaned within the region).
    """

    def __init__(self, llms, feature, top=30):
        j = feature_index(feature, len(llms.feature_names), llms.feature_names)
        m = min(check_int(top, "top", minimum=1), llms.n_llms)
        x = llms.X[:, j].astype(np.float64)
        order, starts = _group_rows(llms.assignment, llms.n_llms)
        sizes = np.diff(starts[:m + 1])
        values = x[order[:starts[m]]]                     # x_j of the rows of LLMs 0..m-1
        self.feature, self.feature_name = j, llms.feature_names[j]
        self.importance = float(FeatureImportance(llms).importance[j]) \
            if np.any(llms.coef) else 0.0
        self.llm, self.counts = np.arange(m), llms.counts[:m]
        self.slopes = llms.coef[:m, j].copy()
        self.centers = np.add.reduceat(values, starts[:m]) / sizes
        self.x_range = np.column_stack([np.minimum.reduceat(values, starts[:m]),
                                        np.maximum.reduceat(values, starts[:m])])

    def __repr__(self):
        return (f"LLMProfile(feature={self.feature_name!r}, n_llms={self.llm.size}, "
                f"importance={format_float(self.importance)})")

    @property
    def table(self):
        return Table({"LLM": self.llm, "Count": self.counts, "Slope": self.slopes,
                      "Center": self.centers, "x min": self.x_range[:, 0],
                      "x max": self.x_range[:, 1]})

    def plot(self, ax=None):
        """One centred line per LLM over its own range of the feature; returns the Axes."""
        from ..plotting.local_linear import plot_llm_profile
        return plot_llm_profile(self, ax=ax)


class LocalLinearFI:
    """Local linear feature importance of one row: see :func:`minirelu.interpret.local_linear_fi`.

    Attributes
    ----------
    index : int, the row.   llm : int, its LLM.   centered : bool.
    values, coef, scores : ndarray (d,)
        The row x, its LLM's coefficients w~, and the scores w~_j x_j or w~_j (x_j - xbar_j).
    mean : ndarray (d,), xbar (zeros when not centered).
    intercept : float, b~.   baseline : float, b~ + w~ . mean.
    prediction : float, the raw output (logit of a classifier): baseline + sum(scores).
    probability : float or None, sigmoid(prediction) for a classifier.
    actual : float or None, y of the row when known.
    """

    def __init__(self, llms, index, centered=True, reference=None):
        n, d = llms.X.shape
        i = check_int(index, "index", minimum=0)
        if i >= n:
            raise ValueError(f"index must be < {n}, the number of rows of X; got {i}")
        if not isinstance(centered, (bool, np.bool_)):
            raise TypeError(f"centered must be True or False, got {type(centered).__name__}")
        if reference is None:
            mean = llms.X.mean(axis=0)
        else:
            mean = check_rows(reference, d, "reference").mean(axis=0)
        self.index, self.llm, self.centered = i, int(llms.assignment[i]), bool(centered)
        self.feature_names = llms.feature_names
        self.values = llms.X[i].astype(np.float64)
        self.coef = llms.coef[self.llm].copy()
        self.intercept = float(llms.intercept[self.llm])
        self.mean = mean.astype(np.float64) if centered else np.zeros(d)
        self.scores = self.coef * (self.values - self.mean)
        self.baseline = self.intercept + float(self.coef @ self.mean)
        self.prediction = self.intercept + float(self.coef @ self.values)
        self.probability = float(sigmoid(np.array(self.prediction))) if llms.is_classifier else None
        self.actual = None if llms.y is None else llms.y[i].item()

    def __repr__(self):
        actual = "" if self.actual is None else f", actual={format_float(self.actual)}"
        return (f"LocalLinearFI(index={self.index}, llm={self.llm}, centered={self.centered}, "
                f"prediction={format_float(self.prediction)}{actual})")

    @property
    def order(self):
        """Feature indices by |score|, largest first."""
        return np.argsort(-np.abs(self.scores), kind="stable")

    @property
    def table(self):
        o = self.order
        return Table({"Feature": [self.feature_names[j] for j in o], "Value": self.values[o],
                      "Coefficient": self.coef[o], "Score": self.scores[o]})

    def plot(self, ax=None, n_features=10):
        """Bars for the scores, stems for the coefficients (``n_features`` largest |score|;
        None for all); title with the predicted and actual values. Returns the Axes."""
        from ..plotting.local_linear import plot_local_linear_fi
        return plot_local_linear_fi(self, ax=ax, n_features=n_features)

