"""GET/POST/PATCH /api/v1/entities/, and the entities an incident defaults to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from incidents.models import AuditEvent, LegalEntity, OrganisationProfile
from tests.factories import incident_payload

URL = "/api/v1/entities/"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db
FLAGS = (
    "is_cii_operator",
    "dora_financial_entity",
    "dora_art_5_5",
    "nis2_entity",
    "hipaa_covered",
    "sec_registrant",
)


@pytest.fixture
def china_first(db: Any) -> OrganisationProfile:
    """A group whose first company is Chinese, then an Irish and a UK one."""
    profile = OrganisationProfile.current()
    for country, name in (
        ("CN", "示例有限公司"),
        ("IE", "Example Europe Ltd"),
        ("GB", "Example UK"),
    ):
        LegalEntity.objects.create(profile=profile, country=country, legal_name=name)
    return profile


def test_every_role_lists_the_entities_with_the_regime_flags(
    api_client_for, organisation, django_assert_num_queries
) -> None:
    client = api_client_for("security")
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200, response.json()
    rows = response.json()["results"]
    assert [row["country"] for row in rows] == ["IE", "GB", "CN"]
    first = rows[0]
    assert (first["name"], first["authority"], first["officer_name"]) == (
        "Example Europe Ltd",
        "Data Protection Commission",
        "Dana Weber",
    )
    assert {name: first[name] for name in FLAGS} == {
        "is_cii_operator": False,
        "dora_financial_entity": False,
        "dora_art_5_5": False,
        "nis2_entity": "",
        "hipaa_covered": False,
        "sec_registrant": False,
    }


def test_only_administrators_create_and_change_entities(api_client_for, organisation) -> None:
    body = {"name": "Example Bank AG", "country": "DE", "nis2_entity": "essential"}
    assert api_client_for("dpo").post(URL, body, format="json").status_code == 403
    created = api_client_for("admin").post(
        URL, {**body, "dora_financial_entity": True}, format="json"
    )
    assert created.status_code == 201, created.json()
    entity = LegalEntity.objects.get(pk=created.json()["id"])
    assert (entity.legal_name, entity.nis2_entity, entity.dora_financial_entity) == (
        "Example Bank AG",
        "essential",
        True,
    )
    admin = api_client_for("admin")
    without_etag = admin.patch(f"{URL}{entity.pk}/", {"is_cii_operator": True}, format="json")
    assert without_etag.status_code == 428
    etag = admin.get(f"{URL}{entity.pk}/")["ETag"]
    changed = admin.patch(
        f"{URL}{entity.pk}/", {"is_cii_operator": True}, format="json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200 and changed.json()["is_cii_operator"] is True
    stale = admin.patch(
        f"{URL}{entity.pk}/", {"sec_registrant": True}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert AuditEvent.objects.filter(object_type__icontains="entity").count() >= 2


def test_a_bad_entity_field_is_named(api_client_for, organisation) -> None:
    response = api_client_for("admin").post(
        URL, {"name": "X", "country": "de", "nis2_entity": "big"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"country", "nis2_entity"}


def _regimes(response: Any) -> set[str]:
    return {row["regime"] for row in response.json()["obligations"]}


def test_an_eu_only_breach_with_no_entities_gets_no_uk_or_chinese_duties(
    api_client_for, china_first
) -> None:
    body = incident_payload(affected_subjects=[{"country": "DE", "count": 1200}])
    response = api_client_for("security").post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.json()
    ireland = LegalEntity.objects.get(country="IE")
    assert response.json()["entities"] == [ireland.pk]
    assert _regimes(response) == {"GDPR"}


def test_a_breach_touching_china_and_germany_defaults_to_both_companies(
    api_client_for, organisation
) -> None:
    body = incident_payload(
        affected_subjects=[{"country": "DE", "count": 10}, {"country": "CN", "count": 20}]
    )
    response = api_client_for("security").post("/api/v1/incidents/", body, format="json")
    countries = sorted(LegalEntity.objects.get(pk=pk).country for pk in response.json()["entities"])
    assert countries == ["CN", "IE"]
    assert _regimes(response) == {"GDPR", "PIPL", "CAC"}


def test_entities_given_explicitly_are_kept(api_client_for, organisation) -> None:
    uk = LegalEntity.objects.get(country="GB")
    body = incident_payload(entities=[uk.pk])
    response = api_client_for("security").post("/api/v1/incidents/", body, format="json")
    assert response.json()["entities"] == [uk.pk]
