"""The sweep's cost follows what is due, not how many obligations the tables hold."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.models import Obligation
from compliance.services import obligations_refresh_overdue
from notifications.services.alerts import notifications_sweep
from tests.factories import obligation_slots
from tests.notifications.builders import obligation_make

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _history(incident: Any, slots: list[dict[str, Any]]) -> None:
    """Obligations the sweep has nothing to do with: notified long ago, or due next year."""
    for index, slot in enumerate(slots):
        if index % 2:
            obligation_make(incident, **slot, due_at=NOW - timedelta(days=400), status="submitted")
        else:
            obligation_make(incident, **slot, due_at=NOW + timedelta(days=300))


def _rerun_queries() -> list[str]:
    notifications_sweep(now=NOW)
    with CaptureQueriesContext(connection) as captured:
        notifications_sweep(now=NOW)
    # Savepoint names carry a counter; the statements are otherwise the same text.
    return [re.sub(r'"s\d+_x\d+"', '"savepoint"', query["sql"]) for query in captured]


def test_a_rerun_with_nothing_new_makes_the_same_queries_whatever_the_history(
    incident: Any, personas: dict[str, Any]
) -> None:
    slots = obligation_slots()
    Obligation.objects.filter(incident=incident).delete()
    _history(incident, slots[:2])
    small = _rerun_queries()
    _history(incident, slots[2:])
    assert Obligation.objects.count() == len(slots)
    assert _rerun_queries() == small


def test_the_overdue_refresh_marks_exactly_the_pending_duties_whose_limit_passed(
    incident: Any, personas: dict[str, Any]
) -> None:
    slots = obligation_slots()
    Obligation.objects.filter(incident=incident).delete()
    passed_due = obligation_make(incident, **slots[0], due_at=NOW - timedelta(minutes=1))
    passed_target = obligation_make(
        incident, **slots[1], due_at=None, target_at=NOW - timedelta(minutes=1)
    )
    at_limit = obligation_make(incident, **slots[2], due_at=NOW)
    # A statutory due time still ahead keeps the duty pending even past its internal target.
    due_later = obligation_make(
        incident, **slots[3], due_at=NOW + timedelta(hours=1), target_at=NOW - timedelta(hours=1)
    )
    withdrawn = obligation_make(
        incident, **slots[4], due_at=NOW - timedelta(hours=1), applies=False
    )
    submitted = obligation_make(
        incident, **slots[5], due_at=NOW - timedelta(hours=1), status="submitted"
    )
    assert obligations_refresh_overdue(now=NOW) == 2
    statuses = dict(Obligation.objects.values_list("pk", "status"))
    assert statuses[passed_due.pk] == statuses[passed_target.pk] == "overdue"
    assert statuses[at_limit.pk] == statuses[due_later.pk] == statuses[withdrawn.pk] == "pending"
    assert statuses[submitted.pk] == "submitted"
    assert obligations_refresh_overdue(now=NOW) == 0


def test_a_backlog_larger_than_a_batch_is_marked_in_one_sweep(
    incident: Any, personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("compliance.services.obligations.OVERDUE_BATCH", 2)
    slots = obligation_slots()
    Obligation.objects.filter(incident=incident).delete()
    for minutes, slot in enumerate(slots[:5], start=1):
        obligation_make(incident, **slot, due_at=NOW - timedelta(minutes=minutes))
    assert obligations_refresh_overdue(now=NOW) == 5
    assert set(Obligation.objects.values_list("status", flat=True)) == {"overdue"}


@pytest.mark.postgres
def test_the_overdue_refresh_reads_a_range_of_a_partial_index(
    incident: Any, personas: dict[str, Any]
) -> None:
    """Bounded by the limit, the UPDATE reads only pending duties whose limit passed (rows
    already overdue, submitted or due later are outside the index range)."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    with CaptureQueriesContext(connection) as captured:
        obligations_refresh_overdue(now=NOW)
    [select] = [query["sql"] for query in captured if query["sql"].startswith("SELECT")]
    sql = select
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # One of the partial indexes on the limit (pending, or pending and overdue), read as a range.
    assert "Index Cond: (COALESCE(due_at, target_at) < " in plan, plan
    assert "obligation_pending_limit" in plan or "obligation_open_limit" in plan, plan
