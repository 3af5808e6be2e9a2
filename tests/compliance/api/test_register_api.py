"""GET /api/v1/register/ and /register/: every breach, notified or not, with the reasoning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compliance.services import submission_record
from incidents.models import Incident
from tests.factories import incident_create_for_test

URL = "/api/v1/register/"
pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def incidents(organisation: Any, personas: dict[str, Any]) -> dict[str, Incident]:
    """A notified breach, an encrypted-laptop theft not notified, and a drill."""
    security = personas["security"]
    notified = incident_create_for_test(
        actor=security,
        now=NOW,
        title="Mailbox read by an attacker",
        consequences="Phishing against customers.",
        measures_taken="Reset passwords",
    )
    submission_record(
        actor=personas["dpo"],
        obligation=notified.obligations.get(rule_id="GDPR-SA"),
        phase="initial",
        submitted_at=NOW - timedelta(hours=1),
        channel="DPC web form",
        regulator_reference="BN-7",
        now=NOW,
    )
    laptop = incident_create_for_test(
        actor=security,
        now=NOW,
        title="Encrypted laptop stolen",
        detected_at=NOW - timedelta(days=3),
        aware_at=NOW - timedelta(days=3),
        risk_level="unlikely",
        data_encrypted=True,
    )
    drill = incident_create_for_test(actor=security, now=NOW, title="Tabletop", is_drill=True)
    return {"notified": notified, "laptop": laptop, "drill": drill}


def test_every_incident_is_in_the_register_notified_or_not_with_the_reasoning(
    api_client_for, incidents
) -> None:
    response = api_client_for("dpo").get(URL)
    assert response.status_code == 200
    rows = {row["title"]: row for row in response.json()["results"]}
    assert set(rows) == {"Mailbox read by an attacker", "Encrypted laptop stolen"}
    laptop = rows["Encrypted laptop stolen"]
    assert (laptop["notified"], laptop["tier"], laptop["tier_source"]) == (
        False,
        "unlikely",
        "incident",
    )
    assert "GDPR Art. 33(1)" in laptop["reasoning"]
    assert (
        "not notified — the breach was assessed as unlikely to result in a risk"
        in laptop["reasoning"]
    )
    mailbox = rows["Mailbox read by an attacker"]
    assert (mailbox["notified"], mailbox["late"]) == (True, False)
    assert mailbox["notified_at"] == "2026-11-24T08:00:00Z"
    assert "reference BN-7" in mailbox["reasoning"]
    assert (mailbox["effects"], mailbox["remedial_action"]) == (
        "Phishing against customers.",
        "Reset passwords",
    )
    decision = next(d for d in mailbox["decisions"] if d["rule_id"] == "GDPR-SA")
    assert (decision["status"], decision["regulator_reference"]) == ("submitted", "BN-7")


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        pytest.param({"notified": "false"}, {"Encrypted laptop stolen"}, id="not-notified"),
        pytest.param({"notified": "true"}, {"Mailbox read by an attacker"}, id="notified"),
        pytest.param({"tier": "unlikely"}, {"Encrypted laptop stolen"}, id="tier"),
        pytest.param({"tier": "none"}, set(), id="not-assessed"),
        pytest.param({"regime": "UK_GDPR"}, set(), id="regime-absent"),
        pytest.param(
            {"regime": "GDPR", "status": "open"},
            {"Encrypted laptop stolen", "Mailbox read by an attacker"},
            id="regime-status",
        ),
        pytest.param(
            {"detected_after": "2026-11-23T00:00:00+01:00"},
            {"Mailbox read by an attacker"},
            id="period",
        ),
        pytest.param(
            {"include_drills": "true", "detected_before": "2026-11-24T09:00:00Z"},
            {"Encrypted laptop stolen", "Mailbox read by an attacker", "Tabletop"},
            id="drills",
        ),
    ],
)
def test_the_register_filters(api_client_for, incidents, params, titles) -> None:
    response = api_client_for("dpo").get(URL, params)
    assert response.status_code == 200, response.json()
    assert {row["title"] for row in response.json()["results"]} == titles


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"detected_after": "2026-11-23T00:00:00"}, id="naive"),
        pytest.param({"tier": "severe"}, id="tier"),
        pytest.param({"regime": "US-ZZ"}, id="regime"),
        pytest.param({"colour": "red"}, id="unknown"),
        pytest.param({"notified": "yes"}, id="boolean-word"),
        pytest.param({"include_drills": "2"}, id="boolean-number"),
        pytest.param({"regime": ["GDPR", "PIPL"]}, id="given-twice"),
        pytest.param({"status": ""}, id="empty"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(api_client_for, params) -> None:
    response = api_client_for("dpo").get(URL, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("dpo", 200),
        # Legal and PR/Comms see only the incidents they are on; the register lists them all.
        ("legal", 403),
        ("executive", 200),
        ("admin", 200),
        ("security", 403),
        ("pr", 403),
        ("outsider", 403),
        (None, 401),
    ],
)
def test_who_may_read_the_register(api_client_for, persona, expected) -> None:
    assert api_client_for(persona).get(URL).status_code == expected
    assert api_client_for(persona).get(f"{URL}export/").status_code == expected


def test_the_register_runs_a_constant_number_of_queries(
    api_client_for, incidents, personas, django_assert_num_queries
) -> None:
    client = api_client_for("executive")
    client.get(URL)
    # count, incidents, obligations, submissions, assessments, regime decisions
    with django_assert_num_queries(6):
        client.get(URL)
    for number in range(3):
        incident_create_for_test(actor=personas["security"], now=NOW, title=f"More {number}")
    with django_assert_num_queries(6):
        assert client.get(URL).json()["count"] == 5


def test_the_web_page_lists_the_register_for_its_roles(client, personas, incidents) -> None:
    client.force_login(personas["executive"])
    page = client.get("/register/", {"notified": "false"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Encrypted laptop stolen" in text and "Mailbox read by an attacker" not in text
    assert "/api/v1/register/export/?format=xlsx&amp;notified=false" in text
    client.force_login(personas["security"])
    assert client.get("/register/").status_code == 403


def test_the_register_reasoning_gives_each_regime_its_decision_and_deciding_facts(
    api_client_for, organisation, personas
) -> None:
    stolen = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        title="Encrypted tablets stolen",
        affected_subjects=[{"country": "DE", "count": 40}, {"country": "GB", "count": 5}],
        entities=[],
        malicious=True,
    )
    from compliance.services import assessment_record

    assessment_record(
        actor=personas["dpo"],
        incident=stolen,
        inputs={
            "ease_of_identification": 1.0,
            "confidentiality": 0.5,
            "encrypted_key_intact": True,
        },
        now=NOW,
    )
    rows = api_client_for("dpo").get(URL).json()["results"]
    reasoning = next(row for row in rows if row["title"] == "Encrypted tablets stolen")["reasoning"]
    for regime in ("GDPR", "UK GDPR"):  # the reasoning names regimes in words
        assert (
            f"{regime}: Art. 33(1): notifying the supervisory authority is not required. The data "
            "were encrypted or hashed with a key or salt that was not compromised" in reasoning
        )
    assert "Art. 34(1): telling the people affected is not required." in reasoning
