"""Cost of extracting the local linear models of a ReLU network, against one forward pass.

    python benchmarks/bench_llm.py             # 100,000 rows, median of 9 interleaved reps
    python benchmarks/bench_llm.py --reps 21

Protocol: a 20-40-40-1 ReLU network in float64, X of 100,000 rows with 20 standard-normal
features, one BLAS thread. Three networks:

* "untrained": He initialisation. Every row has its own activation pattern (k = n), the
  worst case: composing the LLMs is then a backward pass over every row. (Trained without
  a penalty, the network is no different here: with 20 Gaussian features nearly every
  row still has its own pattern.)
* "l1_reg=0.5", "l1_reg=1": MLPRegressor (40, 40) fitted for 3 epochs on 20,000 rows of
  a smooth 20-feature target; the proximal L1 step zeroes most weights, so rows share
  patterns (about half as many LLMs as rows, and a handful).

Timed, interleaved rep by rep so that the machine's load hits all alike:

* forward         ``net.raw_output(X)``: the baseline, one cache-blocked forward pass;
* patterns+hash   activation patterns, packed and grouped (each row's LLM and the counts):
                  the "forward + exact pattern hashing + distinct count" of the goal;
* LLMs            ``interpret.local_linear_models(net, X)``: the above plus the ordering and
                  the coefficients and intercepts of every LLM;
* unique(axis=0)  forward, np.packbits, np.unique(axis=0): the textbook way, for comparison.

Printed: median ms and the median of the per-rep ratios to the forward pass.

Reading it: the goal "patterns, exact hashing and distinct count within 2.2 forward passes"
is the patterns+hash row. The LLMs row adds the coefficients, one backward sweep over the
distinct patterns: when every row has its own pattern that sweep costs about as much as the
forward pass itself, so the complete extraction then takes about three forward passes;
when rows share patterns it costs little.
"""
import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import minirelu as mr
from minirelu import interpret
from minirelu.interpret import _patterns as ll


def untrained_net():
    return mr.MLP((20, 40, 40, 1), "relu", "identity", random_state=0)


def trained_net(l1_reg):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((20_000, 20))
    y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.5 * np.abs(X[:, 3]) + 0.1 * X[:, 4:].sum(axis=1)
    reg = mr.MLPRegressor((40, 40), learning_rate=1e-3, l1_reg=l1_reg, batch_size=64, epochs=3,
                          random_state=0).fit(X, y)
    return reg.network_


def textbook(net, X):
    """Forward pass, pack the z > 0 bits, group rows with np.unique(axis=0)."""
    bits = ll.pattern_bits(net, X)
    return np.unique(np.packbits(bits, axis=1), axis=0, return_inverse=True, return_counts=True)


def hashed(net, X):
    return ll.group(ll.pattern_keys(net, X))


def bench(net, X, reps):
    tasks = {"forward": lambda: net.raw_output(X),
             "patterns+hash": lambda: hashed(net, X),
             "LLMs": lambda: interpret.local_linear_models(net, X),
             "unique(axis=0)": lambda: textbook(net, X)}
    times = {name: [] for name in tasks}
    for task in tasks.values():
        task()                                       # warm up
    for _ in range(reps):
        for name, task in tasks.items():
            start = time.perf_counter()
            task()
            times[name].append(time.perf_counter() - start)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    X = np.random.default_rng(0).standard_normal((args.n, 20))
    with threadpool_limits(1):
        blas = [(i["internal_api"], i.get("architecture"), i["num_threads"])
                for i in threadpool_info() if i["user_api"] == "blas"]
        print(f"BLAS: {blas}; n = {args.n}; reps = {args.reps}")
        for label, make in (("untrained", untrained_net),
                            ("l1_reg=0.5", lambda: trained_net(0.5)),
                            ("l1_reg=1", lambda: trained_net(1.0))):
            net = make()
            k = interpret.local_linear_models(net, X).n_llms
            times = bench(net, X, args.reps)
            print(f"\n{label} 20-40-40-1 network: {k} LLMs among {args.n} rows")
            print(f"{'task':<16}{'median ms':>10}{'x forward':>11}")
            for name, series in times.items():
                ratio = statistics.median(t / f for t, f in zip(series, times["forward"]))
                print(f"{name:<16}{1e3 * statistics.median(series):>10.1f}{ratio:>11.2f}")


if __name__ == "__main__":
    main()
