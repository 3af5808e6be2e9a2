"""POST/GET /api/v1/regime-overrides/: a DPO includes or excludes a regime with a reason."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from compliance.models import RegimeOverride
from incidents.models import Incident
from tests.factories import incident_create_for_test

URL = "/api/v1/regime-overrides/"
pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def incident(organisation: Any, personas: dict[str, Any]) -> Incident:
    """Germans affected, the Irish company concerned: GDPR only."""
    return incident_create_for_test(actor=personas["security"], now=NOW)


def decide(client: Any, incident: Incident, /, **fields: Any) -> Any:
    body = {"incident": incident.pk, "regime": "PIPL", "action": "include", "reason": "CN staff."}
    return client.post(URL, {**body, **fields}, format="json")


def test_including_a_regime_brings_its_obligations_and_revoking_withdraws_them(
    api_client_for, incident
) -> None:
    client = api_client_for("dpo")
    response = decide(client, incident)
    assert response.status_code == 201, response.json()
    assert response.json()["is_active"] is True
    pipl = incident.obligations.get(rule_id="PIPL-AUTH")
    assert pipl.applies and "included manually: CN staff" in pipl.explanation
    revoked = client.post(f"{URL}{response.json()['id']}/revoke/", {"reason": "No CN staff."})
    assert revoked.status_code == 200, revoked.json()
    assert (revoked.json()["is_active"], revoked.json()["revoke_reason"]) == (False, "No CN staff.")
    pipl.refresh_from_db()
    assert pipl.applies is False
    again = client.post(f"{URL}{response.json()['id']}/revoke/", {"reason": "Twice."})
    assert again.status_code == 409


def test_excluding_keeps_the_obligations_visible_as_not_required(api_client_for, incident):
    response = decide(
        api_client_for("dpo"), incident, regime="GDPR", action="exclude", reason="Test data only."
    )
    assert response.status_code == 201
    notice = incident.obligations.get(rule_id="GDPR-SA")
    assert (notice.status, notice.exemption) == ("not_required", "manual exclusion")
    body = api_client_for("executive").get(f"/api/v1/incidents/{incident.pk}/").json()
    listed = next(o for o in body["obligations"] if o["rule_id"] == "GDPR-SA")
    assert "excluded manually: Test data only" in listed["explanation"]


def test_a_new_decision_replaces_the_active_one_and_history_is_kept(api_client_for, incident):
    client = api_client_for("dpo")
    decide(client, incident)
    decide(client, incident, action="exclude", reason="Confirmed no CN data.")
    active = client.get(URL, {"incident": incident.pk, "active": "true"}).json()["results"]
    assert [(row["action"], row["reason"]) for row in active] == [
        ("exclude", "Confirmed no CN data.")
    ]
    assert RegimeOverride.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        pytest.param({"reason": ""}, {"reason"}, id="no-reason"),
        pytest.param({"regime": "US-ZZ"}, {"regime"}, id="regime"),
        pytest.param({"action": "ignore"}, {"action"}, id="action"),
        pytest.param({"reason": "", "action": "x"}, {"reason", "action"}, id="two"),
    ],
)
def test_bad_input_is_a_400_naming_each_field_and_nothing_is_written(
    api_client_for, incident, fields, bad
) -> None:
    response = decide(api_client_for("dpo"), incident, **fields)
    assert response.status_code == 400
    assert set(response.json()) == bad
    assert not RegimeOverride.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("dpo", 201),
        ("admin", 201),
        ("legal", 403),
        ("executive", 403),
        ("outsider", 403),
        (None, 401),
    ],
)
def test_only_the_dpo_and_admin_decide(api_client_for, incident, persona, expected) -> None:
    assert decide(api_client_for(persona), incident).status_code == expected
    assert RegimeOverride.objects.count() == (1 if expected == 201 else 0)


def test_the_list_runs_a_constant_number_of_queries(
    api_client_for, incident, django_assert_num_queries
) -> None:
    client = api_client_for("dpo")
    decide(client, incident)
    client.get(URL)
    with django_assert_num_queries(2):
        client.get(URL)
    for regime in ("CAC", "UK_GDPR"):
        decide(client, incident, regime=regime)
    with django_assert_num_queries(2):
        assert client.get(URL).json()["count"] == 3
