"""The facts form takes regions (ISO 3166-2) in place of countries and shows a bad one at its field."""

from __future__ import annotations

import pytest

from tests.incidents.web.conftest import form_data

pytestmark = pytest.mark.django_db


def test_the_web_form_shows_a_bad_region_at_its_field(client_for, make_incident) -> None:
    incident = make_incident()
    client = client_for("dpo")
    url = f"/incidents/{incident.reference}/facts/"
    data = form_data(client.get(url).content.decode(), "version")
    data["affected_subjects"] = "DE 3, US-ZZ 600"
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "US-ZZ" in str(errors["affected_subjects"])
    data["affected_subjects"] = "DE 3, US-CA 600"
    assert client.post(url, data).status_code == 302
    incident.refresh_from_db()
    assert incident.affected_subjects == [
        {"country": "DE", "count": 3},
        {"country": "US", "region": "US-CA", "count": 600},
    ]
    assert "US-CA 600" in client.get(url).content.decode()
