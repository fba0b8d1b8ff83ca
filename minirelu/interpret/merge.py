"""Fewer regions, honestly: merging the local linear models of a ReLU network.

A trained network often uses thousands of LLMs, most holding a row or two. Many of
them say nearly the same thing (similar slopes), so a handful of linear models may
describe the network almost as well. ``merge_local_linear_models`` finds out how few,
with a deterministic merge path and its price at every step: fidelity to the network
and accuracy against the targets, on the training rows and on held-out rows.

Introduced in lessons/16_simplifying_a_network.ipynb.
"""
import numpy as np

from ..table import Table
from ..validation import check_int
from ._inputs import check_rows, relu_network
from ._llm_views import check_targets

__all__ = ["merge_local_linear_models", "MergePath", "MergedModels"]

LLOYD_ITERATIONS = 10
# Pooling fits its centres on at most this many LLMs (the largest); 20,000 LLMs of 12
# features take about 0.1 s per Lloyd step.
LLOYD_POINTS = 20_000


def _r2(target, prediction):
    total = np.sum((target - target.mean()) ** 2)
    return 1.0 - np.sum((target - prediction) ** 2) / total if total > 0 else np.nan


def _scores(classifier, f, y, prediction):
    """(fidelity to the network's raw output f, accuracy against y) of ``prediction``."""
    if classifier:
        fidelity = float(np.mean((prediction > 0) == (f > 0)))
        accuracy = np.nan if y is None else float(np.mean((prediction > 0) == (y == 1)))
    else:
        fidelity = float(_r2(f, prediction))
        accuracy = np.nan if y is None else float(_r2(y, prediction))
    return fidelity, accuracy


def _nearest(points, centres):
    """Index of the nearest centre of each point (squared distance; ties: the lowest index).

    |p - c|^2 = |p|^2 - 2 p.c + |c|^2, and |p|^2 is the same for every centre: the
    argmin needs only |c|^2 - 2 p.c, one matrix product."""
    d2 = points @ (-2.0 * centres).T
    d2 += (centres ** 2).sum(axis=1)
    return np.argmin(d2, axis=1)


def _pool(points, weights, m):
    """Stage 1: k weighted points into at most m seeds (weighted k-means, Lloyd's steps,
    started at the m heaviest points, which come first). The centres are fitted on the
    first LLOYD_POINTS points (the heaviest: LLMs come largest first), then every point
    joins its nearest centre. Returns each point's seed."""
    fit, w = points[:LLOYD_POINTS], weights[:LLOYD_POINTS]
    centres = fit[:m].copy()
    label = _nearest(fit, centres)
    for _ in range(LLOYD_ITERATIONS):
        mass = np.bincount(label, w, m)
        filled = mass > 0
        sums = np.column_stack([np.bincount(label, fit[:, j] * w, m)
                                for j in range(fit.shape[1])])
        centres[filled] = sums[filled] / mass[filled, None]
        new = _nearest(fit, centres)
        if np.array_equal(new, label):
            break
        label = new
    label = _nearest(points, centres)
    used = np.unique(label)                          # drop empty seeds, keep their order
    return np.searchsorted(used, label)


def _ward(centres, weights):
    """Stage 2: merge the closest pair by Ward's cost n_a n_b / (n_a + n_b) |c_a - c_b|^2
    until one group is left. Returns labels (m_0 levels): labels[j] maps the seeds to
    groups 0..m-1 at m = m_0 - j groups (numbered in the order of their lowest seed); and
    the merges (i, j), seed i's group absorbing seed j's. The pair costs are kept in a
    symmetric matrix: a merge recomputes one row and column; ties go to the first pair
    in row-major order."""
    m0 = len(weights)
    c, w = centres.astype(np.float64).copy(), weights.astype(np.float64).copy()

    def costs(i):
        return w[i] * w / (w[i] + w) * ((c - c[i]) ** 2).sum(axis=1)

    cost = np.array([costs(i) for i in range(m0)])
    np.fill_diagonal(cost, np.inf)
    group_of = np.arange(m0)                          # the surviving seed of each seed's group
    alive = np.ones(m0, bool)
    levels, merges = [], []
    while True:
        rank = np.cumsum(alive) - 1
        levels.append(rank[group_of])
        if alive.sum() == 1:
            return levels, merges
        i, j = np.unravel_index(np.argmin(cost), cost.shape)    # i < j: the matrix is symmetric
        c[i] = (w[i] * c[i] + w[j] * c[j]) / (w[i] + w[j])
        w[i] += w[j]
        alive[j] = False
        group_of[group_of == j] = i
        merges.append((int(i), int(j)))
        row = costs(i)
        row[~alive] = np.inf
        row[i] = np.inf
        cost[i], cost[:, i] = row, row
        cost[j], cost[:, j] = np.inf, np.inf


def _moments(Xc, seeds, n_seeds, targets):
    """Per seed: Z'Z (s, p, p), and for each target t: Z't (s, p) and t't (s,), with Z = [Xc, 1]."""
    Z = np.column_stack([Xc, np.ones(len(Xc))])
    order = np.argsort(seeds, kind="stable")
    bounds = np.searchsorted(seeds[order], np.arange(n_seeds + 1))
    grams = np.zeros((n_seeds, Z.shape[1], Z.shape[1]))
    rhs = [np.zeros((n_seeds, Z.shape[1])) for _ in targets]
    squares = [np.zeros(n_seeds) for _ in targets]
    for s in range(n_seeds):
        rows = order[bounds[s]:bounds[s + 1]]
        Zs = Z[rows]
        grams[s] = Zs.T @ Zs
        for r, q, t in zip(rhs, squares, targets):
            r[s], q[s] = Zs.T @ t[rows], t[rows] @ t[rows]
    return grams, rhs, squares


def _solve(gram, rhs):
    """The normal equations by SVD: a group with too few rows to fix every coefficient
    gets the smallest solution instead of noise."""
    return np.linalg.lstsq(gram, rhs, rcond=None)[0]


class MergedModels:
    """One linear model per group, at one step of a merge path.

    Attributes
    ----------
    coef : ndarray (m, d), intercept : ndarray (m,)
        Each group's least-squares fit of the network's raw output on its rows.
    counts : ndarray (m,), training rows per group.   n_llms : ndarray (m,), LLMs merged.
    feature_names : list of str.
    """

    def __init__(self, path, level):
        self._path, self._level = path, level
        self.coef, self.intercept = path._coef[level], path._intercept[level]
        label = path._levels[level]
        self.counts = np.bincount(label[path._seed_of_row], minlength=len(self.intercept))
        self.n_llms = np.bincount(label[path._seed_of_llm], minlength=len(self.intercept))
        self.feature_names = path.feature_names

    @property
    def n_groups(self):
        return len(self.intercept)

    def __repr__(self):
        return f"MergedModels(n_groups={self.n_groups}, n_features={self.coef.shape[1]})"

    @property
    def table(self):
        """One row per group: rows, LLMs merged, intercept and coefficients."""
        columns = {"Group": np.arange(self.n_groups), "Count": self.counts, "LLMs": self.n_llms,
                   "Intercept": self.intercept}
        columns.update({name: self.coef[:, j] for j, name in enumerate(self.feature_names)})
        return Table(columns)

    def assign(self, X):
        """The group of each row of ``X`` (m, d): its LLM's group (an unseen pattern joins the
        group of the nearest seed in scaled-coefficient space)."""
        return self._path._levels[self._level][self._path._seeds_of(X)[0]]

    def predict(self, X):
        """Each row's group model: the simplified network's raw output, shape (m,)."""
        X = check_rows(X, self.coef.shape[1])
        g = self.assign(X)
        return np.einsum("ij,ij->i", X, self.coef[g]) + self.intercept[g]


class MergePath:
    """The merge path of :func:`merge_local_linear_models`.

    Attributes (arrays with one entry per step, from the network's own LLMs down to one group)
    ----------
    n_groups : number of linear models at each step; the first entry is the number of LLMs.
    fidelity_train, fidelity_test : R² against the network's raw output (regression) or the
        share of rows whose predicted class agrees with the network's (classification).
    accuracy_train, accuracy_test : R² against y (regression) or accuracy (classification);
        NaN without targets. The first entries are the network's own.
    fidelity_name, accuracy_name : what they measure.   n_llms : int.
    """

    def __init__(self, **parts):
        self.__dict__.update(parts)

    def __repr__(self):
        return (f"MergePath(n_llms={self.n_llms}, steps={len(self.n_groups)}, "
                f"fidelity={self.fidelity_name!r}, accuracy={self.accuracy_name!r})")

    @property
    def table(self):
        return Table({"Groups": self.n_groups,
                      f"Fidelity train ({self.fidelity_name})": self.fidelity_train,
                      f"Fidelity test ({self.fidelity_name})": self.fidelity_test,
                      f"Accuracy train ({self.accuracy_name})": self.accuracy_train,
                      f"Accuracy test ({self.accuracy_name})": self.accuracy_test})

    def groups(self, n_groups):
        """The linear models of the step with ``n_groups`` groups (1 .. n_groups[1])."""
        m = check_int(n_groups, "n_groups", minimum=1)
        top = int(self.n_groups[1]) if len(self.n_groups) > 1 else 1
        if m > top:
            raise ValueError(f"n_groups must be between 1 and {top} (the seeds of the path); "
                             f"got {m}")
        return MergedModels(self, len(self._levels) - m)

    def fewest_groups(self, within=0.01, on="test"):
        """The fewest groups whose accuracy stays within ``within`` of the network's own."""
        values = {"test": self.accuracy_test, "train": self.accuracy_train}
        if on not in values:
            raise ValueError(f"on must be 'test' or 'train', got {on!r}")
        acc = values[on]
        if np.isnan(acc[0]):
            raise ValueError(f"no accuracy on the {on} rows: pass y (and X_test, y_test)")
        ok = np.flatnonzero(acc[1:] >= acc[0] - within)
        return int(self.n_groups[1:][ok].min()) if ok.size else int(self.n_groups[0])

    def plot(self, ax=None):
        """Fidelity and accuracy against the number of groups (log scale); returns the Axes."""
        from ..plotting.local_linear import plot_merge_path
        return plot_merge_path(self, ax=ax)


def merge_local_linear_models(model, X, y=None, X_test=None, y_test=None, max_groups=200,
                              feature_names=None):
    """Merge the LLMs of a ReLU network into fewer linear models: a deterministic path.

    Algorithm (every step deterministic):

    1. Build the exact LLMs of the network on the training rows ``X`` (the path's start:
       fidelity 1). Describe LLM k by its slopes in units of each feature's spread,
       w~_k * std(X), weighted by its count n_k.
    2. Pool: if there are more than ``max_groups`` LLMs, group them into at most
       ``max_groups`` seeds by weighted k-means (Lloyd's steps, at most 10, started at
       the largest LLMs and fitted on the 20,000 largest; then every LLM joins its
       nearest seed).
    3. Merge: join the two groups with the smallest Ward cost
       n_a n_b / (n_a + n_b) |c_a - c_b|^2 (c: count-weighted mean slopes), again and again
       down to one group.
    4. Refit: at every step, each group's model is the least-squares fit of the network's
       raw output (the logit of a classifier) on the group's training rows: the linear
       model closest to the network there. With one group it is least squares on all rows.
    5. Score each step on the training rows and on ``X_test`` (a held-out row takes its
       LLM's group; an unseen pattern, the group of the nearest seed).

    Parameters
    ----------
    model : fitted ReLU MLPRegressor/MLPClassifier or MLP with one output.
    X : array (n, d), training rows.    y : optional targets (n,).
    X_test, y_test : optional held-out rows (m, d) and targets (m,).
    max_groups : int >= 1, the most groups after pooling (default 200).
    feature_names : optional list of d names.

    Returns
    -------
    MergePath
        ``n_groups``, ``fidelity_train``/``_test``, ``accuracy_train``/``_test``, ``table``,
        ``plot()``, ``groups(m)`` (the m models: ``table``, ``coef``, ``predict``),
        ``fewest_groups(within)``.
    """
    from .local_linear import local_linear_models
    net = relu_network(model)
    X = check_rows(X, net.n_features, dtype=np.float64, copy=True)
    llms = local_linear_models(model, X, y, feature_names)    # a classifier's labels: its classes_
    y = llms.y
    classifier = llms.is_classifier
    max_groups = check_int(max_groups, "max_groups", minimum=1)
    has_test = X_test is not None
    if y_test is not None and not has_test:
        raise ValueError("y_test needs X_test: the targets of the held-out rows come with the rows")
    if has_test:
        X_test = check_rows(X_test, X.shape[1], "X_test", dtype=np.float64)
        if y_test is not None:
            y_test = check_targets(net, y_test, len(X_test), "y_test", model=model)

    spread = X.std(axis=0)
    spread[spread == 0] = 1.0
    points, weights = llms.coef * spread, llms.counts.astype(np.float64)
    k = llms.n_llms
    seed_of_llm = _pool(points, weights, max_groups) if k > max_groups else np.arange(k)
    n_seeds = int(seed_of_llm.max()) + 1
    seed_weight = np.bincount(seed_of_llm, weights, n_seeds)
    seed_centre = np.column_stack([np.bincount(seed_of_llm, points[:, j] * weights, n_seeds)
                                   for j in range(X.shape[1])]) / seed_weight[:, None]
    levels, merges = _ward(seed_centre, seed_weight)
    mean = X.mean(axis=0)
    f = llms._fitted_values()
    seed_of_row = seed_of_llm[llms.assignment]

    def seeds_of(X_new):
        where = llms.locate(X_new)
        seeds = np.empty(where.n_rows, np.int64)
        seen = ~where.unseen
        seeds[seen] = seed_of_llm[where.llm[seen]]
        if where.unseen.any():
            new_seed = _nearest(where.new_coef * spread, seed_centre)
            seeds[where.unseen] = new_seed[where.new_llm[where.unseen]]
        return seeds, where.prediction

    test_seeds, f_test = seeds_of(X_test) if has_test else (None, None)
    # Least squares from moments on centred inputs, group by group: a merge adds the
    # moments of two groups and refits only the new one. For a regressor each group's
    # squared error follows from the same moments, for t = f (fidelity) and t = y:
    # sum (t - z . beta)^2 = t't - 2 beta . Z't + beta' Z'Z beta.
    grams, (rhs,), _ = _moments(X - mean, seed_of_row, n_seeds, [f])
    beta = np.array([_solve(grams[s], rhs[s]) for s in range(n_seeds)])
    sets = [("train", X, seed_of_row, f, y)]
    if has_test:
        sets.append(("test", X_test, test_seeds, f_test, y_test))
    moments = []                     # per set and target: [G (s, p, p), r (s, p), q (s,), total]
    if not classifier:
        for _, rows_X, seeds, target, truth in sets:
            targets = [target] + ([] if truth is None else [truth.astype(np.float64)])
            G_s, r_s, q_s = _moments(rows_X - mean, seeds, n_seeds, targets)
            moments.append([[G_s, r, q, float(np.sum((t - t.mean()) ** 2))]
                            for r, q, t in zip(r_s, q_s, targets)])

    def sse(G_s, r, q, i):
        return q[i] - 2.0 * beta[i] @ r[i] + beta[i] @ G_s[i] @ beta[i]

    errors = [[np.array([sse(G_s, r, q, i) for i in range(n_seeds)]) for G_s, r, q, _ in per_set]
              for per_set in moments]
    alive = list(range(n_seeds))
    coefs, intercepts, regression_scores = [], [], []
    for step in range(len(levels)):
        if step:
            i, j = merges[step - 1]
            grams[i] += grams[j]
            rhs[i] += rhs[j]
            beta[i] = _solve(grams[i], rhs[i])
            alive.remove(j)
            for per_set, errs in zip(moments, errors):
                per_set[0][0][i] += per_set[0][0][j]       # one Z'Z per set, shared by its targets
                for (G_s, r, q, _), e in zip(per_set, errs):
                    r[i] += r[j]
                    q[i] += q[j]
                    e[i] = sse(G_s, r, q, i)
        b = beta[alive]
        coefs.append(b[:, :-1])
        intercepts.append(b[:, -1] - b[:, :-1] @ mean)
        regression_scores.append([[1.0 - max(float(e[alive].sum()), 0.0) / total if total > 0
                                   else np.nan for (*_, total), e in zip(per_set, errs)]
                                  for per_set, errs in zip(moments, errors)])

    path = MergePath(n_llms=k, feature_names=llms.feature_names, _levels=levels, _coef=coefs,
                     _intercept=intercepts, _seed_of_llm=seed_of_llm, _seed_of_row=seed_of_row,
                     _seeds_of=seeds_of, fidelity_name="agreement" if classifier else "R²",
                     accuracy_name="accuracy" if classifier else "R²")
    n_groups = [k] + [len(c) for c in coefs]
    scores = {"train": [_scores(classifier, f, y, f)],
              "test": [_scores(classifier, f_test, y_test, f_test) if has_test else (np.nan,) * 2]}
    if not has_test:
        scores["test"] += [(np.nan, np.nan)] * len(levels)
    for index, (name, rows_X, seeds, target, truth) in enumerate(sets):
        for level, label in enumerate(levels):
            if classifier:           # agreement and accuracy need each row's prediction
                g = label[seeds]
                pred = np.einsum("ij,ij->i", rows_X, coefs[level][g]) + intercepts[level][g]
                scores[name].append(_scores(classifier, target, truth, pred))
            else:
                r2 = regression_scores[level][index]
                scores[name].append((r2[0], r2[1] if len(r2) > 1 else np.nan))
    path.n_groups = np.array(n_groups)
    path.fidelity_train, path.accuracy_train = (np.array(v) for v in zip(*scores["train"]))
    path.fidelity_test, path.accuracy_test = (np.array(v) for v in zip(*scores["test"]))
    return path
