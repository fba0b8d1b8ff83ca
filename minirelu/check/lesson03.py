"""Checkers for exercises/03_neural_networks.ipynb: a two-layer network written by hand.

The network is 2 (or d) inputs -> h ReLU units -> 1 sigmoid output, with weights shaped
(n_out, n_in) as in the lesson: ``forward(X, W1, b1, W2, b2)`` returns P (n, 1);
``backward(X, y, W1, b1, W2, b2)`` returns (dW1, db1, dW2, db2) of the mean log-loss;
``train_step(X, y, W1, b1, W2, b2, learning_rate)`` returns the four updated parameters.

Expected values come from hand-worked cases (forward), from central differences of the
log-loss written out below (backward), and from central differences plus the update rule
(train_step): never from minirelu's MLP.
"""
import numpy as np

from ..gradcheck import numerical_gradient, relative_error
from ._core import Case, checker, compare, run_cases, slip_case

__all__ = ["forward", "backward", "train_step"]

GRADIENT_NAMES = ("dW1", "db1", "dW2", "db2")
PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _log_loss(X, y, W1, b1, W2, b2):
    """Mean log-loss of the 2-layer ReLU/sigmoid network, from the logit (the oracle's formula)."""
    z = (np.maximum(X @ W1.T + b1, 0.0) @ W2.T + b2).ravel()
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def _network(seed, n, d, h):
    """A random network and data, rounded to 2 decimals, with every hidden score away from 0."""
    rng = np.random.default_rng(seed)
    while True:
        X = np.round(rng.normal(0.0, 1.0, (n, d)), 2)
        W1 = np.round(rng.normal(0.0, 1.0, (h, d)), 2)
        b1 = np.round(rng.normal(0.0, 0.5, h), 2)
        # the central difference must not step across ReLU's kink at 0
        if np.abs(X @ W1.T + b1).min() > 0.01:
            break
    W2 = np.round(rng.normal(0.0, 1.0, (1, h)), 2)
    b2 = np.round(rng.normal(0.0, 0.5, 1), 2)
    y = (np.arange(n) % 2).astype(np.int64)
    return X, y, W1, b1, W2, b2


def _label(X, W1, seed):
    n, d = X.shape
    h = W1.shape[0]
    return (f"a {d}-{h}-1 network on {n} samples: X {X.shape}, y ({n},), W1 {W1.shape}, "
            f"b1 ({h},), W2 (1, {h}), b2 (1,) (seed {seed})")


# ---- forward -------------------------------------------------------------------------------

def _rows_independent(student_forward):
    """Property: shape (n, 1), values in (0, 1), and each row computed on its own."""
    def prop(got, X, W1, b1, W2, b2):
        got = np.asarray(got)
        if got.shape != (X.shape[0], 1):
            return f"P has shape {got.shape}; it should be ({X.shape[0]}, 1), one row per sample"
        if not np.all((got > 0) & (got < 1)):
            return "some outputs are not in (0, 1): did you apply the sigmoid to Z2?"
        for i in range(X.shape[0]):
            alone = np.asarray(student_forward(X[i:i + 1].copy(), W1, b1, W2, b2))
            if alone.shape != (1, 1) or not np.allclose(alone, got[i:i + 1], rtol=1e-9, atol=1e-12):
                return (f"row {i} of P depends on the other rows: computed alone, sample {i} gives "
                        f"{alone.ravel()[:1]}, in the batch {got[i]}. Add b1 to every row "
                        "(X @ W1.T + b1) and never mix rows")
        return None
    return prop


@checker(formula="Z1 = X @ W1.T + b1;  A1 = relu(Z1);  Z2 = A1 @ W2.T + b2;  P = sigmoid(Z2)  "
                 "(P has shape (n, 1)).")
def forward(student_forward):
    """Check ``forward(X, W1, b1, W2, b2)``: P = sigmoid(relu(X W1^T + b1) W2^T + b2), (n, 1)."""
    # Worked by hand, row by row: Z1 -> A1 = relu(Z1) -> Z2 = A1 W2^T + b2.
    #   (1, 2):    Z1 = (1, 1, -0.5)  A1 = (1, 1, 0)   Z2 = 1 - 2 + 0 - 0.5 = -1.5
    #   (-1, 0.5): Z1 = (-1, -0.5, -1) A1 = (0, 0, 0)  Z2 = -0.5
    #   (0, 0):    Z1 = (0, -1, 0.5)  A1 = (0, 0, 0.5) Z2 = 0.25 - 0.5 = -0.25
    X1 = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]])
    W1 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    b1 = np.array([0.0, -1.0, 0.5])
    W2 = np.array([[1.0, -2.0, 0.5]])
    b2 = np.array([-0.5])
    P1 = 1.0 / (1.0 + np.exp([[1.5], [0.5], [0.25]]))
    # Two inputs, two units:
    #   (2, -1):     Z1 = (0.5, -4)  A1 = (0.5, 0)    Z2 = 1 + 0.5 = 1.5
    #   (0.5, 0.5):  Z1 = (0.5, 0.5) A1 = (0.5, 0.5)  Z2 = 1 - 0.5 + 0.5 = 1
    X2 = np.array([[2.0, -1.0], [0.5, 0.5]])
    W1_2 = np.array([[1.0, 1.0], [-1.0, 2.0]])
    b1_2 = np.array([-0.5, 0.0])
    W2_2 = np.array([[2.0, -1.0]])
    b2_2 = np.array([0.5])
    P2 = 1.0 / (1.0 + np.exp([[-1.5], [-1.0]]))
    X3, _, W1_3, b1_3, W2_3, b2_3 = _network(31, n=5, d=3, h=4)
    order = ("go layer by layer: the hidden scores (one row per sample, one column per unit, "
             "weights shaped (n_out, n_in)), their ReLU, the output score, its sigmoid; "
             "P has shape (n, 1).")
    # the slips, on the first case: no sigmoid (Z2 itself), no ReLU (Z1 passed on as it is)
    Z2_no_relu = (X1 @ W1.T + b1) @ W2.T + b2
    slips = [(np.array([[-1.5], [-0.5], [-0.25]]), "that is the output score Z2 before the "
              "sigmoid: pass it through the sigmoid to get a probability."),
             (1.0 / (1.0 + np.exp(-Z2_no_relu)), "the hidden scores went on without their ReLU: "
              "apply it before the output layer.")]
    return run_cases(student_forward, [
        slip_case(X1, W1, b1, W2, b2, expected=P1, slips=slips, hint=order),
        Case(X1, W1, b1, W2, b2, expected=P1, hint=order),
        Case(X2, W1_2, b1_2, W2_2, b2_2, expected=P2,
             hint="nothing in forward should assume 3 hidden units or 3 samples. " + order),
        Case(X3, W1_3, b1_3, W2_3, b2_3, prop=_rows_independent(student_forward),
             label=_label(X3, W1_3, 31), hint=order),
    ], name="forward", success="forward passes all 3 test cases.")  # the first input twice


# ---- backward ------------------------------------------------------------------------------

def _without_relu_derivative(X, y, W1, b1, W2, b2):
    """(dW1, db1) of the slip lesson 03 shows: the error sent back without the ReLU derivative."""
    Z1 = X @ W1.T + b1
    P = 1.0 / (1.0 + np.exp(-(np.maximum(Z1, 0.0) @ W2.T + b2)))
    back = (P - np.reshape(y, (-1, 1))) / len(X) @ W2
    return back.T @ X, back.sum(axis=0)


def _advice_backward(got, expected, n, network=None):
    """What is wrong with the gradients ``got`` (tuple of 4), with advice; None when right.

    ``network`` (X, y, W1, b1, W2, b2) lets it recognise the gradients of layer 1 computed
    without the ReLU derivative."""
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        kind = f"{len(got)} items" if isinstance(got, (tuple, list)) else type(got).__name__
        return (f"backward should return the four gradients (dW1, db1, dW2, db2), got {kind}. "
                "Return them in that order")
    wrong = {name: compare(g, e, rtol=1e-5, atol=1e-7)
             for name, g, e in zip(GRADIENT_NAMES, got, expected)}
    wrong = {name: reason for name, reason in wrong.items() if reason is not None}
    if not wrong:
        return None
    got = [np.asarray(g) for g in got]
    if np.shape(got[2]) == (n, expected[2].shape[1]) or np.shape(got[3]) == (n,):
        return (f"dW2 or db2 has a row per sample ({wrong.get('dW2') or wrong.get('db2')}). "
                "P has shape (n, 1) and y has shape (n,), so P - y broadcasts to (n, n): "
                "make y a column (n, 1) first")
    if all(g.shape == e.shape for g, e in zip(got, expected)):
        if all(np.allclose(g, n * e, rtol=1e-5, atol=1e-7) for g, e in zip(got, expected)):
            return (f"all four gradients are n = {n} times too large. The loss is a mean over "
                    "the samples, so the output error delta2 is divided by n")
        if all(np.allclose(g, -e, rtol=1e-5, atol=1e-7) for g, e in zip(got, expected)):
            return ("all four gradients have the wrong sign. For the log-loss with a sigmoid "
                    "output, the output error is the prediction minus the label, not the label "
                    "minus the prediction")
    # report from the output backwards, the order in which backpropagation computes them
    first = next(name for name in ("dW2", "db2", "dW1", "db1") if name in wrong)
    index = GRADIENT_NAMES.index(first)
    detail = f"{first}: {wrong[first]}"
    if got[index].shape == expected[index].shape:
        detail += (f"; relative error {relative_error(got[index], expected[index]):.1e} against "
                   "central differences (a right gradient gives about 1e-7 or less)")
    if network is not None and "dW2" not in wrong and "db2" not in wrong:
        slip = _without_relu_derivative(*network)
        if all(g.shape == s.shape and np.allclose(g, s, rtol=1e-5, atol=1e-7)
               for g, s in zip(got[:2], slip)):
            return ("dW2 and db2 are right, but dW1 and db1 miss the ReLU derivative: the error "
                    "sent back to the hidden layer must vanish where a unit was off (Z1 <= 0)")
    if "dW2" in wrong or "db2" in wrong:
        return (f"{detail}. Start at the output: the output error delta2 is P minus y, over n, "
                "a column (n, 1) (no extra sigmoid derivative: it cancels in the log-loss); dW2 "
                "pairs delta2 with the hidden activations A1, db2 adds delta2 up over the samples")
    return (f"{detail}. dW2 and db2 are right, so the output layer is fine: look at steps 3 to 5, "
            "the error sent back through W2 and kept only where a unit was on (the ReLU "
            "derivative), then paired with X for dW1 and added up over the samples for db1")


def _gradients(X, y, W1, b1, W2, b2):
    """Central differences of the log-loss with respect to W1, b1, W2, b2."""
    params = [np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2)]
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return tuple(numerical_gradient(lambda: _log_loss(X, y, *params), p) for p in params)


@checker(formula="n = len(X); Z1 = X @ W1.T + b1; A1 = relu(Z1); P = sigmoid(A1 @ W2.T + b2)\n"
                 "delta2 = (P - y.reshape(-1, 1)) / n;  dW2 = delta2.T @ A1;  db2 = delta2.sum(axis=0)\n"
                 "delta1 = (delta2 @ W2) * (Z1 > 0);  dW1 = delta1.T @ X;  db1 = delta1.sum(axis=0)")
def backward(student_backward):
    """Check ``backward(X, y, W1, b1, W2, b2)`` -> (dW1, db1, dW2, db2) against central differences."""
    hint = ("the shapes to aim for are delta2 (n, 1), dW2 (1, h), db2 (1,), delta1 (n, h), "
            "dW1 (h, d), db1 (h,). P is (n, 1) but y is (n,): make y a column first, or P - y "
            "broadcasts to (n, n).")
    cases = []
    for seed, (n, d, h) in ((303, (4, 2, 3)), (304, (7, 3, 5))):
        X, y, W1, b1, W2, b2 = _network(seed, n, d, h)
        expected = _gradients(X, y, W1, b1, W2, b2)
        cases.append(Case(X, y, W1, b1, W2, b2, label=_label(X, W1, seed), hint=hint,
                          prop=lambda got, *args, e=expected, n=n: _advice_backward(got, e, n, args)))
    return run_cases(student_backward, cases, name="backward",
                     success="backward passes both test cases: dW1, db1, dW2 and db2 match "
                             "central differences of the log-loss.")


# ---- train_step ------------------------------------------------------------------------------

def _advice_step(got, params, grads, learning_rate):
    """What is wrong with the updated parameters ``got``, with advice; None when right."""
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        kind = f"{len(got)} items" if isinstance(got, (tuple, list)) else type(got).__name__
        return (f"train_step should return the four updated parameters (W1, b1, W2, b2), got "
                f"{kind}. End with `return W1_new, b1_new, W2_new, b2_new`")
    expected = [p - learning_rate * g for p, g in zip(params, grads)]
    wrong = {name: compare(g, e, rtol=1e-6, atol=1e-8)
             for name, g, e in zip(PARAMETER_NAMES, got, expected)}
    wrong = {name: reason for name, reason in wrong.items() if reason is not None}
    if not wrong:
        return None
    got = [np.asarray(g) for g in got]

    def all_close(candidates):
        return all(g.shape == c.shape and np.allclose(g, c, rtol=1e-6, atol=1e-8)
                   for g, c in zip(got, candidates))

    if all_close([p + learning_rate * g for p, g in zip(params, grads)]):
        return ("every parameter moved uphill, by + learning_rate * gradient. Gradient descent "
                "steps against the gradient: subtract, do not add")
    if all_close([p - g for p, g in zip(params, grads)]):
        return ("every parameter moved by the whole gradient: scale each gradient by "
                "learning_rate first")
    if all_close(params):
        return "the parameters did not change: return the updated arrays, not the old ones"
    first = next(iter(wrong))
    return (f"{first}: {wrong[first]}. Each parameter moves by -learning_rate times its own "
            "gradient from backward (check.backward(backward) first, if it is not passing yet)")


@checker(formula="dW1, db1, dW2, db2 = backward(X, y, W1, b1, W2, b2); return W1 - learning_rate * "
                 "dW1, b1 - learning_rate * db1, W2 - learning_rate * dW2, b2 - learning_rate * db2.")
def train_step(student_train_step):
    """Check ``train_step(X, y, W1, b1, W2, b2, learning_rate)``: one gradient-descent step.

    Expected: each parameter minus learning_rate times its central-difference gradient;
    the inputs must be left unchanged (the updated arrays are returned).
    """
    cases = []
    for seed, (n, d, h), learning_rate in ((313, (4, 2, 3), 0.5), (314, (6, 2, 4), 0.1)):
        X, y, W1, b1, W2, b2 = _network(seed, n, d, h)
        params = (W1, b1, W2, b2)
        grads = _gradients(X, y, *params)
        cases.append(Case(X, y, W1, b1, W2, b2, learning_rate,
                          label=_label(X, W1, seed) + f", learning_rate {learning_rate}",
                          prop=lambda got, *args, p=params, g=grads, lr=learning_rate:
                          _advice_step(got, p, g, lr)))
    return run_cases(student_train_step, cases, name="train_step",
                     success="train_step passes both test cases: every parameter moved by "
                             "-learning_rate * gradient, and the inputs are unchanged.")
