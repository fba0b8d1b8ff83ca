"""Permutation importance on held-out rows: a model-agnostic reference for the LLM views.

Shuffle one column of held-out data, breaking its link with the target and with the
other features, and measure how much the model's score drops:

    PI_j = score(X, y) - mean over repeats of score(X with column j permuted, y).

It asks the data, not the slopes: a feature with a steep slope where it rarely varies
(a rare holiday) moves few predictions, and its permutation importance is small.
Score: R² for a regressor, ROC AUC of the logit for a classifier.

Introduced in lessons/16_simplifying_a_network.ipynb.
"""
import numpy as np

from ..metrics import r2_score, roc_auc_score
from ..network import as_network
from ..table import Table, format_float
from ..validation import check_int, check_random_state
from ._inputs import check_feature_names, check_rows
from ._llm_views import check_targets

__all__ = ["permutation_importance", "PermutationImportance"]


class PermutationImportance:
    """Drop in score when each feature is permuted: see :func:`permutation_importance`.

    Attributes
    ----------
    importance : ndarray (d,), mean drop over the repeats.   std : ndarray (d,), their spread.
    drops : ndarray (n_repeats, d).   baseline : float, the score on the unpermuted rows.
    score_name : 'R²' or 'AUC'.   order : features, most important first.
    feature_names : list of str.    label : 'permutation (held-out rows)'.
    """

    label = "permutation (held-out rows)"

    def __init__(self, drops, baseline, score_name, feature_names):
        self.drops, self.baseline, self.score_name = drops, baseline, score_name
        self.importance, self.std = drops.mean(axis=0), drops.std(axis=0)
        self.order = np.argsort(-self.importance, kind="stable")
        self.feature_names = feature_names

    def __repr__(self):
        top = ", ".join(f"{self.feature_names[j]}={format_float(self.importance[j])}"
                        for j in self.order[:3])
        return (f"PermutationImportance(n_features={self.importance.size}, "
                f"baseline {self.score_name}={format_float(self.baseline)}, top: {top})")

    @property
    def table(self):
        o = self.order
        return Table({"Feature": [self.feature_names[j] for j in o],
                      f"Drop in {self.score_name}": self.importance[o], "Std": self.std[o]})

    def plot(self, ax=None):
        """Horizontal bars of the drops, sorted; returns the Axes."""
        from ..plotting.local_linear import plot_importances
        return plot_importances([self], ax=ax)


def permutation_importance(model, X, y, n_repeats=5, random_state=None, feature_names=None):
    """Permutation importance of every feature on rows ``X`` (use held-out rows).

    Parameters
    ----------
    model : fitted MLPRegressor/MLPClassifier or MLP with one output.
    X : array (n, d), y : targets (n,) (labels 0/1 for a classifier).
    n_repeats : int >= 1, permutations per feature.
    random_state : None, int or Generator (one generator for all permutations).
    feature_names : optional list of d names.

    Returns
    -------
    PermutationImportance
        ``importance`` (d,) the mean drop in R² (regressor) or ROC AUC of the logit
        (classifier), ``std``, ``baseline``, ``table``, ``plot()``.
    """
    net = as_network(model)
    if net.layer_sizes[-1] != 1:
        raise ValueError(f"model has {net.layer_sizes[-1]} outputs; permutation_importance "
                         f"reads a network with one output (for K classes, read one class's "
                         f"logit at a time: interpret.class_network(model, c))")
    names = check_feature_names(feature_names, net.n_features, model=model, data=X)
    X = check_rows(X, net.n_features, dtype=net.dtype)
    y = check_targets(net, y, len(X), model=model)      # 'no'/'yes' -> index in classes_
    n_repeats = check_int(n_repeats, "n_repeats", minimum=1)
    rng = check_random_state(random_state)
    classifier = net.output_activation == "sigmoid"

    def score(rows):
        raw = net.raw_output(rows)[:, 0]
        return roc_auc_score(y, raw) if classifier else r2_score(y, raw)

    baseline = score(X)
    drops = np.empty((n_repeats, X.shape[1]))
    shuffled = X.copy()
    for r in range(n_repeats):
        for j in range(X.shape[1]):
            shuffled[:, j] = X[rng.permutation(len(X)), j]
            drops[r, j] = baseline - score(shuffled)
            shuffled[:, j] = X[:, j]
    return PermutationImportance(drops, float(baseline), "AUC" if classifier else "R²", names)
