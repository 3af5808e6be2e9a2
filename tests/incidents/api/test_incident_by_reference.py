"""/api/v1/incidents/{id}/…: every incident path takes the reference as well as the numeric id."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import Incident
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents/"


@pytest.fixture
def incident(organisation: Any, personas: dict[str, Any]) -> Incident:
    """An incident logged by security, BD-2026-0001."""
    return incident_create_for_test(actor=personas["security"], title="Bucket left public")


def test_the_reference_reads_the_same_incident_as_its_id(api_client_for, incident) -> None:
    client = api_client_for("dpo")
    by_id = client.get(f"{URL}{incident.pk}/")
    by_reference = client.get(f"{URL}{incident.reference}/")
    assert incident.reference == "BD-2026-0001"
    assert by_reference.status_code == 200
    assert by_reference.json() == by_id.json()
    assert by_reference["ETag"] == by_id["ETag"]


def test_a_reference_typed_in_lower_case_is_found(api_client_for, incident) -> None:
    response = api_client_for("dpo").get(f"{URL}{incident.reference.lower()}/")
    assert response.status_code == 200
    assert response.json()["id"] == incident.pk


def test_writes_and_transitions_take_the_reference(api_client_for, incident) -> None:
    client = api_client_for("security")
    etag = client.get(f"{URL}{incident.reference}/")["ETag"]
    patched = client.patch(
        f"{URL}{incident.reference}/",
        {"title": "Bucket left public for 9 days"},
        HTTP_IF_MATCH=etag,
    )
    assert patched.status_code == 200, patched.json()
    moved = client.post(
        f"{URL}{incident.reference}/transition/",
        {"status": "contained"},
        HTTP_IF_MATCH=patched["ETag"],
    )
    assert moved.status_code == 200, moved.json()
    incident.refresh_from_db()
    assert (incident.title, incident.status) == ("Bucket left public for 9 days", "contained")


def drop_generated_at(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != "generated_at"}


@pytest.mark.parametrize("tail", ["audit/", "audit/export/", "report-facts/"], ids=str)
def test_the_incidents_sub_resources_take_the_reference(api_client_for, incident, tail) -> None:
    client = api_client_for("dpo")
    by_reference = client.get(f"{URL}{incident.reference}/{tail}")
    assert by_reference.status_code == 200
    by_id = client.get(f"{URL}{incident.pk}/{tail}")
    # The export states when it was made; everything else must be the same.
    assert drop_generated_at(by_reference.json()) == drop_generated_at(by_id.json())


@pytest.mark.parametrize("key", ["BD-2026-0999", "DRILL-2026-0001", "BD-2026", "0", "%20"], ids=str)
def test_an_unknown_key_is_a_404(api_client_for, incident, key) -> None:
    response = api_client_for("dpo").get(f"{URL}{key}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_reference_does_not_reveal_an_incident_the_caller_may_not_see(
    api_client_for, incident
) -> None:
    # Legal sees only the incidents it is on (design.md, roles); the reference changes nothing.
    incident.tasks.all().delete()
    legal = api_client_for("legal")
    assert legal.get(f"{URL}{incident.reference}/").status_code == 404
    assert legal.get(f"{URL}{incident.reference}/report-facts/").status_code == 404


def test_the_schema_documents_the_id_as_id_or_reference(api_client_for) -> None:
    schema = api_client_for("dpo").get("/api/v1/schema/?format=json").json()
    incident_paths = [p for p in schema["paths"] if p.startswith("/api/v1/incidents/{id}/")]
    assert len(incident_paths) == 5
    for path in incident_paths:
        for operation in schema["paths"][path].values():
            (param,) = [p for p in operation["parameters"] if p["in"] == "path"]
            assert param["schema"]["type"] == "string"
            assert "reference" in param["description"]
