"""ReLU networks are local linear models: activation patterns and their exact LLMs.

Each hidden ReLU unit is either on (z > 0, it passes z on) or off (it outputs 0).
The activation pattern of an input x is the on/off bit of every hidden unit,

    C(x) = [1{z^(1)(x) > 0}; ...; 1{z^(L-1)(x) > 0}],

and wherever C is constant the network is one affine function: writing
D_l = diag(pattern of layer l), the raw output (the logit of a classifier) is

    eta(x) = w_L^T D_{L-1} (W_{L-1} ... D_1 (W_1 x + b_1) ... + b_{L-1}) + b_L
           = w~ . x + b~.

Both w~ and b~ come from one backward sweep over the masked weights. With
g_{L-1} = D_{L-1} w_L (the derivative of eta with respect to z_{L-1}) and
g_{l-1} = D_{l-1} W_l^T g_l,

    w~ = W_1^T g_1,        b~ = b_L + sum_l g_l . b_l,

which is the input gradient of eta, computed once per pattern instead of once per
sample. A local linear model (LLM) is one distinct pattern among the rows handed in,
so "number of LLMs" counts the linear regions that the data occupy.

Introduced in lessons/09_local_linear_models.ipynb.
"""
import numpy as np

from ._inputs import (check_class_targets, check_feature_names, check_rows, relu_network,
                      select_class)
from ._location import LLMLocation, locate_rows
from ._llm_views import FeatureImportance, LLMProfile, LLMSummary, LocalLinearFI, check_targets
from ._l1_path import L1Path, l1_path
from ._patterns import (compose_llms, group, order_groups, pattern_bits,
                        pattern_keys, unpack)
from ..network import as_network
from ..table import Table
from ..validation import check_feature_names_in, feature_names_of

__all__ = ["activation_patterns", "local_linear_models", "llm_summary", "feature_importance",
           "llm_profile", "local_linear_fi", "l1_path", "LocalLinearModels", "LLMSummary",
           "FeatureImportance", "LLMProfile", "LocalLinearFI", "L1Path", "LLMLocation"]


def activation_patterns(model, X):
    """The on/off state of every hidden ReLU unit for every row of ``X``.

    Taught in lessons/09_local_linear_models.ipynb, section 1.

    Parameters
    ----------
    model : fitted MLPClassifier/MLPRegressor or MLP with ReLU hidden layers.
    X : array (n, d)

    Returns
    -------
    ndarray (n, total hidden units) of bool: ``[:, j]`` is True where unit j's
    pre-activation is > 0 (a pre-activation of exactly 0 counts as off). Units are
    ordered layer by layer, as in ``model``'s weight matrices.
    """
    net = relu_network(model)
    return pattern_bits(net, check_rows(X, net.n_features, dtype=net.dtype))


class LocalLinearModels:
    """The exact local linear models of a ReLU network on a set of rows.

    Attributes
    ----------
    coef : ndarray (k, d)
        Coefficients w~ of each LLM (the input gradient of the raw output on its region).
    intercept : ndarray (k,)
        Intercepts b~.
    counts : ndarray (k,) of int
        Rows of ``X`` in each LLM. LLMs are ordered by count, largest first; equal
        counts keep the order in which their patterns first occur in ``X``.
    assignment : ndarray (n,) of int
        The LLM index of every row of ``X``.
    patterns : ndarray (k, hidden units) of bool
        The activation pattern of each LLM.
    first_index : ndarray (k,) of int
        The first row of ``X`` in each LLM.
    X, y : the rows (and targets, if given) the LLMs were built from.
    network : the MLP.    feature_names : list of str.
    """

    def __init__(self, network, X, y, coef, intercept, counts, assignment, patterns,
                 first_index, feature_names):
        self.network, self.X, self.y = network, X, y
        self.coef, self.intercept, self.counts = coef, intercept, counts
        self.assignment, self.patterns, self.first_index = assignment, patterns, first_index
        self.feature_names = feature_names
        self._void_keys = None          # built on the first lookup

    @property
    def n_llms(self):
        return len(self.counts)

    @property
    def is_classifier(self):
        return self.network.output_activation == "sigmoid"

    def __repr__(self):
        return (f"LocalLinearModels(n_llms={self.n_llms}, n_samples={len(self.assignment)}, "
                f"n_features={self.coef.shape[1]}, hidden_units={self.patterns.shape[1]}, "
                f"largest_count={int(self.counts[0])}, "
                f"single_sample_llms={int(np.sum(self.counts == 1))})")

    @property
    def table(self):
        """One row per LLM: its index, count, intercept and coefficients."""
        columns = {"LLM": np.arange(self.n_llms), "Count": self.counts,
                   "Intercept": self.intercept}
        columns.update({name: self.coef[:, j] for j, name in enumerate(self.feature_names)})
        return Table(columns)

    def lookup(self, X):
        """The LLM index of each row of ``X`` (m, d); -1 where its pattern is not among these LLMs."""
        return self.locate(X).llm

    def locate(self, X):
        """The exact LLM of every row of ``X`` (m, d), seen among these LLMs or not.

        A row whose activation pattern none of these LLMs has gets its own LLM, composed
        from its pattern on demand (once per distinct new pattern) and marked unseen.

        Returns
        -------
        LLMLocation
            ``llm`` (m,) index here or -1, ``unseen`` (m,) bool, ``coef`` (m, d),
            ``intercept`` (m,), ``prediction`` (m,) (the network's raw output),
            ``new_patterns``/``new_coef``/``new_intercept`` of the unseen patterns,
            ``new_llm`` (m,), ``unseen_share``, ``table``.
        """
        return locate_rows(self, check_rows(X, self.network.n_features,
                                            dtype=self.network.dtype))

    def unseen_share(self, X):
        """Share of the rows of ``X`` whose activation pattern none of these LLMs has (in [0, 1])."""
        return self.locate(X).unseen_share

    def predict(self, X):
        """Each row's own LLM applied to it: w~_k . x + b~_k, shape (m,).

        This is the network's raw output (the logit of a classifier), exactly up to
        rounding, for every row: a row whose pattern is not among these LLMs gets its
        LLM composed on demand (see ``locate``).
        """
        return self.locate(X).prediction

    def _fitted_values(self):
        """The LLM of each row of ``X`` applied to it, shape (n,): the network's raw output."""
        X = np.asarray(self.X, np.float64)
        return np.einsum("ij,ij->i", X, self.coef[self.assignment]) + self.intercept[self.assignment]

    def summary(self, y=None, X_new=None, global_top="auto", y_new=None):
        """The LLM summary table (see :func:`llm_summary`); ``y`` defaults to the stored targets."""
        y = self.y if y is None else y
        if y is None:
            raise ValueError("y is needed for the summary (pass y here or to local_linear_models)")
        if X_new is not None:
            X_new = check_rows(X_new, self.network.n_features, "X_new", dtype=self.network.dtype)
        if y_new is not None and X_new is None:
            raise ValueError("y_new needs X_new: the targets of the new rows come with the rows")
        return LLMSummary(self, y, X_new, global_top, y_new)

    def feature_importance(self, weighting="count"):
        """Importance of each feature from these LLMs (see :func:`feature_importance`)."""
        return FeatureImportance(self, weighting)

    def profile(self, feature, top=30):
        """The profile of one feature over the largest LLMs (see :func:`llm_profile`)."""
        return LLMProfile(self, feature, top)

    def local_fi(self, index, centered=True, reference=None):
        """The local linear feature importance of row ``index`` (see :func:`local_linear_fi`)."""
        return LocalLinearFI(self, index, centered, reference)

    def plot(self, ax=None, n_features=10, n_llms=None, highlight=5):
        """Parallel coordinates of the LLM coefficients; returns the Axes.

        Features on the x axis ordered by importance (the ``n_features`` most important;
        ``None`` for all), one line per LLM (the ``n_llms`` largest; ``None`` for all),
        the ``highlight`` largest drawn in colour.
        """
        from ..plotting.local_linear import plot_llm_coefficients
        return plot_llm_coefficients(self, ax=ax, n_features=n_features, n_llms=n_llms,
                                     highlight=highlight)


def local_linear_models(model, X, y=None, feature_names=None, class_=None):
    """One exact local linear model per distinct activation pattern among the rows of ``X``.

    Taught in lessons/09_local_linear_models.ipynb, sections 1-4.

    Parameters
    ----------
    model : fitted MLPClassifier/MLPRegressor or MLP with ReLU hidden layers and one output.
    X : array (n, d)
    y : optional targets (n,), kept for the summary and the local views.
    feature_names : optional list of d names (default x0, x1, ...).
    class_ : optional, for a K-class network: a label of its ``classes_`` (or an output
        index of a bare MLP); the function then reads that class's logit, as on
        ``interpret.class_network(model, class_)`` (lessons/15_more_than_two_classes.ipynb).

    Returns
    -------
    LocalLinearModels
        ``coef`` (k, d), ``intercept`` (k,), ``counts`` (k,), ``assignment`` (n,),
        ``patterns`` (k, units). Ordered by count, largest first; ties by the first
        occurrence of the pattern in ``X``. ``predict(X)`` gives the raw output
        (the logit of a classifier) exactly.

    Patterns are packed 8 units to a byte and grouped by a hash of their 64-bit words
    (checked for collisions), and the coefficients of each distinct pattern come from
    one backward sweep over the masked weights: no loop over rows.
    """
    model = select_class(model, class_)
    net = relu_network(model)
    names = check_feature_names(feature_names, net.n_features, model=model, data=X)
    if feature_names_of(X) is not None and hasattr(model, "feature_names_in_"):
        check_feature_names_in(model, X, reset=False)        # same columns, same order as fit
    X = check_rows(X, net.n_features, dtype=net.dtype, copy=True)   # the result keeps X and y: its own copies
    if y is not None:
        y = np.array(check_targets(net, y, X.shape[0], model=model))
    keys = pattern_keys(net, X)
    first, inverse, counts = group(keys)
    order = order_groups(first, counts, X.shape[0])
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    first, counts = first[order], counts[order]
    patterns = unpack(keys[first], sum(net.layer_sizes[1:-1]))
    coef, intercept = compose_llms(net, patterns)
    return LocalLinearModels(net, X, y, coef, intercept, counts.astype(np.int64),
                             rank[inverse].astype(np.int64), patterns, first.astype(np.int64),
                             names)


def llm_summary(model, X, y, X_new=None, feature_names=None, global_top="auto", y_new=None,
                class_=None):
    """One row per LLM: count, the response in its region, and how well it predicts.

    Parameters
    ----------
    model : fitted ReLU MLPRegressor/MLPClassifier or MLP.
    X : array (n, d), y : array (n,) targets (labels 0/1 for a classifier).
    X_new : optional array (m, d), e.g. test data: the summary then reports the share
        of its rows whose activation pattern never occurs in ``X`` (``unseen_share``) and
        how many distinct new patterns they hold (``n_unseen_llms``); each such row still
        has its exact LLM (see ``LocalLinearModels.locate``).
    y_new : optional targets (m,) of ``X_new``: adds the test-set columns Test Count and
        Test Local MSE/AUC (each LLM on its own test rows) and ``unseen_score``, the same
        metric over the unseen rows, each under its own LLM.
    global_top : 'auto', int or None. A classifier's Global AUC sorts all n rows once per
        LLM, which is quadratic in n when most rows have their own pattern. It is computed
        for the ``global_top`` largest LLMs (None: all) and NaN for the others; 'auto'
        computes all of them while k n <= 1e7 and otherwise the largest
        max(20, 1e7 // n), so the summary costs O(n log n) in the rows (1-2 s of
        Global AUC up to a million rows). Every other column, and Global MSE, is computed for every LLM.
    class_ : optional, for a K-class network: the class whose logit is summarised (as on
        ``interpret.class_network(model, class_)``, an identity output, so the MSE columns);
        ``y`` is then that logit's target, e.g. (labels == class_) as 0/1. The K-class
        summary with per-class shares is ``local_linear_models_by_class(model, X).summary(y)``.

    Returns
    -------
    LLMSummary
        ``.table`` with columns LLM, Count, Response Mean, Response Std, and Local MSE,
        Global MSE (regression) or Local AUC, Global AUC (classification); the same
        columns as arrays; ``.plot()``. With S_k the rows of LLM k (n_k of them) and
        f_k(x) = w~_k . x + b~_k:

        * Response Mean, Response Std: mean and sample std (ddof 1) of the observed
          y over S_k; the std is NaN for a single row.
        * Local MSE: mean of (y_i - f_k(x_i))^2 over S_k (the network's own error there).
        * Global MSE: the same over all n rows: LLM k extrapolated to the whole data.
        * Local AUC / Global AUC: ROC AUC of the scores f_k(x_i) against y_i over S_k /
          over all rows; NaN where the rows hold a single class.

    Cost: grouping the patterns sorts one hash per row, and every column is a bincount
    or one sort of all rows (Local AUC sorts by LLM and score together), so the summary
    is O(n log n) for a regressor and a classifier alike; see ``global_top``.
    """
    model = select_class(model, class_)
    return local_linear_models(model, X, y, feature_names).summary(
        X_new=X_new, global_top=global_top, y_new=check_class_targets(model, y_new, "y_new"))


def feature_importance(model, X, feature_names=None, weighting="count", class_=None):
    """Global feature importance of a ReLU network, from its LLMs on ``X``.

    weighting='count' (the toolkits' definition, the default):

        FI_j = sum_k n_k w~_kj^2 / sum_j' sum_k n_k w~_kj'^2,

    the average over the rows of the squared local slope, normalised to sum to one.
    A slope is "output per unit of x_j", so this compares features in their own units.

    weighting='variance': each squared slope times the variance of its feature over all
    rows of ``X``, FI_j proportional to var(x_j) sum_k n_k w~_kj^2: the squared change of
    the output for a typical (one standard deviation) change of x_j, so the ranking no
    longer depends on the units. The variance is taken over all rows, not over each
    region's rows: most regions hold one row or a few (variance 0 or noise), and a
    region's spread reflects how finely the network cuts the space, not how much the
    feature varies in the data. A binary feature that is rarely 1 (e.g. a holiday) has a
    small variance, so a steep slope along it counts for little.

    ``class_`` (a label of a K-class model's ``classes_``) reads that class's logit, as
    on ``interpret.class_network(model, class_)``; None for a one-output model.
    ``class_='all'`` (K classes, count weighting) returns instead a Table: feature, one
    column per class and 'all classes' (the squared slopes summed over the classes before
    normalising), from ``local_linear_models_by_class(model, X).feature_importance()``.

    Returns
    -------
    FeatureImportance
        ``.importance`` (d,), ``.order`` (features, most important first), ``.weighting``,
        ``.table``, ``.plot()`` (bars of all features, sorted).
    """
    if isinstance(class_, str) and class_ == "all":
        return _importance_all_classes(model, X, feature_names, weighting)
    model = select_class(model, class_)
    return local_linear_models(model, X, feature_names=feature_names).feature_importance(weighting)


def _importance_all_classes(model, X, feature_names, weighting):
    """feature_importance(..., class_='all'): ``local_linear_models_by_class(...)``'s
    table, one column per class and one summed over the classes."""
    net = as_network(model)
    classes = getattr(model, "classes_", None)
    if net.layer_sizes[-1] < 2:
        raise ValueError("class_='all' is for a network with one logit per class (K >= 3 "
                         "classes); this model has one output: leave class_=None")
    if classes is not None and any(isinstance(c, str) and c == "all" for c in classes):
        raise ValueError("class_='all' is ambiguous: 'all' is also one of the model's classes; "
                         "for every class use local_linear_models_by_class(model, X)"
                         ".feature_importance()")
    if weighting != "count":
        raise ValueError(f"class_='all' weighs each class's squared slopes by count; "
                         f"weighting={weighting!r} is for one logit at a time (class_=c)")
    from .classes import local_linear_models_by_class      # classes.py builds on this module
    names = check_feature_names(feature_names, net.n_features, model=model, data=X)
    return local_linear_models_by_class(model, X, feature_names=names).feature_importance()


def llm_profile(model, X, feature, top=30, feature_names=None, class_=None):
    """How ``feature`` acts inside each of the ``top`` largest LLMs.

    For LLM k, over its own rows i: the line w~_kj x_ij - mean_{S_k}(w~_kj x_ij), i.e.
    the feature's effect in that region, centred on the region. ``feature`` is a
    column index or a name from ``feature_names``.

    ``class_`` (a label of a K-class model's ``classes_``) reads that class's logit, as
    on ``interpret.class_network(model, class_)``; None for a one-output model.

    Returns
    -------
    LLMProfile
        ``.slopes``, ``.centers``, ``.x_range``, ``.counts`` of the LLMs shown, ``.table``,
        ``.plot()``.
    """
    model = select_class(model, class_)
    return local_linear_models(model, X, feature_names=feature_names).profile(feature, top)


def local_linear_fi(model, X, index, centered=True, y=None, reference=None, feature_names=None,
                    class_=None):
    """The contribution of each feature to the prediction for row ``index`` of ``X``.

    Taught in lessons/09_local_linear_models.ipynb, section 9.

    With w~, b~ the LLM of that row: uncentered scores w~_j x_j (gradient times input),
    or centered scores w~_j (x_j - xbar_j) with xbar the mean of ``reference``
    (default: ``X``, the data at hand). Either way the scores rebuild the raw output:

        eta(x) = b~ + sum_j w~_j x_j = (b~ + w~ . xbar) + sum_j w~_j (x_j - xbar_j).

    ``class_`` (a label of a K-class model's ``classes_``) reads that class's logit, as
    on ``interpret.class_network(model, class_)``; None for a one-output model.

    Returns
    -------
    LocalLinearFI
        ``.scores``, ``.coef``, ``.values``, ``.baseline`` (b~, or b~ + w~ . xbar when
        centered), ``.prediction`` (the raw output), ``.actual`` (y[index], if y is given),
        ``.table``, ``.plot()`` (bars for scores, stems for coefficients).
    """
    model = select_class(model, class_)
    llms = local_linear_models(model, X, y, feature_names)
    return llms.local_fi(index, centered, reference)
