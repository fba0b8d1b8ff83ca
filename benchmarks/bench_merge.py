"""Merging the LLMs of 100,000 rows of a 12-40-40-1 network, against building them.

    python benchmarks/bench_merge.py              # median of 3 reps
    python benchmarks/bench_merge.py --reps 5 --n 200000

Protocol: a 12-40-40-1 ReLU regressor network (He initialisation, seed 0), float64,
one BLAS thread; X of n rows uniform in [-1, 1]^12 (seed 0; nearly every row has its
own activation pattern: about n LLMs, the worst case), y the network's output plus noise,
and 20,000 held-out rows.

* LLMs:   ``interpret.local_linear_models(net, X)``: the baseline;
* merge:  ``interpret.merge_local_linear_models(net, X, y, X_test, y_test)`` with the
          default 200 groups: the LLMs, pooling, Ward merging, the refits, and the scores
          of every step on the training and the held-out rows.

Printed: median seconds, the ratio merge / LLMs, and whether the merge took under 5 s.
Measured here (2 shared cores, loaded): 99,983 LLMs; LLMs 0.21 s, merge 3.0 s (14x).
"""
import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

import minirelu as mr
from minirelu import interpret


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    net = mr.MLP((12, 40, 40, 1), "relu", "identity", random_state=0)
    rng = np.random.default_rng(0)
    X, X_test = rng.uniform(-1, 1, (args.n, 12)), rng.uniform(-1, 1, (20_000, 12))
    y = net.raw_output(X)[:, 0] + 0.1 * rng.normal(size=args.n)
    y_test = net.raw_output(X_test)[:, 0] + 0.1 * rng.normal(size=20_000)
    llm_t, merge_t = [], []
    with threadpool_limits(1):
        for _ in range(args.reps):
            start = time.perf_counter()
            llms = interpret.local_linear_models(net, X)
            llm_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            path = interpret.merge_local_linear_models(net, X, y, X_test, y_test)
            merge_t.append(time.perf_counter() - start)
    tl, tm = statistics.median(llm_t), statistics.median(merge_t)
    print(f"12-40-40-1 network, {args.n:,} rows ({llms.n_llms:,} LLMs), 20,000 held-out rows, "
          f"1 BLAS thread, {args.reps} reps")
    print(f"local_linear_models:        {tl:.2f} s")
    print(f"merge_local_linear_models:  {tm:.2f} s  ({tm / tl:.1f}x building the LLMs; "
          f"{'under' if tm < 5 else 'OVER'} 5 s)")
    print(f"path: {len(path.n_groups)} steps; held-out R² {path.accuracy_test[0]:.3f} (network) "
          f"-> {path.accuracy_test[1]:.3f} ({path.n_groups[1]} groups) -> "
          f"{path.accuracy_test[-1]:.3f} (1 group)")


if __name__ == "__main__":
    main()
