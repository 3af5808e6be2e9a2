"""The flags that bring regimes in: each one writable by PATCH /api/v1/entities/{id}/, audited,
and refused by name when bad (the settings page: tests/incidents/web/test_settings_entity_flags.py)."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import AuditEvent, LegalEntity

URL = "/api/v1/entities/"
pytestmark = pytest.mark.django_db
# flag → a value other than its default
FLAG_VALUES: dict[str, Any] = {
    "is_cii_operator": True,
    "is_state_organ": True,
    "dora_financial_entity": True,
    "dora_art_5_5": True,
    "nis2_entity": "important",
    "hipaa_covered": True,
    "sec_registrant": True,
}


def _patch(client: Any, entity: LegalEntity, body: dict[str, Any]) -> Any:
    etag = client.get(f"{URL}{entity.pk}/")["ETag"]
    return client.patch(f"{URL}{entity.pk}/", body, format="json", HTTP_IF_MATCH=etag)


@pytest.mark.parametrize(("flag", "value"), FLAG_VALUES.items())
def test_each_flag_is_patched_read_back_and_audited(
    api_client_for, organisation, flag: str, value: Any
) -> None:
    admin = api_client_for("admin")
    entity = LegalEntity.objects.get(country="IE")
    response = _patch(admin, entity, {flag: value})
    assert response.status_code == 200, response.json()
    assert response.json()[flag] == value
    entity.refresh_from_db()
    assert getattr(entity, flag) == value
    assert admin.get(f"{URL}{entity.pk}/").json()[flag] == value
    event = AuditEvent.objects.filter(object_type="incidents.LegalEntity", action="update").get()
    assert event.changes[flag]["after"] == value
    others = {name for name in FLAG_VALUES if name != flag}
    assert all(getattr(entity, name) in (False, "") for name in others)


def test_nis2_entity_is_cleared_with_a_blank(api_client_for, organisation) -> None:
    admin = api_client_for("admin")
    entity = LegalEntity.objects.get(country="IE")
    assert _patch(admin, entity, {"nis2_entity": "essential"}).status_code == 200
    cleared = _patch(admin, entity, {"nis2_entity": ""})
    assert cleared.status_code == 200 and cleared.json()["nis2_entity"] == ""


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nis2_entity": "big"}, "nis2_entity"),
        ({"nis2_entity": None}, "nis2_entity"),
        ({"hipaa_covered": "maybe"}, "hipaa_covered"),
        ({"sec_registrant": 1}, "sec_registrant"),
    ],
)
def test_a_bad_flag_is_a_400_naming_it_and_nothing_changes(
    api_client_for, organisation, body: dict[str, Any], field: str
) -> None:
    entity = LegalEntity.objects.get(country="IE")
    response = _patch(api_client_for("admin"), entity, body)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    entity.refresh_from_db()
    assert entity.version == 1
