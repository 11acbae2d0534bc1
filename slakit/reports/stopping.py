"""Stopping a report batch cleanly, apart from how reports are executed.

The batch's worker processes ignore SIGINT (Ctrl-C in a terminal reaches the whole process group:
the batch decides) and turn SIGTERM into :class:`SystemExit`, so that a report being made shuts its
kernel and Chromium down on the way out; what a worker keeps across reports (a warm kernel, a
browser) is closed by :func:`close_with_worker`'s callbacks. When the batch is interrupted it calls
:func:`stop_workers`: SIGTERM to each worker, then SIGKILL to any that outlive the grace period.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import NoReturn, TypeVar

GRACE_SECONDS = 15  # for a worker to shut its kernel down
T = TypeVar("T")
_closers: list[Callable[[], object]] = []


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def spawning() -> Iterator[None]:
    """Start worker processes with Ctrl-C held back: a process starting up has not yet come to
    :func:`init_worker` to ignore it, and would die with a traceback. Blocked signals stay blocked
    in the process started; here a Ctrl-C that came meanwhile is taken once they have started."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """SIGTERM that came inside a finalizer (``__del__``), where Python ignores and prints what it
    raises: the worker stops there, quietly, as it would have on the way out."""
    if isinstance(unraisable.exc_value, SystemExit):
        _stop(unraisable.exc_value)
    sys.__unraisablehook__(unraisable)


def init_worker() -> None:
    """The batch's worker processes: Ctrl-C is the batch's to handle; SIGTERM unwinds."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back while it started
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    sys.unraisablehook = _unraisable


def close_with_worker(close: Callable[[], object]) -> None:
    """Call ``close`` when this worker ends: stopped by SIGTERM or at the end of the batch."""
    _closers.append(close)
    atexit.register(close)


def in_worker(task: Callable[..., T], *args: object) -> T:
    """Run ``task`` in a worker; once SIGTERM has unwound it, the worker closes what it keeps and
    exits rather than take another task from the queue."""
    try:
        return task(*args)
    except SystemExit as stop:
        _stop(stop)


def _stop(stop: SystemExit) -> NoReturn:
    """Close what the worker keeps and exit with the code SIGTERM gave."""
    for close in _closers:
        with contextlib.suppress(Exception):
            close()
    os._exit(stop.code if isinstance(stop.code, int) else 1)


def stop_workers(grace: float = GRACE_SECONDS) -> None:
    """Stop this process's worker processes: SIGTERM, then SIGKILL after ``grace`` seconds."""
    workers = multiprocessing.active_children()
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(grace)
        if worker.is_alive():
            worker.kill()
            worker.join()
