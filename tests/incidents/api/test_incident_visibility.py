"""Who sees which incident: Legal and PR/Comms only those they are on (incidents/selectors.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_incidents(organisation: Any, personas: dict[str, Any], put_on_incident: Any) -> tuple:
    """Legal works the first incident (a team task); nobody put Legal on the second."""
    worked = incident_create_for_test(actor=personas["security"], title="Worked by Legal")
    other = incident_create_for_test(actor=personas["security"], title="Not Legal's")
    for incident in (worked, other):
        # Only the tasks this test places decide who is on the incident.
        incident.tasks.all().delete()
    put_on_incident("legal", worked)
    return worked, other


def listed(client: Any) -> set[str]:
    return {row["reference"] for row in client.get("/api/v1/incidents/").json()["results"]}


def test_legal_sees_only_the_incidents_it_is_on(api_client_for, personas, two_incidents):
    worked, other = two_incidents
    legal = api_client_for("legal")
    assert listed(legal) == {worked.reference}
    assert legal.get(f"/api/v1/incidents/{other.pk}/").status_code == 404
    assert legal.get(f"/api/v1/incidents/{worked.pk}/").status_code == 200
    room = Client()
    room.force_login(personas["legal"])
    assert room.get(f"/incidents/{other.reference}/").status_code == 404
    assert room.get(f"/incidents/{worked.reference}/").status_code == 200
    assert "Not Legal&#x27;s" not in room.get("/incidents/").content.decode()


def test_pr_sees_nothing_until_its_team_has_a_task(api_client_for, two_incidents, put_on_incident):
    worked, other = two_incidents
    assert listed(api_client_for("pr")) == set()
    put_on_incident("pr", other)
    assert listed(api_client_for("pr")) == {other.reference}


@pytest.mark.parametrize("persona", ["security", "dpo", "executive", "admin"])
def test_the_other_roles_see_every_incident(api_client_for, two_incidents, persona):
    assert listed(api_client_for(persona)) == {i.reference for i in two_incidents}


def test_legal_dashboard_and_board_list_only_its_incidents(personas, two_incidents):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import obligation_create_for_test, task_create_for_test

    worked, other = two_incidents
    now = timezone.now()
    for incident in two_incidents:
        incident.obligations.all().delete()
        for rule_id, hours in (("GDPR-SA", -3), ("GDPR-DS", 5)):  # one overdue, one coming up
            obligation_create_for_test(
                incident=incident,
                rule_id=rule_id,
                due_at=now + timedelta(hours=hours),
                recipient=incident.title,
            )
        task_create_for_test(incident=incident, title=f"Late for {incident.title}", due_at=now)
    legal = Client()
    legal.force_login(personas["legal"])
    for page in ("/", "/board/"):
        body = legal.get(page).content.decode()
        assert "Worked by Legal" in body, page
        assert "Not Legal&#x27;s" not in body, page
    dpo = Client()
    dpo.force_login(personas["dpo"])
    assert "Not Legal&#x27;s" in dpo.get("/").content.decode()


def test_compliance_lists_follow_the_incidents_legal_sees(api_client_for, two_incidents):
    worked, _ = two_incidents
    legal = api_client_for("legal")
    for url in ("/api/v1/obligations/", "/api/v1/assessments/", "/api/v1/submissions/"):
        rows = legal.get(url).json()["results"]
        assert {row["incident"] for row in rows} <= {worked.pk}, url
    obligations = legal.get("/api/v1/obligations/").json()["results"]
    assert obligations and {row["incident"] for row in obligations} == {worked.pk}
