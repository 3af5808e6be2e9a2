"""POST/GET /api/v1/assessments/: ENISA score, band, tier, override rationale, recomputation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from compliance.models import RiskAssessment
from incidents.models import AuditEvent, Incident
from tests.factories import incident_create_for_test

URL = "/api/v1/assessments/"
pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def incident(organisation: Any, personas: dict[str, Any]) -> Incident:
    """Card data of 1,200 Germans read by an unknown attacker; risk recorded as 'risk'."""
    return incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        data_categories=["contact", "payment_card"],
        affected_subjects=[{"country": "DE", "count": 1200}],
        malicious=True,
        risk_level="risk",
    )


def assess(client: Any, incident: Incident, /, **fields: Any) -> Any:
    body = {"incident": incident.pk, "ease_of_identification": 0.75, "confidentiality": 0.5}
    return client.post(URL, {**body, **fields}, format="json")


def test_the_dpo_scores_the_breach_and_the_tier_drives_the_obligations(api_client_for, incident):
    response = assess(api_client_for("dpo"), incident)
    assert response.status_code == 201, response.json()
    body = response.json()
    # DPC 3 (payment card) x EI 0.75 + CB (0.5 unknown recipients + 0.5 malicious) = 3.25.
    assert (body["score"], body["band"], body["tier"], body["effective_tier"]) == (
        3.25,
        "high",
        "high",
        "high",
    )
    assert "payment card data (DPC 3)" in body["explanation"]
    assert "malicious intent (+0.5)" in body["deciding_factors"]
    assert body["inputs"]["malicious"] is True  # taken from the incident
    assert body["assessor"] == "dpo"
    incident.refresh_from_db()
    assert (incident.risk_level, incident.version) == ("high", 2)
    subjects = incident.obligations.get(rule_id="GDPR-DS")
    assert subjects.status != "not_required"
    assert f"risk assessment #{body['id']}" in subjects.explanation


def test_an_override_keeps_its_rationale_and_wins(api_client_for, incident) -> None:
    client = api_client_for("dpo")
    missing = assess(client, incident, override_tier="unlikely")
    assert missing.status_code == 400 and list(missing.json()) == ["override_rationale"]
    assert not RiskAssessment.objects.exists()
    rationale = "The mailbox held only test cards; confirmed with the payment provider."
    response = assess(client, incident, override_tier="unlikely", override_rationale=rationale)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["tier"], body["effective_tier"], body["override_rationale"]) == (
        "high",
        "unlikely",
        rationale,
    )
    notice = incident.obligations.get(rule_id="GDPR-SA")
    assert notice.status == "not_required"
    assert "overridden by the DPO: The mailbox held only test cards" in notice.explanation


def test_risk_level_follows_the_assessment_and_cannot_be_patched_around_it(
    api_client_for, incident
) -> None:
    assess(api_client_for("dpo"), incident)
    incident.refresh_from_db()
    response = api_client_for("dpo").patch(
        f"/api/v1/incidents/{incident.pk}/",
        {"risk_level": "unlikely"},
        format="json",
        HTTP_IF_MATCH=incident.etag,
    )
    assert response.status_code == 400 and list(response.json()) == ["risk_level"]


def test_the_assessment_sets_the_incident_severity_to_its_enisa_band(
    api_client_for, incident
) -> None:
    assert incident.severity == ""
    assess(api_client_for("dpo"), incident)  # 3.25: high
    incident.refresh_from_db()
    assert (incident.severity, incident.risk_level) == ("high", "high")
    assess(api_client_for("dpo"), incident, ease_of_identification=0.25)  # 0.75 + 1.0: low
    incident.refresh_from_db()
    assert incident.severity == "low"
    changes = [
        event.changes
        for event in AuditEvent.objects.filter(action="update").order_by("pk")
        if event.changes.get("source") == "risk assessment"
    ]
    assert changes[-1]["severity"] == {"before": "high", "after": "low"}


def test_preview_scores_without_storing(api_client_for, incident) -> None:
    events = AuditEvent.objects.count()
    response = api_client_for("dpo").post(
        f"{URL}preview/",
        {"incident": incident.pk, "ease_of_identification": 0.25, "data_categories": ["contact"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["score"], response.json()["band"]) == (0.75, "low")
    assert not RiskAssessment.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        pytest.param({"ease_of_identification": 0.6}, {"ease_of_identification"}, id="ei"),
        pytest.param({"confidentiality": 0.75}, {"confidentiality"}, id="cb"),
        pytest.param({"data_categories": ["gossip"]}, {"data_categories"}, id="category"),
        pytest.param({"dpc_adjustment": 1}, {"dpc_adjustment_reason"}, id="adjustment"),
        pytest.param({"override_tier": "severe"}, {"override_tier"}, id="tier"),
        pytest.param({"incident": 0}, {"incident"}, id="incident"),
        pytest.param({"score": 6}, {"score"}, id="unknown-field"),
        pytest.param(
            {"ease_of_identification": 2, "integrity": 1}, {"ease_of_identification", "integrity"}
        ),
    ],
)
def test_bad_input_is_a_400_naming_each_field_and_nothing_is_written(
    api_client_for, incident, fields, bad
) -> None:
    response = assess(api_client_for("dpo"), incident, **fields)
    assert response.status_code == 400
    assert set(response.json()) == bad
    assert not RiskAssessment.objects.exists()
    incident.refresh_from_db()
    assert incident.version == 1


def test_no_categories_anywhere_is_named(api_client_for, organisation, personas) -> None:
    bare = incident_create_for_test(actor=personas["security"], now=NOW, data_categories=[])
    response = assess(api_client_for("dpo"), bare)
    assert response.status_code == 400 and list(response.json()) == ["data_categories"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("dpo", 201),
        ("admin", 201),
        ("security", 403),
        ("legal", 403),
        ("executive", 403),
        ("outsider", 403),
        (None, 401),
    ],
)
def test_who_may_assess(api_client_for, incident, persona, expected) -> None:
    assert assess(api_client_for(persona), incident).status_code == expected
    assert RiskAssessment.objects.count() == (1 if expected == 201 else 0)


def test_the_list_runs_a_constant_number_of_queries(
    api_client_for, incident, django_assert_num_queries
) -> None:
    client = api_client_for("executive")
    assess(api_client_for("dpo"), incident)
    client.get(URL)
    with django_assert_num_queries(2):  # count, assessments with incident and assessor
        client.get(URL, {"incident": incident.pk})
    for ei in (0.25, 0.5, 1):
        assess(api_client_for("dpo"), incident, ease_of_identification=ei)
    with django_assert_num_queries(2):
        assert client.get(URL, {"incident": incident.pk}).json()["count"] == 4


def test_assessments_are_kept_newest_first(api_client_for, incident) -> None:
    client = api_client_for("dpo")
    assess(client, incident, ease_of_identification=0.25)
    assess(client, incident, ease_of_identification=1)
    listed = client.get(URL).json()["results"]
    assert [row["inputs"]["ease_of_identification"] for row in listed] == [1, 0.25]
    assert listed[0]["created_at"].endswith("Z")


def test_preview_names_the_single_facts_that_would_change_the_decision(
    api_client_for, incident
) -> None:
    response = api_client_for("dpo").post(
        f"{URL}preview/",
        {"incident": incident.pk, "ease_of_identification": 0.75, "confidentiality": 0.5},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["decision"]["supervisory_authority"]["required"] is True
    assert body["decision"]["data_subjects"]["required"] is True
    encrypted = next(c for c in body["what_if"] if c["field"] == "encrypted_key_intact")
    assert (encrypted["value"], encrypted["supervisory_authority"]) == (True, False)
    assert encrypted["summary"] == (
        "If the data had been encrypted with a key that was not compromised: Art. 33(1) notice "
        "to the authority would become not required and Art. 34(1) notice to the people would "
        "become not required."
    )
    assert not RiskAssessment.objects.exists()


def test_children_or_patients_on_the_incident_make_the_people_vulnerable(
    api_client_for, organisation, personas
) -> None:
    pupils = incident_create_for_test(
        actor=personas["security"], now=NOW, subject_categories=["minors", "customers"]
    )
    response = api_client_for("dpo").post(
        f"{URL}preview/", {"incident": pupils.pk, "ease_of_identification": 0.5}, format="json"
    )
    assert response.json()["inputs"]["vulnerable_people"] is True
