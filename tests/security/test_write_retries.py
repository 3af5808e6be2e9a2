"""Lock conflicts are retried inside the service and end, at worst, in a 409: never an outage."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import OperationalError
from rest_framework.test import APIClient

from config import transactions
from incidents import services
from incidents.models import AuditEvent, Incident
from tests.factories import incident_payload

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class DeadlockDetected(Exception):
    """What the PostgreSQL driver raises when the server aborts a transaction in a deadlock."""

    sqlstate = "40P01"


def deadlock() -> OperationalError:
    """The error Django raises for it: its own OperationalError caused by the driver's."""
    try:
        raise OperationalError("deadlock detected") from DeadlockDetected()
    except OperationalError as exc:
        return exc


@pytest.fixture
def created(personas: dict[str, Any]) -> tuple[APIClient, Incident]:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(personas["dpo"])
    assert client.post("/api/v1/incidents/", incident_payload(), format="json").status_code == 201
    return client, Incident.objects.get()


def collide(monkeypatch: pytest.MonkeyPatch, times: int) -> list[int]:
    """Make the incident's recomputation lose a deadlock `times` times, then work."""
    calls: list[int] = []
    original = services.incident_after_change

    def after_change(**kwargs: Any) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise deadlock()
        original(**kwargs)

    monkeypatch.setattr(services, "incident_after_change", after_change)
    monkeypatch.setattr(transactions, "BACKOFF_BASE", 0.001)
    return calls


def test_a_write_that_lost_a_deadlock_is_run_again_and_applied_once(created, monkeypatch) -> None:
    client, incident = created
    calls = collide(monkeypatch, times=2)
    response = client.patch(
        f"/api/v1/incidents/{incident.pk}/", {"title": "Renamed"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200, response.content
    assert len(calls) == 3  # two aborted attempts, then the one that committed
    incident.refresh_from_db()
    assert (incident.title, incident.version) == ("Renamed", 2)
    updates = AuditEvent.objects.filter(action="update", object_type="incidents.Incident")
    assert [u.changes["title"]["after"] for u in updates] == ["Renamed"]
    call_command("verify_audit")


def test_a_write_that_keeps_colliding_is_a_409_with_retry_after(created, monkeypatch) -> None:
    client, incident = created
    entries = AuditEvent.objects.count()
    calls = collide(monkeypatch, times=99)
    response = client.patch(
        f"/api/v1/incidents/{incident.pk}/", {"title": "Renamed"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "nothing was saved" in response.json()["detail"]
    assert response["Retry-After"] == str(transactions.RETRY_AFTER_SECONDS)
    assert len(calls) == transactions.ATTEMPTS
    incident.refresh_from_db()
    assert (incident.title, incident.version) == (incident_payload()["title"], 1)
    assert AuditEvent.objects.count() == entries


def test_a_database_that_is_really_down_is_still_a_503(created, monkeypatch) -> None:
    client, incident = created

    def connection_lost(**kwargs: Any) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "incident_after_change", connection_lost)
    response = client.patch(
        f"/api/v1/incidents/{incident.pk}/", {"title": "Renamed"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


def test_audit_entries_of_a_rolled_back_savepoint_are_not_chained(personas) -> None:
    """A nested service that fails inside an outer one takes its pending entries with it."""

    @transactions.write_transaction
    def inner() -> None:
        from incidents.audit import audit_record

        audit_record(actor=personas["dpo"], action="probe.inner", object_type="probe", now=NOW)
        raise ValueError("refused")

    @transactions.write_transaction
    def outer() -> None:
        from incidents.audit import audit_record

        audit_record(actor=personas["dpo"], action="probe.outer", object_type="probe", now=NOW)
        with pytest.raises(ValueError):
            inner()

    outer()
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["probe.outer"]
    call_command("verify_audit")
