"""minirelu: a small, readable NumPy neural-network engine, and the course built on it.

    import minirelu as mr
    clf = mr.MLPClassifier(hidden_layer_sizes=(64, 64), epochs=40, random_state=0).fit(X, y)

Modules, from the ground up: activations, losses, optimizers, validation, gradcheck;
network (MLP), base (Estimator, the errors), estimators (MLPClassifier, MLPRegressor),
linear, metrics, preprocessing;
interpret and plotting on top; datasets, check and course beside them.
"""
from . import activations, losses, optimizers, gradcheck, validation           # noqa: F401
from . import metrics, preprocessing, datasets                                  # noqa: F401
from .network import MLP, as_network                                            # noqa: F401
from .base import Estimator, NotFittedError, TrainingDivergedError                # noqa: F401
from .estimators import MLPClassifier, MLPRegressor                              # noqa: F401
from .linear import LinearRegression, LogisticRegression                        # noqa: F401
from .preprocessing import StandardScaler, MinMaxScaler, train_test_split       # noqa: F401
from .serialization import load                                                 # noqa: F401

__version__ = "0.1.0"
