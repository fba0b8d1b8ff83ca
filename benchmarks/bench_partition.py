"""Exact 2-D partition (minirelu.interpret.partition_2d) against rasterised patterns, in one run.

    python benchmarks/bench_partition.py            # median of 7 runs
    python benchmarks/bench_partition.py --reps 3

Protocol: 2-32-32-1 ReLU networks on the square [-3, 3]^2, at one BLAS thread:
an untrained MLP (random_state 0) and a classifier trained on make_moons.
The baseline is what the industrial toolkits draw: the activation pattern at every
point of a 300 x 300 grid, the distinct patterns counted by hashing the packed
rows (a 1000 x 1000 grid is timed too). The table gives the median seconds, the
ratio exact / raster-300, the number of regions each method finds, and how many
exact cells a grid misses (cells no grid point falls in, mostly thin slivers).
"""
import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_limits

import minirelu as mr
from minirelu import interpret
from minirelu.datasets import make_moons

BOUNDS = (-3.0, 3.0, -3.0, 3.0)


def raster_patterns(net, resolution, block=8192):
    """Distinct activation patterns at the points of a resolution x resolution grid.

    Evaluated in cache-sized blocks of rows; each pattern is packed to bits and the
    distinct rows found by one np.unique over fixed-width keys (uint64 up to 64 units).
    """
    g = np.linspace(BOUNDS[0], BOUNDS[1], resolution)
    g1, g2 = np.meshgrid(g, g)
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    keys = []
    for start in range(0, len(grid), block):
        a, columns = grid[start:start + block], []
        for W, b in zip(net.weights[:-1], net.biases[:-1]):
            z = a @ W.T + b
            columns.append(z > 0)
            a = np.maximum(z, 0.0, out=z)
        keys.append(np.packbits(np.hstack(columns), axis=1))
    packed = np.vstack(keys)
    width = packed.shape[1]
    if width <= 8:
        packed = np.pad(packed, ((0, 0), (0, 8 - width)))
        return np.unique(packed.view(np.uint64).ravel()).view(np.uint8).reshape(-1, 8)[:, :width]
    return np.unique(packed.view(np.dtype((np.void, width))).ravel())


def median_time(fn, reps):
    times, result = [], None
    for _ in range(reps):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    X, y = make_moons(400, noise=0.15, random_state=0)
    clf = mr.MLPClassifier((32, 32), learning_rate=3e-3, epochs=100, random_state=0).fit(X, y)
    nets = {"untrained 2-32-32-1": mr.MLP((2, 32, 32, 1), random_state=0),
            "moons 2-32-32-1": clf.network_}
    pixel = (BOUNDS[1] - BOUNDS[0]) * (BOUNDS[3] - BOUNDS[2]) / 299 ** 2
    header = (f"{'network':<22}{'method':<20}{'seconds':>9}{'ratio':>8}{'regions':>9}"
              f"{'missed':>8}")
    print(header)
    print("-" * len(header))
    with threadpool_limits(1):
        for name, net in nets.items():
            t_exact, cells = median_time(lambda: interpret.partition_2d(net, bounds=BOUNDS),
                                         args.reps)
            packed = np.packbits(cells.patterns, axis=1)
            exact = {row.tobytes() for row in packed}
            rows = [("exact partition_2d", t_exact, cells.n_cells, 0)]
            for res in (300, 1000):
                t_grid, found = median_time(lambda: raster_patterns(net, res), args.reps)
                found = {row.tobytes() for row in found}
                assert found <= exact, "a grid pattern missing from the exact cells"
                rows.append((f"raster {res}x{res}", t_grid, len(found), len(exact - found)))
            t_300 = rows[1][1]
            for method, seconds, regions, missed in rows:
                print(f"{name:<22}{method:<20}{seconds:>9.4f}{seconds / t_300:>8.2f}{regions:>9d}"
                      f"{missed:>8d}")
            small = int((cells.areas < pixel).sum())
            print(f"{'':<22}cells smaller than a 300-grid pixel ({pixel:.2e}): {small}; "
                  f"smallest cell area {cells.areas.min():.2e}; area sum error "
                  f"{abs(cells.areas.sum() - 36.0):.1e}")


if __name__ == "__main__":
    main()
