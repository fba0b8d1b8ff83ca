"""Exact partition of a 2-D slice through a 12-input network, against a pattern raster.

    python benchmarks/bench_partition_slice.py            # median of 5 interleaved reps
    python benchmarks/bench_partition_slice.py --reps 9

Protocol: a 12-40-40-1 ReLU network (He initialisation, seed 0), float64, one BLAS thread;
the plane through the origin spanned by two random unit directions (seed 1), over
[-3, 3] x [-3, 3] in the plane's coordinates.

* exact:   ``interpret.partition_slice``: every cell as a polygon, its pattern and LLM;
* raster:  the activation pattern at the 300 x 300 pixel centres of the same rectangle
           (``interpret.activation_patterns``), grouped with np.unique: Aletheia's
           picture of the regions (a 300 x 300 mesh), here on a slice.

Printed: median seconds and the ratio exact / raster; the cells found by each; the exact
cells that no pixel centre falls in (the cells the raster misses), and their share of
the area. Measured here (2 shared cores, loaded): exact 0.18 s and 2,599 cells, raster
1.03 s and 1,772 patterns (ratio 0.17); the raster misses 827 cells (32% of the cells,
0.21% of the area).
"""
import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

import minirelu as mr
from minirelu import interpret


def raster(net, cells, n=300):
    smin, smax, tmin, tmax = cells.bounds
    s = smin + (np.arange(n) + 0.5) * (smax - smin) / n
    t = tmin + (np.arange(n) + 0.5) * (tmax - tmin) / n
    S, T = np.meshgrid(s, t)
    bits = interpret.activation_patterns(net, cells.points(np.column_stack([S.ravel(), T.ravel()])))
    return np.unique(np.packbits(bits, axis=1), axis=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    net = mr.MLP((12, 40, 40, 1), "relu", "identity", random_state=0)
    rng = np.random.default_rng(1)
    u, v = rng.normal(size=12), rng.normal(size=12)
    u, v = u / np.linalg.norm(u), v / np.linalg.norm(v)
    origin, bounds = np.zeros(12), (-3.0, 3.0, -3.0, 3.0)
    exact_t, raster_t = [], []
    with threadpool_limits(1):
        for _ in range(args.reps):
            start = time.perf_counter()
            cells = interpret.partition_slice(net, origin, u, v, bounds)
            exact_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            seen = raster(net, cells)
            raster_t.append(time.perf_counter() - start)
    keys = np.packbits(cells.patterns, axis=1)
    hit = (keys[:, None, :] == seen[None, :, :]).all(axis=2).any(axis=1)
    missed = ~hit
    te, tr = statistics.median(exact_t), statistics.median(raster_t)
    print(f"12-40-40-1 network, slice [-3, 3] x [-3, 3], 1 BLAS thread, {args.reps} reps")
    print(f"exact partition_slice: {te:.3f} s, {cells.n_cells} cells "
          f"(areas sum to {cells.areas.sum():.12f} of 36)")
    print(f"300 x 300 raster:      {tr:.3f} s, {len(seen)} distinct patterns")
    print(f"ratio exact / raster:  {te / tr:.2f}")
    print(f"cells the raster misses: {missed.sum()} of {cells.n_cells} "
          f"({missed.sum() / cells.n_cells:.1%} of the cells, "
          f"{cells.areas[missed].sum() / 36:.3%} of the area)")


if __name__ == "__main__":
    main()
