"""Guards around a student's code for the checkers: a time limit, and finding who wrote.

``_time_limited`` stops a call that runs too long (an endless loop must not hang the
notebook); ``_who_wrote`` finds the function that changed an input array in place, so the
report can blame a student's helper rather than the function that called it.
"""
import signal
import threading
import time
import warnings

import numpy as np

__all__ = []


class _TimeUp(BaseException):
    """Raised inside the student's code when it has run for longer than the time limit.

    A BaseException, so that a student's ``except Exception:`` does not swallow it.
    """


def _raise_in_thread(thread):
    """Ask ``thread`` to raise _TimeUp at its next Python instruction (CPython only)."""
    try:
        import ctypes  # the fallback only: Windows has no SIGALRM
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                   ctypes.py_object(_TimeUp))
    except Exception:  # another Python: the thread is left to finish on its own
        pass


def _time_limited(call, seconds):
    """``call()``, stopped with ``_TimeUp`` once it has run for ``seconds`` (0 or None: no limit).

    In the main thread of Linux or macOS (a notebook cell runs there) a SIGALRM timer
    interrupts the student's loop. Elsewhere (Windows, or a checker run from another
    thread) ``call`` runs in a worker thread that this thread waits for; after the time
    limit the worker is asked to stop and ``_TimeUp`` is raised here.
    """
    if not seconds or seconds <= 0:
        return call()
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def alarm(signum, frame):
            raise _TimeUp
        previous = signal.signal(signal.SIGALRM, alarm)
        start = time.monotonic()
        outer = signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return call()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if outer[0] > 0:  # a timer set outside (an outer check): give it back
                left = outer[0] - (time.monotonic() - start)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer[1])
    outcome = {}

    def work():
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed to the waiting thread below
            outcome["error"] = error

    worker = threading.Thread(target=work, name="minirelu-check", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        _raise_in_thread(worker)
        worker.join(1.0)
        raise _TimeUp
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _freeze(value):
    """``value`` with every NumPy array in it made read-only (in place)."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, (list, tuple)):
        for item in value:
            _freeze(item)
    elif isinstance(value, dict):
        for item in value.values():
            _freeze(item)
    return value


def _who_wrote(fn, args, kwargs, seconds):
    """(function name, argument name) of the code that writes into a read-only input, or None.

    The caller makes the changed input read-only (``_freeze``) and the call is repeated:
    NumPy then raises at the line that writes, in whichever function that line is (the
    student's function, or a helper of theirs that it calls); the argument named is the
    parameter of that function that holds the read-only array.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _time_limited(lambda: fn(*args, **kwargs), seconds)
    except ValueError as error:
        if "read-only" not in str(error):
            return None
        tb = error.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        frame = tb.tb_frame
        while frame is not None and frame.f_code.co_filename.startswith(np.__path__[0]):
            frame = frame.f_back  # a NumPy function wrote on the student's behalf
        if frame is None:
            return None
        code = frame.f_code
        params = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
        written = next((p for p in params if isinstance(frame.f_locals.get(p), np.ndarray)
                        and not frame.f_locals[p].flags.writeable), None)
        return code.co_name, written
    except BaseException:  # anything else: the first run's report stands
        return None
    return None
