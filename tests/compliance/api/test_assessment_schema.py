"""The OpenAPI schema documents every assessment input with its effect, and the deprecations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import yaml

from compliance.services.assessments import INPUT_NAMES
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def schema(client: Any) -> dict[str, Any]:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def _properties(schema: dict[str, Any], name: str) -> dict[str, Any]:
    components = schema["components"]["schemas"]
    component = components.get(f"{name}Request") or components[name]
    return component["properties"]


def test_every_assessment_input_is_documented_with_its_effect(schema) -> None:
    properties = _properties(schema, "AssessmentCreate")
    undocumented = [name for name in INPUT_NAMES if not properties[name].get("description")]
    assert undocumented == []
    for name in ("encrypted_key_intact", "trusted_recipient_deleted", "data_already_public"):
        assert "Mitigating: it can only lower the tier." in properties[name]["description"]
    for name in ("malicious", "vulnerable_people", "identity_theft_possible"):
        assert "Aggravating: it can only raise the tier." in properties[name]["description"]


def test_the_incident_encryption_flag_is_deprecated_in_favour_of_the_assessment(schema) -> None:
    flag = _properties(schema, "Incident")["data_encrypted"]
    assert flag.get("deprecated") is True
    assert "encrypted_key_intact" in flag["description"]


def test_the_deprecated_flag_still_works_and_the_assessment_field_then_decides(
    organisation: Any, personas: dict[str, Any], api_client_for: Any
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"], now=NOW, risk_level="high", data_encrypted=True
    )
    # No assessment yet: the old flag still exempts the data-subject notice (Art. 34(3)(a)).
    assert incident.obligations.get(rule_id="GDPR-DS").exemption == "GDPR Art. 34(3)(a)"
    response = api_client_for("dpo").post(
        "/api/v1/assessments/",
        {
            "incident": incident.pk,
            "data_categories": ["health"],
            "ease_of_identification": 1,
            "confidentiality": 0.5,
            "encrypted_key_intact": False,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    # The assessment's field is the one the decision reads; the incident flag no longer decides.
    notice = incident.obligations.get(rule_id="GDPR-DS")
    assert notice.status != "not_required" and notice.exemption == ""
