"""`region` in `affected_subjects[]`: an ISO 3166-2 code of the row's country, through every writer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from config.errors import ValidationFailed
from incidents.incident_admin import IncidentAdminForm
from incidents.models import AuditEvent, Incident
from incidents.regions import region_error, regions_errors
from incidents.services import incident_create
from tests.factories import incident_payload

URL = "/api/v1/incidents/"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def test_a_region_is_stored_in_capitals_and_read_back(api_client_for) -> None:
    rows = [
        {"country": "US", "region": "us-ca", "count": 600},
        {"country": "US", "region": "US-NY", "count": 40},
        {"country": "DE", "count": 1200},
    ]
    created = api_client_for("dpo").post(URL, incident_payload(affected_subjects=rows))
    assert created.status_code == 201, created.json()
    expected = [
        {"country": "US", "region": "US-CA", "count": 600},
        {"country": "US", "region": "US-NY", "count": 40},
        {"country": "DE", "count": 1200},
    ]
    assert created.json()["affected_subjects"] == expected
    read = api_client_for("executive").get(f"{URL}{created.json()['id']}/")
    assert read.json()["affected_subjects"] == expected
    assert read.json()["subjects_total"] == 1840
    listed = api_client_for("executive").get(URL).json()["results"][0]
    assert listed["affected_subjects"] == expected


@pytest.mark.parametrize(
    ("region", "why"),
    [("US-ZZ", "no such subdivision"), ("CA-QC", "a subdivision of another country")],
)
def test_a_region_that_is_not_the_countrys_is_a_400_naming_the_item(
    api_client_for, region: str, why: str
) -> None:
    rows = [{"country": "DE", "count": 3}, {"country": "US", "region": region, "count": 600}]
    response = api_client_for("dpo").post(URL, incident_payload(affected_subjects=rows))
    assert response.status_code == 400, why
    body = response.json()
    assert list(body) == ["affected_subjects[1].region"]
    assert region in body["affected_subjects[1].region"][0]
    assert not Incident.objects.exists()


def test_the_same_region_twice_is_refused_but_two_regions_of_a_country_are_not(
    api_client_for,
) -> None:
    twice = [{"country": "US", "region": "US-CA", "count": 1}] * 2
    response = api_client_for("dpo").post(URL, incident_payload(affected_subjects=twice))
    assert response.status_code == 400
    assert "US-CA is listed twice" in str(response.json()["affected_subjects"])


def test_a_region_added_by_patch_is_in_the_audit_entry(api_client_for) -> None:
    client = api_client_for("dpo")
    created = client.post(URL, incident_payload()).json()
    etag = client.get(f"{URL}{created['id']}/")["ETag"]
    rows = [{"country": "US", "region": "US-TX", "count": 75}]
    changed = client.patch(
        f"{URL}{created['id']}/", {"affected_subjects": rows}, format="json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200, changed.json()
    event = AuditEvent.objects.filter(action="update", incident_id=created["id"]).get()
    assert event.changes["affected_subjects"]["after"] == rows
    stale_free = client.get(f"{URL}{created['id']}/")
    bad = client.patch(
        f"{URL}{created['id']}/",
        {"affected_subjects": [{"country": "US", "region": "US-XX", "count": 1}]},
        format="json",
        HTTP_IF_MATCH=stale_free["ETag"],
    )
    assert bad.status_code == 400 and list(bad.json()) == ["affected_subjects[0].region"]


def test_the_write_path_refuses_a_bad_region_for_the_admin_and_imports(personas) -> None:
    data = {
        "title": "Import",
        "detected_at": datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
        "affected_subjects": [{"country": "CN", "region": "US-CA", "count": 5}],
    }
    with pytest.raises(ValidationFailed) as refused:
        incident_create(actor=personas["dpo"], data=data, now=NOW)
    assert list(refused.value.fields) == ["affected_subjects[0].region"]
    assert not Incident.objects.exists()


def test_the_admin_form_reads_regions_and_puts_a_bad_one_at_the_field() -> None:
    field = IncidentAdminForm.base_fields["affected_subjects"]
    assert field.clean("DE 3, us-ca 600") == [
        {"country": "DE", "count": 3},
        {"country": "US", "region": "US-CA", "count": 600},
    ]
    assert field.prepare_value([{"country": "US", "region": "US-CA", "count": 600}]) == (
        "US-CA 600"
    )
    form = IncidentAdminForm(data={"affected_subjects": "US-ZZ 4"})
    form.is_valid()
    assert "US-ZZ" in str(form.errors["affected_subjects"])


def test_region_checks_answer_for_blank_known_and_foreign_codes() -> None:
    assert region_error("US", "") is None
    assert region_error("CA", "CA-QC") is None
    assert region_error("US", "CA-QC") is not None
    rows: list[dict[str, Any]] = [{"country": "US"}, {"country": "US", "region": "US-WA"}]
    assert regions_errors(rows) == {}


def test_regions_are_shown_and_counted_per_country_downstream(
    personas, organisation, client
) -> None:
    from compliance.register_export import _text
    from compliance.reporting.selectors.sources import report_sources_load

    rows = [
        {"country": "US", "region": "US-CA", "count": 600},
        {"country": "US", "region": "US-NY", "count": 40},
        {"country": "DE", "count": 3},
    ]
    incident = incident_create(
        actor=personas["dpo"],
        data={"title": "Regions", "detected_at": NOW, "affected_subjects": rows},
        now=NOW,
    )
    sources = report_sources_load(
        incident=incident, entity=None, actor=personas["dpo"], now=NOW, language="en"
    )
    assert (sources.affected_in("US"), sources.affected_in("DE")) == (640, 3)
    assert _text("subjects_by_country", incident.affected_subjects) == "US-CA 600; US-NY 40; DE 3"
    client.force_login(personas["dpo"])
    room = client.get(f"/incidents/{incident.reference}/").content.decode()
    assert "643 (US-CA 600, US-NY 40, DE 3)" in room
