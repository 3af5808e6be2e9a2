"""GET /api/v1/ lists the resources; the schema and the README name the same error responses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db
README = Path(settings.BASE_DIR, "README.md")


def test_the_api_root_lists_the_resources_as_absolute_urls(api_client_for) -> None:
    response = api_client_for(None).get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    resources = body["resources"]
    for name in ("incidents", "tasks", "obligations", "reports", "register", "trends", "drills"):
        assert resources[name] == f"http://testserver/api/v1/{name}/"
    assert body["schema"] == "http://testserver/api/v1/schema/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
    assert "http://testserver/api/v1/auth/token/" in body["authentication"]
    # Only starting points: nothing that needs an id.
    assert not [url for url in resources.values() if "<" in url or "{" in url]


def test_every_listed_resource_answers(api_client_for) -> None:
    client = api_client_for("admin")
    resources = client.get("/api/v1/").json()["resources"]
    answers = {name: client.get(url).status_code for name, url in resources.items()}
    # 405: a POST-only resource (auth/token, notifications/read-all); 400: one needing a filter.
    assert {name: code for name, code in answers.items() if code not in {200, 400, 405}} == {}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_with_a_body_documents_415(schema) -> None:
    with_body = [(p, m, o) for p, m, o in operations(schema) if "requestBody" in o]
    assert with_body
    assert [f"{m} {p}" for p, m, o in with_body if "415" not in o["responses"]] == []


def test_a_body_that_is_not_json_is_a_415_naming_its_code(api_client_for) -> None:
    response = api_client_for("security").post(
        "/api/v1/incidents/", "title=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_the_readme_lists_the_error_codes_the_schema_documents(schema) -> None:
    text = README.read_text(encoding="utf-8")
    sentence = re.search(r"every other error is .*?\((.*?)\)", text, re.DOTALL)
    assert sentence is not None, "the README's API conventions list the error codes"
    in_readme = set(re.findall(r"\b[45]\d\d\b", sentence.group(1)))
    in_schema = {
        code
        for _, _, operation in operations(schema)
        for code in operation["responses"]
        if code[0] in "45" and code != "400"
    }
    assert in_readme == in_schema
