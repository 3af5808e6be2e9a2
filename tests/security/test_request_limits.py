"""Request size limits: oversized bodies are refused with 413 before anything is parsed or written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from incidents.models import Incident
from tests.factories import incident_payload

pytestmark = pytest.mark.django_db


def test_an_oversized_json_body_is_413_and_writes_nothing(api_client_for: Any) -> None:
    body = json.dumps(incident_payload(description="x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    response = api_client_for("security").post(
        "/api/v1/incidents/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not Incident.objects.exists()


def test_a_body_just_under_the_limit_reaches_validation(api_client_for: Any) -> None:
    description = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 1000)
    response = api_client_for("security").post(
        "/api/v1/incidents/", incident_payload(description=description), format="json"
    )
    assert response.status_code == 400  # refused by the 20,000-character field limit instead
    assert set(response.json()) == {"description"}


def test_an_oversized_form_post_to_a_page_is_413(personas: Any) -> None:
    response = Client().post(
        "/accounts/login/",
        {"username": "dpo", "password": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")


def test_too_many_form_fields_are_refused(personas: Any) -> None:
    fields = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = Client().post("/accounts/login/", fields)
    assert response.status_code == 400
