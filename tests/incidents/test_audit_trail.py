"""The audit trail is append-only in the database, and verify_audit finds any tampering."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from incidents.audit import audit_record
from incidents.audit_guard import audit_guard_installed, audit_guard_suspended
from incidents.models import AuditEvent, Incident
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(personas: dict[str, Any]) -> list[AuditEvent]:
    """Three incidents created by security, so the chain has a few entries."""
    for title in ("First", "Second", "Third"):
        incident_create_for_test(actor=personas["security"], title=title)
    return list(AuditEvent.objects.order_by("pk"))


def tamper(sql: str, params: list[Any]) -> None:
    """Change audit rows the way someone with the database owner's rights could."""
    with audit_guard_suspended(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_triggers_are_installed_by_migrate() -> None:
    assert audit_guard_installed(connection)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e.pk).update(action="x"), id="update"),
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e.pk).delete(), id="delete"),
        pytest.param(lambda e: AuditEvent.objects.all().delete(), id="delete-all"),
        pytest.param(lambda e: setattr(e, "changes", {}) or e.save(), id="save"),
    ],
)
def test_audit_rows_cannot_be_changed_or_deleted(trail: list[AuditEvent], write: Any) -> None:
    event = trail[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        write(event)
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash


def test_deleting_an_incident_or_a_user_leaves_its_audit_entries(
    trail: list[AuditEvent], personas: dict[str, Any]
) -> None:
    incident = Incident.objects.get(title="First")
    incident_pk, user_pk = incident.pk, personas["security"].pk
    incident.delete()
    personas["security"].delete()
    assert AuditEvent.objects.count() == len(trail)
    assert AuditEvent.objects.filter(incident_id=incident_pk, actor_id=user_pk).exists()
    call_command("verify_audit")


def test_verify_audit_reports_an_intact_chain(trail: list[AuditEvent], capsys: Any) -> None:
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert f"Audit trail intact: {len(trail)} entries, head {trail[-1].hash}." in out


def test_verify_audit_names_the_entry_whose_content_was_changed(trail: list[AuditEvent]) -> None:
    target = trail[1]
    tamper("UPDATE incidents_auditevent SET actor_label = %s WHERE id = %s", ["someone", target.pk])
    with pytest.raises(CommandError, match=rf"BROKEN at entry #{target.pk} .*was changed"):
        call_command("verify_audit")


def test_verify_audit_notices_a_removed_entry(trail: list[AuditEvent]) -> None:
    tamper("DELETE FROM incidents_auditevent WHERE id = %s", [trail[1].pk])
    with pytest.raises(CommandError, match=rf"BROKEN at entry #{trail[2].pk} .*link"):
        call_command("verify_audit")


def test_verify_audit_notices_a_rehashed_entry_by_the_broken_link_after_it(
    trail: list[AuditEvent],
) -> None:
    """Recomputing the changed entry's own hash is not enough: the next entry still points back."""
    from incidents.audit import audit_event_hash

    target = trail[1]
    target.actor_label = "someone"
    tamper(
        "UPDATE incidents_auditevent SET actor_label = %s, hash = %s WHERE id = %s",
        ["someone", audit_event_hash(target), target.pk],
    )
    with pytest.raises(CommandError, match=rf"BROKEN at entry #{trail[2].pk}"):
        call_command("verify_audit")


def test_verify_audit_with_an_anchor_notices_entries_cut_from_the_end(
    trail: list[AuditEvent],
) -> None:
    call_command("verify_audit", anchor=trail[-1].hash)
    tamper("DELETE FROM incidents_auditevent WHERE id = %s", [trail[-1].pk])
    call_command("verify_audit")  # the rest of the chain is still consistent...
    with pytest.raises(CommandError, match="does not contain the anchor"):
        call_command("verify_audit", anchor=trail[-1].hash)  # ...but the anchor is gone


def test_an_exported_entry_hash_can_be_recomputed_from_the_export_alone(
    trail: list[AuditEvent], tmp_path: Any
) -> None:
    incident = Incident.objects.get(title="Second")
    target = tmp_path / "audit.json"
    call_command("export_audit", incident.reference, output=target)
    export = json.loads(target.read_text(encoding="utf-8"))
    assert export["incident_reference"] == incident.reference
    assert export["chain_intact"] is True
    assert [e["id"] for e in export["entries"]] == list(
        AuditEvent.objects.filter(incident=incident).values_list("pk", flat=True)
    )
    for entry in export["entries"]:
        payload = {k: v for k, v in entry.items() if k not in {"id", "hash"}}
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert hashlib.sha256(encoded.encode("utf-8")).hexdigest() == entry["hash"]


def test_export_audit_refuses_an_unknown_reference() -> None:
    with pytest.raises(CommandError, match="No incident with reference 'BD-1999-0001'"):
        call_command("export_audit", "BD-1999-0001")


def test_entries_record_who_and_from_where(personas: dict[str, Any]) -> None:
    event = audit_record(
        now=timezone.now(),
        actor=personas["dpo"],
        action="update",
        object_type="x",
        ip_address="203.0.113.9",
    )
    assert (event.actor_label, event.ip_address) == ("dpo", "203.0.113.9")
    assert get_user_model().objects.get(pk=event.actor_id).username == "dpo"
