"""POST/GET/PATCH /api/v1/incidents/: contract, validation, roles and optimistic locking."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from incidents.models import AuditEvent, Incident
from tests.factories import incident_payload

URL = "/api/v1/incidents/"
pytestmark = pytest.mark.django_db


def create(client: Any, **overrides: Any) -> Any:
    return client.post(URL, incident_payload(**overrides), format="json")


def test_security_creates_an_incident_with_a_reference_and_utc_times(api_client_for) -> None:
    response = create(api_client_for("security"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "BD-2026-0001"
    assert body["status"] == "open"
    assert body["detected_at"] == "2026-11-20T07:00:00Z"
    assert body["aware_at"] == "2026-11-20T09:30:00Z"
    assert body["affected_subjects"] == [{"country": "DE", "count": 1200}]
    assert isinstance(body["obligations"], list)
    assert response["ETag"] == f'"{body["id"]}-1"'
    assert response["Location"] == f"{URL}{body['id']}/"


def test_references_count_up_per_year(api_client_for) -> None:
    client = api_client_for("dpo")
    first = create(client).json()["reference"]
    second = create(client).json()["reference"]
    other_year = create(
        client, detected_at="2025-12-31T23:00:00-05:00", aware_at="2026-01-01T06:00:00+01:00"
    ).json()["reference"]
    assert (first, second) == ("BD-2026-0001", "BD-2026-0002")
    assert other_year == "BD-2026-0003"  # 2025-12-31T23:00-05:00 is already 2026 in UTC


def test_get_returns_the_contract_fields(api_client_for) -> None:
    created = create(api_client_for("security")).json()
    response = api_client_for("executive").get(f"{URL}{created['id']}/")
    assert response.status_code == 200
    body = response.json()
    for field in (
        "reference",
        "status",
        "obligations",
        "title",
        "description",
        "detected_at",
        "aware_at",
        "role",
        "affected_subjects",
        "data_categories",
        "records_count",
        "data_encrypted",
        "risk_level",
    ):
        assert field in body
    assert response["ETag"] == f'"{created["id"]}-1"'


@pytest.mark.parametrize(
    ("overrides", "bad_fields"),
    [
        pytest.param({"detected_at": "2026-11-20T08:00:00"}, {"detected_at"}, id="naive-timestamp"),
        pytest.param({"aware_at": "yesterday"}, {"aware_at"}, id="unparseable-timestamp"),
        pytest.param({"role": "bystander"}, {"role"}, id="unknown-role"),
        pytest.param({"title": ""}, {"title"}, id="empty-title"),
        pytest.param({"title": "x" * 201}, {"title"}, id="oversized-title"),
        pytest.param({"description": "x" * 20_001}, {"description"}, id="oversized-description"),
        pytest.param({"aware_at": "2099-01-01T00:00:00Z"}, {"aware_at"}, id="aware-in-future"),
        pytest.param(
            {"aware_at": "2026-11-20T06:00:00+01:00"}, {"aware_at"}, id="aware-before-detected"
        ),
        pytest.param(
            {"affected_subjects": [{"country": "XX", "count": 5}]},
            {"affected_subjects"},
            id="unknown-country",
        ),
        pytest.param(
            {"affected_subjects": [{"country": "DE", "count": -1}]},
            {"affected_subjects"},
            id="negative-count",
        ),
        pytest.param({"records_count": -5}, {"records_count"}, id="negative-records"),
        pytest.param({"data_categories": ["gossip"]}, {"data_categories"}, id="unknown-category"),
        pytest.param({"risk_level": "catastrophic"}, {"risk_level"}, id="unknown-risk-level"),
        pytest.param({"colour": "red"}, {"colour"}, id="unknown-field"),
        pytest.param(
            {"detected_at": "2026-13-01T00:00:00Z", "role": "nobody"},
            {"detected_at", "role"},
            id="two-bad-fields-both-named",
        ),
    ],
)
def test_bad_input_is_a_400_naming_each_field_and_writes_nothing(
    api_client_for, overrides: dict[str, Any], bad_fields: set[str]
) -> None:
    response = create(api_client_for("security"), **overrides)
    assert response.status_code == 400
    assert set(response.json()) == bad_fields
    assert Incident.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_missing_title_is_named(api_client_for) -> None:
    body = incident_payload()
    del body["title"]
    response = api_client_for("security").post(URL, body, format="json")
    assert response.status_code == 400
    assert "title" in response.json()


def test_only_title_and_detected_time_are_needed_to_start(api_client_for) -> None:
    response = api_client_for("security").post(
        URL,
        {"title": "Suspicious login burst", "detected_at": "2026-11-23T22:10:00Z"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["aware_at"] is None


@pytest.mark.parametrize("persona", ["executive", "legal", "pr", "outsider"])
def test_roles_without_write_rights_cannot_create(api_client_for, persona: str) -> None:
    response = create(api_client_for(persona))
    assert response.status_code == 403
    assert Incident.objects.count() == 0


def test_anonymous_callers_are_refused(api_client_for) -> None:
    assert api_client_for(None).get(URL).status_code == 401
    assert create(api_client_for(None)).status_code == 401


def test_executive_cannot_patch(api_client_for) -> None:
    created = create(api_client_for("security")).json()
    response = api_client_for("executive").patch(
        f"{URL}{created['id']}/", {"title": "Changed"}, format="json"
    )
    assert response.status_code == 403
    assert Incident.objects.get().title == incident_payload()["title"]


def test_patch_with_current_etag_updates_and_bumps_the_version(api_client_for) -> None:
    client = api_client_for("dpo")
    created = create(client)
    response = client.patch(
        f"{URL}{created.json()['id']}/",
        {"records_count": 1500},
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert response.status_code == 200, response.json()
    assert response.json()["records_count"] == 1500
    assert response["ETag"] == f'"{created.json()["id"]}-2"'
    changes = AuditEvent.objects.filter(action="update").get().changes
    assert changes["records_count"] == {"before": 1200, "after": 1500}


def test_patch_with_a_stale_etag_is_412_and_changes_nothing(api_client_for) -> None:
    client = api_client_for("dpo")
    created = create(client)
    incident_url = f"{URL}{created.json()['id']}/"
    assert (
        client.patch(
            incident_url, {"title": "First edit"}, format="json", HTTP_IF_MATCH=created["ETag"]
        ).status_code
        == 200
    )
    stale = client.patch(
        incident_url, {"title": "Second edit"}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert stale.status_code == 412
    assert Incident.objects.get().title == "First edit"


def test_patch_cannot_move_awareness_before_detection(api_client_for) -> None:
    client = api_client_for("security")
    created = create(client).json()
    response = client.patch(
        f"{URL}{created['id']}/",
        {"aware_at": "2026-11-19T00:00:00Z"},
        format="json",
        HTTP_IF_MATCH=f'"{created["id"]}-1"',
    )
    assert response.status_code == 400
    assert set(response.json()) == {"aware_at"}
    assert Incident.objects.get().version == 1


def test_lifecycle_transition_times_each_step_and_refuses_going_back(api_client_for) -> None:
    client = api_client_for("security")
    created = create(client).json()
    url = f"{URL}{created['id']}/transition/"
    resolved = client.post(
        url, {"status": "resolved"}, format="json", HTTP_IF_MATCH=f'"{created["id"]}-1"'
    )
    assert resolved.status_code == 200
    body = resolved.json()
    assert body["status"] == "resolved"
    assert body["contained_at"] is not None and body["resolved_at"] is not None
    back = client.post(url, {"status": "open"}, format="json", HTTP_IF_MATCH=resolved["ETag"])
    assert back.status_code == 409


def test_list_is_paginated_and_filterable(api_client_for) -> None:
    client = api_client_for("security")
    create(client)
    create(client, is_drill=True)
    response = client.get(URL, {"is_drill": "false"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["is_drill"] is False


def test_list_query_count_does_not_grow_with_incidents(api_client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client_for("security")
    counts = []
    for batch in (3, 7):
        for _ in range(batch):
            create(client)
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 5


def test_schema_and_docs_are_served(client) -> None:
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/incidents/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # served offline from the sidecar


def test_token_endpoint_returns_a_token_that_authenticates(personas) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "dpo", "password": "pw-dpo-2026!"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(URL).status_code == 200
    wrong = APIClient().post(
        "/api/v1/auth/token/", {"username": "dpo", "password": "nope"}, format="json"
    )
    assert wrong.status_code == 400


def test_list_rows_are_exactly_what_the_list_serializer_writes(api_client_for) -> None:
    """The list renders plain rows with the serializer's fields; the output must not differ."""
    from incidents.api.serializers import IncidentListSerializer

    client = api_client_for("dpo")
    create(client)
    create(client, aware_at=None, affected_subjects=[], data_categories=[], records_count=None)
    create(
        client,
        title='Ünïcode and "quotes" <b>',
        detected_at="2026-03-29T01:30:00+13:45",
        aware_at="2026-03-29T02:00:00-09:30",
        affected_subjects=[{"country": "cn", "count": 0}, {"country": "FR", "count": 10**10}],
        is_drill=True,
        severity="very_high",
        incident_type="ransomware",
        root_cause="cyber_attack",
    )
    incident = Incident.objects.first()
    etag = client.get(f"{URL}{incident.pk}/")["ETag"]
    client.post(f"{URL}{incident.pk}/transition/", {"status": "contained"}, HTTP_IF_MATCH=etag)
    expected = IncidentListSerializer(Incident.objects.order_by("-detected_at", "-pk"), many=True)
    body = client.get(URL).json()
    assert body["count"] == 3
    assert body["results"] == expected.data
    assert [row["is_drill"] for row in body["results"]].count(True) == 1
    assert any(row["contained_at"] for row in body["results"])


def test_list_with_a_token_takes_three_queries_whatever_the_page_holds(
    personas, django_assert_num_queries
) -> None:
    """The token with its user and roles, the count and the page; not one more per row."""
    from rest_framework.test import APIClient

    from accounts.services import api_token_create

    _, key = api_token_create(user=personas["dpo"], name="integration", now=timezone.now())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    with django_assert_num_queries(3):
        assert client.get(URL).json()["count"] == 0
    for overrides in (
        {},
        {"affected_subjects": [], "records_count": 0, "aware_at": None, "title": "Ünïcödé 事故"},
        {
            "affected_subjects": [
                {"country": "US", "region": "US-CA", "count": 4},
                {"country": "FR", "count": 7},
                {"country": "CN", "count": 9},
            ],
            "data_categories": ["health", "contact"],
        },
    ):
        assert create(client, **overrides).status_code == 201, overrides
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_a_fact_edit_writes_only_its_columns_in_a_bounded_number_of_queries(
    api_client_for,
) -> None:
    """A PATCH of a fact the law does not read: the incident's changed columns, its audit entry
    and its event; the answer equals a fresh read of the incident."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from incidents.api.serializers import IncidentSerializer

    client = api_client_for("dpo")
    created = create(client)
    url = f"{URL}{created.json()['id']}/"
    with CaptureQueriesContext(connection) as captured:
        response = client.patch(
            url,
            {"measures_taken": "Passwords reset."},
            format="json",
            HTTP_IF_MATCH=created["ETag"],
        )
    assert response.status_code == 200, response.json()
    updates = [q["sql"] for q in captured if q["sql"].startswith('UPDATE "incidents_incident"')]
    assert len(updates) == 1
    assert '"measures_taken"' in updates[0] and '"title"' not in updates[0]
    # No check of a constraint on columns the edit does not write (aware_at after detected_at).
    assert not any('AS "_check"' in q["sql"] for q in captured)
    assert len(captured) <= 21
    fresh = Incident.objects.get(pk=created.json()["id"])
    assert fresh.measures_taken == "Passwords reset." and fresh.version == 2
    expected = IncidentSerializer(fresh, context={"request": response.wsgi_request}).data
    assert response.json() == json.loads(json.dumps(expected, cls=JSONEncoder))
    assert response["ETag"] == fresh.etag
    update = AuditEvent.objects.get(action="update", object_id=str(fresh.pk))
    assert set(update.changes) == {"measures_taken", "updated_at", "version"}
