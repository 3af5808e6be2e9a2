"""GET/POST /incidents/new/: log an incident with times in an explicit zone, errors by the fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from incidents.models import AuditEvent, Incident, UserPreference

URL = "/incidents/new/"
pytestmark = pytest.mark.django_db


def intake(**overrides: Any) -> dict[str, Any]:
    """The fields someone fills in under stress: title, detection time and zone, description."""
    body = {
        "title": "Laptop stolen from a car",
        "detected_at": "2026-11-20T08:15",
        "time_zone": "Europe/Berlin",
        "description": "An unencrypted laptop with HR files was stolen.",
        "role": "controller",
    }
    body.update(overrides)
    return body


def test_security_logs_an_incident_with_three_facts(client_for, organisation) -> None:
    response = client_for("security").post(URL, intake())
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.reference}/"
    # 08:15 in Berlin in November (CET, UTC+1) is 07:15 UTC.
    assert incident.detected_at == datetime(2026, 11, 20, 7, 15, tzinfo=UTC)
    assert incident.aware_at is None
    assert incident.created_by.username == "security"
    assert list(incident.entities.values_list("country", flat=True)) == ["IE"]
    assert AuditEvent.objects.filter(incident=incident, action="create").exists()


def test_optional_facts_are_stored_as_the_api_would(client_for, organisation) -> None:
    client_for("dpo").post(
        URL,
        intake(
            aware_at="2026-11-20T09:00:30",
            time_zone="Asia/Shanghai",
            affected_subjects="de 1200; FR 300",
            data_categories=["contact", "health"],
            breach_types=["confidentiality"],
            records_count="1500",
            severity="high",
        ),
    )
    incident = Incident.objects.get()
    assert incident.aware_at == datetime(2026, 11, 20, 1, 0, 30, tzinfo=UTC)
    assert incident.affected_subjects == [
        {"country": "DE", "count": 1200},
        {"country": "FR", "count": 300},
    ]
    assert incident.subjects_total == 1500
    assert incident.data_categories == ["contact", "health"]
    assert incident.severity == "high"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"title": ""}, "title", "This field is required.", id="no-title"),
        pytest.param(
            {"description": ""}, "description", "This field is required.", id="no-description"
        ),
        pytest.param({"detected_at": "yesterday"}, "detected_at", "Enter a date", id="bad-time"),
        pytest.param(
            {"detected_at": "2099-01-01T00:00"},
            "detected_at",
            "Must not be in the future.",
            id="future",
        ),
        pytest.param(
            {"aware_at": "2026-11-20T08:00"},
            "aware_at",
            "Awareness cannot come before the first signal",
            id="aware-before-detected",
        ),
        pytest.param(
            {"detected_at": "2026-10-25T02:30"},
            "detected_at",
            "happened twice in Europe/Berlin",
            id="ambiguous-dst-fall-back",
        ),
        pytest.param(
            {"detected_at": "2026-03-29T02:30"},
            "detected_at",
            "does not exist in Europe/Berlin",
            id="nonexistent-dst-spring-forward",
        ),
        pytest.param(
            {"affected_subjects": "Germany lots"},
            "affected_subjects",
            "Write a country code",
            id="unreadable-counts",
        ),
        pytest.param(
            {"affected_subjects": "ZZ 5"},
            "affected_subjects",
            "Unknown ISO 3166-1 alpha-2 country code",
            id="unknown-country",
        ),
        pytest.param({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid", id="bad-zone"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_written(
    client_for, organisation, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = client_for("security").post(URL, intake(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    error_block = body.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
    assert message in error_block
    assert f'aria-describedby="id_{field}' in body
    assert 'aria-invalid="true"' in body
    assert not Incident.objects.exists()


def test_the_input_is_kept_when_it_is_refused(client_for, organisation) -> None:
    body = client_for("security").post(URL, intake(title="")).content.decode()
    assert "An unencrypted laptop with HR files was stolen." in body
    assert 'value="2026-11-20T08:15"' in body


def test_the_zone_defaults_to_the_persons_own(client_for, personas, organisation) -> None:
    UserPreference.objects.create(user=personas["security"], time_zone="Asia/Shanghai")
    body = client_for("security").get(URL).content.decode()
    assert '<option value="Asia/Shanghai" selected>' in body
    now = timezone.now().astimezone(UTC) + timedelta(hours=8)
    assert f'value="{now:%Y-%m-%dT%H}' in body


@pytest.mark.parametrize("name", ["executive", "legal", "pr", "outsider"])
def test_roles_that_do_not_log_incidents_are_refused(client_for, name: str) -> None:
    client = client_for(name)
    assert client.get(URL).status_code == 403
    assert client.post(URL, intake()).status_code == 403
    assert not Incident.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(personas, organisation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["security"])
    assert client.post(URL, intake()).status_code == 403
    assert not Incident.objects.exists()
