"""`Authorization: Token …` as documented, and `Bearer …` as the schema's HTTP bearer scheme."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def get_as(header: str) -> Any:
    return APIClient().get("/api/v1/incidents/", HTTP_AUTHORIZATION=header)


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "bearer"])
def test_a_token_is_accepted_with_either_scheme(personas: dict[str, Any], scheme: str) -> None:
    _, key = api_token_create(
        user=personas["dpo"], name="client", now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    )
    assert get_as(f"{scheme} {key}").status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("Bearer", id="no-token"),
        pytest.param("Bearer two parts", id="space-in-token"),
        pytest.param("Bearer bd_not-a-real-token", id="unknown-token"),
    ],
)
def test_a_bad_bearer_header_is_a_401_in_the_error_model(header: str) -> None:
    response = get_as(header)
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}
    assert response["WWW-Authenticate"] == "Token"


def test_other_schemes_are_left_to_other_authenticators(personas: dict[str, Any]) -> None:
    response = get_as("Basic ZHBvOnB3")
    assert response.status_code == 401  # not authenticated, rather than a token error
    assert response.json()["code"] == "not_authenticated"


def test_the_schema_declares_http_bearer_with_the_token_prefix_documented() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schemes = SchemaGenerator().get_schema(request=None, public=True)["components"][
        "securitySchemes"
    ]
    assert schemes["tokenAuth"]["type"] == "http"
    assert schemes["tokenAuth"]["scheme"] == "bearer"
    assert "Authorization: Token <token>" in schemes["tokenAuth"]["description"]
