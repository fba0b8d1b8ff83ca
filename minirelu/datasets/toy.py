"""Small seeded data sets for the first lessons: a noisy line, and 2-D classification toys
(two classes, and K interleaved spirals for lessons/15_more_than_two_classes.ipynb).

Every generator takes ``random_state`` (None, an int or a numpy Generator) and
returns arrays ``X`` (n, d) and ``y`` (n,).
"""
import numpy as np

from ..validation import (check_array, check_int, check_non_negative, check_random_state,
                          check_real, check_vector)

__all__ = ["make_linear", "make_moons", "make_xor", "make_circles", "make_blobs", "make_spirals"]


def make_linear(n_samples=100, coef=(2.0,), intercept=1.0, noise=1.0, x_range=(0.0, 10.0),
                random_state=None):
    """y = X coef + intercept + Gaussian noise, with X uniform on ``x_range`` in every column.

    Returns X (n, len(coef)), y (n,).
    """
    n = check_int(n_samples, "n_samples", minimum=1)
    coef = check_vector(coef, "coef")
    intercept = check_real(intercept, "intercept")
    noise = check_non_negative(noise, "noise")
    low, high = check_vector(x_range, "x_range")[:2] if np.size(x_range) == 2 else (None, None)
    if low is None or not low < high:
        raise ValueError(f"x_range must be two finite numbers (low, high) with low < high, "
                         f"got {x_range!r}")
    rng = check_random_state(random_state)
    X = rng.uniform(low, high, (n, coef.shape[0]))
    with np.errstate(over="ignore", invalid="ignore"):
        y = X @ coef + intercept + noise * rng.standard_normal(n)
    if not np.isfinite(y).all():
        raise ValueError("coef, intercept, noise and x_range give y values beyond the float64 "
                         "range; use smaller magnitudes")
    return X, y


def _shuffled(X, y, rng):
    order = rng.permutation(len(y))
    return X[order], y[order]


def make_moons(n_samples=200, noise=0.1, random_state=None):
    """Two interleaving half circles; label 1 is the lower one. X (n, 2), y (n,) in {0, 1}."""
    n = check_int(n_samples, "n_samples", minimum=2)
    noise = check_non_negative(noise, "noise")
    rng = check_random_state(random_state)
    n0 = n // 2
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n - n0)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])])
    X += noise * rng.standard_normal(X.shape)
    y = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    return _shuffled(X, y, rng)


def make_xor(n_samples=200, noise=0.1, random_state=None):
    """Points uniform on [-1, 1]^2; label 1 where x1 and x2 have opposite signs (XOR).

    ``noise`` jitters the points after labelling, so labels blur near the axes.
    """
    n = check_int(n_samples, "n_samples", minimum=2)
    noise = check_non_negative(noise, "noise")
    rng = check_random_state(random_state)
    X = rng.uniform(-1, 1, (n, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(int)
    return X + noise * rng.standard_normal(X.shape), y


def make_circles(n_samples=200, noise=0.05, factor=0.5, random_state=None):
    """A small circle (label 1) inside a large one (label 0); ``factor`` is the radius ratio."""
    n = check_int(n_samples, "n_samples", minimum=2)
    noise = check_non_negative(noise, "noise")
    if not 0 < check_real(factor, "factor") < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor}")
    rng = check_random_state(random_state)
    n0 = n // 2
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n - n0, endpoint=False)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   factor * np.column_stack([np.cos(t1), np.sin(t1)])])
    X += noise * rng.standard_normal(X.shape)
    y = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    return _shuffled(X, y, rng)


def make_blobs(n_samples=200, centers=((-1.0, -1.0), (1.0, 1.0)), scale=0.5, random_state=None):
    """Gaussian clouds around ``centers`` (one per class, label = index of the center)."""
    n = check_int(n_samples, "n_samples", minimum=2)
    centers = check_array(centers, "centers")
    if len(centers) < 2:
        raise ValueError(f"centers must be a list of at least two points, got shape {centers.shape}")
    scale = check_non_negative(scale, "scale")
    rng = check_random_state(random_state)
    y = np.arange(n) % len(centers)
    with np.errstate(over="ignore", invalid="ignore"):
        X = centers[y] + scale * rng.standard_normal((n, centers.shape[1]))
    if not np.isfinite(X).all():
        raise ValueError("centers and scale give points beyond the float64 range; use smaller "
                         "magnitudes")
    return _shuffled(X, y, rng)


def make_spirals(n_samples=300, n_classes=3, turns=0.75, noise=0.2, random_state=None):
    """K interleaved spiral arms from the origin, one class per arm (label = arm index 0..K-1).

    Arm k at parameter t in [0, 1] is at radius t and angle
    2π (turns t + k / K) + noise · N(0, 1) (the noise jitters the angle, so it
    blurs the arms most near the centre, where they are closest). Rows are shuffled.

    Parameters
    ----------
    n_samples : int >= n_classes
        Total points, split as evenly as possible between the arms.
    n_classes : int >= 2
    turns : float > 0
        How many full turns each arm makes from the centre out.
    noise : float >= 0
        Standard deviation of the angular jitter, in radians.
    random_state : None, int or numpy Generator

    Returns
    -------
    X : ndarray of shape (n_samples, 2), within the unit disc (radius <= 1)
    y : ndarray of shape (n_samples,), int labels 0..n_classes-1
    """
    k = check_int(n_classes, "n_classes", minimum=2)
    n = check_int(n_samples, "n_samples", minimum=k)
    turns = check_non_negative(turns, "turns")
    if turns == 0:
        raise ValueError("turns must be > 0, got 0")
    noise = check_non_negative(noise, "noise")
    rng = check_random_state(random_state)
    y = np.arange(n) % k
    t = np.empty(n)
    for label in range(k):
        rows = y == label
        t[rows] = np.linspace(0.05, 1.0, rows.sum())
    angle = 2 * np.pi * (turns * t + y / k) + noise * rng.standard_normal(n)
    X = t[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _shuffled(X, y, rng)
