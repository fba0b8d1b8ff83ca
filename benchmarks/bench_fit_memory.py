"""Peak memory of a float64 fit of float32 data, against the size of the data, in one run.

    python benchmarks/bench_fit_memory.py            # 1,000,000 x 20 float32 rows, one epoch
    python benchmarks/bench_fit_memory.py --rows 200000

``fit`` converts X once to the estimator's dtype (float32 -> float64 doubles it) and then
picks each minibatch from it by index, so the peak is the data, its float64 copy and
small per-batch arrays: about 3x the float32 data counting the caller's own array, 2x
beyond it. Measured with tracemalloc, which sees NumPy's allocations. The ratio printed
is the peak allocated during ``fit`` over the size of the float32 data.
"""
import argparse
import time
import tracemalloc

import numpy as np

import minirelu as mr


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((args.rows, 20), dtype=np.float32)
    y = (X[:, 0] + X[:, 1] > 0).astype(np.int64)
    clf = mr.MLPClassifier((64, 64), batch_size=256, epochs=1, random_state=0, dtype="float64")
    tracemalloc.start()
    t = time.perf_counter()
    clf.fit(X, y)
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    data = X.nbytes
    print(f"data {args.rows:,} x 20 float32: {data / 2**20:.0f} MiB; float64 fit of one epoch, "
          f"batch 256: {elapsed:.1f} s")
    print(f"peak allocated during fit: {peak / 2**20:.0f} MiB = {peak / data:.2f} x the data "
          f"(goal: under 2.5 x)")


if __name__ == "__main__":
    main()
