"""Bodies built to crash a parser: deeply nested JSON is a 400, from anyone, on every JSON path."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from config.parsers import MAX_JSON_DEPTH, json_depth

pytestmark = pytest.mark.django_db


def nested(depth: int) -> str:
    """A JSON body `depth` arrays deep inside one object: {"title": [[[ … ]]]}."""
    return '{"title": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


@pytest.mark.parametrize("depth", [2_000, 100_000, MAX_JSON_DEPTH + 1])
def test_deep_json_to_the_anonymous_token_endpoint_is_a_400(depth: int) -> None:
    client = APIClient(raise_request_exception=False)
    response = client.post("/api/v1/auth/token/", nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert f"deeper than {MAX_JSON_DEPTH} levels" in response.json()["detail"]


def test_deep_json_to_a_signed_in_endpoint_is_a_400(api_client_for: Any) -> None:
    client = api_client_for("dpo")
    response = client.post("/api/v1/incidents/", nested(2_000), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_json_at_the_depth_limit_reaches_validation(api_client_for: Any) -> None:
    response = api_client_for("dpo").post(
        "/api/v1/incidents/", nested(MAX_JSON_DEPTH), content_type="application/json"
    )
    assert response.status_code == 400
    assert "title" in response.json()  # the field is named: the body was parsed


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=2), children, max_size=3)
    ),
    max_leaves=20,
)


def recursive_depth(value: Any) -> int:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return 1 + max((recursive_depth(child) for child in value), default=0)
    return 0


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a shared, busy CI host
@given(json_values)
def test_the_iterative_depth_equals_the_recursive_definition(value: Any) -> None:
    assert json_depth(value) == recursive_depth(value)
