"""Reading a fitted network: exact local linear models of ReLU networks (for every
point, seen or not), their merging into a few linear models, exact 2-D partitions and
2-D slices of many-input networks, importances (LLM slopes, permutation), derivatives
and marginal effects, LIME-style perturbation and exact Shapley values.

``model`` may be a fitted MLPClassifier/MLPRegressor or an MLP; for a classifier
the local linear models describe the logit.
"""
from .local_linear import *   # noqa: F401,F403  activation patterns, LLMs, summary, importance
from .partition import *      # noqa: F401,F403  exact 2-D partitions
from .decision_regions import *  # noqa: F401,F403  exact K-class decision regions
from .classes import *        # noqa: F401,F403  one class of a K-class network at a time
from .importance import *     # noqa: F401,F403  permutation importance on held-out rows
from .merge import *          # noqa: F401,F403  merging LLMs into fewer linear models
from .slices import *         # noqa: F401,F403  exact 2-D slices of many-input networks
from .derivatives import *    # noqa: F401,F403  input gradients, marginal effects, collapse
from .lime import *           # noqa: F401,F403  LIME-style perturbation
from .shapley import *        # noqa: F401,F403  exact Shapley values

from . import local_linear, importance, merge, partition, slices, derivatives, lime, shapley  # noqa: E402
from . import classes, decision_regions  # noqa: E402

__all__ = sorted(set(local_linear.__all__ + importance.__all__ + merge.__all__ + partition.__all__ + slices.__all__ + derivatives.__all__
                     + lime.__all__ + shapley.__all__ + decision_regions.__all__ + classes.__all__))
