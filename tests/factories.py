"""factory_boy factories and small builders for tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from incidents.models import Incident, LegalEntity, OrganisationProfile


class UserFactory(factory.django.DjangoModelFactory):
    """A user in one role group (role=None for none)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "unused")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(f"pw-{self.username}-2026!")
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


def organisation_create() -> OrganisationProfile:
    """Create the organisation profile with IE, GB and CN entities."""
    profile = OrganisationProfile.current()
    profile.name = "Example Group"
    profile.save()
    for country, name, authority, zone in [
        ("IE", "Example Europe Ltd", "Data Protection Commission", "Europe/Dublin"),
        ("GB", "Example UK Ltd", "Information Commissioner's Office", "Europe/London"),
        ("CN", "示例（上海）有限公司", "上海市互联网信息办公室", "Asia/Shanghai"),
    ]:
        LegalEntity.objects.get_or_create(
            profile=profile,
            country=country,
            defaults=dict(
                legal_name=name,
                supervisory_authority=authority,
                authority_time_zone=zone,
                dpo_name="Dana Weber",
                dpo_email="dpo@example.org",
            ),
        )
    return profile


def incident_payload(**overrides: Any) -> dict[str, Any]:
    """A valid POST /api/v1/incidents/ body."""
    body: dict[str, Any] = {
        "title": "Customer list e-mailed to the wrong recipient",
        "description": "A spreadsheet of customers was sent to an external address.",
        "detected_at": "2026-11-20T08:00:00+01:00",
        "aware_at": "2026-11-20T10:30:00+01:00",
        "role": "controller",
        "affected_subjects": [{"country": "DE", "count": 1200}],
        "data_categories": ["contact", "identification"],
        "records_count": 1200,
        "data_encrypted": False,
        "risk_level": "risk",
    }
    body.update(overrides)
    return body


def incident_create_for_test(
    *, actor: Any = None, now: datetime | None = None, **data: Any
) -> Incident:
    """Create an incident through the service (so obligations and tasks follow)."""
    from incidents.services import incident_create

    now = now or datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    defaults: dict[str, Any] = dict(
        title="Test incident",
        detected_at=now - timedelta(hours=5),
        aware_at=now - timedelta(hours=4),
        role="controller",
        affected_subjects=[{"country": "DE", "count": 100}],
        data_categories=["contact"],
        records_count=100,
        risk_level="risk",
    )
    defaults.update(data)
    return incident_create(actor=actor, data=defaults, now=now)


def obligation_create_for_test(*, incident: Incident, **fields: Any) -> Any:
    """Store an obligation as the engine would (GDPR Art. 33 to the lead authority by default)."""
    from compliance.models import Obligation

    clock_start = incident.aware_at or incident.detected_at
    values: dict[str, Any] = dict(
        rule_id="gdpr-33-authority",
        regime="GDPR",
        legal_basis="GDPR Art. 33(1)",
        recipient="Data Protection Commission",
        clock_event="aware",
        clock_start=clock_start,
        unit="hours",
        duration=72,
        due_at=clock_start + timedelta(hours=72),
        explanation="Personal data of people in the EU were affected and a risk cannot be ruled out.",
        entity=incident.entities.first(),
    )
    values.update(fields)
    return Obligation.objects.create(incident=incident, **values)


def task_create_for_test(
    *, incident: Incident, team_code: str = "it-security", **fields: Any
) -> Any:
    """Store a response task for one of the default teams."""
    from incidents.models import Task, Team

    values: dict[str, Any] = dict(
        title="Contain the breach", due_at=incident.detected_at + timedelta(hours=24)
    )
    values.update(fields)
    return Task.objects.create(incident=incident, team=Team.objects.get(code=team_code), **values)
