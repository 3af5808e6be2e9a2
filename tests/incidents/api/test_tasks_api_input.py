"""/api/v1/tasks/: bad input is a 400 naming the field; the schema documents the endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import AuditEvent, Task, TaskStatus
from incidents.response.models import TaskComment
from tests.factories import incident_create_for_test
from tests.incidents.api.task_helpers import (
    URL,
    legal_task,
    patch,
    state,
    task_of,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"team": "catering"}, {"team"}, id="unknown-team"),
        pytest.param({"due_anchor": "aware"}, {"due_offset_minutes"}, id="anchor-without-offset"),
        pytest.param({"due_offset_minutes": 60}, {"due_anchor"}, id="offset-without-anchor"),
        pytest.param(
            {"due_anchor": "obligation", "due_offset_minutes": 0},
            {"due_anchor_rule_id"},
            id="obligation-without-rule",
        ),
        pytest.param(
            {"due_anchor": "obligation", "due_anchor_rule_id": "HIPAA", "due_offset_minutes": 0},
            {"due_anchor_rule_id"},
            id="rule-the-incident-lacks",
        ),
        pytest.param({"due_anchor": "lunch", "due_offset_minutes": 0}, {"due_anchor"}, id="anchor"),
        pytest.param({"due_at": "2026-11-30T12:00:00"}, {"due_at"}, id="naive-due-time"),
        pytest.param(
            {"due_at": "2026-11-30T12:00:00Z", "due_anchor": "aware", "due_offset_minutes": 5},
            {"due_at"},
            id="fixed-and-anchored",
        ),
        pytest.param({"title": ""}, {"title"}, id="empty-title"),
        pytest.param({"status": "done"}, {"status"}, id="born-done"),
        pytest.param({"colour": "red"}, {"colour"}, id="unknown-field"),
        pytest.param({"incident": 999999}, {"incident"}, id="unknown-incident"),
        pytest.param({"assignee": "__pr__"}, {"assignee"}, id="assignee-outside-the-team"),
        pytest.param({"depends_on": ["__other__"]}, {"depends_on"}, id="other-incidents-task"),
    ],
)
def test_bad_input_on_create_is_a_400_naming_the_field_and_writes_nothing(
    api_client_for, personas, incident, body: dict[str, Any], fields: set[str]
) -> None:
    other = incident_create_for_test(actor=personas["security"]).tasks.first()
    payload = {"incident": incident.pk, "team": "legal", "title": "Brief counsel", **body}
    if payload.get("assignee") == "__pr__":
        payload["assignee"] = personas["pr"].pk
    if payload.get("depends_on") == ["__other__"]:
        payload["depends_on"] = [other.pk]
    before = (Task.objects.count(), AuditEvent.objects.count())
    response = api_client_for("dpo").post(URL, payload, format="json")
    assert response.status_code == 400, response.json()
    assert set(response.json()) == fields
    assert (Task.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"team": "catering"}, {"team"}, id="unknown-team"),
        pytest.param({"due_anchor": "detected"}, {"due_offset_minutes"}, id="no-offset"),
        pytest.param({"due_offset_minutes": 10**7}, {"due_offset_minutes"}, id="huge-offset"),
        pytest.param({"status": "finished"}, {"status"}, id="unknown-status"),
        pytest.param({"not_applicable_reason": "x"}, {"not_applicable_reason"}, id="stray-reason"),
        pytest.param({"depends_on": ["__self__"]}, {"depends_on"}, id="depends-on-itself"),
        pytest.param({"depends_on": ["__dependent__"]}, {"depends_on"}, id="cycle"),
        pytest.param({"assignee": "__pr__"}, {"assignee"}, id="assignee-outside-the-team"),
        pytest.param(
            {"due_set_manually": False, "__fixed__": True}, {"due_set_manually"}, id="no-anchor"
        ),
    ],
)
def test_bad_input_on_update_is_a_400_naming_the_field_and_changes_nothing(
    api_client_for, personas, incident, body: dict[str, Any], fields: set[str]
) -> None:
    task = task_of(incident, "gdpr-breach:notifiability-decision")
    if body.pop("__fixed__", False):
        Task.objects.filter(pk=task.pk).update(due_anchor="", due_offset_minutes=None)
    replacements = {
        "__self__": task.pk,
        "__dependent__": task_of(incident, "gdpr-breach:authority-notice:0").pk,
        "__pr__": personas["pr"].pk,
    }
    payload = {
        key: [replacements.get(v, v) for v in value]
        if isinstance(value, list)
        else replacements.get(value, value)
        for key, value in body.items()
    }
    before, events = state(task), AuditEvent.objects.count()
    dependencies = list(Task.depends_on.through.objects.values_list("from_task", "to_task"))
    response = patch(api_client_for("dpo"), task, payload)
    assert response.status_code == 400, response.json()
    assert set(response.json()) == fields
    assert state(task) == before and AuditEvent.objects.count() == events
    assert list(Task.depends_on.through.objects.values_list("from_task", "to_task")) == dependencies


def test_a_comment_must_have_text(api_client_for, incident) -> None:
    task = legal_task(incident)
    response = api_client_for("legal").post(f"{URL}{task.pk}/comments/", {"body": ""})
    assert response.status_code == 400 and "body" in response.json()
    assert TaskComment.objects.count() == 0


def test_the_schema_documents_the_task_endpoints(client) -> None:
    schema = client.get("/api/v1/schema/").content
    for path in (
        b"/api/v1/tasks/",
        b"/api/v1/tasks/{id}/complete/",
        b"/api/v1/tasks/{id}/comments/",
    ):
        assert path in schema


def test_task_status_values_are_the_documented_ones() -> None:
    assert TaskStatus.values == ["open", "in_progress", "blocked", "done", "not_applicable"]
