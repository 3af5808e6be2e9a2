"""POST /incidents/<reference>/transition/: lifecycle buttons, with the version they were shown at."""

from __future__ import annotations

import pytest
from django.utils import timezone

from incidents.models import Incident
from incidents.services import incident_update

pytestmark = pytest.mark.django_db


def transition(client, incident: Incident, status: str, version: int):  # type: ignore[no-untyped-def]
    return client.post(
        f"/incidents/{incident.reference}/transition/",
        {"status": status, "version": version},
        follow=True,
    )


def test_security_marks_an_incident_contained(client_for, make_incident) -> None:
    incident = make_incident()
    response = transition(client_for("security"), incident, "contained", 1)
    assert f"{incident.reference} is now Contained." in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == "contained" and incident.contained_at is not None


def test_a_button_from_an_older_page_changes_nothing(client_for, personas, make_incident):
    incident = make_incident()
    incident_update(
        actor=personas["dpo"], incident=incident, data={"title": "Changed"}, now=timezone.now()
    )
    response = transition(client_for("security"), incident, "closed", 1)
    assert "Someone changed this incident while you were looking at it" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == "open"


def test_moving_backwards_is_refused(client_for, make_incident) -> None:
    incident = make_incident()
    client = client_for("dpo")
    transition(client, incident, "resolved", 1)
    response = transition(client, incident, "contained", 2)
    assert "cannot move to that status" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == "resolved"


@pytest.mark.parametrize("name", ["executive", "legal", "pr", "outsider"])
def test_roles_without_the_lifecycle_capability_are_refused(client_for, make_incident, name):
    incident = make_incident()
    assert transition(client_for(name), incident, "closed", 1).status_code == 403
    incident.refresh_from_db()
    assert incident.status == "open"


def test_only_post_is_accepted(client_for, make_incident) -> None:
    incident = make_incident()
    response = client_for("dpo").get(f"/incidents/{incident.reference}/transition/")
    assert response.status_code == 405
