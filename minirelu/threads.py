"""Pin the number of BLAS threads while minirelu trains or predicts.

At the matrix sizes of minibatch training (256 x 64) a second BLAS thread gains
little on an idle machine, and when another process holds the other core,
multithreaded OpenBLAS waits for its thread to be scheduled: a step measured
10-70x slower. So ``fit``, ``predict`` and ``MLP.forward`` run with one thread unless
asked otherwise (``n_threads``); so do ``shapley_values`` and ``lime_explanation``.
"""
import contextlib

__all__ = ["blas_threads"]

_controller = None


@contextlib.contextmanager
def blas_threads(n_threads=1):
    """Context in which BLAS uses at most ``n_threads`` threads (no-op without threadpoolctl)."""
    global _controller
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:             # threadpoolctl is a dependency; stay usable without it
        yield
        return
    if _controller is None:         # inspecting the loaded libraries costs milliseconds: do it once
        _controller = ThreadpoolController()
    # int(): threadpoolctl refuses NumPy integers such as n_threads=np.int64(2)
    with _controller.limit(limits=int(n_threads), user_api="blas"):
        yield
