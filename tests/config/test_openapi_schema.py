"""What generated clients rely on in the schema: error bodies, one media type, typed ids and fields."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR = {"$ref": "#/components/schemas/ValidationError"}
# The register export is one file in the format asked for (?format=): both are binary.
NEGOTIATED = {"/api/v1/register/export/"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="module")
def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def test_every_error_status_has_its_json_body(operations: list[Any]) -> None:
    problems = []
    for path, method, operation in operations:
        for code, response in operation["responses"].items():
            if int(code) < 400:
                continue
            content = response.get("content", {})
            expected = VALIDATION_ERROR if code == "400" else ERROR
            if list(content) != ["application/json"] or content["application/json"]["schema"] != (
                expected
            ):
                problems.append(f"{method.upper()} {path} {code}: {content}")
    assert problems == []


def test_every_success_has_one_media_type(operations: list[Any]) -> None:
    problems = []
    for path, method, operation in operations:
        for code, response in operation["responses"].items():
            types = list(response.get("content", {}))
            if code.startswith("2") and len(types) > 1 and path not in NEGOTIATED:
                problems.append(f"{method.upper()} {path} {code}: {types}")
    assert problems == []


def test_files_are_binary_and_the_workbook_comes_first(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    for path in ("/api/v1/reports/{id}/download/", "/api/v1/incidents/{id}/audit/export/pdf/"):
        assert paths[path]["get"]["responses"]["200"]["content"] == {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}}
        }
    export = paths["/api/v1/register/export/"]["get"]["responses"]["200"]["content"]
    assert list(export) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    ]
    assert all(media["schema"]["format"] == "binary" for media in export.values())


def test_path_ids_are_integers_and_an_incident_may_be_its_reference(operations: list[Any]) -> None:
    types = set()
    for path, _, operation in operations:
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                schema = parameter["schema"]
                kinds = [s["type"] for s in schema.get("oneOf", [schema])]
                types.add((path.startswith("/api/v1/incidents/{id}/"), tuple(kinds)))
    assert ("integer",) in {kinds for _, kinds in types}
    assert {kinds for incident, kinds in types if not incident} == {("integer",)}
    assert ("integer", "string") in {kinds for incident, kinds in types if incident}


def test_every_operation_has_a_summary_and_a_described_tag(
    schema: dict[str, Any], operations: list[Any]
) -> None:
    described = {tag["name"] for tag in schema["tags"] if tag["description"]}
    for path, method, operation in operations:
        assert operation["summary"], f"{method.upper()} {path}"
        assert set(operation.get("tags", [])) <= described
    assert schema["servers"] == [{"url": "/", "description": "This Breachdesk installation"}]


def test_nested_and_coded_fields_are_typed(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    obligations = components["Incident"]["properties"]["obligations"]
    assert obligations["items"] == {"$ref": "#/components/schemas/ObligationSummary"}
    for name in ("ObligationSummary", "Obligation", "RegisterDecision", "NoticeMetric"):
        regime = components[name]["properties"]["regime"]
        assert regime.get("$ref", regime.get("allOf", [{}])[0].get("$ref")) == (
            "#/components/schemas/RegimeEnum"
        ), name
    for name, field in [("Drill", "report"), ("Statement", "current_version")]:
        prop = components[name]["properties"][field]
        assert prop["nullable"] and prop["type"] == "object", name
    email = components["ReportFacts"]["properties"]["reporter_email"]
    assert "oneOf" not in email and len(email["anyOf"]) == 2
    scenario = components["DrillStartRequest"]["properties"]["scenario"]
    assert "key" in scenario["description"]


def test_a_call_without_credentials_declares_no_security(schema: dict[str, Any]) -> None:
    assert schema["paths"]["/api/v1/auth/token/"]["post"]["security"] == []
    assert schema["paths"]["/api/v1/incidents/"]["get"]["security"] == [
        {"tokenAuth": []},
        {"cookieAuth": []},
    ]
