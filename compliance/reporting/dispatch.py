"""Queued report documents reach a worker: handed to the broker after commit, and again by the
recovery sweep when the broker was down or the worker that took them died (docs/concurrency.md).

The database owns the work: a `queued` row is the job, the broker only carries a wake-up call.
`ReportDocument.dispatched_at` says when the render was last handed to the broker (empty while
the broker was down) and `dispatches` how many times.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from kombu.exceptions import OperationalError as BrokerError

from compliance.models import ReportDocument, ReportStatus
from config.jobs import job_task
from config.transactions import write_transaction
from incidents.audit import audit_record

logger = logging.getLogger(__name__)

# The Celery task that renders a document (compliance.tasks registers it under this name).
REPORT_GENERATE_TASK = "compliance.report_generate"

# A request not handed to the broker after this long (the broker was down) is handed by the sweep.
DISPATCH_GRACE = timedelta(seconds=30)
# A handed-out render not finished after this long is handed out again, unless a worker still
# holds its row (the render is running). The longest render (the register of a busy year) takes
# well under a minute; a worker that died mid-render is noticed within RENDER_TIMEOUT + a minute.
RENDER_TIMEOUT = timedelta(minutes=3)
# A document whose render kept killing its worker is marked failed rather than retried forever.
MAX_DISPATCHES = 5


def report_dispatch(*, document_id: int, now: datetime) -> bool:
    """Hand a queued document to the broker; False (and no error) when the broker is down."""
    report_generate_task = job_task(REPORT_GENERATE_TASK)
    if report_generate_task.app.conf.task_always_eager:  # the test settings run tasks in-process
        _dispatched(document_id, now)
        report_generate_task.apply_async((document_id,))
        return True
    try:
        with report_generate_task.app.producer_or_acquire() as producer:
            # Fail fast: a web request must not wait for a broker that is down.
            producer.connection.ensure_connection(max_retries=0)
            report_generate_task.apply_async((document_id,), producer=producer)
    except (BrokerError, OSError) as exc:
        logger.warning("Broker unavailable (%s): the report sweep will hand it out.", exc)
        return False
    _dispatched(document_id, now)
    return True


def _dispatched(document_id: int, now: datetime) -> None:
    """Record that the document was handed to the broker (once more)."""
    ReportDocument.objects.filter(pk=document_id, status=ReportStatus.QUEUED).update(
        dispatched_at=now, dispatches=F("dispatches") + 1
    )


def reports_stalled(*, now: datetime) -> list[int]:
    """Queued documents nobody is rendering: never handed out, or handed out too long ago.

    A row a worker is rendering is locked by its transaction and skipped; a worker that died
    took its connection, and so its lock, with it.
    """
    with transaction.atomic():
        stalled = (
            ReportDocument.objects.select_for_update(skip_locked=True)
            .filter(status=ReportStatus.QUEUED)
            .filter(
                Q(dispatched_at__isnull=True, requested_at__lt=now - DISPATCH_GRACE)
                | Q(dispatched_at__lt=now - RENDER_TIMEOUT)
            )
            .order_by("pk")
        )
        return list(stalled.values_list("pk", flat=True))


def reports_sweep(*, now: datetime) -> dict[str, int]:
    """Hand stalled documents to the broker again; give up on those that failed too often."""
    counts = {"dispatched": 0, "abandoned": 0, "broker_down": 0}
    for document_id in reports_stalled(now=now):
        if _abandon_if_exhausted(document_id=document_id, now=now):
            counts["abandoned"] += 1
        elif report_dispatch(document_id=document_id, now=now):
            counts["dispatched"] += 1
        else:
            counts["broker_down"] += 1
            break  # the broker is down: the next sweep tries again
    return counts


@write_transaction
def _abandon_if_exhausted(*, document_id: int, now: datetime) -> bool:
    """Mark failed a document handed out MAX_DISPATCHES times without a result."""
    document = (
        ReportDocument.objects.select_for_update(skip_locked=True)
        .filter(pk=document_id, status=ReportStatus.QUEUED, dispatches__gte=MAX_DISPATCHES)
        .first()
    )
    if document is None:
        return False
    document.status = ReportStatus.FAILED
    document.error = f"No worker finished rendering it after {document.dispatches} attempts."
    document.save(update_fields=["status", "error"])
    audit_record(
        now=now,
        actor=document.generated_by or "system",
        action="report.failed",
        obj=document,
        incident=document.incident,
        changes={"error": document.error},
    )
    return True
