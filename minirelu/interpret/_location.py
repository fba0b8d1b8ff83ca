"""Every point has its local linear model: looking up rows, seen or not.

A set of LLMs built from some rows holds only the activation patterns those rows
occupy; a new row may switch on another combination of units (on real data often
one test row in five, in twelve dimensions nearly all). Its LLM is no less exact:
the same backward sweep composes it from the pattern (see
:mod:`minirelu.interpret.local_linear`). ``locate`` looks every row's pattern up among
the known LLMs and composes the missing ones on demand, once per distinct new pattern,
marking them unseen.

Introduced in lessons/16_simplifying_a_network.ipynb.
"""
import numpy as np

from ..table import Table
from ._patterns import as_void, compose_llms, group, pack, pattern_keys, unpack

__all__ = ["LLMLocation", "locate_rows"]


class LLMLocation:
    """The exact LLM of each of m rows, whether its pattern was among the fitting rows or not.

    Attributes
    ----------
    llm : ndarray (m,) of int
        Index of the row's LLM among the known LLMs; -1 for an unseen pattern.
    unseen : ndarray (m,) of bool
        True where the row's activation pattern is not among the known LLMs.
    new_llm : ndarray (m,) of int
        For an unseen row, the index of its pattern among ``new_patterns``; -1 otherwise.
    new_patterns : ndarray (u, units) of bool, the distinct unseen patterns, in order of
        first occurrence.   new_coef, new_intercept : ndarray (u, d), (u,), their LLMs.
    coef : ndarray (m, d), intercept : ndarray (m,)
        The LLM of every row (known or composed on demand).
    prediction : ndarray (m,)
        ``coef . x + intercept``: the network's raw output (the logit of a classifier).
    """

    def __init__(self, X, llm, new_llm, new_patterns, new_coef, new_intercept, coef, intercept,
                 feature_names):
        self.llm, self.new_llm = llm, new_llm
        self.unseen = llm < 0
        self.new_patterns, self.new_coef, self.new_intercept = new_patterns, new_coef, new_intercept
        self.coef, self.intercept = coef, intercept
        self.prediction = np.einsum("ij,ij->i", np.asarray(X, np.float64), coef) + intercept
        self.feature_names = feature_names

    @property
    def n_rows(self):
        return self.llm.size

    @property
    def unseen_share(self):
        """Share of the rows whose pattern is unseen (in [0, 1])."""
        return float(np.mean(self.unseen)) if self.n_rows else 0.0

    def __repr__(self):
        return (f"LLMLocation(n_rows={self.n_rows}, unseen_rows={int(self.unseen.sum())}, "
                f"new_llms={len(self.new_intercept)})")

    @property
    def table(self):
        """One line per row: its LLM (or 'new i'), unseen or not, and the raw output."""
        label = [f"new {j}" if j >= 0 else str(k) for k, j in zip(self.llm, self.new_llm)]
        return Table({"row": np.arange(self.n_rows), "LLM": label, "unseen": self.unseen.tolist(),
                      "prediction": self.prediction})


def locate_rows(llms, X):
    """The exact LLM of every row of ``X`` (already checked) against ``llms``: LLMLocation."""
    net = llms.network
    keys = pattern_keys(net, X)
    if llms._void_keys is None:
        llms._void_keys = as_void(pack(llms.patterns))
    k = llms.n_llms
    _, inverse = np.unique(np.concatenate([llms._void_keys, as_void(keys)]), return_inverse=True)
    index_of_key = np.full(inverse.max() + 1, -1)
    index_of_key[inverse[:k]] = np.arange(k)
    index = index_of_key[inverse[k:]]
    unseen = np.flatnonzero(index < 0)
    d = X.shape[1]
    coef = np.empty((X.shape[0], d))
    intercept = np.empty(X.shape[0])
    seen = index >= 0
    coef[seen], intercept[seen] = llms.coef[index[seen]], llms.intercept[index[seen]]
    new_llm = np.full(X.shape[0], -1)
    units = llms.patterns.shape[1]
    if unseen.size:
        first, inverse_new, _ = group(keys[unseen])
        order = np.argsort(first, kind="stable")            # new patterns by first occurrence
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        new_patterns = unpack(keys[unseen][first[order]], units)
        new_coef, new_intercept = compose_llms(net, new_patterns)
        new_llm[unseen] = rank[inverse_new]
        coef[unseen], intercept[unseen] = new_coef[new_llm[unseen]], new_intercept[new_llm[unseen]]
    else:
        new_patterns = np.zeros((0, units), bool)
        new_coef, new_intercept = np.zeros((0, d)), np.zeros(0)
    return LLMLocation(X, index, new_llm, new_patterns, new_coef, new_intercept, coef, intercept,
                       llms.feature_names)
