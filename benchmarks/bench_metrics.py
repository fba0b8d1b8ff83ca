"""Speed of minirelu's roc_auc_score and roc_curve against scikit-learn's, in one run.

    python benchmarks/bench_metrics.py              # 10^6 scores, median of 9 repeats
    python benchmarks/bench_metrics.py --n 100000 --repeats 5

Protocol: labels with 30 % positives; scores either continuous (normal noise plus
a shift for positives: almost no ties) or rounded to 2 decimals (a few hundred
distinct values: heavy ties) or 10 distinct values (probability buckets). Each
function runs on the same arrays for both libraries, calls interleaved repeat by
repeat, one BLAS thread; the table shows the median milliseconds and the ratio
minirelu / scikit-learn (below 1 means minirelu is faster). Results are checked
equal (to 1e-12) before timing. roc_curve is timed with drop_intermediate=True
(scikit-learn's default) and False (minirelu's default), the same on both sides.
"""
import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits
import sklearn
import sklearn.metrics as skm

import minirelu
from minirelu import metrics as mm


def make_cases(n, seed=0):
    rng = np.random.default_rng(seed)
    y_true = (rng.random(n) < 0.3).astype(np.int64)
    continuous = rng.standard_normal(n) + 1.0 * y_true
    return {
        "continuous (no ties)": (y_true, continuous),
        "2 decimals (ties)": (y_true, np.round(continuous, 2)),
        "10 values (heavy ties)": (y_true, np.clip(np.round(continuous * 2 + 4), 0, 9) / 9),
    }


FUNCTIONS = {
    "roc_auc_score": (mm.roc_auc_score, skm.roc_auc_score),
    "roc_curve drop=True": (lambda y, s: mm.roc_curve(y, s, drop_intermediate=True),
                            lambda y, s: skm.roc_curve(y, s, drop_intermediate=True)),
    "roc_curve drop=False": (lambda y, s: mm.roc_curve(y, s, drop_intermediate=False),
                             lambda y, s: skm.roc_curve(y, s, drop_intermediate=False)),
}


def check_equal(ours, theirs):
    if isinstance(ours, tuple):
        for a, b in zip(ours, theirs):
            assert a.shape == b.shape, (a.shape, b.shape)
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    else:
        assert abs(ours - theirs) <= 1e-12, (ours, theirs)


def timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10 ** 6, help="number of scores")
    parser.add_argument("--repeats", type=int, default=9, help="timed calls per function")
    args = parser.parse_args()

    print(f"n = {args.n:,} scores, median of {args.repeats} interleaved repeats, 1 BLAS thread; "
          f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
          f"minirelu {minirelu.__version__}")
    header = f"{'scores':<24}{'function':<22}{'minirelu ms':>12}{'sklearn ms':>12}{'ratio':>8}"
    print(header)
    print("-" * len(header))
    with threadpool_limits(1):
        for case, (y_true, y_score) in make_cases(args.n).items():
            for name, (ours, theirs) in FUNCTIONS.items():
                check_equal(ours(y_true, y_score), theirs(y_true, y_score))   # also a warm-up
                t_ours, t_theirs = [], []
                for _ in range(args.repeats):
                    t_ours.append(timed(ours, y_true, y_score))
                    t_theirs.append(timed(theirs, y_true, y_score))
                ms_ours = 1e3 * statistics.median(t_ours)
                ms_theirs = 1e3 * statistics.median(t_theirs)
                print(f"{case:<24}{name:<22}{ms_ours:>12.1f}{ms_theirs:>12.1f}"
                      f"{ms_ours / ms_theirs:>8.2f}")


if __name__ == "__main__":
    main()
