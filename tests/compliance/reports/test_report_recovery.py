"""Reports the database owns: a request survives a broker that is down and a worker that dies.

Issue 17.2: with the broker down the request was a 500 although its row was committed, and the
row stayed queued for good. 17.3: a worker killed mid-render left its report queued for an hour.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import connection
from django.utils import timezone

from compliance.models import ReportDocument
from compliance.reporting.dispatch import (
    DISPATCH_GRACE,
    MAX_DISPATCHES,
    RENDER_TIMEOUT,
    reports_stalled,
    reports_sweep,
)
from incidents.models import AuditEvent
from tests.notifications.broker import CLOSED_PORT_BROKER, celery_publishing
from tests.notifications.worker import Worker, database_url, wait_until

URL = "/api/v1/reports/"
SECOND = timedelta(seconds=1)


def request_with_broker_down(client: Any, incident: Any) -> Any:
    """POST a report request while publishing goes to a closed port."""
    with celery_publishing(CLOSED_PORT_BROKER):
        return client.post(URL, {"kind": "gdpr-art33", "incident": incident.pk}, format="json")


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_request_is_202_and_the_sweep_renders_it_later(
    api_client_for: Any, eu_breach: Any
) -> None:
    client = api_client_for("dpo")
    client.raise_request_exception = False
    response = request_with_broker_down(client, eu_breach)
    assert response.status_code == 202, response.content
    document = ReportDocument.objects.get()
    assert (document.status, document.dispatched_at, document.dispatches) == ("queued", None, 0)
    assert AuditEvent.objects.filter(action="report.requested").count() == 1
    # Too early: the request may still be on its way to the broker.
    assert reports_stalled(now=document.requested_at + DISPATCH_GRACE - SECOND) == []
    with celery_publishing(CLOSED_PORT_BROKER):  # still down: it keeps waiting
        later = document.requested_at + DISPATCH_GRACE + SECOND
        assert reports_sweep(now=later) == {"dispatched": 0, "abandoned": 0, "broker_down": 1}
    # The broker is back (the test settings run tasks eagerly): the next sweep renders it.
    assert reports_sweep(now=later + timedelta(minutes=1))["dispatched"] == 1
    document.refresh_from_db()
    assert (document.status, document.dispatches) == ("ready", 1), document.error
    assert ReportDocument.objects.count() == 1  # no orphan copies


@pytest.mark.django_db(transaction=True)
def test_a_handed_out_render_not_finished_in_time_is_handed_out_again(
    api_client_for: Any, eu_breach: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The task reached the broker, but no worker finished it (one died with it)."""
    lost: list[int] = []
    monkeypatch.setattr(
        "compliance.tasks.report_generate_task.apply_async", lambda args, **kw: lost.append(args)
    )
    response = api_client_for("dpo").post(URL, {"kind": "gdpr-art33", "incident": eu_breach.pk})
    assert response.status_code == 202
    document = ReportDocument.objects.get()
    assert document.dispatches == 1 and len(lost) == 1
    handed = document.dispatched_at
    assert reports_stalled(now=handed + RENDER_TIMEOUT - SECOND) == []
    monkeypatch.undo()
    assert reports_sweep(now=handed + RENDER_TIMEOUT + SECOND)["dispatched"] == 1
    document.refresh_from_db()
    assert (document.status, document.dispatches) == ("ready", 2), document.error


@pytest.mark.django_db(transaction=True)
def test_a_render_that_never_finishes_is_given_up_with_a_reason(
    api_client_for: Any, eu_breach: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("compliance.tasks.report_generate_task.apply_async", lambda *a, **k: None)
    api_client_for("dpo").post(URL, {"kind": "gdpr-art33", "incident": eu_breach.pk})
    now = timezone.now()
    for _ in range(MAX_DISPATCHES - 1):  # the request handed it out once
        now += RENDER_TIMEOUT + SECOND
        assert reports_sweep(now=now)["dispatched"] == 1
    assert reports_sweep(now=now + RENDER_TIMEOUT + SECOND)["abandoned"] == 1
    document = ReportDocument.objects.get()
    assert document.status == "failed"
    assert f"after {MAX_DISPATCHES} attempts" in document.error
    assert AuditEvent.objects.filter(action="report.failed").count() == 1


# ---------------------------------------------------------------- a real worker, Redis, PostgreSQL


@pytest.fixture
def workers(transactional_db: Any, tmp_path: Path) -> Iterator[Any]:
    """Start workers (by PID, stopped at the end) on this test's database and own Redis index."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://") or connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL and CELERY_BROKER_URL on Redis")
    redis.Redis.from_url(broker).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "BREACHDESK_DATA_DIR": str(tmp_path),
        "BREACHDESK_TEST_RENDER_STARTED": str(tmp_path / "render-started"),
    }
    started: list[Worker] = []

    def start(app: str = "config") -> Worker:
        worker = Worker(env=env, log_path=tmp_path / f"worker-{len(started)}.log", app=app)
        started.append(worker)
        worker.start(timeout=60)
        return worker

    with celery_publishing():
        try:
            yield start
        finally:
            for worker in started:
                worker.stop()
            redis.Redis.from_url(broker).flushdb()


def ready(document: ReportDocument) -> bool:
    document.refresh_from_db()
    return document.status == "ready"


@pytest.mark.postgres
@pytest.mark.celery_worker
def test_a_report_requested_while_redis_is_down_completes_once_it_is_back(
    workers: Any, api_client_for: Any, eu_breach: Any
) -> None:
    response = request_with_broker_down(api_client_for("dpo"), eu_breach)
    assert response.status_code == 202
    document = ReportDocument.objects.get()
    assert document.dispatched_at is None
    workers()
    counts = reports_sweep(now=timezone.now() + DISPATCH_GRACE + SECOND)
    assert counts["dispatched"] == 1
    wait_until(lambda: ready(document), timeout=60, message="the report was not rendered")


@pytest.mark.postgres
@pytest.mark.celery_worker
def test_a_worker_killed_mid_render_does_not_strand_the_report(
    workers: Any, api_client_for: Any, eu_breach: Any, tmp_path: Path
) -> None:
    doomed = workers("tests.compliance.reports.held_render")
    response = api_client_for("dpo").post(URL, {"kind": "gdpr-art33", "incident": eu_breach.pk})
    assert response.status_code == 202
    document = ReportDocument.objects.get()
    started = tmp_path / "render-started"
    wait_until(started.exists, timeout=60, message="the held render did not start")
    # While it renders, the row is locked: the sweep leaves it alone even when it is late.
    late = timezone.now() + RENDER_TIMEOUT + SECOND
    assert reports_stalled(now=late) == []
    doomed.kill()
    # The dead worker's connection, and with it the row lock, goes: the sweep hands it out again.
    wait_until(lambda: reports_stalled(now=late) == [document.pk], timeout=30)
    workers()
    assert reports_sweep(now=late)["dispatched"] == 1
    wait_until(lambda: ready(document), timeout=60, message="the report was not rendered")
    document.refresh_from_db()
    assert document.dispatches == 2
