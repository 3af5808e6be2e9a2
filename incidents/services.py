"""Writes to incidents: creation with a reference, updates with optimistic locking, transitions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F
from django.utils.translation import gettext

from compliance.engine.concerned import entities_concerned
from compliance.mapping import ENGINE_INPUT_FIELDS
from compliance.services import obligations_recompute
from config.errors import Conflict, ValidationFailed, version_check
from config.transactions import write_transaction
from incidents.audit import audit_record, diff_snapshots, model_snapshot
from incidents.choices import STATUS_ORDER, Status
from incidents.models import (
    DRILL_REFERENCE_PREFIX,
    REFERENCE_PREFIX,
    Incident,
    LegalEntity,
    OrganisationProfile,
    ReferenceCounter,
    UserPreference,
)
from incidents.regions import regions_errors
from incidents.response.generation import TASK_INPUT_FIELDS, tasks_sync
from notifications.services import incident_changed_emit

# Clocks of different machines disagree a little; a minute of tolerance avoids false refusals.
CLOCK_SKEW = timedelta(minutes=1)
STATUS_TIMESTAMP = {
    Status.CONTAINED: "contained_at",
    Status.RESOLVED: "resolved_at",
    Status.CLOSED: "closed_at",
}
# Clock events recorded after detection (DORA, the SEC, Singapore, Australia).
LATER_EVENTS = ("classified_major_at", "materiality_determined_at", "assessment_completed_at")
TIME_FIELDS = (
    "detected_at",
    "aware_at",
    "occurred_from",
    "occurred_to",
    "handling_ended_at",
    *LATER_EVENTS,
)
TRANSITION_FIELDS = ["status", "contained_at", "resolved_at", "closed_at", "handling_ended_at"]


def reference_next(*, year: int, is_drill: bool = False) -> str:
    """Take the next reference of the year's series (BD-2026-0001, DRILL-2026-0001), locked.

    The reference is chosen once, at creation: marking an incident as a drill later (or not)
    keeps it, since it is already cited in the audit trail and in generated documents.
    """
    prefix = DRILL_REFERENCE_PREFIX if is_drill else REFERENCE_PREFIX
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db()
    return f"{prefix}-{year}-{counter.last_number:04d}"


def incident_validate_times(*, data: dict[str, Any], now: datetime) -> None:
    """Refuse awareness before detection and facts dated in the future, naming the fields."""
    errors: dict[str, list[str]] = {}
    detected, aware = data.get("detected_at"), data.get("aware_at")
    for name in TIME_FIELDS:
        value = data.get(name)
        if value is not None and value > now + CLOCK_SKEW:
            errors.setdefault(name, []).append(gettext("Must not be in the future."))
    if detected and aware and aware < detected:
        errors.setdefault("aware_at", []).append(
            gettext("Awareness cannot come before the first signal (detected_at).")
        )
    for name in LATER_EVENTS:
        value = data.get(name)
        if value is not None and detected and value < detected:
            errors.setdefault(name, []).append(gettext("Must not be before detected_at."))
    start, end = data.get("occurred_from"), data.get("occurred_to")
    if start and end and end < start:
        errors.setdefault("occurred_to", []).append(gettext("Must not be before occurred_from."))
    if errors:
        raise ValidationFailed("Invalid incident times.", fields=errors)


def incident_validate_regions(*, data: dict[str, Any]) -> None:
    """Refuse a region that is not a subdivision of its row's country, naming the item."""
    errors = regions_errors(data.get("affected_subjects") or ())
    if errors:
        raise ValidationFailed("Invalid regions of the people affected.", fields=errors)


def subjects_total(affected_subjects: list[dict[str, Any]]) -> int:
    """Sum the per-country counts."""
    return sum(int(row.get("count") or 0) for row in affected_subjects)


def incident_after_change(
    *,
    incident: Incident,
    actor: Any,
    created: bool,
    now: datetime,
    changed: Iterable[str] | None = None,
) -> None:
    """Bring derived state up to date after the facts changed (obligations, tasks, events).

    `changed` names the incident's fields that changed (None: anything may have, as on creation
    or when another record changed). Obligations are recomputed only when an input of the
    engine changed, tasks only when an input of theirs or the obligations did: a change of a
    field neither reads (a note, the measures taken) cannot move a deadline or a task.
    """
    touched = None if changed is None else set(changed)
    law = touched is None or bool(touched & ENGINE_INPUT_FIELDS)
    if law:
        obligations_recompute(incident=incident, actor=actor, now=now)
    if law or bool(touched & TASK_INPUT_FIELDS):
        tasks_sync(now=now, incident=incident, actor=actor)
    incident_changed_emit(now=now, incident=incident, actor=actor, created=created)


def _entities_default(incident: Incident, profile: OrganisationProfile) -> list[LegalEntity]:
    """The entities whose countries the affected people's regimes reach (docs/decision.md)."""
    candidates = list(LegalEntity.objects.filter(profile=profile))
    countries = [str(row["country"]).upper() for row in incident.affected_subjects or ()]
    wanted = entities_concerned(
        countries=countries, entities=[(e.pk, e.country.upper()) for e in candidates]
    )
    return [entity for entity in candidates if entity.pk in wanted]


def incident_facts_changed_receive(
    sender: Any,
    *,
    incident: Incident,
    actor: Any,
    created: bool,
    now: datetime,
    data: dict[str, Any],
    source: str,
    **kwargs: Any,
) -> None:
    """Answer a lower writer's "facts changed" event (incidents/events.py) through the one write
    path: the change is applied, the version bumped, audited and the law recomputed."""
    if created:
        incident_after_change(incident=incident, actor=actor, created=True, now=now)
        return
    incident_update(actor=actor, incident=incident, data=data, now=now, source=source)


@write_transaction
def incident_create(*, actor: Any, data: dict[str, Any], now: datetime) -> Incident:
    """Create an incident with the next reference, its entities, audit entry and obligations."""
    incident_validate_times(data=data, now=now)
    incident_validate_regions(data=data)
    fields = dict(data)
    entities = fields.pop("entities", None)
    incident = Incident(**fields, created_by=actor if getattr(actor, "pk", None) else None)
    incident.subjects_total = subjects_total(incident.affected_subjects)
    incident.reference = reference_next(year=incident.detected_at.year, is_drill=incident.is_drill)
    incident.full_clean(exclude=["reference", "entities"])
    incident.save()
    profile = OrganisationProfile.current()
    if entities is None:
        entities = _entities_default(incident, profile)
    incident.entities.set(entities)
    audit_record(
        now=now,
        actor=actor,
        action="create",
        obj=incident,
        incident=incident,
        changes={"after": model_snapshot(incident), "entities": [e.pk for e in entities]},
    )
    incident_after_change(incident=incident, actor=actor, created=True, now=now)
    return incident


@write_transaction
def incident_update(
    *,
    actor: Any,
    incident: Incident,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
    source: str = "",
) -> Incident:
    """Apply a change of facts (from any caller) if the incident is still at `expected_version`.

    The one write path for an incident's facts: the API, the web form, the admin, assessments
    and regime decisions all come here, so each change bumps the version (old ETags go stale),
    is audited, and recomputes obligations and tasks in the same transaction. `source` names a
    change that comes from another record, such as a risk assessment.
    """
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    version_check(current=locked.version, expected=expected_version, what="incident")
    before = model_snapshot(locked)
    fields = dict(data)
    entities = fields.pop("entities", None)
    merged = {name: getattr(locked, name) for name in TIME_FIELDS}
    merged.update({k: v for k, v in fields.items() if k in merged})
    incident_validate_times(data=merged, now=now)
    incident_validate_regions(data=fields)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.subjects_total = subjects_total(locked.affected_subjects)
    locked.version_bump()
    # Only what this change writes is validated and saved: the other columns were valid when
    # stored, and the database keeps its constraints on them (one fewer query per constraint).
    written = {f.name for f in Incident._meta.concrete_fields if f.name in fields}
    written |= {"subjects_total", "version"}
    locked.full_clean(
        exclude=[f.name for f in Incident._meta.fields if f.name not in written - {"reference"}]
    )
    locked.save(update_fields=[*sorted(written), "updated_at"])
    if entities is not None:
        locked.entities.set(entities)
    changes = diff_snapshots(before, model_snapshot(locked))
    if entities is not None:
        changes["entities"] = {"after": [e.pk for e in entities]}
    # A change from another record (an assessment, a regime decision) or of the entities moves
    # inputs the incident's own columns do not show: everything is recomputed then.
    changed = None if source or entities is not None else set(changes)
    if source:
        changes["source"] = source
    audit_record(
        now=now, actor=actor, action="update", obj=locked, incident=locked, changes=changes
    )
    incident_after_change(incident=locked, actor=actor, created=False, now=now, changed=changed)
    return locked


@write_transaction
def incident_transition(
    *,
    actor: Any,
    incident: Incident,
    status: str,
    expected_version: int | None = None,
    now: datetime,
) -> Incident:
    """Move an incident forward in its lifecycle, timing each step it passes."""
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    version_check(current=locked.version, expected=expected_version, what="incident")
    if status not in Status.values:
        raise ValidationFailed(
            "Unknown status.", fields={"status": [f"Unknown status {status!r}."]}
        )
    current, target = STATUS_ORDER.index(locked.status), STATUS_ORDER.index(status)
    if target <= current:
        raise Conflict(f"An incident that is {locked.status} cannot move back to {status}.")
    before = model_snapshot(locked, TRANSITION_FIELDS)
    for step in STATUS_ORDER[current + 1 : target + 1]:
        field = STATUS_TIMESTAMP[step]
        if getattr(locked, field) is None:
            setattr(locked, field, now)
    # CAC Measures: the 30-day final report runs from the end of handling. Resolving the
    # incident is that end unless the team already recorded another time in the facts.
    if locked.resolved_at is not None and locked.handling_ended_at is None:
        locked.handling_ended_at = locked.resolved_at
    locked.status = status
    locked.version_bump()
    locked.save()
    after = model_snapshot(locked, TRANSITION_FIELDS)
    audit_record(
        now=now,
        actor=actor,
        action="transition",
        obj=locked,
        incident=locked,
        changes=diff_snapshots(before, after),
    )
    incident_after_change(incident=locked, actor=actor, created=False, now=now)
    return locked


@write_transaction
def user_preference_set(
    *, actor: Any, language: str, time_zone: str, now: datetime
) -> UserPreference:
    """Store the person's display language and time zone."""
    preference, _ = UserPreference.objects.get_or_create(user=actor)
    before = model_snapshot(preference, ["language", "time_zone"])
    preference.language, preference.time_zone = language, time_zone
    preference.full_clean()
    preference.save()
    after = model_snapshot(preference, ["language", "time_zone"])
    audit_record(
        now=now, actor=actor, action="update", obj=preference, changes=diff_snapshots(before, after)
    )
    return preference


@write_transaction
def organisation_profile_update(
    *, actor: Any, profile: OrganisationProfile, data: dict[str, Any], now: datetime
) -> OrganisationProfile:
    """Change the organisation's name, default time zone or the Omnibus switch.

    Turning the Omnibus switch changes the law every open incident is judged by, so their
    obligations are recomputed in the same transaction.
    """
    before = model_snapshot(profile)
    switched = "omnibus_adopted" in data and data["omnibus_adopted"] != profile.omnibus_adopted
    for name, value in data.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    audit_record(
        now=now,
        actor=actor,
        action="update",
        obj=profile,
        changes=diff_snapshots(before, model_snapshot(profile)),
    )
    if switched:
        for incident in Incident.objects.exclude(status=Status.CLOSED).order_by("pk"):
            obligations_recompute(incident=incident, actor=actor, now=now)
    return profile


@write_transaction
def legal_entity_save(
    *,
    actor: Any,
    profile: OrganisationProfile,
    entity: LegalEntity | None,
    data: dict[str, Any],
    expected_version: int | None = None,
    now: datetime,
) -> LegalEntity:
    """Create a company of the group or change one (412 if it changed since the caller read it)."""
    created = entity is None or entity.pk is None
    if created:
        entity, before = LegalEntity(profile=profile), {}
    else:
        entity = LegalEntity.objects.select_for_update().get(pk=entity.pk)
        version_check(current=entity.version, expected=expected_version, what="legal entity")
        before = model_snapshot(entity)
        entity.version_bump()
    for name, value in data.items():
        setattr(entity, name, value)
    entity.profile = profile
    entity.full_clean()
    entity.save()
    audit_record(
        now=now,
        actor=actor,
        action="create" if created else "update",
        obj=entity,
        changes=diff_snapshots(before, model_snapshot(entity)),
    )
    return entity
