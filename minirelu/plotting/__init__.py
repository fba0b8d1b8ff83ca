"""Every figure the lessons show. Each helper draws on ``ax`` (or a new figure)
and returns the ``Axes`` so that tests can check the plotted data.
matplotlib is imported lazily, on the first plot.
"""
from ._axes import get_axes                      # noqa: F401
from .training import *       # noqa: F401,F403  learning curves, activation functions
from .evaluation import *     # noqa: F401,F403  ROC, confusion matrix
from .local_linear import *   # noqa: F401,F403  LLM coefficients, importance, profiles, local FI
from .partition import *      # noqa: F401,F403  partitions of the input plane
from .decision_regions import *  # noqa: F401,F403  exact K-class decision regions
from .derivatives import *    # noqa: F401,F403  input gradients, marginal effects, partial dependence
from .explain import *        # noqa: F401,F403  LIME and Shapley
from .datasets import *       # noqa: F401,F403  the CMB spectra, mean per class
