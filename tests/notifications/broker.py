"""Point the test process's Celery app at another broker, or switch eager mode, and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from config.celery import app

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


def broker_use(url: str) -> None:
    """Make the next publish connect to `url` (connection and producer pools are rebuilt)."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_publishing(broker_url: str | None = None) -> Iterator[None]:
    """Publish tasks to a broker instead of running them eagerly (stack.md: set app.conf)."""
    eager, url = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    if broker_url:
        broker_use(broker_url)
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
        if broker_url:
            broker_use(url)
