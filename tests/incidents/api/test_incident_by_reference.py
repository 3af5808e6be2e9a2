"""GET/PATCH /api/v1/incidents/{id}/ and its transition name the incident by id or by reference."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import Incident

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(lambda i: str(i.pk), id="numeric-id"),
        pytest.param(lambda i: i.reference, id="reference"),
        pytest.param(lambda i: i.reference.lower(), id="reference-any-case"),
    ],
)
def test_an_incident_is_read_by_id_or_reference(
    api_client_for: Any, incident: Incident, key: Any
) -> None:
    response = api_client_for("dpo").get(f"/api/v1/incidents/{key(incident)}/")
    assert response.status_code == 200
    assert response.json()["id"] == incident.pk
    assert response.json()["reference"] == incident.reference
    assert response["ETag"] == incident.etag


def test_an_update_by_reference_needs_the_same_etag(
    api_client_for: Any, incident: Incident
) -> None:
    client = api_client_for("dpo")
    url = f"/api/v1/incidents/{incident.reference}/"
    stale = client.patch(url, {"records_count": 9}, format="json", HTTP_IF_MATCH='"1-999"')
    assert stale.status_code == 412
    fresh = client.patch(url, {"records_count": 9}, format="json", HTTP_IF_MATCH=incident.etag)
    assert fresh.status_code == 200
    assert fresh.json()["records_count"] == 9


@pytest.mark.parametrize("key", ["BD-1999-0001", "not-a-reference", "9" * 30])
def test_an_unknown_reference_or_id_is_a_404(api_client_for: Any, key: str) -> None:
    response = api_client_for("dpo").get(f"/api/v1/incidents/{key}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("persona", ["dpo", "legal", "pr", "security", "executive", "outsider"])
def test_by_reference_each_role_sees_what_it_sees_by_id(
    api_client_for: Any, personas: dict[str, Any], persona: str
) -> None:
    from tests.factories import incident_create_for_test

    # Legal and PR/Comms see only the incidents they are on (design.md, roles).
    incident = incident_create_for_test(actor=personas["security"])
    incident.tasks.all().delete()
    client = api_client_for(persona)
    by_id = client.get(f"/api/v1/incidents/{incident.pk}/")
    by_reference = client.get(f"/api/v1/incidents/{incident.reference}/")
    assert by_reference.status_code == by_id.status_code
    assert by_reference.json() == by_id.json()
    if persona in {"legal", "pr"}:
        assert by_reference.status_code == 404
