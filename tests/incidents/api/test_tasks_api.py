"""/api/v1/tasks/: queues and filters, updates, completion, comments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import AuditEvent, Incident, Task
from incidents.response.generation import tasks_sync
from incidents.response.models import TaskComment
from tests.factories import incident_create_for_test
from tests.incidents.api.task_helpers import (
    URL,
    complete,
    fresh_client,
    legal_task,
    patch,
    state,
    task_of,
)
from tests.incidents.builders import gdpr_obligations

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- reading and filtering


def test_a_task_shows_its_team_due_time_dependencies_and_rights(
    api_client_for, incident: Incident
) -> None:
    task = task_of(incident, "gdpr-breach:authority-notice:0")
    response = api_client_for("legal").get(f"{URL}{task.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["team"] == "legal"
    assert body["incident_reference"] == incident.reference
    assert body["due_anchor"] == "obligation" and body["due_anchor_rule_id"] == "GDPR-SA"
    assert body["due_offset_minutes"] == -360
    assert body["due_at"].endswith("Z")
    decision = task_of(incident, "gdpr-breach:notifiability-decision")
    assert body["depends_on"] == [decision.pk] and body["blocked_by"] == [decision.pk]
    assert body["can_update"] is True
    assert response["ETag"] == f'"{task.pk}-{task.version}"'
    assert api_client_for("pr").get(f"{URL}{task.pk}/").json()["can_update"] is False


def test_team_queue_and_my_tasks(api_client_for, personas, incident: Incident) -> None:
    legal = api_client_for("legal")
    queue = legal.get(URL, {"team": "legal", "page_size": 100}).json()
    assert queue["count"] == incident.tasks.filter(team__code="legal").count() > 0
    assert {row["team"] for row in queue["results"]} == {"legal"}
    task = legal_task(incident)
    Task.objects.filter(pk=task.pk).update(assignee=personas["legal"])
    mine = legal.get(URL, {"assignee": "me"}).json()
    assert [row["id"] for row in mine["results"]] == [task.pk]
    queue_or_mine = legal.get(URL, {"mine": "true", "page_size": 100}).json()["results"]
    assert {row["team"] for row in queue_or_mine} == {"legal"}
    unassigned = legal.get(URL, {"unassigned": "true", "team": "legal"}).json()
    assert task.pk not in [row["id"] for row in unassigned["results"]]


def test_status_and_overdue_filters(api_client_for, incident: Incident) -> None:
    late, soon = incident.tasks.all()[:2]
    now = timezone.now()
    Task.objects.filter(pk=late.pk).update(due_at=now - timedelta(minutes=1))
    Task.objects.filter(pk=soon.pk).update(due_at=now + timedelta(hours=1), status="blocked")
    Task.objects.exclude(pk__in=[late.pk, soon.pk]).update(due_at=now + timedelta(days=1))
    client = api_client_for("dpo")
    overdue = client.get(URL, {"overdue": "true"}).json()["results"]
    assert [(row["id"], row["overdue"]) for row in overdue] == [(late.pk, True)]
    blocked = client.get(URL, {"status": ["blocked", "in_progress"]}).json()["results"]
    assert [row["id"] for row in blocked] == [soon.pk]
    Task.objects.filter(pk=late.pk).update(status="done", completed_at=now)
    assert client.get(URL, {"overdue": "true"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"team": "catering"}, "team", id="unknown-team"),
        pytest.param({"assignee": "bob"}, "assignee", id="assignee-not-an-id"),
        pytest.param({"status": "finished"}, "status", id="unknown-status"),
        pytest.param({"overdue": "maybe"}, "overdue", id="overdue-not-a-boolean"),
    ],
)
def test_bad_filters_are_a_400_naming_the_filter(
    api_client_for, incident: Incident, params: dict[str, str], field: str
) -> None:
    response = api_client_for("dpo").get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_legal_and_pr_see_only_the_incidents_they_are_on(api_client_for, personas, teams) -> None:
    theirs = incident_create_for_test(actor=personas["security"])
    other = incident_create_for_test(actor=personas["security"])
    other.tasks.filter(team__code__in=["legal", "pr-comms"]).delete()
    other_task = other.tasks.first()
    for name in ("legal", "pr"):
        client = api_client_for(name)
        seen = {row["incident"] for row in client.get(URL, {"page_size": 500}).json()["results"]}
        assert seen == {theirs.pk}
        assert client.get(f"{URL}{other_task.pk}/").status_code == 404
    seen = api_client_for("executive").get(URL, {"page_size": 500}).json()["results"]
    assert {row["incident"] for row in seen} == {theirs.pk, other.pk}


def build_incidents(personas: dict[str, Any], count: int) -> None:
    """Incidents with GDPR tasks, assignees, comments and dependencies."""
    for _ in range(count):
        created = incident_create_for_test(actor=personas["security"])
        gdpr_obligations(created)
        tasks_sync(incident=created, actor=None, now=timezone.now())
        task = created.tasks.filter(team__code="legal").first()
        Task.objects.filter(pk=task.pk).update(assignee=personas["legal"])
        TaskComment.objects.create(task=task, author=personas["dpo"], body="Please hurry.")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        # roles, count, page, dependencies
        pytest.param("dpo", 4, id="dpo-sees-all"),
        # + the user's teams (for can_update); visibility is a subquery of the same statements
        pytest.param("legal", 5, id="legal-sees-its-incidents"),
    ],
)
def test_the_list_runs_a_constant_number_of_queries(
    personas, teams, persona: str, expected: int
) -> None:
    build_incidents(personas, 1)
    client = fresh_client(persona)
    with CaptureQueriesContext(connection) as few:
        small = client.get(URL, {"page_size": 500})
    build_incidents(personas, 4)
    client = fresh_client(persona)
    with CaptureQueriesContext(connection) as many:
        large = client.get(URL, {"page_size": 500})
    assert large.json()["count"] >= 4 * small.json()["count"] > 0
    assert len(few) == len(many) == expected, "\n".join(q["sql"] for q in many.captured_queries)


def test_a_status_filter_reads_a_page_without_sorting_every_task_for_duplicates(
    api_client_for, incident: Incident
) -> None:
    """`status` is a column of the task: the page is read without DISTINCT (which made the
    database sort every open task before taking a page) and lists each task once."""
    client = api_client_for("dpo")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"status": ["open", "blocked"], "page_size": 500})
    rows = response.json()["results"]
    assert rows and len({row["id"] for row in rows}) == len(rows) == response.json()["count"]
    task_reads = [q["sql"] for q in queries.captured_queries if '"incidents_task"' in q["sql"]]
    assert task_reads and not any("DISTINCT" in sql for sql in task_reads), task_reads


def test_the_filtered_list_query_count_is_pinned(django_assert_num_queries, personas, teams):
    build_incidents(personas, 3)
    client = fresh_client("legal")
    # `overdue=false` compares with the view's clock: pin it where the tasks are not yet due.
    with (
        time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False),
        django_assert_num_queries(6),  # + the team-code lookup of the filter
    ):
        response = client.get(URL, {"team": "legal", "mine": "true", "overdue": "false"})
    assert response.status_code == 200 and response.json()["count"] > 0


# ---------------------------------------------------------------- updates


def test_assigning_completing_and_commenting_are_in_the_timeline(
    api_client_for, personas, incident: Incident
) -> None:
    client = api_client_for("legal")
    task = legal_task(incident)
    response = patch(client, task, {"assignee": personas["legal"].pk, "status": "in_progress"})
    assert response.status_code == 200, response.json()
    assert (response.json()["assignee_username"], response.json()["status"]) == (
        "legal",
        "in_progress",
    )
    assert (
        client.post(f"{URL}{task.pk}/comments/", {"body": "Asked the broker."}).status_code == 201
    )
    done = complete(client, task)
    assert done.status_code == 200
    assert done.json()["completed_by_username"] == "legal" and done.json()["completed_at"]
    comments = client.get(f"{URL}{task.pk}/comments/").json()["results"]
    assert [c["body"] for c in comments] == ["Asked the broker."]
    timeline = AuditEvent.objects.filter(
        incident=incident, object_type="incidents.Task", object_id=str(task.pk)
    ).exclude(action="create")
    assert [(e.action, e.actor_label) for e in timeline] == [
        ("assign", "legal"),
        ("status", "legal"),
        ("comment", "legal"),
        ("complete", "legal"),
    ]
    assert timeline[0].changes["assignee_username"] == "legal"


def test_completing_a_task_twice_is_a_409_and_changes_nothing(api_client_for, incident) -> None:
    client = api_client_for("legal")
    task = legal_task(incident)
    assert complete(client, task).status_code == 200
    before, events = state(task), AuditEvent.objects.count()
    completed_at = task.completed_at
    again = complete(client, task)
    assert again.status_code == 409
    assert "already completed" in again.json()["detail"]
    patched = patch(client, task, {"status": "done"})
    assert patched.status_code == 409
    assert state(task) == before and AuditEvent.objects.count() == events
    assert task.completed_at == completed_at


def test_a_task_waits_for_the_tasks_it_depends_on(api_client_for, incident) -> None:
    client = api_client_for("dpo")
    notice = task_of(incident, "gdpr-breach:authority-notice:0")
    blocked = complete(client, notice)
    assert blocked.status_code == 409
    assert "Decide notifiability" in blocked.json()["detail"]
    for key in ("first-response:risk-assessment", "gdpr-breach:notifiability-decision"):
        assert complete(client, task_of(incident, key)).status_code == 200
    assert complete(client, notice).status_code == 200


def test_not_applicable_needs_a_reason_and_reopening_clears_it(api_client_for, incident) -> None:
    client = api_client_for("legal")
    task = legal_task(incident)
    before = state(task)
    missing = patch(client, task, {"status": "not_applicable"})
    assert missing.status_code == 400 and "not_applicable_reason" in missing.json()
    assert state(task) == before
    body = {"status": "not_applicable", "not_applicable_reason": "No contracts require notice."}
    closed = patch(client, task, body).json()
    assert (closed["status"], closed["not_applicable_reason"]) == (
        "not_applicable",
        "No contracts require notice.",
    )
    assert complete(client, task).status_code == 409
    reopened = patch(client, task, {"status": "open"}).json()
    assert (reopened["status"], reopened["not_applicable_reason"]) == ("open", "")


def test_a_due_time_set_by_hand_stays_when_the_anchor_moves(api_client_for, incident) -> None:
    from incidents.services import incident_update

    client = api_client_for("dpo")
    task = task_of(incident, "first-response:risk-assessment")
    response = patch(client, task, {"due_at": "2026-11-30T12:00:00+01:00"})
    assert response.json()["due_at"] == "2026-11-30T11:00:00Z"
    assert response.json()["due_set_manually"] is True
    incident_update(
        actor=None,
        incident=incident,
        data={"aware_at": incident.aware_at + timedelta(hours=1)},
        now=incident.aware_at + timedelta(hours=2),
    )
    task.refresh_from_db()
    assert task.due_at.isoformat() == "2026-11-30T11:00:00+00:00"
    back = patch(client, task, {"due_set_manually": False}).json()
    assert back["due_set_manually"] is False
    assert back["due_at"] == (incident.aware_at + timedelta(hours=25)).isoformat().replace(
        "+00:00", "Z"
    )


def test_reanchoring_a_task_to_an_obligation(api_client_for, incident) -> None:
    task = legal_task(incident)
    body = {"due_anchor": "obligation", "due_anchor_rule_id": "GDPR-SA", "due_offset_minutes": -60}
    response = patch(api_client_for("legal"), task, body)
    assert response.status_code == 200, response.json()
    authority = incident.obligations.get(rule_id="GDPR-SA")
    assert response.json()["anchor_obligation"] == authority.pk
    task.refresh_from_db()
    assert task.due_at == authority.due_at - timedelta(hours=1)


def test_moving_a_task_to_another_team_returns_it_to_that_queue(
    api_client_for, personas, incident
) -> None:
    task = legal_task(incident)
    Task.objects.filter(pk=task.pk).update(assignee=personas["legal"])
    response = patch(api_client_for("dpo"), task, {"team": "dpo"})
    assert (response.json()["team"], response.json()["assignee"]) == ("dpo", None)


def test_a_stale_if_match_is_a_412(api_client_for, incident) -> None:
    client = api_client_for("legal")
    task = legal_task(incident)
    etag = client.get(f"{URL}{task.pk}/")["ETag"]
    ok = client.patch(f"{URL}{task.pk}/", {"title": "Check insurance"}, HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok["ETag"] != etag
    before = state(task)
    stale = client.patch(f"{URL}{task.pk}/", {"title": "Other"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert state(task) == before


def test_a_write_without_if_match_is_a_428_and_changes_nothing(api_client_for, incident) -> None:
    client = api_client_for("legal")
    task = legal_task(incident)
    before, events = state(task), AuditEvent.objects.count()
    for response in (
        client.patch(f"{URL}{task.pk}/", {"title": "Other"}, format="json"),
        client.post(f"{URL}{task.pk}/complete/"),
    ):
        assert response.status_code == 428
        assert response.json()["code"] == "precondition_required"
    assert state(task) == before and AuditEvent.objects.count() == events
    overwrite = client.post(f"{URL}{task.pk}/complete/", HTTP_IF_MATCH="*")
    assert overwrite.status_code == 200 and overwrite.json()["status"] == "done"


def test_a_caller_who_may_not_change_the_task_gets_403_before_any_if_match_check(
    api_client_for, incident
) -> None:
    task = legal_task(incident)
    pr = api_client_for("pr")
    assert pr.patch(f"{URL}{task.pk}/", {"title": "x"}, format="json").status_code == 403
    assert pr.post(f"{URL}{task.pk}/complete/").status_code == 403
    legal = api_client_for("legal")
    moved = legal.patch(f"{URL}{task.pk}/", {"team": "dpo"}, format="json")
    assert moved.status_code == 403 and "team" in moved.json()["detail"]


def test_a_manual_task_is_created_with_its_anchor(api_client_for, personas, incident) -> None:
    body = {
        "incident": incident.pk,
        "team": "legal",
        "title": "Brief outside counsel",
        "due_anchor": "aware",
        "due_offset_minutes": 90,
        "assignee": personas["legal"].pk,
    }
    response = api_client_for("legal").post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    created = Task.objects.get(pk=response.json()["id"])
    assert created.due_at == incident.aware_at + timedelta(minutes=90)
    assert (created.origin_key, created.assignee, created.status) == ("", personas["legal"], "open")
    assert response["Location"] == f"{URL}{created.pk}/"
    actions = AuditEvent.objects.filter(object_type="incidents.Task", object_id=str(created.pk))
    assert [e.action for e in actions] == ["create", "assign"]
