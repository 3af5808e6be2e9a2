"""The Chinese account of an incident (description_zh): asked for where a Chinese company exists,
written through the one write path from the API and the web forms, and audited."""

from __future__ import annotations

from typing import Any

import pytest

from incidents.models import AuditEvent, Incident, LegalEntity
from tests.factories import incident_payload
from tests.incidents.web.conftest import form_data

pytestmark = pytest.mark.django_db

ACCOUNT = "勒索软件加密了会员系统的服务器。"


def test_the_api_writes_the_chinese_account_with_if_match_and_audits_it(
    api_client_for, organisation
) -> None:
    client = api_client_for("security")
    created = client.post("/api/v1/incidents/", incident_payload(), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["description_zh"] == ""
    url = f"/api/v1/incidents/{created.json()['id']}/"
    response = client.patch(
        url, {"description_zh": ACCOUNT}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert response.status_code == 200, response.json()
    assert response.json()["description_zh"] == ACCOUNT
    event = AuditEvent.objects.filter(action="update", object_type="incidents.Incident").get()
    assert event.changes["description_zh"] == {"before": "", "after": ACCOUNT}


def test_an_over_long_chinese_account_is_a_400_naming_the_field(
    api_client_for, organisation
) -> None:
    body = incident_payload(description_zh="事" * 20_001)
    response = api_client_for("security").post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"description_zh"}


def test_the_intake_asks_for_it_where_a_chinese_company_exists(client_for, organisation) -> None:
    client = client_for("security")
    page = client.get("/incidents/new/").content.decode()
    assert 'name="description_zh"' in page
    LegalEntity.objects.filter(country="CN").delete()
    assert 'name="description_zh"' not in client.get("/incidents/new/").content.decode()


def test_the_facts_form_saves_it_through_incident_update(client_for, make_incident) -> None:
    incident: Incident = make_incident(affected_subjects=[{"country": "CN", "count": 10}])
    client = client_for("dpo")
    url = f"/incidents/{incident.reference}/facts/"
    data: dict[str, Any] = form_data(client.get(url).content.decode(), "version")
    data["description_zh"] = ACCOUNT
    assert client.post(url, data).status_code == 302
    incident.refresh_from_db()
    assert (incident.description_zh, incident.version) == (ACCOUNT, 2)
    event = AuditEvent.objects.filter(incident=incident, action="update").get()
    assert event.changes["description_zh"]["after"] == ACCOUNT
    room = client.get(f"/incidents/{incident.reference}/").content.decode()
    assert ACCOUNT in room
