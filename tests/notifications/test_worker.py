"""With Redis and a real Celery worker: a SIGKILL mid-batch and a broker outage lose nothing."""

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

from notifications.models import (
    Channel,
    DeliveryOutcome,
    OutboxMessage,
    OutboxStatus,
    WebhookDelivery,
    WebhookSubscription,
)
from notifications.services import notifications_sweep
from tests.factories import incident_create_for_test, incident_payload
from tests.notifications.broker import CLOSED_PORT_BROKER, celery_publishing
from tests.notifications.worker import Worker, database_url, wait_until

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
BATCH = 12


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    """A worker process on the test database; the test process publishes instead of eager runs."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.skip("needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/<n>")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL shared with the worker: set DATABASE_URL=postgres://…")
    redis.Redis.from_url(broker).flushdb()  # this test's own Redis database: no stale tasks
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    process = Worker(env=env, log_path=tmp_path / "worker.log")
    with celery_publishing():
        try:
            yield process
        finally:
            process.stop()
            redis.Redis.from_url(broker).flushdb()


def webhook_messages() -> Any:
    """The webhook messages about new incidents (the event these tests follow)."""
    return OutboxMessage.objects.filter(
        channel=Channel.WEBHOOK, event__name="incident.created"
    ).order_by("pk")


def sent_count() -> int:
    return webhook_messages().filter(status=OutboxStatus.SENT).count()


def sweep_until(condition: Any, worker: Worker, timeout: float = 20.0) -> None:
    """Run the sweep (as beat would, only more often) until `condition` holds."""

    def swept() -> bool:
        notifications_sweep(now=timezone.now())
        return condition()

    wait_until(swept, timeout=timeout, message=worker.log())


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    worker: Worker, receiver: Any, settings: Any
) -> None:
    settings.BREACHDESK_NOTIFICATIONS = {"lease": timedelta(seconds=2)}
    for index in range(BATCH):
        WebhookSubscription.objects.create(
            name=f"hook {index}", url=f"{receiver.url}?hook={index}", events=["incident.created"]
        )
    receiver.hold_request = 4  # the worker will be inside this HTTP request when it is killed
    worker.start()
    incident_create_for_test()  # one event, twelve subscribers: one send task for a batch of 12
    assert receiver.holding.wait(timeout=20), worker.log()
    worker.kill()
    receiver.release.set()

    messages = list(webhook_messages())
    killed = messages[3]
    statuses = [m.status for m in webhook_messages()]
    assert statuses == ["sent"] * 3 + ["sending"] + ["pending"] * (BATCH - 4)

    worker.start()  # its queue is empty: the killed task was never acknowledged
    # The sweep dispatches what was never claimed at once and, once the lease is over, the
    # message the dead worker held.
    sweep_until(lambda: sent_count() == BATCH, worker)

    counts = receiver.counts()
    assert set(counts) == {str(m.uuid) for m in messages}  # every message arrived
    assert counts[str(killed.uuid)] == 2  # re-sent with the same id: receivers dedupe on it
    assert all(n == 1 for message_id, n in counts.items() if message_id != str(killed.uuid))
    successes = WebhookDelivery.objects.filter(outcome=DeliveryOutcome.SUCCESS)
    assert sorted(successes.values_list("message_id", flat=True)) == [m.pk for m in messages]
    assert OutboxMessage.objects.get(pk=killed.pk).attempts == 2


def test_with_the_broker_down_incidents_are_created_and_sent_once_it_is_back(
    worker: Worker, subscription: Any, receiver: Any, api_client_for: Any
) -> None:
    client = api_client_for("security")
    with celery_publishing(CLOSED_PORT_BROKER):
        for _ in range(3):
            response = client.post("/api/v1/incidents/", incident_payload(), format="json")
            assert response.status_code == 201
    waiting = list(webhook_messages())
    assert len(waiting) == 3 and {m.status for m in waiting} == {OutboxStatus.PENDING}

    worker.start()
    assert {m.status for m in webhook_messages()} == {OutboxStatus.PENDING}  # nothing was queued
    assert (
        notifications_sweep(now=timezone.now())["dispatched"] >= 1
    )  # the broker is back: the sweep publishes
    wait_until(lambda: sent_count() == 3, message=worker.log())
    counts = receiver.counts()
    assert {str(m.uuid): counts[str(m.uuid)] for m in waiting} == {str(m.uuid): 1 for m in waiting}
