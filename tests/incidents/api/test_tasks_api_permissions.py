"""/api/v1/tasks/: the permission matrix, persona by persona and action by action."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from incidents.models import AuditEvent, Incident, Task
from incidents.response.models import TaskComment
from tests.incidents.api.task_helpers import (
    ALL_ROLES,
    URL,
    WRITERS,
    complete,
    legal_task,
    patch,
    state,
    task_of,
)
from tests.incidents.builders import matrix_cell_check

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- the permission matrix

ACTIONS = {
    # action: personas allowed (the rest get 403; anonymous gets 401)
    "list": ALL_ROLES,
    "retrieve": ALL_ROLES,
    "update_legal_task": {"legal", "dpo", "admin"},
    "update_own_team_task": {"security", "legal", "pr", "dpo", "admin"},
    "complete_legal_task": {"legal", "dpo", "admin"},
    "move_to_another_team": {"dpo", "admin"},
    "comment": WRITERS,
    "create_for_legal": {"legal", "dpo", "admin"},
}
OWN_TEAM_TASK = {
    "security": "first-response:preserve-evidence",
    "dpo": "first-response:risk-assessment",
    "legal": "first-response:contract-duties",
    "pr": "first-response:holding-statement",
    "executive": "gdpr-breach:subject-notice-approval:0",
    "admin": "first-response:contract-duties",
    "outsider": "first-response:contract-duties",
}


def perform(action: str, client: APIClient, persona: str, incident: Incident) -> Any:
    legal = legal_task(incident)
    if action == "list":
        return client.get(URL)
    if action == "retrieve":
        return client.get(f"{URL}{legal.pk}/")
    if action == "update_legal_task":
        return patch(client, legal, {"status": "in_progress"})
    if action == "update_own_team_task":
        task = task_of(incident, OWN_TEAM_TASK[persona])
        return patch(client, task, {"status": "in_progress"})
    if action == "complete_legal_task":
        return complete(client, legal)
    if action == "move_to_another_team":
        return patch(client, legal, {"team": "dpo"})
    if action == "comment":
        return client.post(f"{URL}{legal.pk}/comments/", {"body": "On it."}, format="json")
    body = {"incident": incident.pk, "team": "legal", "title": "Call outside counsel"}
    return client.post(URL, body, format="json")


@pytest.mark.parametrize("persona", [*sorted(ALL_ROLES), "outsider", None])
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_permission_matrix(api_client_for, incident: Incident, action: str, persona) -> None:
    before = (Task.objects.count(), AuditEvent.objects.count(), TaskComment.objects.count())
    response = perform(action, api_client_for(persona), persona or "outsider", incident)
    if not matrix_cell_check(response, persona, ACTIONS[action]):
        after = (Task.objects.count(), AuditEvent.objects.count(), TaskComment.objects.count())
        assert after == before


def test_an_executive_reads_everything_but_changes_nothing(api_client_for, incident) -> None:
    client = api_client_for("executive")
    task = task_of(incident, "gdpr-breach:subject-notice-approval:0")
    assert client.get(f"{URL}{task.pk}/").json()["can_update"] is False
    before = state(task)
    assert complete(client, task).status_code == 403
    assert state(task) == before
