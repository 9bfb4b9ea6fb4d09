"""Stopping a query at its timeout.

* rdflib (pure Python): a SIGALRM timer in the main thread (:func:`run_with_alarm`), or a
  forked worker killed at the deadline (:func:`run_forked`). Workers send back plain data:
  an encoded result, or an error as ``[class name, message, hint]`` (``_error_to_wire`` /
  ``_error_from_wire``), raised again in the parent as the same
  :class:`~kg.errors.KGError` subclass.
* Oxigraph (native code, GIL released): a watched thread (:func:`run_watched`).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from kg import errors
from kg.errors import KGError, QueryError, QueryTimeout, StoreError


def timeout_error(timeout: float) -> QueryTimeout:
    return QueryTimeout(f"query stopped after {timeout:g} s; narrow it or raise --timeout")


_ERROR_TYPES = {
    name: cls
    for name, cls in vars(errors).items()
    if isinstance(cls, type) and issubclass(cls, KGError)
}


def _error_to_wire(exc: BaseException) -> list[Any]:
    if isinstance(exc, KGError):
        return [type(exc).__name__, exc.message, exc.hint]
    return ["StoreError", f"the query worker failed: {type(exc).__name__}: {exc}", None]


def _error_from_wire(wire: list[Any]) -> KGError:
    name, message, hint = wire
    cls = _ERROR_TYPES.get(name, StoreError)
    if cls.__init__ is not KGError.__init__:  # a subclass with its own signature
        cls = QueryError if issubclass(cls, QueryError) else StoreError
    return cls(message, hint=hint)


class Deadline(BaseException):
    """Raised by the alarm handler; a BaseException so that no library swallows it."""


def can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def run_with_alarm(fn: Callable[[], Any], timeout: float) -> Any:
    """Run ``fn`` in this (main) thread; interrupt it with SIGALRM after ``timeout`` s.

    A timer already set by someone else (pytest-timeout, say) keeps working: if it is due
    first its handler runs, and it is re-armed afterwards with the time it had left.
    """
    start = time.monotonic()
    deadline = start + timeout
    old_handler = signal.getsignal(signal.SIGALRM)
    old_delay, old_interval = signal.getitimer(signal.ITIMER_REAL)
    old_due = start + old_delay if old_delay > 0 else None
    old_fired = False

    def on_alarm(signum: int, frame: Any) -> None:
        nonlocal old_fired
        if time.monotonic() >= deadline - 0.001:
            raise Deadline
        old_fired = True
        if callable(old_handler):
            old_handler(signum, frame)
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 0.001))

    signal.signal(signal.SIGALRM, on_alarm)
    first = timeout if old_due is None else min(timeout, old_delay)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, first)
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Deadline:
        raise timeout_error(timeout) from None
    finally:
        signal.signal(signal.SIGALRM, old_handler)
        if old_due is not None and not old_fired:
            left = max(old_due - time.monotonic(), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)


def _fork_child(fn: Callable[[], Any], connection: Any) -> None:
    try:
        reply = {"ok": fn()}
    except BaseException as exc:  # noqa: B036 - everything goes back to the parent
        reply = {"error": _error_to_wire(exc)}
    connection.send(reply)
    connection.close()


def run_forked(fn: Callable[[], dict[str, Any]], timeout: float) -> dict[str, Any]:
    """Run ``fn`` in a forked child; kill it if it has not answered after ``timeout`` s.

    ``fn`` returns plain data (an encoded result), sent back through a pipe.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_fork_child, args=(fn, writer), daemon=True)
    process.start()
    writer.close()
    try:
        if not reader.poll(timeout):
            raise timeout_error(timeout)
        try:
            reply = reader.recv()
        except EOFError:
            process.join()
            raise StoreError(
                f"the query worker stopped without an answer (exit code {process.exitcode})"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        reader.close()
    if "error" in reply:
        raise _error_from_wire(reply["error"])
    return reply["ok"]


def run_watched(fn: Callable[[Callable[[], bool]], Any], timeout: float) -> Any:
    """Run ``fn`` in a thread of this process; stop waiting for it after ``timeout`` s.

    For engines that run in native code with the GIL released (pyoxigraph): no process is
    forked or started, so a query costs what the engine costs. ``fn`` is given a function
    that says whether the caller has given up; it should ask it between rows and stop (by
    raising :class:`Deadline`) once it says yes. A step that does not return rows until it
    is done (a sort, a grouping) cannot be interrupted: it finishes in the background, then
    stops before its first row. The caller gets :class:`~kg.errors.QueryTimeout` on time.
    """
    given_up = threading.Event()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["ok"] = fn(given_up.is_set)
        except BaseException as exc:  # noqa: B036 - handed to the waiting thread
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    try:
        worker.join(timeout)
    finally:
        if worker.is_alive():
            given_up.set()
    if worker.is_alive():
        raise timeout_error(timeout)
    error = outcome.get("error")
    if isinstance(error, Deadline):
        raise timeout_error(timeout)
    if error is not None:
        raise error
    return outcome["ok"]
