"""The organisation settings page sets every flag that brings a regime in."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import LegalEntity
from tests.incidents.api.test_entity_flags import FLAG_VALUES
from tests.incidents.web.conftest import form_data

ORGANISATION = "/settings/organisation/"
pytestmark = pytest.mark.django_db


def test_the_settings_page_sets_every_regime_flag(client_for, organisation) -> None:
    client = client_for("admin")
    page = client.get(ORGANISATION).content.decode()
    for label in ("NIS2 entity", "DORA", "HIPAA", "SEC"):
        assert label in page
    data: dict[str, Any] = form_data(page, "profile-name")
    for flag, value in FLAG_VALUES.items():
        data[f"entities-0-{flag}"] = "on" if value is True else value
    response = client.post(ORGANISATION, data)
    assert response.status_code == 302, response.content.decode()
    entity = LegalEntity.objects.get(country="IE")
    assert {flag: getattr(entity, flag) for flag in FLAG_VALUES} == FLAG_VALUES
    data = form_data(client.get(ORGANISATION).content.decode(), "profile-name")
    assert data["entities-0-nis2_entity"] == "important"
    data["entities-0-nis2_entity"] = "huge"
    refused = client.post(ORGANISATION, data)
    assert refused.status_code == 200
    assert "huge" in str(refused.context["formset"].forms[0].errors["nis2_entity"])
