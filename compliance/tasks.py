"""Celery tasks of the compliance app: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task

from compliance.reporting.services import REPORT_GENERATE_TASK, report_generate


@shared_task(name=REPORT_GENERATE_TASK)
def report_generate_task(document_id: int) -> None:
    """Render and store one queued report document (a ready one is left alone)."""
    report_generate(document_id=document_id)
