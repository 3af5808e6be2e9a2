"""GET /tasks/mine/, /teams/<code>/tasks/ and /tasks/: task queues read from Task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models import Team
from tests.factories import task_create_for_test

pytestmark = pytest.mark.django_db


def test_my_tasks_are_mine_and_my_teams_unassigned_ones(client_for, personas, make_incident):
    incident = make_incident()
    Team.objects.get(code="legal").members.add(personas["legal"])
    task_create_for_test(incident=incident, title="Assigned to me", assignee=personas["legal"])
    task_create_for_test(incident=incident, team_code="legal", title="Legal, unassigned")
    task_create_for_test(
        incident=incident, team_code="legal", title="Legal, someone else", assignee=personas["dpo"]
    )
    task_create_for_test(
        incident=incident,
        title="Finished",
        status="done",
        completed_at=timezone.now(),
        assignee=personas["legal"],
    )
    body = client_for("legal").get("/tasks/mine/").content.decode()
    assert "Assigned to me" in body and "Legal, unassigned" in body
    assert "Legal, someone else" not in body
    assert "Finished" not in body
    assert 'href="/teams/legal/tasks/"' in body


def test_a_team_queue_shows_that_teams_tasks(client_for, make_incident, personas) -> None:
    incident = make_incident()
    Team.objects.get(code="pr-comms").members.add(personas["pr"])  # PR sees what it is on
    task_create_for_test(incident=incident, team_code="pr-comms", title="Holding statement")
    task_create_for_test(incident=incident, title="Isolate host")
    body = client_for("pr").get("/teams/pr-comms/tasks/").content.decode()
    assert "PR/Comms queue" in body
    assert "Holding statement" in body and "Isolate host" not in body
    assert client_for("pr").get("/teams/no-such-team/tasks/").status_code == 404


def test_all_tasks_filter_to_the_overdue_ones(client_for, make_incident) -> None:
    incident = make_incident()
    task_create_for_test(
        incident=incident, title="Late", due_at=timezone.now() - timedelta(hours=1)
    )
    task_create_for_test(
        incident=incident, title="In time", due_at=timezone.now() + timedelta(hours=1)
    )
    body = client_for("executive").get("/tasks/", {"when": "overdue"}).content.decode()
    assert "Late" in body and "In time" not in body
    assert "overdue by 01:00:" in body


def test_people_without_a_role_are_refused(client_for) -> None:
    assert client_for("outsider").get("/tasks/mine/").status_code == 403
    assert client_for("outsider").get("/teams/legal/tasks/").status_code == 403


@pytest.mark.parametrize("url", ["/tasks/", "/tasks/mine/", "/teams/it-security/tasks/"])
def test_query_count_does_not_grow_with_incidents(
    client_for, personas, make_incident, assert_constant_queries, url: str
) -> None:
    Team.objects.get(code="it-security").members.add(personas["security"])
    assert_constant_queries(
        client_for("security"),
        url,
        lambda _: task_create_for_test(incident=make_incident(), assignee=personas["security"]),
    )
