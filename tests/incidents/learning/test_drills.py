"""Drills: an exercise copy on the real engine and tasks, its own clock, a frozen report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from config.errors import Conflict, NotPermitted, ValidationFailed
from incidents.learning.drills import ENDED_REASON, drill_end, drill_start
from incidents.learning.models import Drill, DrillScenario, Review
from incidents.learning.selectors import drill_progress
from incidents.models import TASK_OPEN_STATUSES, AuditEvent, Incident, ReferenceCounter, Task
from incidents.response.services import task_complete
from incidents.services import incident_transition
from tests.factories import incident_create_for_test
from tests.incidents.learning.conftest import AWARE, DETECTED, OCCURRED

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def scenario(key: str) -> DrillScenario:
    return DrillScenario.objects.get(key=key)


def task(drill: Drill, title_start: str) -> Task:
    return Task.objects.get(incident=drill.incident, title__startswith=title_start)


@pytest.fixture
def fast_drill(personas: dict[str, Any], teams: Any) -> Drill:
    """The misdirected-email scenario at 12 drill minutes per real minute, started at START."""
    return drill_start(
        actor=personas["dpo"],
        scenario=scenario("misdirected-email"),
        clock_mode="accelerated",
        speed_factor=12,
        now=START,
    )


def test_the_library_holds_the_six_scenarios(db) -> None:
    assert set(DrillScenario.objects.values_list("key", flat=True)) == {
        "ransomware-file-server",
        "misdirected-email",
        "lost-unencrypted-laptop",
        "public-cloud-bucket-eu-cn",
        "insider-exfiltration",
        "compromised-processor",
    }


def test_a_scenario_drill_is_an_exercise_created_through_the_real_code_paths(
    personas, teams, organisation
) -> None:
    drill = drill_start(
        actor=personas["security"], scenario=scenario("public-cloud-bucket-eu-cn"), now=START
    )
    incident = drill.incident
    assert incident.is_drill and incident.title.startswith("[EXERCISE] ")
    assert incident.reference == "DRILL-2026-0001"
    # The legal clock starts with the drill; the scenario says how long ago it began and was seen.
    assert incident.aware_at == START
    assert incident.detected_at == START - 30 * MINUTE
    assert incident.occurred_from == START - timedelta(days=9)
    assert sorted(e.country for e in incident.entities.all()) == ["CN", "IE"]
    assert incident.cac_grade == "relatively_major" and incident.subjects_total == 1_400_000
    # Tasks come from the playbooks, due times anchored on the drill's facts.
    preserve = task(drill, "Preserve evidence")
    assert preserve.due_at == START - 30 * MINUTE + 2 * HOUR
    assert (drill.clock_mode, drill.speed_factor, drill.started_by) == (
        "real",
        1,
        personas["security"],
    )
    assert AuditEvent.objects.filter(action="drill_start", incident=incident).count() == 1


def test_a_drill_from_a_past_incident_copies_facts_and_shifts_times_to_now(
    personas, closed_incident, organisation
) -> None:
    source = closed_incident
    source.occurred_to = AWARE + 2 * HOUR  # went on after awareness
    source.save()
    drill = drill_start(actor=personas["dpo"], source_incident=source, now=START)
    copy = drill.incident
    assert (
        copy.pk != source.pk and copy.is_drill and not Incident.objects.get(pk=source.pk).is_drill
    )
    assert copy.title == "[EXERCISE] Customer database copied after phishing"
    assert (copy.root_cause, copy.data_categories) == (source.root_cause, source.data_categories)
    assert copy.aware_at == START
    assert copy.detected_at == START - (AWARE - DETECTED)
    assert copy.occurred_from == START - (AWARE - OCCURRED)
    assert copy.occurred_to == START  # it would end in the future: ongoing at the start
    assert (copy.status, copy.contained_at, copy.closed_at) == ("open", None, None)
    assert list(copy.entities.all()) == list(source.entities.all())
    assert drill.source_incident == source and drill.scenario is None


def test_a_drill_does_not_replay_another_drill(personas, fast_drill) -> None:
    with pytest.raises(ValidationFailed) as refused:
        drill_start(actor=personas["dpo"], source_incident=fast_drill.incident, now=START)
    assert "source_incident" in refused.value.fields


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        pytest.param({}, "scenario", id="neither-scenario-nor-incident"),
        pytest.param({"clock_mode": "accelerated"}, "speed_factor", id="accelerated-no-factor"),
        pytest.param(
            {"clock_mode": "accelerated", "speed_factor": 121}, "speed_factor", id="too-fast"
        ),
        pytest.param({"clock_mode": "real", "speed_factor": 5}, "speed_factor", id="real-fast"),
        pytest.param({"clock_mode": "warp"}, "clock_mode", id="unknown-mode"),
    ],
)
def test_bad_drill_requests_name_the_field_and_write_nothing(
    personas, teams, arguments, field
) -> None:
    if field != "scenario":
        arguments = {"scenario": scenario("misdirected-email"), **arguments}
    with pytest.raises(ValidationFailed) as refused:
        drill_start(actor=personas["dpo"], now=START, **arguments)
    assert field in refused.value.fields
    assert not Incident.objects.exists() and not Drill.objects.exists()


def test_only_security_the_dpo_and_admins_run_drills(personas, teams) -> None:
    for name in ("legal", "pr", "executive", "outsider"):
        with pytest.raises(NotPermitted):
            drill_start(actor=personas[name], scenario=scenario("misdirected-email"), now=START)
    assert not Incident.objects.exists()


def test_the_accelerated_clock_maps_real_time_to_drill_time(fast_drill) -> None:
    assert fast_drill.drill_time(START) == START
    assert fast_drill.drill_time(START + 5 * MINUTE) == START + HOUR
    assert fast_drill.drill_time(START + 6 * HOUR) == START + 72 * HOUR
    # Facts from before the drill began are drill time already.
    assert fast_drill.drill_time(START - HOUR) == START - HOUR


def test_task_targets_are_judged_on_drill_time(personas, fast_drill) -> None:
    # Detected an hour before the start: evidence due at START + 1 h, containment at START + 7 h.
    task_complete(
        actor=personas["security"], task=task(fast_drill, "Preserve"), now=START + 4 * MINUTE
    )
    task_complete(
        actor=personas["security"], task=task(fast_drill, "Contain"), now=START + 40 * MINUTE
    )
    # 50 real minutes in: ten drill hours have passed.
    progress = drill_progress(drill=fast_drill, now=START + 50 * MINUTE)
    assert (progress.drill_now, progress.elapsed) == (START + 10 * HOUR, 10 * HOUR)
    outcomes = {result.title[:20]: (result.outcome, result.taken) for _, result in progress.tasks}
    assert outcomes["Preserve evidence: f"] == ("on_time", 48 * MINUTE)
    assert outcomes["Contain the incident"] == ("late", 8 * HOUR)
    assert outcomes["Approved holding sta"] == ("pending", None)  # due at 12 h
    # The real clock would call nothing overdue yet; the drill's clock does at 12 h.
    later = drill_progress(drill=fast_drill, now=START + 61 * MINUTE)
    holding = next(r for _, r in later.tasks if r.title.startswith("Approved holding"))
    assert holding.outcome == "overdue"
    # Injects are read out as drill time passes them (2 h and 6 h in this scenario).
    assert [i["after_minutes"] for i in progress.injects] == [120, 360]
    assert progress.next_inject_in is None


def test_ending_a_drill_freezes_its_report_and_tidies_up(personas, fast_drill) -> None:
    security = personas["security"]
    task_complete(actor=security, task=task(fast_drill, "Preserve"), now=START + 4 * MINUTE)
    task_complete(actor=security, task=task(fast_drill, "Contain"), now=START + 40 * MINUTE)
    incident_transition(
        actor=security, incident=fast_drill.incident, status="contained", now=START + 30 * MINUTE
    )
    ended = drill_end(actor=personas["dpo"], drill=fast_drill, now=START + 130 * MINUTE)

    report = ended.report
    assert report["ended_at_drill_time"] == "2026-11-21T11:00:00Z"  # 26 drill hours
    assert report["drill_duration"] == 26 * 3600
    teams = {row["team"]: row for row in report["teams"]}
    assert teams["IT/Security"] == {
        "team": "IT/Security",
        "tasks": 2,
        "on_time": 1,
        "late": 1,
        "missed": 0,
        "mean_taken": (48 * 60 + 8 * 3600) / 2,
        "mean_target": (1 * 3600 + 7 * 3600) / 2,
        "worst_lateness": 3600.0,
        "not_applicable": 0,
    }
    assert (teams["DPO"]["missed"], teams["PR/Comms"]["missed"], teams["Legal"]["missed"]) == (
        1,
        1,
        0,  # its 48-hour target lay beyond the drill's end: not reached, not missed
    )
    assert report["missed_steps"] == [
        "PR/Comms: Approved holding statement",
        "DPO: Complete the risk assessment",
    ]
    assert report["late_steps"] == [
        "IT/Security: Contain the incident and record the measures taken (1 h 0 min late)"
    ]
    assert report["metrics"]["time_to_containment"] == 6 * 3600  # 30 real minutes × 12

    incident = Incident.objects.get(pk=fast_drill.incident_id)
    assert incident.status == "closed"
    # What was still open (holding statement, risk assessment, contract duties...) is closed.
    assert not Task.objects.filter(incident=incident, status__in=TASK_OPEN_STATUSES).exists()
    left_open = Task.objects.filter(incident=incident, status="not_applicable")
    assert {t.not_applicable_reason for t in left_open} == {ENDED_REASON}
    assert left_open.count() >= 3
    review = Review.objects.get(incident=incident)
    assert (review.status, review.root_cause) == ("draft", "human_error")
    # The clock stopped at the end.
    assert ended.drill_time(START + 10 * HOUR) == START + 26 * HOUR


def test_a_drill_ends_once(personas, fast_drill) -> None:
    drill_end(actor=personas["dpo"], drill=fast_drill, now=START + HOUR)
    with pytest.raises(Conflict):
        drill_end(actor=personas["dpo"], drill=fast_drill, now=START + 2 * HOUR)
    assert Review.objects.count() == 1


def test_a_scenario_with_facts_an_incident_lacks_is_refused(personas, teams) -> None:
    from django.core.exceptions import ValidationError

    edited = scenario("misdirected-email")
    edited.facts = {**edited.facts, "colour": "red"}
    with pytest.raises(ValidationError):
        edited.full_clean()
    edited.save()
    with pytest.raises(ValidationFailed) as refused:
        drill_start(actor=personas["dpo"], scenario=edited, now=START)
    assert "colour" in refused.value.fields["scenario"][0]
    assert not Incident.objects.exists()


def test_drills_are_numbered_apart_and_never_take_a_real_number(
    personas: dict[str, Any], teams: Any, organisation: Any
) -> None:
    security = personas["security"]
    real = [incident_create_for_test(actor=security, now=START).reference]
    drills = [
        drill_start(actor=security, scenario=scenario("misdirected-email"), now=START),
        drill_start(actor=security, scenario=scenario("lost-unencrypted-laptop"), now=START),
    ]
    # An incident logged as a drill at intake is an exercise too.
    logged_drill = incident_create_for_test(actor=security, now=START, is_drill=True)
    real.append(incident_create_for_test(actor=security, now=START).reference)
    replay = drill_start(
        actor=security, source_incident=Incident.objects.get(reference=real[0]), now=timezone.now()
    )
    assert real == ["BD-2026-0001", "BD-2026-0002"]
    assert [d.incident.reference for d in drills] == ["DRILL-2026-0001", "DRILL-2026-0002"]
    assert logged_drill.reference == "DRILL-2026-0003"
    assert replay.incident.reference.startswith("DRILL-")


def test_numbers_issued_before_drills_had_their_own_series_carry_on(
    personas: dict[str, Any], teams: Any, organisation: Any
) -> None:
    # A counter and a drill numbered before the split (BD-2026-0041): both keep what they had.
    ReferenceCounter.objects.create(year=2026, last_number=40)
    old_drill = incident_create_for_test(actor=personas["security"], now=START)
    Incident.objects.filter(pk=old_drill.pk).update(is_drill=True)
    drill = drill_start(actor=personas["dpo"], scenario=scenario("misdirected-email"), now=START)
    real = incident_create_for_test(actor=personas["security"], now=START)
    assert (real.reference, drill.incident.reference) == ("BD-2026-0042", "DRILL-2026-0001")
    assert Incident.objects.get(reference="BD-2026-0041").is_drill
    assert set(ReferenceCounter.objects.values_list("prefix", "year", "last_number")) == {
        ("BD", 2026, 42),
        ("DRILL", 2026, 1),
    }
