"""Rules every API operation keeps, read from the OpenAPI schema so new endpoints are covered too."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

WRITE_METHODS = {"post", "put", "patch", "delete"}
PAGINATION_PARAMS = {"page", "page_size"}


@pytest.fixture(scope="module")
def operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def names(operation: dict[str, Any], where: str) -> set[str]:
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == where}


def test_every_operation_is_described(operations: list[Any]) -> None:
    undocumented = [
        f"{method.upper()} {path}"
        for path, method, operation in operations
        if not (operation.get("description") or operation.get("summary"))
    ]
    assert undocumented == [], "give these views a docstring"


def test_every_list_is_paginated_and_filterable(operations: list[Any]) -> None:
    problems = []
    for path, method, operation in operations:
        body = operation["responses"].get("200", {}).get("content", {})
        schema = body.get("application/json", {}).get("schema", {})
        if method == "get" and schema.get("type") == "array":
            problems.append(f"GET {path}: returns a bare array (paginate it)")
        if method == "get" and PAGINATION_PARAMS <= names(operation, "query"):
            if not names(operation, "query") - PAGINATION_PARAMS:
                problems.append(f"GET {path}: no filter or ordering parameter")
    assert problems == []


def test_every_update_needs_the_etag(operations: list[Any]) -> None:
    """PUT and PATCH must name If-Match as required: no lost updates on any resource."""
    missing = []
    for path, method, operation in operations:
        if method in {"put", "patch"}:
            header = next(
                (p for p in operation.get("parameters", []) if p["name"] == "If-Match"), None
            )
            if header is None or not header.get("required"):
                missing.append(f"{method.upper()} {path}")
    assert missing == []


# Actions that change a versioned resource's state: they need its ETag like an update does.
STATE_CHANGING_ACTIONS = [
    "/api/v1/incidents/{id}/transition/",
    "/api/v1/tasks/{id}/complete/",
    "/api/v1/statement-versions/{id}/approve/",
    "/api/v1/statement-versions/{id}/publish/",
]


def test_state_changing_actions_need_the_etag(operations: list[Any]) -> None:
    documented = {
        path
        for path, method, operation in operations
        if method == "post"
        and any(
            p["name"] == "If-Match" and p.get("required") for p in operation.get("parameters", [])
        )
    }
    assert set(STATE_CHANGING_ACTIONS) <= documented
    assert all(path.endswith("/") and "{id}" in path for path in documented)


def test_every_operation_documents_its_errors(operations: list[Any]) -> None:
    problems = []
    for path, method, operation in operations:
        codes = set(operation["responses"])
        security = operation.get("security", [{}])
        public = security == [] or {} in security
        needed = {"429"} | (set() if public else {"401", "403"})
        if method in WRITE_METHODS:
            needed |= {"400", "413"}
        if "{" in path:
            needed.add("404")
        if not needed <= codes:
            problems.append(f"{method.upper()} {path}: missing {sorted(needed - codes)}")
        for code, response in operation["responses"].items():
            if not response.get("description"):
                problems.append(f"{method.upper()} {path}: response {code} has no description")
    assert problems == []
