"""GET /incidents/: the list the dashboard's figures click through to."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import obligation_create_for_test

URL = "/incidents/"
pytestmark = pytest.mark.django_db


def test_filters_by_status_severity_drill_and_text(client_for, personas, make_incident) -> None:
    from incidents.services import incident_transition

    high = make_incident(title="Ransomware at the depot", severity="high")
    low = make_incident(title="Misaddressed letter", severity="low")
    drill = make_incident(title="Tabletop exercise", is_drill=True)
    closed = make_incident(title="Old and done", severity="high")
    incident_transition(actor=personas["dpo"], incident=closed, status="closed", now=timezone.now())
    client = client_for("executive")

    def titles(**params: str) -> set[str]:
        body = client.get(URL, params).content.decode()
        found = {i.title for i in (high, low, drill, closed) if i.title in body}
        return found

    assert titles(status="active", severity="high") == {high.title}
    assert titles(status="closed") == {closed.title}
    assert titles(severity="unrated") == {drill.title}
    assert titles(is_drill="true") == {drill.title}
    assert titles(q="depot") == {high.title}


def test_a_month_filter_uses_the_persons_zone(client_for, make_incident) -> None:
    incident = make_incident(title="This month")
    month = timezone.localtime(incident.detected_at).strftime("%Y-%m")
    body = client_for("dpo").get(URL, {"month": month}).content.decode()
    assert "This month" in body
    assert "This month" not in client_for("dpo").get(URL, {"month": "2001-01"}).content.decode()


def test_rows_count_down_to_the_next_open_deadline(client_for, make_incident) -> None:
    incident = make_incident()
    obligation_create_for_test(incident=incident, due_at=timezone.now() + timedelta(hours=3))
    obligation_create_for_test(
        incident=incident,
        rule_id="GDPR-DS",
        due_at=timezone.now() + timedelta(hours=1),
        status="submitted",
    )
    body = client_for("dpo").get(URL).content.decode()
    assert 'class="countdown tone-urgent"' in body
    assert "02:59:" in body


def test_query_count_does_not_grow_with_incidents(
    client_for, make_incident, assert_constant_queries
) -> None:
    assert_constant_queries(
        client_for("dpo"), URL, lambda _: obligation_create_for_test(incident=make_incident())
    )
