"""Celery tasks of the compliance app: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from compliance.reporting.dispatch import REPORT_GENERATE_TASK, reports_sweep
from compliance.reporting.services import report_generate


@shared_task(name=REPORT_GENERATE_TASK)
def report_generate_task(document_id: int) -> None:
    """Render and store one queued report document (a ready one is left alone)."""
    report_generate(now=timezone.now(), document_id=document_id)


@shared_task(name="compliance.reports_sweep", ignore_result=True)
def reports_sweep_task() -> dict[str, int]:
    """Every minute: hand out again the queued reports nobody is rendering."""
    return reports_sweep(now=timezone.now())
