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


def obligation_create_for_test(
    *, incident: Incident, rule_id: str = "GDPR-SA", now: datetime | None = None, **fields: Any
) -> Any:
    """Store an obligation as the engine writes it for the incident (GDPR Art. 33 by default).

    The row is the engine's own result for the rule, or, when the incident's facts do not bring
    the rule in, the rule table's terms; `fields` then change the terms a test pins (due time,
    status, ...). It replaces the row the engine stored for the same rule and entity; `entity`
    defaults to the engine's (None stores the obligation without one).
    """
    from compliance.models import Obligation
    from compliance.services.obligations import TERM_FIELDS, obligations_evaluate

    now = now or datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    entity = fields.pop("entity", DEFAULT)
    results = [
        result
        for result in obligations_evaluate(incident=incident, now=now)
        if result.rule_id == rule_id
        and (entity is DEFAULT or result.entity_id == getattr(entity, "pk", None))
    ]
    if results:
        # The terms the service stores, with the engine's status and explanation.
        names = (*TERM_FIELDS, "status", "explanation")
        values = {name: getattr(results[0], name) for name in names}
        values["duration"] = None if values["duration"] is None else int(values["duration"])
        # Overdue is the clock's verdict at `now`; a test pins its own due time, read later.
        if values["status"] == "overdue":
            values["status"] = "pending"
        if entity is DEFAULT:
            entity = LegalEntity.objects.filter(pk=results[0].entity_id).first()
    else:
        values = _rule_terms(incident=incident, rule_id=rule_id)
        if entity is DEFAULT:
            entity = incident.entities.first()
    values.update({"applies": True, **fields})
    obligation, _ = Obligation.objects.update_or_create(
        incident=incident, rule_id=rule_id, entity=entity, defaults=values
    )
    return obligation


DEFAULT: Any = object()


def obligation_slots() -> list[dict[str, Any]]:
    """Each (rule, entity) an incident can hold one obligation for, as factory arguments."""
    from compliance.engine.regimes import RULES_BY_ID

    entities = [None, *LegalEntity.objects.order_by("pk")]
    return [{"rule_id": rule, "entity": entity} for entity in entities for rule in RULES_BY_ID]


def _rule_terms(*, incident: Incident, rule_id: str) -> dict[str, Any]:
    """The terms of a rule the incident's facts do not bring in, from the engine's rule table."""
    from compliance.engine.deadlines import add_duration
    from compliance.engine.regimes import RULES_BY_ID

    rule = RULES_BY_ID[rule_id]
    start = getattr(incident, rule.clock_event, None) or incident.detected_at
    due = None
    if rule.statutory and rule.duration is not None:
        due = add_duration(start, rule.duration, rule.unit, rule.calendar, rule.zone)
    return dict(
        regime=rule.regime,
        legal_basis=rule.legal_basis,
        recipient=rule.recipient,
        trigger=rule.trigger,
        clock_event=rule.clock_event,
        clock_start=start,
        unit=rule.unit,
        duration=None if rule.duration is None else int(rule.duration),
        due_at=due,
        target_at=None if due else start + timedelta(hours=24),
        statutory=rule.statutory,
        status="pending",
        exemption="",
        explanation=f"{rule.legal_basis}: {rule.duty}",
        content_checklist=list(rule.content_checklist),
    )


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
