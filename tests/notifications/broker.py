"""Point the test process's Celery app at another broker, or switch eager mode off, and back."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from config.celery import app

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


def _broker_set(env_url: str | None, conf_url: str | None) -> None:
    # Celery reads CELERY_BROKER_URL from the environment before its own setting.
    if env_url is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = env_url
    app.conf.broker_url = conf_url
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_pointed_at(url: str) -> Iterator[None]:
    """Make publishing connect to `url` (connection and producer pools are rebuilt)."""
    saved = os.environ.get("CELERY_BROKER_URL"), app.conf.broker_url
    _broker_set(url, url)
    try:
        yield
    finally:
        _broker_set(*saved)


@contextmanager
def celery_publishing(broker_url: str | None = None) -> Iterator[None]:
    """Publish tasks to a broker instead of running them eagerly (docs/stack.md: set app.conf)."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with ExitStack() as stack:
            if broker_url:
                stack.enter_context(broker_pointed_at(broker_url))
            yield
    finally:
        app.conf.task_always_eager = eager
