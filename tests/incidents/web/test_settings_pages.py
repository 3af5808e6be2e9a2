"""GET/POST /settings/organisation/ (admins) and /settings/preferences/ (everyone signed in)."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import AuditEvent, LegalEntity, OrganisationProfile, UserPreference
from tests.incidents.web.conftest import form_data

ORGANISATION = "/settings/organisation/"
PREFERENCES = "/settings/preferences/"
pytestmark = pytest.mark.django_db


def test_admins_edit_the_profile_and_its_companies(client_for, organisation) -> None:
    client = client_for("admin")
    data: dict[str, Any] = form_data(client.get(ORGANISATION).content.decode(), "profile-name")
    data["profile-name"] = "Example Holding"
    data["entities-0-dpo_name"] = "Sam Lee"
    data["entities-3-legal_name"] = "Example Deutschland GmbH"
    data["entities-3-country"] = "DE"
    data["entities-3-supervisory_authority"] = "BfDI"
    response = client.post(ORGANISATION, data)
    assert response.status_code == 302, response.content.decode()
    assert OrganisationProfile.current().name == "Example Holding"
    assert LegalEntity.objects.get(country="IE").dpo_name == "Sam Lee"
    assert LegalEntity.objects.get(country="DE").legal_name == "Example Deutschland GmbH"
    assert AuditEvent.objects.filter(object_type="incidents.LegalEntity").count() == 2


def test_saving_the_page_untouched_adds_no_company(client_for, organisation) -> None:
    client = client_for("admin")
    data = form_data(client.get(ORGANISATION).content.decode(), "profile-name")
    assert client.post(ORGANISATION, data).status_code == 302
    assert LegalEntity.objects.count() == 3
    assert not AuditEvent.objects.filter(object_type="incidents.LegalEntity").exists()


def test_a_bad_company_is_explained_and_nothing_is_saved(client_for, organisation) -> None:
    client = client_for("admin")
    data = form_data(client.get(ORGANISATION).content.decode(), "profile-name")
    data["profile-name"] = "Renamed"
    data["entities-0-dpo_email"] = "not an address"
    body = client.post(ORGANISATION, data).content.decode()
    assert "Enter a valid email address." in body
    assert OrganisationProfile.current().name == "Example Group"


@pytest.mark.parametrize("name", ["security", "dpo", "legal", "pr", "executive", "outsider"])
def test_only_admins_open_the_organisation_settings(client_for, organisation, name) -> None:
    client = client_for(name)
    assert client.get(ORGANISATION).status_code == 403
    assert client.post(ORGANISATION, {"profile-name": "Hijacked"}).status_code == 403
    assert OrganisationProfile.current().name == "Example Group"


def test_language_and_zone_apply_to_every_page(client_for, personas, make_incident) -> None:
    make_incident()
    client = client_for("executive")
    response = client.post(PREFERENCES, {"language": "zh-hans", "time_zone": "Asia/Shanghai"})
    assert response.status_code == 302
    preference = UserPreference.objects.get(user=personas["executive"])
    assert (preference.language, preference.time_zone) == ("zh-hans", "Asia/Shanghai")
    body = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in body
    assert "仪表板" in body
    assert "Asia/Shanghai" in body
    assert "CST</time>" in client.get("/incidents/").content.decode()


def test_without_preferences_the_organisations_zone_is_used(client_for, organisation) -> None:
    organisation.default_time_zone = "America/New_York"
    organisation.save()
    body = client_for("dpo").get(PREFERENCES).content.decode()
    assert '<option value="America/New_York" selected>' in body


def test_an_unknown_zone_is_refused(client_for, personas) -> None:
    response = client_for("pr").post(PREFERENCES, {"language": "en", "time_zone": "Nowhere"})
    assert response.status_code == 200
    assert 'id="id_time_zone_error"' in response.content.decode()
    assert not UserPreference.objects.exists()


def test_the_api_keeps_utc_whatever_the_preference(api_client_for, personas, client_for):
    UserPreference.objects.create(user=personas["dpo"], language="zh-hans", time_zone="Asia/Tokyo")
    client = client_for("dpo")
    response = client.post(
        "/api/v1/incidents/",
        {"title": "x", "detected_at": "2026-11-20T08:00:00+01:00"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["detected_at"] == "2026-11-20T07:00:00Z"
