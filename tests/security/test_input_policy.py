"""One input policy on every endpoint (issue 17.9): what a client got wrong is a 400 naming it."""

from __future__ import annotations

from typing import Any

import pytest

from config.fields import MAX_YEAR, MIN_YEAR
from incidents.models import Incident
from tests.factories import incident_payload

pytestmark = pytest.mark.django_db
NAIVE = "2026-11-20T08:00:00"


@pytest.fixture
def incident(api_client_for: Any) -> Incident:
    response = api_client_for("dpo").post("/api/v1/incidents/", incident_payload(), format="json")
    assert response.status_code == 201
    return Incident.objects.get()


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/incidents/", "detected_after"),
        ("/api/v1/incidents/", "detected_before"),
        ("/api/v1/tasks/", "due_before"),
        ("/api/v1/tasks/", "due_after"),
        ("/api/v1/obligations/", "due_before"),
        ("/api/v1/submissions/", "submitted_after"),
        ("/api/v1/incidents/{id}/audit/", "created_after"),
        ("/api/v1/incidents/{id}/audit/", "created_before"),
    ],
)
def test_every_timestamp_filter_refuses_a_time_without_offset(
    api_client_for, incident, path: str, parameter: str
) -> None:
    url = path.format(id=incident.pk)
    response = api_client_for("dpo").get(url, {parameter: NAIVE})
    assert response.status_code == 400, (url, response.content)
    assert response.json() == {
        parameter: ["The timestamp has no UTC offset; add one, e.g. +01:00 or Z."]
    }
    assert api_client_for("dpo").get(url, {parameter: NAIVE + "Z"}).status_code == 200


@pytest.mark.parametrize("year", ["0001", "1900", "1969", "2200", "9999"])
def test_implausible_years_are_refused_with_a_message_that_says_so(api_client_for, year) -> None:
    stamp = f"{year}-06-01T08:00:00+01:00"
    body = incident_payload(detected_at=stamp, aware_at=None)
    response = api_client_for("dpo").post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 400
    message = f"The year {int(year)} is not plausible; give a year from {MIN_YEAR} to {MAX_YEAR}."
    assert response.json()["detected_at"] == [message]
    assert not Incident.objects.exists()
    listing = api_client_for("dpo").get("/api/v1/incidents/", {"detected_after": stamp})
    assert (listing.status_code, listing.json()) == (400, {"detected_after": [message]})


def test_the_edges_of_the_plausible_years_are_accepted(api_client_for) -> None:
    body = incident_payload(detected_at=f"{MIN_YEAR}-01-01T00:00:00Z", aware_at=None)
    assert api_client_for("dpo").post("/api/v1/incidents/", body, format="json").status_code == 201
    later = {"detected_after": f"{MAX_YEAR}-12-31T23:59:59Z"}
    assert api_client_for("dpo").get("/api/v1/incidents/", later).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"title": 12345}, "title", id="number-title"),
        pytest.param({"description": 1.5}, "description", id="float-text"),
        pytest.param({"title": ["a"]}, "title", id="list-title"),
        pytest.param({"affected_subjects": [{"country": 49, "count": 10}]}, "affected_subjects"),
    ],
)
def test_json_bodies_are_not_coerced(api_client_for, body: dict[str, Any], field: str) -> None:
    response = api_client_for("dpo").post(
        "/api/v1/incidents/", incident_payload(**body), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reference": "BD-2026-9999"}, "reference"),
        ({"status": "closed"}, "status"),
        ({"version": 7}, "version"),
        ({"subjects_total": 1}, "subjects_total"),
    ],
)
def test_read_only_fields_are_refused_by_name(api_client_for, incident, body, field) -> None:
    created = api_client_for("dpo").post(
        "/api/v1/incidents/", incident_payload(**body), format="json"
    )
    assert created.status_code == 400
    assert created.json() == {field: ["Read-only: the server sets it; leave it out."]}
    changed = api_client_for("dpo").patch(
        f"/api/v1/incidents/{incident.pk}/", body, format="json", HTTP_IF_MATCH="*"
    )
    assert changed.status_code == 400 and field in changed.json()


@pytest.mark.parametrize("path", ["/api/v1/incidents/", "/api/v1/tasks/", "/api/v1/obligations/"])
def test_unknown_query_parameters_are_named(api_client_for, path: str) -> None:
    response = api_client_for("dpo").get(path, {"colour": "red", "page_size": "5"})
    assert response.status_code == 400
    assert response.json() == {"colour": ["Unknown query parameter."]}


def test_an_unknown_parameter_on_one_incident_is_named_too(api_client_for, incident) -> None:
    response = api_client_for("dpo").get(f"/api/v1/incidents/{incident.pk}/", {"colour": "red"})
    assert (response.status_code, list(response.json())) == (400, ["colour"])


@pytest.mark.parametrize("ordering", ["bogus", "-bogus", "detected_at,bogus", "title"])
def test_an_ordering_the_list_cannot_use_is_a_400(api_client_for, incident, ordering) -> None:
    response = api_client_for("dpo").get("/api/v1/incidents/", {"ordering": ordering})
    assert response.status_code == 400
    assert "detected_at" in response.json()["ordering"][0]  # the choices are named


def test_a_valid_ordering_still_orders(api_client_for, incident) -> None:
    response = api_client_for("dpo").get("/api/v1/incidents/", {"ordering": "-detected_at"})
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5"])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_400(api_client_for, incident, page) -> None:
    response = api_client_for("dpo").get("/api/v1/incidents/", {"page": page})
    assert (response.status_code, response.json()) == (400, {"page": ["A whole number from 1."]})
    assert api_client_for("dpo").get("/api/v1/incidents/", {"page": "1"}).status_code == 200


def test_the_schema_lists_the_409s_these_operations_return(api_client_for) -> None:
    schema = api_client_for("dpo").get("/api/v1/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "409" in paths["/api/v1/playbooks/{id}/"]["delete"]["responses"]
    assert "409" in paths["/api/v1/incidents/{id}/transition/"]["post"]["responses"]
