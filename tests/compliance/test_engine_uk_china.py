"""Worked examples for the UK GDPR, PIPL and the CAC measures: recipients, clocks and grading."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from compliance.engine import evaluate
from compliance.engine.facts import EntityFacts, OrganisationFacts
from tests.compliance.engine_cases import (
    AWARE,
    BERLIN,
    CN_ENTITY,
    EU_ONLY,
    GROUP,
    NEW_YORK,
    NOW,
    SHANGHAI,
    TICK,
    by_rule,
    china_incident,
    incident,
)

# UK and China ------------------------------------------------------------------------------------


def test_uk_residents_bring_in_the_uk_gdpr_and_the_ico() -> None:
    facts = incident(affected_subjects=(("GB", 40),))
    notice = by_rule(evaluate(facts, EU_ONLY, NOW))["UK_GDPR-SA"]
    assert notice.legal_basis == "UK GDPR Art. 33(1)"
    assert "Information Commissioner's Office" in notice.recipient
    assert notice.due_at == AWARE + timedelta(hours=72)


@pytest.mark.parametrize(
    ("authority", "recipient"),
    [
        pytest.param(
            "Information Commissioner's Office",
            "the Information Commissioner's Office (ICO)",
            id="already-named",
        ),
        pytest.param(
            "ICO Wilmslow", "the Information Commissioner's Office (ICO): ICO Wilmslow", id="office"
        ),
    ],
)
def test_the_uk_authority_is_not_named_twice(authority: str, recipient: str) -> None:
    uk = EntityFacts(2, "Acme UK Ltd", "GB", supervisory_authority=authority)
    facts = incident(affected_subjects=(("GB", 40),), entity_ids=(2,))
    notice = by_rule(evaluate(facts, OrganisationFacts((uk,)), NOW))["UK_GDPR-SA"]
    assert notice.recipient == recipient


def test_pipl_clocks_run_from_discovery() -> None:
    facts = china_incident(500)
    obligations = by_rule(evaluate(facts, GROUP, facts.detected_at))
    for rule_id in ("PIPL-AUTH", "PIPL-IND"):
        assert obligations[rule_id].clock_start == facts.detected_at
        assert obligations[rule_id].target_at == facts.detected_at + timedelta(hours=24)
        assert obligations[rule_id].due_at is None
        assert obligations[rule_id].entity_id == CN_ENTITY.id
    assert "上海市网信办" in obligations["PIPL-AUTH"].recipient


def test_pipl_harm_avoided_spares_individuals_but_never_the_authority() -> None:
    obligations = by_rule(evaluate(china_incident(500, pipl_harm_avoided=True), GROUP, NOW))
    assert (obligations["PIPL-IND"].status, obligations["PIPL-IND"].exemption) == (
        "not_required",
        "PIPL Art. 57",
    )
    assert obligations["PIPL-AUTH"].status == "pending"


@pytest.mark.parametrize(
    ("people", "status", "grade"),
    [
        pytest.param(999_999, "not_required", "below relatively major", id="999999"),
        pytest.param(1_000_000, "pending", "relatively major (较大)", id="1000000"),
        pytest.param(10_000_000, "pending", "major (重大)", id="10000000"),
        pytest.param(100_000_000, "pending", "especially major (特别重大)", id="100000000"),
    ],
)
def test_cac_grading_by_people_whose_information_leaked(
    people: int, status: str, grade: str
) -> None:
    facts = china_incident(people)
    obligations = by_rule(evaluate(facts, GROUP, facts.detected_at))
    report = obligations["CAC-4H"]
    assert report.status == status
    assert grade in report.explanation
    assert f"{people:,} people" in report.explanation
    assert obligations["PIPL-AUTH"].status == "pending"


def test_recorded_leaked_people_override_the_count_of_affected_people() -> None:
    facts = china_incident(5_000_000, cac_leaked_people=10)
    report = by_rule(evaluate(facts, GROUP, NOW))["CAC-4H"]
    assert report.status == "not_required"
    assert "10 people whose personal information was recorded as leaked" in report.explanation


@pytest.mark.parametrize(
    ("people", "grade", "status"),
    [
        pytest.param(10, "major", "pending", id="graded-up"),
        pytest.param(50_000_000, "below_threshold", "not_required", id="graded-down"),
    ],
)
def test_a_manual_cac_grade_with_a_reason_wins(people: int, grade: str, status: str) -> None:
    reason = "Direct economic loss above CNY 100 million."
    facts = china_incident(people, cac_grade=grade, cac_grade_reason=reason)
    report = by_rule(evaluate(facts, GROUP, facts.detected_at))["CAC-4H"]
    assert report.status == status
    assert reason in report.explanation


@pytest.mark.parametrize(
    ("entity", "hours"),
    [
        pytest.param(CN_ENTITY, 4, id="operator-4h"),
        pytest.param(dataclasses.replace(CN_ENTITY, is_state_organ=True), 2, id="state-organ-2h"),
        pytest.param(dataclasses.replace(CN_ENTITY, is_cii_operator=True), 1, id="cii-operator-1h"),
        pytest.param(
            dataclasses.replace(CN_ENTITY, is_cii_operator=True, is_state_organ=True),
            1,
            id="cii-state-organ-1h",
        ),
    ],
)
@pytest.mark.parametrize(
    ("offset", "status"),
    [
        pytest.param(-TICK, "pending", id="just-before"),
        pytest.param(timedelta(0), "pending", id="at"),
        pytest.param(TICK, "overdue", id="just-after"),
    ],
)
def test_cac_report_deadline_runs_from_discovery(
    entity: EntityFacts, hours: int, offset: timedelta, status: str
) -> None:
    facts = china_incident(2_000_000)
    due = datetime(2026, 11, 2, 1, 0, tzinfo=UTC) + timedelta(hours=hours)
    report = by_rule(evaluate(facts, OrganisationFacts((entity,)), due + offset))["CAC-4H"]
    assert (report.clock_start, report.due_at, report.duration) == (
        datetime(2026, 11, 2, 1, 0, tzinfo=UTC),
        due,
        hours,
    )
    assert report.status == status
    assert f"exactly {hours} hour{'s' if hours > 1 else ''} of elapsed time" in report.explanation
    assert report.verify and "engine's reading" in report.explanation


def test_cac_final_report_waits_for_the_end_of_handling() -> None:
    final = by_rule(evaluate(china_incident(2_000_000), GROUP, NOW))["CAC-FINAL"]
    assert (final.clock_start, final.due_at, final.target_at, final.status) == (
        None,
        None,
        None,
        "pending",
    )
    assert "has not happened yet" in final.explanation


@pytest.mark.parametrize(
    "ended",
    [
        pytest.param(datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI), id="shanghai"),
        pytest.param(datetime(2026, 11, 20, 3, 0, tzinfo=BERLIN), id="berlin"),
        pytest.param(datetime(2026, 11, 19, 21, 0, tzinfo=NEW_YORK), id="new-york"),
    ],
)
def test_cac_final_report_is_due_30_calendar_days_after_handling_ends(ended: datetime) -> None:
    facts = china_incident(2_000_000, handling_ended_at=ended)
    due = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)  # 20 December 10:00 in Shanghai
    final = by_rule(evaluate(facts, GROUP, due))["CAC-FINAL"]
    assert final.due_at == due
    assert final.status == "pending"
    assert by_rule(evaluate(facts, GROUP, due + TICK))["CAC-FINAL"].status == "overdue"
