"""Reading a K-class network one class at a time: the logit of each class as a one-output
network, and the exact local linear models of all K logits at once.

A softmax network's K logits share every hidden layer, so they share the activation
patterns: in each linear region the K logits are K affine functions, a (K, d) coefficient
matrix and K intercepts. ``class_network(model, c)`` keeps the hidden layers and the output
row of class c, a one-output ReLU network computing z_c exactly; every tool of
``minirelu.interpret`` built for one output (local linear models, their summary and
importance, profiles, partitions, input gradients, LIME and Shapley through its
``raw_output``) then reads that class.

Introduced in lessons/15_more_than_two_classes.ipynb.
"""
import numpy as np

from .._multiclass_metrics import label_codes
from ..network import MLP, as_network
from ..table import Table
from .local_linear import local_linear_models

__all__ = ["class_network", "class_index", "local_linear_models_by_class", "ClassLLMs"]


def class_index(model, class_):
    """The output index of ``class_``: a label of a fitted classifier's ``classes_``, or an
    index 0..K-1 for a bare MLP."""
    if np.ndim(class_) != 0:   # a list would compare elementwise with classes_ and pass
        raise TypeError(f"class_ must be one label or output index, got {class_!r}")
    net = as_network(model)
    k = net.layer_sizes[-1]
    if k < 2:
        raise ValueError(f"model has one output: class_network reads networks with one "
                         f"logit per class (a softmax output), got layer_sizes {net.layer_sizes}")
    classes = getattr(model, "classes_", None)
    if classes is not None and len(classes) == k:
        found = np.flatnonzero(np.asarray(classes) == class_)
        if found.size == 1:
            return int(found[0])
        raise ValueError(f"class_ must be one of the classes {list(classes)}, got {class_!r}")
    if isinstance(class_, (int, np.integer)) and not isinstance(class_, bool) and 0 <= class_ < k:
        return int(class_)
    raise ValueError(f"class_ must be an output index 0..{k - 1}, got {class_!r}")


def class_network(model, class_):
    """The one-output network computing the logit z_c of class ``class_`` (identity output).

    Parameters
    ----------
    model : MLP with K >= 2 outputs or a fitted K-class MLPClassifier.
    class_ : a label of ``model.classes_`` (fitted classifier) or an output index.

    Returns
    -------
    MLP
        The same hidden layers, and the output row c: ``raw_output(X)[:, 0]`` equals the
        model's logit of class c, so any one-output interpret tool reads that class.
    """
    net = as_network(model)
    c = class_index(model, class_)
    weights = [W.copy() for W in net.weights[:-1]] + [net.weights[-1][c:c + 1].copy()]
    biases = [b.copy() for b in net.biases[:-1]] + [net.biases[-1][c:c + 1].copy()]
    return MLP.from_weights(weights, biases, net.hidden_activation, "identity")


class ClassLLMs:
    """The exact local linear models of all K logits, one per distinct activation pattern.

    Attributes
    ----------
    coef : array (k, K, d)   the K logits' coefficients in each of the k LLMs.
    intercept : array (k, K)
    counts, assignment, patterns : as in ``LocalLinearModels`` (shared by every class).
    classes : the K class labels (or 0..K-1).
    """

    def __init__(self, per_class, classes):
        first = per_class[0]
        self.coef = np.stack([llms.coef for llms in per_class], axis=1)
        self.intercept = np.stack([llms.intercept for llms in per_class], axis=1)
        self.counts, self.assignment, self.patterns = first.counts, first.assignment, first.patterns
        self.classes = np.asarray(classes)
        self.per_class = per_class

    @property
    def n_llms(self):
        return len(self.counts)

    def predict(self, X):
        """The K logits of each row of X (n, K), from the LLM of its pattern (exact)."""
        return np.column_stack([llms.predict(X) for llms in self.per_class])

    def __repr__(self):
        k, n_classes, d = self.coef.shape
        return f"ClassLLMs({k} LLMs of {n_classes} logits over {d} features)"

    @property
    def feature_names(self):
        return self.per_class[0].feature_names

    def feature_importance(self):
        """Count-weighted importance of each feature for each class's logit, and summed.

        For class c, feature j weighs sum_k n_k (coef[k, c, j])**2 (n_k the rows of LLM k),
        normalised over the features; "all classes" sums these weights over the classes
        before normalising. Returns a Table: feature, one column per class, all classes.
        """
        weights = np.einsum("k,kcd->cd", self.counts.astype(np.float64), self.coef ** 2)
        totals = weights.sum(axis=1, keepdims=True)
        if (totals == 0).any():
            raise ValueError("a class's logit has zero coefficients in every LLM: its feature "
                             "importance is undefined")
        columns = {"feature": list(self.feature_names)}
        for c, name in enumerate(self.classes):
            columns[f"class {name}"] = weights[c] / totals[c, 0]
        columns["all classes"] = weights.sum(axis=0) / weights.sum()
        return Table(columns)

    def summary(self, y=None, top=20):
        """Per LLM: its rows, the share of them each class wins (the argmax of its K logits),
        and with labels ``y`` its local accuracy (on its own rows) and global accuracy (its K
        linear logits applied to every row), for the ``top`` largest LLMs. Returns a Table."""
        X = self.per_class[0].X
        k = min(int(top), self.n_llms)
        logits = self.predict(X)
        winner = logits.argmax(axis=1)
        columns = {"llm": list(range(k)), "count": list(self.counts[:k])}
        shares = np.zeros((k, len(self.classes)))
        for i in range(k):
            rows = self.assignment == i
            shares[i] = np.bincount(winner[rows], minlength=len(self.classes)) / rows.sum()
        for c, name in enumerate(self.classes):
            columns[f"share {name}"] = shares[:, c]
        if y is not None:
            codes = label_codes(y, self.classes, "y")
            if len(codes) != len(X):
                raise ValueError(f"y has {len(codes)} labels but the LLMs were built on "
                                 f"{len(X)} rows")
            right = winner == codes
            columns["local accuracy"] = [float(right[self.assignment == i].mean())
                                         for i in range(k)]
            global_logits = np.einsum("nd,kcd->knc", X, self.coef[:k]) + self.intercept[:k, None, :]
            columns["global accuracy"] = list((global_logits.argmax(axis=2) == codes).mean(axis=1))
        return Table(columns)


def local_linear_models_by_class(model, X, feature_names=None):
    """Exact LLMs of every class's logit: (K, d) coefficients and K intercepts per pattern.

    Parameters
    ----------
    model : MLP with K >= 2 outputs or a fitted K-class MLPClassifier, ReLU hidden layers.
    X : array (n, d)
    feature_names : optional list of d names.

    Returns
    -------
    ClassLLMs
        ``coef`` (k, K, d), ``intercept`` (k, K), ``counts``, ``assignment``, ``patterns``,
        ``predict(X)`` (n, K); ``per_class[c]`` is the ``LocalLinearModels`` of class c.
    """
    net = as_network(model)
    k = net.layer_sizes[-1]
    classes = getattr(model, "classes_", None)
    if classes is None or len(classes) != k:
        classes = np.arange(k)
    per_class = [local_linear_models(class_network(net, c), X, feature_names=feature_names)
                 for c in range(k)]
    return ClassLLMs(per_class, classes)
