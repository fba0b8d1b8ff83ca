"""The slips that checkers recognise inside a property (rather than as a fixed wrong value):
one wrong answer for each, which must get that slip's own message and no solution code.
(The fixed wrong values of slip_case are fed back one by one in test_checkers.py.)"""
import numpy as np
import pytest

import minirelu as mr
from minirelu import check
from test_checkers import solution_code_in


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def relu(z):
    return np.maximum(z, 0.0)


def forward(X, W1, b1, W2, b2):
    return sigmoid(relu(X @ W1.T + b1) @ W2.T + b2)


def roc_points(y, s):
    thresholds = np.unique(s)[::-1]
    P, N = np.sum(y == 1), np.sum(y == 0)
    tpr = [0.0] + [np.sum((s >= t) & (y == 1)) / P for t in thresholds]
    fpr = [0.0] + [np.sum((s >= t) & (y == 0)) / N for t in thresholds]
    return np.array(fpr), np.array(tpr)


def weighted_ridge_fit(T, y, weights, alpha):
    p = weights / weights.sum()
    t_bar, y_bar = p @ T, p @ y
    Tc = T - t_bar
    beta = np.linalg.solve(Tc.T @ (p[:, None] * Tc) + alpha * np.eye(T.shape[1]), Tc.T @ (p * (y - y_bar)))
    return y_bar - t_bar @ beta, beta


def momentum(w, v, grad, learning_rate, momentum, slip):
    v_new = momentum * v - learning_rate * grad
    return {"old velocity": (w + v, v_new), "uphill": (w - v_new, v_new),
            "no momentum": (w + v - learning_rate * grad, v - learning_rate * grad),
            "w doubled": (w + 2 * v_new, v_new)}[slip]


def adam(w, m, s, grad, t, learning_rate, beta1, beta2, epsilon, slip):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad ** 2
    m_hat, s_hat = m_new / (1 - beta1 ** t), s_new / (1 - beta2 ** t)
    step = learning_rate * m_hat / (np.sqrt(s_hat) + epsilon)
    return {"m summed": (w - step, m + grad, s_new), "s summed": (w - step, m_new, s + grad ** 2),
            "step doubled": (w - 2 * step, m_new, s_new)}[slip]


def standardize(X_train, X_val, slip):
    both = np.vstack([X_train, X_val])
    if slip == "min-max":
        lo, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
        return (X_train - lo) / span, (X_val - lo) / span
    if slip == "both sets":
        return (X_train - both.mean(axis=0)) / both.std(axis=0), (X_val - both.mean(axis=0)) / both.std(axis=0)
    if slip == "val with both":
        return ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0),
                (X_val - both.mean(axis=0)) / both.std(axis=0))


def build(kind, fit=True):
    def build_and_train(X_train, y_train, X_val, y_val):
        model = kind(hidden_layer_sizes=(64, 64), optimizer="adam", learning_rate=1e-3,
                     batch_size=32, epochs=40, random_state=0)
        return model.fit(X_train, y_train, validation_data=(X_val, y_val)) if fit else model
    return build_and_train


SLIPS = [
    (check.sigmoid, lambda z: sigmoid(z) * (1.5 if z.size == 61 else 1.0),
     "some values lie outside [0, 1]; a probability cannot"),
    (check.sigmoid, lambda z: sigmoid(z)[::-1] if z.size == 61 else sigmoid(z),
     "the values decrease somewhere; sigmoid increases with z"),
    (check.sigmoid, lambda z: sigmoid(z) ** 1.01 if z.size == 61 else sigmoid(z),
     "sigmoid(z) + sigmoid(-z) should be 1 for every z"),
    (check.forward, lambda X, W1, b1, W2, b2: (relu(X @ W1.T + b1) @ W2.T + b2 if X.shape[1] == 3
                                               else forward(X, W1, b1, W2, b2)),
     "some outputs are not in (0, 1): did you apply the sigmoid to Z2?"),
    (check.momentum_step, lambda *a: momentum(*a, "old velocity"), "w_new moved by the old velocity v"),
    (check.momentum_step, lambda *a: momentum(*a, "uphill"), "subtracting v_new moves uphill"),
    (check.momentum_step, lambda *a: momentum(*a, "no momentum"), "The velocity decays"),
    (check.momentum_step, lambda *a: momentum(*a, "w doubled"), "w moves by exactly the new velocity"),
    (check.adam_step, lambda *a, **k: adam(*a, *k.values(), "m summed"),
     "The first moment is a running average of the gradient"),
    (check.adam_step, lambda *a, **k: adam(*a, *k.values(), "s summed"),
     "The second moment is a running average of the squared gradient"),
    (check.adam_step, lambda *a, **k: adam(*a, *k.values(), "step doubled"),
     "m_new and s_new are right, but w_new"),
    (check.roc_points, lambda y, s: (roc_points(y, s) if y.size < 40 else
                                     tuple(np.repeat(v, 2) for v in roc_points(y, s))),
     "one per distinct score"),
    (check.weighted_ridge_fit, lambda T, y, w, a: (weighted_ridge_fit(T, y, w, a)[0],
                                                  weighted_ridge_fit(T, y, w, a)[1] + 0.01 * (T.shape[1] == 3)),
     "the objective is not at its minimum"),
    (check.best_slopes, lambda c: c.copy() if c.size == 40 and c.max() > 0 else (c > 0).astype(float),
     "some slopes lie outside [0, 1]"),
    (check.standardize, lambda X_train, X_val: standardize(X_train, X_val, "min-max"),
     "that is min-max scaling"),
    (check.standardize, lambda X_train, X_val: standardize(X_train, X_val, "both sets"),
     "the training set was scaled with the mean and standard deviation of training and validation together"),
    (check.standardize, lambda X_train, X_val: standardize(X_train, X_val, "val with both"),
     "X_val was scaled with the statistics of training and validation together"),
    (check.build_and_train, build(mr.MLPRegressor), "not a sigmoid"),
    (check.build_and_train, build(mr.MLPClassifier, fit=False), "the classifier is not fitted"),
]


@pytest.mark.parametrize("checker, wrong, message", SLIPS, ids=[m[:40] for _, _, m in SLIPS])
def test_a_slip_found_by_a_property_gets_its_own_message(capsys, checker, wrong, message):
    assert checker(wrong) == False
    out = capsys.readouterr().out
    assert out.startswith("Not yet: ") and message in out, out
    assert solution_code_in(out) == []
