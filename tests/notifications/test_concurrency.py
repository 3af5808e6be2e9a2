"""Sweeps and senders racing on PostgreSQL still write and send each message exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications.models import Channel, OutboxMessage, OutboxStatus
from notifications.services import (
    deadline_alerts_create,
    notifications_sweep,
    outbox_send,
)
from tests.factories import obligation_slots
from tests.notifications.broker import CLOSED_PORT_BROKER, celery_publishing
from tests.notifications.builders import incident_event_emit, obligation_make, task_make

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DUE = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
THREADS = 6


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real row locks: set DATABASE_URL=postgres://…")


def race(work: Callable[[], Any], threads: int = THREADS) -> list[Any]:
    """Run `work` in several threads released at the same instant; re-raise the first error."""
    barrier = threading.Barrier(threads)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    if errors:
        raise errors[0]
    return results


def test_concurrent_sweeps_write_each_alert_once(
    incident: Any, personas: dict[str, Any], subscription: Any
) -> None:
    slots = obligation_slots()  # each rule once: the engine's rule ids are all there are
    for index, slot in enumerate(slots):
        obligation_make(incident, **slot, due_at=DUE + timedelta(seconds=index))
        task_make(incident, due_at=DUE + timedelta(seconds=index))
    race(lambda: deadline_alerts_create(now=DUE - timedelta(minutes=30)))
    alerts = OutboxMessage.objects.filter(event__name__endswith=".due_soon")
    per_delivery = Counter(alerts.values_list("event__key", "channel", "recipient"))
    ours = {key for key, _, _ in per_delivery if ":1h:" in key}  # due within the hour
    assert len(ours) == 2 * len(slots)
    assert set(per_delivery.values()) == {1}


def test_concurrent_full_sweeps_send_each_message_once(
    incident: Any, personas: dict[str, Any], subscription: Any, receiver: Any
) -> None:
    for slot in obligation_slots()[:10]:
        obligation_make(incident, **slot, due_at=DUE)
    with time_machine.travel(DUE - timedelta(minutes=30), tick=False):
        race(lambda: notifications_sweep(now=DUE - timedelta(minutes=30)))
    webhook_ids = set(
        str(u)
        for u in OutboxMessage.objects.filter(channel=Channel.WEBHOOK).values_list(
            "uuid", flat=True
        )
    )
    assert receiver.counts() == Counter({message_id: 1 for message_id in webhook_ids})
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    to_dpo = Counter(m.extra_headers["Message-ID"] for m in mail.outbox)
    assert set(to_dpo.values()) == {1}


def test_racing_senders_deliver_a_message_once(
    incident: Any, personas: dict[str, Any], subscription: Any, receiver: Any
) -> None:
    receiver.delay = 0.2  # hold the first sender inside the HTTP call while the others try
    with celery_publishing(CLOSED_PORT_BROKER):  # written, not yet sent
        incident_event_emit(incident, key="k")
    message = OutboxMessage.objects.get(event__key="k", channel=Channel.WEBHOOK)
    results = race(lambda: outbox_send(message_id=message.pk, now=timezone.now()))
    assert sorted(results, key=str) == [None] * (THREADS - 1) + [OutboxStatus.SENT]
    assert receiver.counts() == Counter({str(message.uuid): 1})
