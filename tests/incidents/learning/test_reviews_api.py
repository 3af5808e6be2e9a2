"""/api/v1/reviews/: one review per closed incident, findings, completion, measurements, PDF."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from incidents.learning.models import Review
from incidents.models import AuditEvent
from incidents.services import incident_transition
from tests.factories import incident_create_for_test
from tests.incidents.builders import matrix_cell_check

URL = "/api/v1/reviews/"
pytestmark = pytest.mark.django_db
WRITERS = {"security", "dpo", "legal", "pr", "admin"}
FINDINGS = {
    "root_cause": "cyber_attack",
    "root_cause_details": "A phished service-account password without MFA.",
    "went_wrong_decisions": "The high-risk decision waited a day for the export log.",
    "went_wrong_communication": "The customer letter went through four rounds of review.",
    "went_wrong_response": "Nobody on call could disable service accounts.",
    "went_well": "Evidence was preserved before containment.",
}


def review_open(client: Any, incident: Any, **extra: Any) -> Any:
    return client.post(URL, {"incident": incident.pk, **extra}, format="json")


def patch(client: Any, body: dict[str, Any], etag: str) -> Any:
    review_id = re.match(r'"(\d+)-', etag).group(1)
    return client.patch(f"{URL}{review_id}/", body, format="json", HTTP_IF_MATCH=etag)


@pytest.mark.parametrize("persona", [None, "security", "dpo", "legal", "pr", "executive", "admin"])
def test_who_may_open_a_review(api_client_for, closed_incident, persona) -> None:
    response = review_open(api_client_for(persona), closed_incident)
    allowed = matrix_cell_check(response, persona, WRITERS)
    assert Review.objects.exists() == allowed


def test_a_review_opens_on_a_closed_incident_with_the_logged_root_cause(
    api_client_for, closed_incident
) -> None:
    response = review_open(api_client_for("dpo"), closed_incident, summary="Contained fast.")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["ETag"] == f'"{body["id"]}-1"'
    assert response["Location"] == f"/api/v1/reviews/{body['id']}/"
    assert (body["status"], body["root_cause"], body["summary"]) == (
        "draft",
        "cyber_attack",
        "Contained fast.",
    )
    assert (body["incident_reference"], body["is_drill"]) == (closed_incident.reference, False)
    assert AuditEvent.objects.filter(action="create", object_type="incidents.Review").count() == 1


def test_an_open_incident_has_no_review_yet_and_a_closed_one_only_one(
    api_client_for, closed_incident, personas
) -> None:
    dpo = api_client_for("dpo")
    still_open = incident_create_for_test(actor=personas["security"])
    assert review_open(dpo, still_open).status_code == 409
    assert review_open(dpo, closed_incident).status_code == 201
    assert review_open(dpo, closed_incident).status_code == 409
    assert Review.objects.count() == 1


def test_bad_findings_are_a_400_naming_the_field_and_nothing_is_written(
    api_client_for, closed_incident
) -> None:
    dpo = api_client_for("dpo")
    response = review_open(dpo, closed_incident, root_cause="bad luck", colour="red")
    assert response.status_code == 400
    assert set(response.json()) == {"colour"}
    response = review_open(dpo, closed_incident, root_cause="bad luck")
    assert response.status_code == 400 and "root_cause" in response.json()
    assert not Review.objects.exists()


def test_findings_are_written_with_if_match_and_a_stale_write_is_refused(
    api_client_for, closed_incident
) -> None:
    legal = api_client_for("legal")
    created = review_open(legal, closed_incident)
    first_etag = created["ETag"]
    updated = patch(legal, {"went_well": "The notice was filed in 20 minutes."}, first_etag)
    assert updated.status_code == 200, updated.json()
    assert updated["ETag"].endswith('-2"') and updated.json()["version"] == 2
    stale = patch(legal, {"went_well": "Nothing."}, first_etag)
    assert stale.status_code == 412
    assert Review.objects.get().went_well == "The notice was filed in 20 minutes."
    entries = AuditEvent.objects.filter(action="update", object_type="incidents.Review")
    assert [e.changes["went_well"]["after"] for e in entries] == [
        "The notice was filed in 20 minutes."
    ]


def test_completing_needs_the_findings_and_the_dpo_then_freezes_them(
    api_client_for, closed_incident
) -> None:
    dpo, security = api_client_for("dpo"), api_client_for("security")
    created = review_open(security, closed_incident)
    review_id = created.json()["id"]
    incomplete = dpo.post(f"{URL}{review_id}/complete/", HTTP_IF_MATCH=created["ETag"])
    assert incomplete.status_code == 400
    assert set(incomplete.json()) == {
        "went_wrong_decisions",
        "went_wrong_communication",
        "went_wrong_response",
        "went_well",
    }
    written = patch(security, FINDINGS, created["ETag"])
    assert (
        security.post(f"{URL}{review_id}/complete/", HTTP_IF_MATCH=written["ETag"]).status_code
        == 403
    )
    completed = dpo.post(f"{URL}{review_id}/complete/", HTTP_IF_MATCH=written["ETag"])
    assert completed.status_code == 200, completed.json()
    body = completed.json()
    assert (body["status"], body["completed_by_username"]) == ("completed", "dpo")
    assert body["completed_at"]
    frozen = patch(security, {"went_well": "Everything."}, completed["ETag"])
    assert frozen.status_code == 409
    assert Review.objects.get().went_well == FINDINGS["went_well"]


def test_the_detail_measures_the_timeline_in_exact_seconds(api_client_for, closed_incident) -> None:
    dpo = api_client_for("dpo")
    review_id = review_open(dpo, closed_incident).json()["id"]
    metrics = dpo.get(f"{URL}{review_id}/").json()["metrics"]
    assert metrics["time_to_detect"] == 19 * 3600 + 40 * 60
    assert metrics["time_to_awareness"] == 14 * 3600 + 55 * 60 + 30
    assert metrics["time_to_containment"] == 8 * 3600 + 14 * 60 + 30
    subjects, authority = metrics["notices"]
    assert (authority["time_taken"], authority["margin"], authority["outcome"]) == (
        72 * 3600 - 1,
        1,
        "on_time",
    )
    assert authority["deadline"] == "2026-03-06T09:15:30Z" and authority["statutory"] is True
    assert (subjects["margin"], subjects["outcome"], subjects["statutory"]) == (-1, "late", False)
    assert metrics["statements"] == [
        {"audience": "Media", "published_at": None, "time_taken": None},
        {"audience": "Staff", "published_at": "2026-03-03T16:00:30Z", "time_taken": 24300.0},
    ]


def test_the_list_takes_the_same_number_of_queries_for_more_reviews(
    api_client_for, closed_incident, personas
) -> None:
    dpo = api_client_for("dpo")
    review_open(dpo, closed_incident)
    with CaptureQueriesContext(connection) as one:
        assert dpo.get(URL).status_code == 200
    for number in range(3):
        incident = incident_create_for_test(actor=personas["security"], title=f"Other {number}")
        incident_transition(
            actor=personas["dpo"], incident=incident, status="closed", now=timezone.now()
        )
        created = review_open(dpo, incident)
        action = {"review": created.json()["id"], "title": "Patch", "team": "it-security"}
        dpo.post("/api/v1/corrective-actions/", action, format="json")
    with CaptureQueriesContext(connection) as four:
        response = dpo.get(URL)
    assert response.json()["count"] == 4
    assert len(four) == len(one)


def test_the_review_renders_as_a_pdf_with_its_findings(api_client_for, closed_incident) -> None:
    dpo = api_client_for("dpo")
    created = review_open(dpo, closed_incident)
    patch(dpo, FINDINGS, created["ETag"])
    action = {
        "review": created.json()["id"],
        "title": "Enforce MFA on every service account",
        "team": "it-security",
        "category": "access_control",
        "due_at": "2026-05-31T17:00:00+01:00",
    }
    assert dpo.post("/api/v1/corrective-actions/", action, format="json").status_code == 201
    response = dpo.get(f"{URL}{created.json()['id']}/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    missing = dpo.get(f"{URL}999999/pdf/", HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404 and missing.json()["detail"] == "Not found."
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for expected in (
        "Post-incidentreview",
        closed_incident.reference,
        "Timetodetect",
        "19h40min",
        "Timetoawareness",
        "14h55min",
        "GDPRArt.33(1)",
        "Ontime(lessthan1mintospare)",  # one second to spare
        "LATEbylessthan1min",  # one second late
        "Cyberattack",
        "Nobodyoncallcoulddisableserviceaccounts.",
        "EnforceMFAoneveryserviceaccount",
        "2026-05-3116:00UTC",
    ):
        assert expected in text, expected
    assert "DRAFT" not in text  # complete: every finding and an owned, dated action
