"""Cost of the LLM summary of a classifier at scale, against the regressor's summary.

    python benchmarks/bench_llm_summary.py                 # 10^6 rows (and 10^5 for the growth)
    python benchmarks/bench_llm_summary.py --n 200000

Protocol: a 20-64-64-1 ReLU network, fitted as an MLPClassifier for 2 epochs on 20,000
rows of a smooth rule (trained this little, with 20 Gaussian features, nearly every row
still has its own activation pattern: k close to n, the worst case for a per-LLM
computation). X has n rows of 20 standard-normal features, float64; one BLAS thread.

Timed, one run each (minutes of work would not fit the repetitions):

* forward                 ``net.raw_output(X)``: one forward pass, the unit of cost;
* summary, regressor      ``interpret.llm_summary`` of the same network with an identity
                          output (Global MSE from the data's moments): the baseline;
* summary, classifier     ``interpret.llm_summary`` of the classifier: Local AUC by one
                          sort of all rows, Global AUC for the largest LLMs only
                          (``global_top='auto'``).

Printed: seconds, the ratio to the regressor's summary and to the forward pass, the
growth from n/10 to n rows (about 10-12 for O(n log n); 100 for a quadratic path), and
the peak of memory allocated during the classifier's summary (tracemalloc, which sees
NumPy's arrays), against the size of X.

Before this path, the classifier's summary was quadratic: 2k/4k/8k/16k rows took
0.17/0.70/3.3/13.9 s and 10^6 rows did not finish in 17 minutes. Measured here on a
loaded 2-core machine: 10^6 rows (10^6 LLMs) in 23 s against 15 s for the regressor's
summary (1.6x) and 2.8 s for a forward pass; peak 520 MiB allocated, 3.4x X.
"""
import argparse
import time
import tracemalloc

import numpy as np
from threadpoolctl import threadpool_limits

import minirelu as mr
from minirelu import interpret


def networks():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((20_000, 20))
    y = (np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.3 * X[:, 3:].sum(axis=1) > 0).astype(int)
    clf = mr.MLPClassifier((64, 64), batch_size=64, epochs=2, random_state=0).fit(X, y)
    net = clf.network_
    reg = mr.MLP.from_weights(net.weights, net.biases, "relu", "identity")
    return net, reg


def data(n):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, 20))
    logit = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.3 * X[:, 3:].sum(axis=1)
    y = (logit + 0.5 * rng.standard_normal(n) > 0).astype(int)
    return X, y, logit


def timed(task):
    start = time.perf_counter()
    out = task()
    return time.perf_counter() - start, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    clf_net, reg_net = networks()
    with threadpool_limits(1):
        results = {}
        for n in (args.n // 10, args.n):
            X, y, target = data(n)
            t_forward, _ = timed(lambda: clf_net.raw_output(X))
            t_reg, _ = timed(lambda: interpret.llm_summary(reg_net, X, target))
            t_clf, summary = timed(lambda: interpret.llm_summary(clf_net, X, y))
            results[n] = (t_forward, t_reg, t_clf, summary)
        X, y, _ = data(args.n)
        tracemalloc.start()
        interpret.llm_summary(clf_net, X, y)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    print(f"20-64-64-1 network, 20 features, float64, 1 BLAS thread")
    print(f"{'rows':>9}{'LLMs':>10}{'Global AUC':>12}{'forward s':>11}{'regressor s':>13}"
          f"{'classifier s':>14}{'clf/reg':>9}{'clf/forward':>13}")
    for n, (t_forward, t_reg, t_clf, summary) in results.items():
        print(f"{n:>9,}{summary.llms.n_llms:>10,}{summary.n_global:>12,}{t_forward:>11.2f}"
              f"{t_reg:>13.2f}{t_clf:>14.2f}{t_clf / t_reg:>9.1f}{t_clf / t_forward:>13.1f}")
    small, large = results[args.n // 10][2], results[args.n][2]
    print(f"growth of the classifier's summary from {args.n // 10:,} to {args.n:,} rows: "
          f"{large / small:.1f}x (at most about 11x for O(n log n); 100x if quadratic)")
    print(f"peak memory allocated during the classifier's summary of {args.n:,} rows: "
          f"{peak / 2 ** 20:,.0f} MiB = {peak / X.nbytes:.1f}x X ({X.nbytes / 2 ** 20:,.0f} MiB)")


if __name__ == "__main__":
    main()
