"""Training and inference speed of minirelu against scikit-learn, in one run, at one BLAS thread.

    python benchmarks/bench_training.py            # full: 40 epochs, median of 3 fits
    python benchmarks/bench_training.py --quick    # 10 epochs, median of 3

Protocol: make_classification 20,000 x 20 (standardised), a 20-64-64-1 ReLU
classifier, batch 256, shuffling; SGD (lr 0.01, no momentum) and Adam (lr 1e-3).
scikit-learn's MLPClassifier gets the same settings (alpha 0, no early stopping,
tolerance off so it runs every epoch). Fits are interleaved rep by rep; the table
shows the median seconds per epoch, the ratio minirelu / scikit-learn, and the
achieved GFLOP/s (6 x parameters x samples per epoch) against this machine's
measured 4096x512x512 matmul rate.

Then the one buffer training keeps (``estimators._PackedParameters``): an Adam step on
the network's six arrays against the same step on one packed vector, and the forward
pass over 100,000 rows in ``MLP.row_blocks`` (the other place blocking stays) against
scikit-learn.
"""
import argparse
import statistics
import time
import warnings

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SkMLP

import minirelu as mr


def matmul_gflops(dtype, reps=5):
    a = np.random.default_rng(0).standard_normal((4096, 512)).astype(dtype)
    b = np.random.default_rng(1).standard_normal((512, 512)).astype(dtype)
    a @ b
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t)
    return 2 * 4096 * 512 * 512 / min(times) / 1e9


def fit_minirelu(X, y, opt, lr, epochs, dtype):
    clf = mr.MLPClassifier((64, 64), optimizer=opt, learning_rate=lr, batch_size=256,
                           epochs=epochs, random_state=0, dtype=dtype)
    t = time.perf_counter()
    clf.fit(X, y)
    return time.perf_counter() - t, clf.history_["loss"][-1]


def fit_sklearn(X, y, opt, lr, epochs, dtype):
    clf = SkMLP((64, 64), solver=opt, learning_rate_init=lr, batch_size=256, max_iter=epochs,
                alpha=0.0, momentum=0.0, nesterovs_momentum=False, tol=0.0,
                n_iter_no_change=10 ** 6, early_stopping=False, shuffle=True, random_state=0)
    Xd = X.astype(dtype)
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(Xd, y)
    elapsed = time.perf_counter() - t
    assert clf.n_iter_ == epochs
    return elapsed, clf.loss_curve_[-1]


def _time(f, number):
    t = time.perf_counter()
    for _ in range(number):
        f()
    return time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 epochs instead of 40")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    epochs = 10 if args.quick else 40

    X, y = make_classification(20_000, 20, n_informative=10, random_state=0)
    X = (X - X.mean(0)) / X.std(0)
    n_params = 20 * 64 + 64 + 64 * 64 + 64 + 64 + 1
    flop_per_epoch = 6 * n_params * len(X)

    with threadpool_limits(1):
        blas = [f"{i['internal_api']} {i.get('version')} ({i.get('architecture')})"
                for i in threadpool_info() if i["user_api"] == "blas"]
        peak = {np.float64: matmul_gflops(np.float64), np.float32: matmul_gflops(np.float32)}
        print(f"BLAS: {', '.join(blas)}; 1 thread; matmul 4096x512x512: "
              f"{peak[np.float64]:.1f} GFLOP/s float64, {peak[np.float32]:.1f} float32")
        print(f"data 20000 x 20, network 20-64-64-1 ({n_params} parameters), batch 256, "
              f"{epochs} epochs, median of {args.reps} fits\n")

        engines = [("minirelu float64", fit_minirelu, np.float64),
                   ("minirelu float32", fit_minirelu, np.float32),
                   ("scikit-learn float64", fit_sklearn, np.float64)]
        print(f"{'optimizer':9s}  {'engine':21s} {'s/epoch':>8s} {'vs sklearn':>10s} "
              f"{'GFLOP/s':>8s} {'% matmul':>8s} {'final loss':>10s}")
        for opt, lr in (("sgd", 0.01), ("adam", 1e-3)):
            for name, fit, dtype in engines:      # warm-up
                fit(X[:4096], y[:4096], opt, lr, 1, dtype)
            times = {name: [] for name, _, _ in engines}
            losses = {}
            for _ in range(args.reps):             # interleaved, rep by rep
                for name, fit, dtype in engines:
                    t, losses[name] = fit(X, y, opt, lr, epochs, dtype)
                    times[name].append(t / epochs)
            base = statistics.median(times["scikit-learn float64"])
            for name, _, dtype in engines:
                s = statistics.median(times[name])
                gflops = flop_per_epoch / s / 1e9
                print(f"{opt:9s}  {name:21s} {s:8.4f} {s / base:10.2f} {gflops:8.1f} "
                      f"{100 * gflops / peak[dtype]:7.0f}% {losses[name]:10.4f}")
        print()

        net = mr.MLP((20, 64, 64, 1), random_state=0)
        for dtype in (np.float64, np.float32):
            params = [p.astype(dtype) for p in net.parameters()]
            grads = [np.full_like(p, 1e-3) for p in params]
            flat, flat_grad = np.concatenate([p.ravel() for p in params]), np.full(5569, 1e-3, dtype)
            per_array, packed = mr.optimizers.Adam(1e-3), mr.optimizers.Adam(1e-3)
            steps = {"per array": lambda: per_array.step(params, grads),
                     "packed": lambda: (np.concatenate([g.ravel() for g in grads], out=flat_grad),
                                        packed.step([flat], [flat_grad]))}
            best = {}
            for name, f in steps.items():
                f()
                best[name] = min(_time(f, 200) for _ in range(7)) / 200
            print(f"Adam step, {np.dtype(dtype).name}: per array {1e6 * best['per array']:.0f} us, "
                  f"packed {1e6 * best['packed']:.0f} us: packing saves "
                  f"{1e6 * (best['per array'] - best['packed']) * 79:.0f} us of an epoch's 79 steps")
        print()

        Xbig = np.random.default_rng(0).standard_normal((100_000, 20))
        clf = mr.MLPClassifier((64, 64), epochs=1, random_state=0).fit(X[:2000], y[:2000])
        clf32 = mr.MLPClassifier((64, 64), epochs=1, random_state=0, dtype="float32").fit(X[:2000], y[:2000])
        sk = SkMLP((64, 64), max_iter=1, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            sk.fit(X[:2000], y[:2000])
        Xbig32 = Xbig.astype(np.float32)
        calls = {"minirelu float64 predict_proba": lambda: clf.predict_proba(Xbig),
                 "minirelu float32 predict_proba": lambda: clf32.predict_proba(Xbig32),
                 "scikit-learn predict_proba": lambda: sk.predict_proba(Xbig)}
        times = {k: [] for k in calls}
        for _ in range(7):
            for k, f in calls.items():
                t = time.perf_counter()
                f()
                times[k].append(time.perf_counter() - t)
        base = statistics.median(times["scikit-learn predict_proba"])
        print("forward pass over 100,000 rows, median of 7")
        for k in calls:
            s = statistics.median(times[k])
            print(f"  {k:32s} {1000 * s:7.1f} ms  {s / base:5.2f} x scikit-learn")


if __name__ == "__main__":
    main()
