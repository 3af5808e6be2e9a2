"""/api/v1/tasks/: queues and filters, the permission matrix, updates, completion, comments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from incidents.models import AuditEvent, Incident, Task, TaskComment, TaskStatus
from incidents.response.generation import tasks_sync
from tests.factories import incident_create_for_test
from tests.incidents.builders import gdpr_obligations, matrix_cell_check

URL = "/api/v1/tasks/"
pytestmark = pytest.mark.django_db
WRITERS = {"security", "dpo", "legal", "pr", "admin"}
ALL_ROLES = WRITERS | {"executive"}


def task_of(incident: Incident, origin_key: str) -> Task:
    return incident.tasks.get(origin_key=origin_key)


def legal_task(incident: Incident) -> Task:
    return task_of(incident, "first-response:contract-duties")


def state(task: Task) -> tuple[Any, ...]:
    """What a refused request must leave unchanged."""
    task.refresh_from_db()
    return (task.status, task.due_at, task.assignee_id, task.team_id, task.version, task.title)


def fresh_client(username: str) -> APIClient:
    """A client for a freshly loaded user, so no per-request cache hides a query."""
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def if_match(client: APIClient, task: Task) -> dict[str, str]:
    """If-Match with the ETag the client reads for the task, as a client does before writing.

    A caller who may not read the task sends none: its write must still be refused (403/401),
    never answered with 428.
    """
    response = client.get(f"{URL}{task.pk}/")
    return {"HTTP_IF_MATCH": response["ETag"]} if response.status_code == 200 else {}


def patch(client: APIClient, task: Task, body: dict[str, Any]) -> Any:
    """PATCH the task with the ETag just read."""
    return client.patch(f"{URL}{task.pk}/", body, format="json", **if_match(client, task))


def complete(client: APIClient, task: Task) -> Any:
    """Complete the task with the ETag just read."""
    return client.post(f"{URL}{task.pk}/complete/", **if_match(client, task))


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
