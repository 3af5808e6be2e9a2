"""Concurrent deliveries on PostgreSQL: one open alert per fingerprint and every signal counted."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection, connections

from intake.mapping import AlertInput
from intake.models import Alert
from intake.services import alert_source_create, alerts_receive

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 16
EACH = 10
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrency: set DATABASE_URL=postgres://…")


def signal(number: int, minute: int) -> AlertInput:
    return AlertInput(
        fingerprint=f"fp-{number % 3}",
        title="Outbound transfer",
        severity="low",
        observed_at=NOW - timedelta(minutes=minute),
    )


def test_concurrent_deliveries_fold_onto_one_alert_each_with_exact_counts_and_times() -> None:
    source, _ = alert_source_create(actor=None, name="siem-eu", now=NOW)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def deliver(worker: int) -> None:
        try:
            barrier.wait()
            for step in range(EACH):
                number = worker * EACH + step
                alerts_receive(source=source, alerts=[signal(number, number % 50)], now=NOW)
        except BaseException as error:  # surfaced below, with the thread's own traceback lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows: dict[str, Any] = {a.fingerprint: a for a in Alert.objects.all()}
    assert sorted(rows) == ["fp-0", "fp-1", "fp-2"]
    expected = {f"fp-{k}": [n for n in range(THREADS * EACH) if n % 3 == k] for k in range(3)}
    for fingerprint, numbers in expected.items():
        alert = rows[fingerprint]
        assert alert.count == len(numbers)  # no lost update
        # Ordering: the earliest and latest observation win, whatever order they arrived in.
        assert alert.first_seen_at == NOW - timedelta(minutes=max(n % 50 for n in numbers))
        assert alert.last_seen_at == NOW - timedelta(minutes=min(n % 50 for n in numbers))
