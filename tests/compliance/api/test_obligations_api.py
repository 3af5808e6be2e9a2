"""GET /api/v1/obligations/ and the obligations embedded in an incident: deadlines end to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from compliance.models import Obligation
from tests.factories import incident_payload

URL = "/api/v1/obligations/"
INCIDENTS = "/api/v1/incidents/"
pytestmark = pytest.mark.django_db


def post_incident(client: Any, **overrides: Any) -> dict[str, Any]:
    response = client.post(INCIDENTS, incident_payload(**overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def obligation(body: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(o for o in body["obligations"] if o["rule_id"] == rule_id)


@pytest.mark.parametrize(
    ("aware_at", "due_at"),
    [
        pytest.param("2026-11-20T10:30:00+01:00", "2026-11-23T09:30:00Z", id="berlin-+01:00"),
        pytest.param("2026-11-20T10:30:00-05:00", "2026-11-23T15:30:00Z", id="new-york--05:00"),
        pytest.param("2026-11-20T10:30:00+08:00", "2026-11-23T02:30:00Z", id="shanghai-+08:00"),
        pytest.param("2026-11-20T10:30:00Z", "2026-11-23T10:30:00Z", id="utc"),
        # EU clocks go forward on 29 March 2026: 72 real hours end at 13:00 CEST, not 12:00.
        pytest.param("2026-03-27T12:00:00+01:00", "2026-03-30T11:00:00Z", id="eu-spring-forward"),
        # EU clocks go back on 25 October 2026: 72 real hours end at 11:00 CET.
        pytest.param("2026-10-23T12:00:00+02:00", "2026-10-26T10:00:00Z", id="eu-fall-back"),
        # US clocks go forward on 8 March 2026.
        pytest.param("2026-03-06T20:00:00-05:00", "2026-03-10T01:00:00Z", id="us-spring-forward"),
        # 29 February 2024 lies inside the 72 hours.
        pytest.param("2024-02-27T18:00:00+00:00", "2024-03-01T18:00:00Z", id="leap-day"),
    ],
)
def test_gdpr_notice_is_due_exactly_72_real_hours_after_awareness(
    api_client_for, organisation, aware_at: str, due_at: str
) -> None:
    created = post_incident(api_client_for("security"), detected_at=aware_at, aware_at=aware_at)
    body = api_client_for("executive").get(f"{INCIDENTS}{created['id']}/").json()
    notice = obligation(body, "GDPR-SA")
    assert notice["due_at"] == due_at
    assert notice["target_at"] == due_at
    assert notice["clock_start"] == datetime.fromisoformat(aware_at).astimezone(
        UTC
    ).isoformat().replace("+00:00", "Z")
    assert (notice["regime"], notice["legal_basis"]) == ("GDPR", "GDPR Art. 33(1)")
    assert notice["recipient"].endswith(": Data Protection Commission")
    assert notice["statutory"] is True
    assert "72 hours" in notice["explanation"]
    assert {"regime", "legal_basis", "recipient", "due_at", "target_at", "status"} <= set(notice)


def test_asap_duties_have_no_due_time_only_an_internal_target(api_client_for, organisation):
    body = post_incident(api_client_for("security"), risk_level="high")
    subjects = obligation(body, "GDPR-DS")
    assert subjects["due_at"] is None
    assert subjects["target_at"] == "2026-11-21T09:30:00Z"  # 24 h internal target
    assert subjects["statutory"] is False
    assert "internal target" in subjects["explanation"]


@pytest.mark.parametrize(
    ("people", "status"),
    [
        pytest.param(999_999, "not_required", id="just-below-1-million"),
        pytest.param(1_000_000, "pending", id="at-1-million-bound-included"),
    ],
)
def test_cac_report_is_due_4_hours_after_discovery_from_one_million_people(
    api_client_for, organisation, people: int, status: str
) -> None:
    with time_machine.travel(datetime(2026, 11, 20, 3, 0, tzinfo=UTC), tick=False):
        body = post_incident(
            api_client_for("security"),
            detected_at="2026-11-20T10:00:00+08:00",
            aware_at="2026-11-20T10:30:00+08:00",
            affected_subjects=[{"country": "CN", "count": people}],
        )
    report = obligation(body, "CAC-4H")
    assert report["due_at"] == "2026-11-20T06:00:00Z"  # from detected_at, not aware_at
    assert report["status"] == status


def test_without_awareness_the_clock_runs_from_detection_and_says_so(api_client_for, organisation):
    body = post_incident(api_client_for("security"), aware_at=None)
    notice = obligation(body, "GDPR-SA")
    assert notice["due_at"] == "2026-11-23T07:00:00Z"  # detected 08:00+01:00 plus 72 h
    assert "Awareness has not been recorded" in notice["explanation"]


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        pytest.param(datetime(2026, 11, 23, 9, 29, 59, tzinfo=UTC), "pending", id="1s-before"),
        pytest.param(datetime(2026, 11, 23, 9, 30, 0, tzinfo=UTC), "pending", id="at-deadline"),
        pytest.param(datetime(2026, 11, 23, 9, 30, 1, tzinfo=UTC), "overdue", id="1s-after"),
    ],
)
def test_status_reads_overdue_just_after_the_deadline_before_any_sweep(
    api_client_for, organisation, moment: datetime, status: str
) -> None:
    with time_machine.travel(datetime(2026, 11, 21, tzinfo=UTC), tick=False):
        created = post_incident(api_client_for("security"))
    assert Obligation.objects.get(rule_id="GDPR-SA").status == "pending"
    client = api_client_for("dpo")
    with time_machine.travel(moment, tick=False):
        body = client.get(f"{INCIDENTS}{created['id']}/").json()
        listed = client.get(URL, {"incident": created["id"], "status": status}).json()
    assert obligation(body, "GDPR-SA")["status"] == status
    assert "GDPR-SA" in {row["rule_id"] for row in listed["results"]}


def test_list_filters_by_regime_status_incident_due_range_and_applies(api_client_for, organisation):
    security = api_client_for("security")
    europe = post_incident(security)
    post_incident(security, affected_subjects=[{"country": "GB", "count": 10}])
    client = api_client_for("executive")
    uk = client.get(URL, {"regime": "UK_GDPR"}).json()["results"]
    assert {row["regime"] for row in uk} == {"UK_GDPR"}
    mine = client.get(URL, {"incident": europe["id"]}).json()["results"]
    assert {row["incident"] for row in mine} == {europe["id"]}
    window = {"due_after": "2026-11-23T10:30:00+01:00", "due_before": "2026-11-23T10:30:01+01:00"}
    due = client.get(URL, window).json()["results"]
    assert {(row["rule_id"], row["due_at"]) for row in due} == {
        ("GDPR-SA", "2026-11-23T09:30:00Z"),
        ("UK_GDPR-SA", "2026-11-23T09:30:00Z"),
    }
    assert client.get(URL, {"applies": "false"}).json()["count"] == 0
    not_required = client.get(URL, {"status": "not_required"}).json()["results"]
    assert {row["rule_id"] for row in not_required} == {"GDPR-DS", "UK_GDPR-DS"}


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"due_before": "2026-11-23T10:30:00"}, id="naive-datetime"),
        pytest.param({"due_after": "yesterday"}, id="not-a-datetime"),
        pytest.param({"status": "late"}, id="unknown-status"),
        pytest.param({"regime": "US-ZZ"}, id="unknown-regime"),
        pytest.param({"incident": "0.5"}, id="fractional-id"),
        pytest.param({"incident": "-2e163"}, id="huge-negative-id"),
        pytest.param({"incident": str(2**63)}, id="id-beyond-the-database"),
        pytest.param({"applies": "yes"}, id="boolean-word"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(api_client_for, params) -> None:
    response = api_client_for("dpo").get(URL, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_an_unencoded_plus_in_the_offset_is_understood(api_client_for, organisation) -> None:
    post_incident(api_client_for("security"))
    client = api_client_for("dpo")
    response = client.get(f"{URL}?due_before=2026-11-23T10:30:01+01:00")
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 1


def test_retrieve_shows_terms_checklist_and_submissions(api_client_for, organisation) -> None:
    post_incident(api_client_for("security"))
    notice = Obligation.objects.get(rule_id="GDPR-SA")
    body = api_client_for("executive").get(f"{URL}{notice.pk}/").json()
    assert body["incident_reference"] == "BD-2026-0001"
    assert body["entity_name"] == "Example Europe Ltd"
    assert body["content_checklist"][0].startswith("Art. 33(3)(a)")
    assert (body["unit"], body["duration"], body["submissions"]) == ("H", 72, [])


def test_the_list_runs_a_constant_number_of_queries(
    api_client_for, organisation, django_assert_num_queries
) -> None:
    security, client = api_client_for("security"), api_client_for("dpo")
    post_incident(security)
    client.get(URL)  # warms the per-user role cache
    with django_assert_num_queries(3):  # count, obligations with incident and entity, submissions
        few = client.get(URL).json()["count"]
    for _ in range(3):
        post_incident(security, affected_subjects=[{"country": "CN", "count": 5}])
    with django_assert_num_queries(3):
        many = client.get(URL).json()["count"]
    assert many > few


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("executive", 200), ("pr", 200), ("outsider", 403), (None, 401)],
)
def test_every_role_reads_outsiders_and_anonymous_do_not(api_client_for, persona, expected):
    assert api_client_for(persona).get(URL).status_code == expected


def test_obligations_are_read_only(api_client_for, organisation) -> None:
    post_incident(api_client_for("security"))
    notice = Obligation.objects.get(rule_id="GDPR-SA")
    client = api_client_for("dpo")
    assert client.patch(f"{URL}{notice.pk}/", {"status": "submitted"}).status_code == 405
    assert client.delete(f"{URL}{notice.pk}/").status_code == 405
    assert Obligation.objects.get(pk=notice.pk).status == notice.status


def test_incident_obligations_carry_late_and_submitted_at(api_client_for, organisation) -> None:
    created = post_incident(api_client_for("security"))
    notice = obligation(created, "GDPR-SA")
    assert (notice["late"], notice["submitted_at"]) == (False, None)
    assert timedelta(hours=72) == datetime.fromisoformat(notice["due_at"]) - datetime.fromisoformat(
        notice["clock_start"]
    )
