"""GET /: the executive dashboard — figures that click through, countdowns, constant queries."""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.models import Submission
from tests.factories import obligation_create_for_test, task_create_for_test

pytestmark = pytest.mark.django_db


def busy_incident(make_incident: Any, index: int) -> Any:
    """An incident with an open obligation, an overdue task and a recorded submission."""
    incident = make_incident(title=f"Incident {index}", severity="high")
    obligation = obligation_create_for_test(incident=incident)
    task_create_for_test(incident=incident, due_at=timezone.now() - timedelta(hours=1))
    done = obligation_create_for_test(incident=incident, rule_id="UK_GDPR-SA", status="submitted")
    Submission.objects.create(
        obligation=done,
        phase="initial",
        submitted_at=incident.aware_at + timedelta(hours=3),
        channel="web form",
    )
    return obligation


def test_anonymous_visitors_are_sent_to_sign_in(client_for) -> None:
    response = client_for(None).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_people_without_a_role_are_refused(client_for) -> None:
    assert client_for("outsider").get("/").status_code == 403


@pytest.mark.parametrize("name", ["security", "dpo", "legal", "pr", "admin"])
def test_every_working_role_sees_the_dashboard(client_for, name: str) -> None:
    response = client_for(name).get("/")
    assert response.status_code == 200
    assert b"Open incidents by severity and status" in response.content


def test_the_executive_gets_the_status_page_without_task_noise(client_for, make_incident) -> None:
    busy_incident(make_incident, 1)
    body = client_for("executive").get("/").content.decode()
    assert "Status at a glance" in body
    assert 'data-testid="worst-countdown"' in body
    assert "Overdue tasks" not in body and "Reset credentials" not in body


def test_counts_link_to_the_filtered_incident_list(client_for, make_incident) -> None:
    make_incident(severity="high")
    make_incident(severity="high")
    make_incident(severity="low", is_drill=True)
    body = client_for("dpo").get("/").content.decode()
    assert 'href="/incidents/?status=open&amp;severity=high&amp;is_drill=false">2</a>' in body
    assert 'data-testid="open-incidents">2<' in body
    assert "plus 1 drill" in body


def test_next_deadlines_count_down_to_the_due_time_in_utc(client_for, make_incident) -> None:
    incident = make_incident(title="Bucket left open")
    obligation = obligation_create_for_test(incident=incident)
    body = client_for("dpo").get("/").content.decode()
    due = obligation.due_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    assert f'data-due="{due}' in body
    assert f'href="/incidents/{incident.reference}/#obligation-{obligation.pk}"' in body
    assert "left</span>" in body


def test_overdue_obligations_and_tasks_are_listed(client_for, make_incident) -> None:
    incident = make_incident()
    obligation_create_for_test(incident=incident, due_at=timezone.now() - timedelta(hours=2))
    task_create_for_test(
        incident=incident, title="Reset credentials", due_at=timezone.now() - timedelta(hours=1)
    )
    body = client_for("dpo").get("/").content.decode()
    assert "overdue by 02:00:" in body
    assert "Reset credentials" in body
    assert 'href="/task-list' not in body
    assert 'href="/tasks/?when=overdue&amp;is_drill=false"' in body


def test_a_drills_overdue_tasks_are_not_counted_as_real_work(client_for, make_incident) -> None:
    """The counter, its list and the page it links to agree, and none of them has a drill's task."""
    real = make_incident(title="Real breach")
    drill = make_incident(title="Tabletop exercise", is_drill=True)
    past = timezone.now() - timedelta(hours=1)
    task_create_for_test(incident=real, title="Reset credentials", due_at=past)
    task_create_for_test(incident=drill, title="Rehearse the statement", due_at=past)
    client = client_for("dpo")
    body = client.get("/").content.decode()
    assert "Reset credentials" in body
    assert "Rehearse the statement" not in body
    shown = re.search(r'Overdue tasks</span><span class="value">(\d+)<', body)
    assert shown is not None
    linked = client.get("/tasks/?when=overdue&is_drill=false").content.decode()
    rows = re.findall(r'<tr id="task-', linked)
    assert int(shown.group(1)) == len(rows) >= 1
    assert f"{len(rows)} task" in linked
    assert "Reset credentials" in linked and "Rehearse the statement" not in linked
    drills = client.get("/tasks/?when=overdue&is_drill=true").content.decode()
    assert "Rehearse the statement" in drills and "Reset credentials" not in drills
    assert 'class="badge drill"' in drills
    both = client.get("/tasks/?when=overdue").content.decode()
    assert "Rehearse the statement" in both and "Reset credentials" in both


def test_the_delay_chart_marks_notifications_after_72_hours(client_for, make_incident) -> None:
    quick = busy_incident(make_incident, 1).incident
    slow = make_incident()
    late = obligation_create_for_test(incident=slow, status="submitted_late")
    Submission.objects.create(
        obligation=late,
        phase="initial",
        submitted_at=slow.aware_at + timedelta(hours=80),
        channel="post",
        late=True,
    )
    body = client_for("dpo").get("/").content.decode()
    assert f'aria-label="{quick.reference}: 3.0 h"' in body
    assert f'aria-label="{slow.reference}: 80.0 h"' in body
    assert 'class="bar late"' in body
    assert 'class="reference-label"' in body


def test_executives_get_no_edit_controls(client_for, make_incident) -> None:
    make_incident()
    body = client_for("executive").get("/").content.decode()
    assert "/incidents/new/" not in body
    assert "Log incident" not in body


def test_query_count_does_not_grow_with_incidents(
    client_for, make_incident, assert_constant_queries
) -> None:
    assert_constant_queries(client_for("dpo"), "/", lambda i: busy_incident(make_incident, i))
