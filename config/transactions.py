"""Write transactions: bounded retries of lock conflicts, and work that must run just before commit.

The lock order every write path follows is in docs/concurrency.md. PostgreSQL still aborts one
side of a rare cycle (a deadlock) or of a serialization failure; such a transaction did nothing,
so it is run again a few times before the caller is told to retry (409 with Retry-After).
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import DatabaseError, connection, transaction

from config.errors import Conflict

P = ParamSpec("P")
R = TypeVar("R")

# SQLSTATE 40001 serialization_failure and 40P01 deadlock_detected: the transaction was aborted
# to break a conflict with another one and can be run again as it is.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
# SQLite reports a writer that waited out its busy timeout like this.
SQLITE_BUSY = "database is locked"
ATTEMPTS = 4
# Seconds before the n-th retry: 50 ms, 100 ms, 200 ms, each with up to as much again of jitter
# so that the transactions that collided do not collide again.
BACKOFF_BASE = 0.05
# What the client is told to wait when every attempt collided.
RETRY_AFTER_SECONDS = 1

_state = threading.local()


class WriteConflict(Conflict):
    """The write collided with concurrent writes every time it was tried; nothing was saved."""

    retry_after = RETRY_AFTER_SECONDS

    def __init__(self) -> None:
        super().__init__(
            "Concurrent changes to the same records collided with this one; nothing was saved. "
            f"Try again in {RETRY_AFTER_SECONDS} second."
        )


def is_lock_conflict(exc: BaseException) -> bool:
    """Whether the database aborted the statement to break a lock conflict (safe to retry)."""
    cause = exc.__cause__ or exc.__context__
    if getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return SQLITE_BUSY in str(exc)


def before_commit(callback: Callable[[], None]) -> None:
    """Run `callback` at the end of the current write transaction, after the work and before
    the commit; outside one, run it now."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        callback()
    else:
        pending.append(callback)


def in_write_transaction() -> bool:
    """Whether a write_transaction is open on this thread (its before-commit work is pending)."""
    return getattr(_state, "pending", None) is not None


def write_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Run a service in one transaction, retried on deadlock or serialization failure.

    Nested calls join the outer transaction. Only an outermost call that also opens the
    database transaction retries: inside someone else's transaction a retry would repeat
    only part of the work.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if in_write_transaction():
            return _nested(func, *args, **kwargs)
        attempts = 1 if connection.in_atomic_block else ATTEMPTS
        for attempt in range(1, attempts + 1):
            _state.pending = []
            try:
                with transaction.atomic():
                    result = func(*args, **kwargs)
                    _run_pending()
                return result
            except DatabaseError as exc:
                if not is_lock_conflict(exc):
                    raise
                if attempt == attempts:
                    raise WriteConflict() from exc
            finally:
                _state.pending = None
            time.sleep(BACKOFF_BASE * 2 ** (attempt - 1) * (1 + random.random()))  # noqa: S311
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def _nested(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Join the open write transaction in a savepoint; its pending work goes if it rolls back."""
    pending: list[Callable[[], None]] = _state.pending
    mark = len(pending)
    try:
        with transaction.atomic():
            return func(*args, **kwargs)
    except BaseException:
        del pending[mark:]
        raise


def _run_pending() -> None:
    """Run the before-commit work; work added while it runs runs too."""
    pending: list[Callable[[], None]] = _state.pending
    while pending:
        pending.pop(0)()


def retry_after(exc: Any) -> int | None:
    """The seconds a client should wait before retrying after `exc`, if it says."""
    return getattr(exc, "retry_after", None)


def before_commit_once(key: str, factory: Callable[[], Any]) -> Any:
    """The callable that runs under `key` at the end of the current write transaction: made by
    `factory` and queued the first time it is asked for, the same one after that, so callers
    can gather work into it. A savepoint that rolls back takes it along; it is made again."""
    pending: list[Callable[[], None]] | None = getattr(_state, "pending", None)
    if pending is None:
        raise RuntimeError("before_commit_once needs an open write_transaction.")
    for queued in pending:
        if getattr(queued, "once_key", None) == key:
            return queued
    made = factory()
    made.once_key = key
    pending.append(made)
    return made
