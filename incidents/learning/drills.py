"""Writes of drills: start one from a scenario or a past incident, end it with its report.

A drill's incident is created by `incidents.services.incident_create` with `is_drill=True`, so
obligations, playbook tasks and internal notifications come from the real code paths; the
notifications layer never sends a drill's events to webhooks or anyone outside.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from compliance.clock_start import clock_start
from config.errors import Conflict, NotPermitted, ValidationFailed
from config.transactions import write_transaction
from incidents.audit import audit_record, model_snapshot
from incidents.choices import Status
from incidents.learning.metrics import as_json
from incidents.learning.models import (
    DRILL_FACTS,
    SCENARIO_FACTS,
    ClockMode,
    Drill,
    DrillScenario,
)
from incidents.learning.selectors import DrillProgress, drill_missed_and_late, drill_progress
from incidents.learning.services import review_create
from incidents.models import (
    TASK_OPEN_STATUSES,
    Incident,
    LegalEntity,
    OrganisationProfile,
    Task,
    TaskStatus,
)
from incidents.roles import has_capability
from incidents.services import incident_create, incident_transition

EXERCISE_PREFIX = "[EXERCISE] "
MAX_SPEED_FACTOR = 120
ENDED_REASON = "The exercise ended before this step was done."


def drill_clock_check(*, clock_mode: str, speed_factor: int | None) -> int:
    """The speed factor a clock mode allows: 1 in real time, 2 to 120 when accelerated."""
    if clock_mode not in ClockMode.values:
        message = f"Unknown clock mode {clock_mode!r}; use real or accelerated."
        raise ValidationFailed(message, fields={"clock_mode": [message]})
    if clock_mode == ClockMode.REAL:
        if speed_factor not in (None, 1):
            message = "A real-time drill runs at speed factor 1."
            raise ValidationFailed(message, fields={"speed_factor": [message]})
        return 1
    if speed_factor is None or not 2 <= speed_factor <= MAX_SPEED_FACTOR:
        message = f"An accelerated drill needs a speed factor from 2 to {MAX_SPEED_FACTOR}."
        raise ValidationFailed(message, fields={"speed_factor": [message]})
    return speed_factor


def _exercise_title(title: str) -> str:
    return (EXERCISE_PREFIX + title)[:200]


def scenario_facts(scenario: DrillScenario, *, now: datetime) -> dict[str, Any]:
    """A scenario's incident facts at `now`: awareness (the legal clock) starts with the drill."""
    unknown = sorted(set(scenario.facts) - set(SCENARIO_FACTS))
    if unknown:
        message = f"The scenario names facts an incident does not have: {', '.join(unknown)}."
        raise ValidationFailed(message, fields={"scenario": [message]})
    facts = dict(scenario.facts)
    countries = facts.pop("entity_countries", None)
    facts["title"] = _exercise_title(facts.get("title") or scenario.name)
    facts["detected_at"] = now - timedelta(minutes=scenario.detected_minutes_before)
    facts["aware_at"] = now
    if scenario.occurred_minutes_before:
        facts["occurred_from"] = now - timedelta(minutes=scenario.occurred_minutes_before)
    if countries:
        profile = OrganisationProfile.current()
        entities = list(LegalEntity.objects.filter(profile=profile, country__in=countries))
        if entities:
            facts["entities"] = entities
    return facts


def past_incident_facts(source: Incident, *, now: datetime) -> dict[str, Any]:
    """A past incident's facts with its times shifted so that its awareness falls on `now`."""
    facts = {name: getattr(source, name) for name in DRILL_FACTS}
    facts["title"] = _exercise_title(source.title)
    shift = now - clock_start(aware_at=source.aware_at, detected_at=source.detected_at)
    for name in ("detected_at", "aware_at", "occurred_from", "occurred_to"):
        value = getattr(source, name)
        # A breach that went on after awareness would end in the future; it is ongoing at start.
        facts[name] = min(value + shift, now) if value is not None else None
    facts["entities"] = list(source.entities.all())
    return facts


@write_transaction
def drill_start(
    *,
    actor: Any,
    scenario: DrillScenario | None = None,
    source_incident: Incident | None = None,
    clock_mode: str = ClockMode.REAL,
    speed_factor: int | None = None,
    now: datetime,
) -> Drill:
    """Start a drill: an is_drill copy of the scenario or past incident, created now."""
    if not has_capability(actor, "drill.run"):
        raise NotPermitted("Your role does not allow running drills.")
    if (scenario is None) == (source_incident is None):
        message = "Start a drill from a scenario or from a past incident (one of the two)."
        raise ValidationFailed(message, fields={"scenario": [message]})
    if source_incident is not None and source_incident.is_drill:
        message = "A drill replays a real incident, not another drill."
        raise ValidationFailed(message, fields={"source_incident": [message]})
    factor = drill_clock_check(clock_mode=clock_mode, speed_factor=speed_factor)
    if scenario is not None:
        facts = scenario_facts(scenario, now=now)
    else:
        assert source_incident is not None
        facts = past_incident_facts(source_incident, now=now)
    incident = incident_create(actor=actor, data={**facts, "is_drill": True}, now=now)
    drill = Drill.objects.create(
        incident=incident,
        scenario=scenario,
        source_incident=source_incident,
        clock_mode=clock_mode,
        speed_factor=factor,
        started_at=now,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        now=now,
        actor=actor,
        action="drill_start",
        obj=drill,
        incident=incident,
        changes={"after": model_snapshot(drill)},
    )
    return drill


def drill_report_data(progress: DrillProgress) -> dict[str, Any]:
    """The drill report as stored when the drill ends: clock, teams, tasks, missed steps, metrics."""
    drill = progress.drill
    missed, late = drill_missed_and_late(progress)
    return as_json(
        {
            "scenario": drill.scenario.name if drill.scenario else "",
            "source_incident": drill.source_incident.reference if drill.source_incident else "",
            "clock_mode": drill.clock_mode,
            "speed_factor": drill.speed_factor,
            "started_at": drill.started_at,
            "ended_at": drill.ended_at,
            "ended_at_drill_time": progress.drill_now,
            "drill_duration": progress.elapsed,
            "teams": [asdict(team) for team in progress.teams],
            "tasks": [asdict(result) for _, result in progress.tasks],
            "missed_steps": missed,
            "late_steps": late,
            "metrics": asdict(progress.metrics),
        }
    )


def _tasks_close(*, drill: Drill, actor: Any, now: datetime) -> None:
    """Close the steps still open, so the exercise leaves nothing in anyone's queue."""
    for task in Task.objects.select_for_update().filter(
        incident_id=drill.incident_id, status__in=TASK_OPEN_STATUSES
    ):
        before = task.status
        task.status = TaskStatus.NOT_APPLICABLE
        task.not_applicable_reason = ENDED_REASON
        task.version_bump()
        task.save()
        changes = {"status": {"before": before, "after": task.status}, "reason": ENDED_REASON}
        audit_record(
            now=now, actor=actor, action="close", obj=task, incident=task.incident, changes=changes
        )


@write_transaction
def drill_end(*, actor: Any, drill: Drill, now: datetime) -> Drill:
    """End a drill: freeze its report, close what is open, close its incident, open the review."""
    if not has_capability(actor, "drill.run"):
        raise NotPermitted("Your role does not allow running drills.")
    locked = Drill.objects.select_for_update(of=("self",)).get(pk=drill.pk)
    if locked.ended_at is not None:
        raise Conflict(f"The drill ended at {locked.ended_at:%Y-%m-%d %H:%M} UTC.")
    locked.ended_at = now
    locked.ended_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.report = drill_report_data(drill_progress(drill=locked, now=now))
    locked.save()
    incident = locked.incident
    if incident.status != Status.CLOSED:
        incident = incident_transition(
            actor=actor, incident=incident, status=Status.CLOSED, now=now
        )
    # After closing: closing brings derived tasks up to date, which may add some.
    _tasks_close(now=now, drill=locked, actor=actor)
    if not hasattr(incident, "review"):
        review_create(now=now, actor=actor, incident=incident)
    audit_record(
        now=now,
        actor=actor,
        action="drill_end",
        obj=locked,
        incident=incident,
        changes={"ended_at": now, "missed_steps": locked.report["missed_steps"]},
    )
    return locked
