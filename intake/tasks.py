"""Celery tasks of early warning (thin: they read the clock and call a service)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from intake.feeds import feeds_poll


@shared_task(name="intake.tasks.feeds_poll_task", ignore_result=True)
def feeds_poll_task() -> dict[str, int]:
    """Poll the watched feeds (Celery beat, every five minutes)."""
    return feeds_poll(now=timezone.now())
