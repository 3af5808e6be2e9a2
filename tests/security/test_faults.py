"""Faults lose nothing: racing writers, a tampered audit row, a database that drops mid-request."""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, connections
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import api_token_create
from incidents import services
from incidents.audit_guard import audit_guard_suspended
from incidents.models import AuditEvent, Incident, ReferenceCounter
from tests.factories import incident_payload

# How long the first writer holds the incident's row lock, so the second one must wait on it.
LOCK_HOLD_SECONDS = 0.5


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI's second pass does)")


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def patch_in_child(key: str, path: str, etag: str, title: str, barrier: Any, results: Any) -> None:
    """One racing writer: a separate process with its own database connection."""
    connections.close_all()
    barrier.wait(timeout=30)
    response = token_client(key).patch(path, {"title": title}, format="json", HTTP_IF_MATCH=etag)
    results.put((title, response.status_code))
    connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_updating_one_incident_one_wins_one_gets_412(
    personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    require_postgresql()
    _, key = api_token_create(user=personas["dpo"], name="race", now=timezone.now())
    created = token_client(key).post("/api/v1/incidents/", incident_payload(), format="json")
    path, etag = created["Location"], created["ETag"]
    original_after_change = services.incident_after_change

    def slow_after_change(**kwargs: Any) -> None:
        time.sleep(LOCK_HOLD_SECONDS)  # still inside the transaction holding the row lock
        original_after_change(**kwargs)

    monkeypatch.setattr(services, "incident_after_change", slow_after_change)
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    connections.close_all()  # the children must not share the parent's socket
    writers = [
        context.Process(target=patch_in_child, args=(key, path, etag, title, barrier, results))
        for title in ("Edit from the SOC", "Edit from the DPO")
    ]
    started = time.monotonic()
    for writer in writers:
        writer.start()
    outcomes = dict(results.get(timeout=60) for _ in writers)
    for writer in writers:
        writer.join(timeout=30)
    assert sorted(outcomes.values()) == [200, 412]
    assert time.monotonic() - started >= LOCK_HOLD_SECONDS
    winner = next(title for title, status in outcomes.items() if status == 200)
    incident = Incident.objects.get()
    assert (incident.title, incident.version) == (winner, 2)
    updates = AuditEvent.objects.filter(action="update")
    assert [u.changes["title"]["after"] for u in updates] == [winner]
    call_command("verify_audit")


@pytest.mark.django_db
def test_a_tampered_audit_row_is_found_by_verify_audit(personas: dict[str, Any]) -> None:
    token_client(api_token_create(user=personas["dpo"], name="t", now=timezone.now())[1]).post(
        "/api/v1/incidents/", incident_payload(), format="json"
    )
    event = AuditEvent.objects.filter(action="create", object_type="incidents.Incident").get()
    with audit_guard_suspended(connection), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE incidents_auditevent SET changes = %s WHERE id = %s", ["{}", event.pk]
        )
    with pytest.raises(CommandError, match=f"BROKEN at entry #{event.pk}"):
        call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_a_database_error_mid_request_leaves_no_half_written_incident(
    personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The incident row is written, then the next step fails as if the connection dropped."""

    def connection_lost(**kwargs: Any) -> None:
        assert Incident.objects.exists()  # written inside the transaction...
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "incident_after_change", connection_lost)
    counters_before = list(ReferenceCounter.objects.values_list("year", "last_number"))
    response = APIClient()
    response.force_authenticate(personas["security"])
    result = response.post("/api/v1/incidents/", incident_payload(), format="json")
    assert result.status_code == 503
    assert result.json()["code"] == "database_unavailable"
    assert result["Retry-After"] == "5"
    assert not Incident.objects.exists()  # ...and rolled back with everything else
    assert not AuditEvent.objects.exists()
    assert list(ReferenceCounter.objects.values_list("year", "last_number")) == counters_before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_mid_request_leaves_no_half_written_incident(
    personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL really terminates the request's connection after the incident row is written."""
    require_postgresql()
    import psycopg

    def terminate_own_connection(**kwargs: Any) -> None:
        pid = connection.connection.info.backend_pid
        settings_dict = connection.settings_dict
        with psycopg.connect(
            host=settings_dict["HOST"],
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None,
            dbname=settings_dict["NAME"],
            autocommit=True,
        ) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        Incident.objects.count()  # the next statement meets the dead connection

    monkeypatch.setattr(services, "incident_after_change", terminate_own_connection)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(personas["security"])
    result = client.post("/api/v1/incidents/", incident_payload(), format="json")
    assert result.status_code in (500, 503)
    connection.close()  # the test's own connection was the one killed
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.exists()
