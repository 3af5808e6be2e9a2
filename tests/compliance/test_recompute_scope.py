"""A fact edit recomputes what the changed facts touch: the declared inputs are the columns read,
and skipping the engine for any other column loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.mapping import ENGINE_INPUT_FIELDS, tier_choice
from compliance.models import Obligation
from compliance.services import obligations_recompute
from compliance.services.obligations import _explanation, obligations_evaluate
from incidents.models import AuditEvent, DueAnchor, Incident, Task
from incidents.response.generation import TASK_INPUT_FIELDS, task_plans
from incidents.response.models import Playbook
from incidents.response.rules import due_from_anchor
from incidents.services import incident_update
from tests.factories import incident_create_for_test

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
COLUMNS = {field.attname for field in Incident._meta.concrete_fields}
pytestmark = pytest.mark.django_db


@pytest.fixture
def columns_read(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Every column of any Incident read from now on (the primary key aside)."""
    read: set[str] = set()

    def recording(self: Incident, name: str) -> Any:
        if name in COLUMNS:
            read.add(name)
        return object.__getattribute__(self, name)

    monkeypatch.setattr(Incident, "__getattribute__", recording, raising=False)
    return read


@pytest.mark.parametrize("aware", [True, False])
def test_the_engine_reads_only_the_columns_it_declares(
    organisation: Any, personas: dict[str, Any], columns_read: set[str], aware: bool
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"], now=NOW, **({} if aware else {"aware_at": None})
    )
    columns_read.clear()
    tier = tier_choice(incident)
    for result in obligations_evaluate(incident=incident, now=NOW, tier=tier):
        _explanation(result, incident, tier)
    assert {"detected_at", "affected_subjects"} <= columns_read  # the recorder records
    assert columns_read - {"id"} <= ENGINE_INPUT_FIELDS


def test_task_generation_reads_only_the_columns_it_declares(
    organisation: Any, personas: dict[str, Any], columns_read: set[str]
) -> None:
    incident = incident_create_for_test(actor=personas["security"], now=NOW)
    applying = list(Obligation.objects.filter(incident=incident, applies=True))
    playbooks = list(Playbook.objects.all())
    columns_read.clear()
    task_plans(incident=incident, playbooks=playbooks, applying=applying)
    for anchor in DueAnchor.values:
        due_from_anchor(anchor=anchor, offset_minutes=60, incident=incident)
    assert "detected_at" in columns_read
    assert columns_read - {"id"} <= TASK_INPUT_FIELDS


def test_an_edit_the_law_does_not_read_writes_the_incident_and_its_audit_entry_only(
    organisation: Any, personas: dict[str, Any]
) -> None:
    incident = incident_create_for_test(actor=personas["security"], now=NOW)
    obligations = list(Obligation.objects.filter(incident=incident).values())
    tasks = list(Task.objects.filter(incident=incident).values())
    later = NOW + timedelta(hours=1)
    with CaptureQueriesContext(connection) as captured:
        incident_update(
            actor=personas["dpo"],
            incident=incident,
            data={"measures_taken": "Passwords reset.", "title": "Phishing"},
            now=later,
        )
    touched = " ".join(query["sql"] for query in captured)
    assert "compliance_obligation" not in touched and "incidents_task" not in touched
    assert list(Obligation.objects.filter(incident=incident).values()) == obligations
    assert list(Task.objects.filter(incident=incident).values()) == tasks
    update = AuditEvent.objects.filter(action="update", object_id=str(incident.pk)).get()
    assert update.changes["measures_taken"]["after"] == "Passwords reset."
    # Nothing was lost by skipping: a full recomputation now finds nothing to change.
    incident.refresh_from_db()
    assert not obligations_recompute(incident=incident, actor=None, now=later).changed


def test_an_edit_of_an_engine_input_still_moves_the_deadline(
    organisation: Any, personas: dict[str, Any]
) -> None:
    incident = incident_create_for_test(actor=personas["security"], now=NOW)
    notice = Obligation.objects.get(incident=incident, rule_id="GDPR-SA")
    earlier = notice.clock_start - timedelta(hours=2)
    incident_update(
        actor=personas["dpo"],
        incident=incident,
        data={"aware_at": earlier, "detected_at": earlier},
        now=NOW,
    )
    notice.refresh_from_db()
    assert notice.due_at == earlier + timedelta(hours=72)
