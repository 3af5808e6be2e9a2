"""Conditional GET: each resource with an ETag answers 304 to If-None-Match while it is unchanged,
and the schema declares exactly those ETags."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from incidents.models import Incident
from tests.security.world import demo_world

# Read with the demo's rows below; the walk must meet an ETag on each, so it cannot pass empty.
VERSIONED_READS = {
    "/api/v1/corrective-actions/{id}/",
    "/api/v1/entities/{id}/",
    "/api/v1/incidents/{id}/",
    "/api/v1/incidents/{id}/report-facts/",
    "/api/v1/playbook-tasks/{id}/",
    "/api/v1/playbooks/{id}/",
    "/api/v1/reports/{id}/download/",
    "/api/v1/reviews/{id}/",
    "/api/v1/statement-versions/{id}/",
    "/api/v1/tasks/{id}/",
    "/api/v1/webhooks/{id}/",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def declares_etag(operation: dict[str, Any]) -> bool:
    return "ETag" in operation["responses"].get("200", {}).get("headers", {})


@pytest.mark.django_db
def test_every_read_with_an_etag_answers_304_while_unchanged(
    schema: dict[str, Any], personas: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo's generated report is stored there
    demo_world(personas, inbox_of=personas["admin"])
    client = APIClient()
    client.force_authenticate(personas["admin"])
    reads = sorted(
        (path for path, item in schema["paths"].items() if "get" in item),
        key=lambda path: (path.count("{"), path),
    )
    first_ids: dict[str, Any] = {}
    problems, with_etag = [], set()
    for path in reads:
        list_path = path.partition("{")[0]
        if "{" in path and list_path not in first_ids:
            continue
        url = path.replace("{id}", str(first_ids.get(list_path)))
        response = client.get(url, {"include_drills": "true"} if "register" in path else {})
        etag = response.get("ETag")
        if response.status_code == 200 and bool(etag) != declares_etag(
            schema["paths"][path]["get"]
        ):
            problems.append(f"GET {path}: ETag {etag!r}, schema declares it: {not etag}")
        if etag:
            with_etag.add(path)
            unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
            if (unchanged.status_code, unchanged.content, unchanged.get("ETag")) != (
                304,
                b"",
                etag,
            ):
                problems.append(f"GET {path}: If-None-Match {etag} gave {unchanged.status_code}")
            if client.get(url, HTTP_IF_NONE_MATCH='"0-0"').status_code != 200:
                problems.append(f"GET {path}: a stale If-None-Match did not get the body")
        json = response.get("Content-Type") == "application/json"
        rows = response.json().get("results") if json and "{" not in path else None
        # A list without ids (the regimes, keyed by code) has no detail route to read next.
        if response.status_code == 200 and rows and "id" in rows[0]:
            first_ids[path] = rows[0]["id"]
    assert problems == []
    assert with_etag == VERSIONED_READS


@pytest.mark.django_db
def test_after_a_change_the_old_etag_gets_the_new_version(
    api_client_for: Any, personas: dict[str, Any]
) -> None:
    from tests.factories import incident_create_for_test

    incident: Incident = incident_create_for_test(actor=personas["dpo"])
    client = api_client_for("dpo")
    url = f"/api/v1/incidents/{incident.pk}/"
    old = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=old).status_code == 304
    changed = client.patch(url, {"records_count": 7}, format="json", HTTP_IF_MATCH=old)
    assert changed.status_code == 200
    again = client.get(url, HTTP_IF_NONE_MATCH=old)
    assert again.status_code == 200
    assert again["ETag"] == changed["ETag"] != old
    assert again.json()["records_count"] == 7
