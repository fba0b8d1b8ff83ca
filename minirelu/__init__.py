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
from .serialization import ModelFileError, load_model                           # noqa: F401

__version__ = "0.1.0"


def load(path):
    """Load a model saved with ``clf.save(path)``: an MLP, MLPClassifier or MLPRegressor.

    The file is read with ``allow_pickle=False`` (loading never runs code) and checked
    against its header; a file that is not a valid model file raises
    :class:`ModelFileError` (a ValueError) naming the file and what is wrong.
    The kind-to-class table lives here, above both ``estimators`` and ``serialization``,
    so neither imports the other's caller.
    """
    return load_model(path, {"MLPClassifier": MLPClassifier, "MLPRegressor": MLPRegressor})
