"""Worked examples for the engine: which obligations arise, their clocks, statuses and reasons."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from compliance.engine import CONDITION_TESTS, Obligation, evaluate
from compliance.facts import EntityFacts, IncidentFacts, OrganisationFacts
from compliance.regimes import CONDITIONS, RULES_BY_ID

BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
TICK = timedelta(microseconds=1)

EU_ENTITY = EntityFacts(1, "Acme Europe GmbH", "DE", supervisory_authority="BfDI")
UK_ENTITY = EntityFacts(2, "Acme UK Ltd", "GB", supervisory_authority="ICO Wilmslow")
CN_ENTITY = EntityFacts(3, "Acme Shanghai Co., Ltd.", "CN", supervisory_authority="上海市网信办")
US_ENTITY = EntityFacts(4, "Acme Inc.", "US")
EU_ONLY = OrganisationFacts((EU_ENTITY,))
GROUP = OrganisationFacts((EU_ENTITY, UK_ENTITY, CN_ENTITY))

AWARE = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)  # 10:00 in Berlin, the day before spring-forward
NOW = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)


def incident(**overrides: Any) -> IncidentFacts:
    """Build a high-risk controller incident affecting 1,200 people in Germany."""
    values: dict[str, Any] = {
        "reference": "BD-2026-0001",
        "detected_at": AWARE,
        "aware_at": AWARE,
        "breach_types": frozenset({"confidentiality"}),
        "affected_subjects": (("DE", 1200),),
        "risk_tier": "high",
    }
    values.update(overrides)
    return IncidentFacts(**values)


def by_rule(obligations: tuple[Obligation, ...]) -> dict[str, Obligation]:
    """Index obligations by rule id, checking each rule appears once."""
    index = {o.rule_id: o for o in obligations}
    assert len(index) == len(obligations)
    return index


def china_incident(people: int, **overrides: Any) -> IncidentFacts:
    """Build an incident discovered at 09:00 Shanghai time, with people affected in China."""
    detected = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
    values: dict[str, Any] = {
        "detected_at": detected,
        "aware_at": detected + timedelta(hours=6),
        "affected_subjects": (("CN", people),),
    }
    values.update(overrides)
    return incident(**values)


# GDPR Art. 33(1) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "aware_at",
    [
        pytest.param(datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN), id="berlin"),
        pytest.param(datetime(2026, 3, 28, 17, 0, tzinfo=SHANGHAI), id="shanghai"),
        pytest.param(datetime(2026, 3, 28, 5, 0, tzinfo=NEW_YORK), id="new-york"),
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
def test_authority_deadline_is_72_real_hours_across_spring_forward(
    aware_at: datetime, offset: timedelta, status: str
) -> None:
    due = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
    facts = incident(detected_at=aware_at, aware_at=aware_at)
    notice = by_rule(evaluate(facts, EU_ONLY, due + offset))["GDPR-SA"]
    assert (notice.clock_start, notice.due_at, notice.target_at) == (AWARE, due, due)
    assert notice.due_at and notice.clock_start
    assert notice.due_at - notice.clock_start == timedelta(hours=72)
    assert notice.status == status


@pytest.mark.parametrize(
    ("aware_at", "due"),
    [
        pytest.param(
            datetime(2026, 10, 24, 10, 0, tzinfo=BERLIN),
            datetime(2026, 10, 27, 8, 0, tzinfo=UTC),
            id="berlin-across-fall-back",
        ),
        pytest.param(
            datetime(2026, 10, 24, 16, 0, tzinfo=SHANGHAI),
            datetime(2026, 10, 27, 8, 0, tzinfo=UTC),
            id="shanghai-same-instant",
        ),
        pytest.param(
            datetime(2028, 2, 28, 12, 0, tzinfo=NEW_YORK),
            datetime(2028, 3, 2, 17, 0, tzinfo=UTC),
            id="new-york-across-leap-day",
        ),
        pytest.param(
            datetime(2028, 2, 29, 18, 0, tzinfo=BERLIN),
            datetime(2028, 3, 3, 17, 0, tzinfo=UTC),
            id="berlin-on-leap-day",
        ),
    ],
)
def test_authority_deadline_examples(aware_at: datetime, due: datetime) -> None:
    facts = incident(detected_at=aware_at, aware_at=aware_at)
    notice = by_rule(evaluate(facts, EU_ONLY, due - TICK))["GDPR-SA"]
    assert notice.due_at == due
    assert notice.status == "pending"
    assert by_rule(evaluate(facts, EU_ONLY, due + TICK))["GDPR-SA"].status == "overdue"


def test_the_clock_starts_at_awareness_not_detection() -> None:
    facts = incident(detected_at=AWARE - timedelta(days=2))
    assert by_rule(evaluate(facts, EU_ONLY, NOW))["GDPR-SA"].clock_start == AWARE


def test_authority_notice_cites_the_article_and_is_statutory() -> None:
    notice = by_rule(evaluate(incident(), EU_ONLY, NOW))["GDPR-SA"]
    assert notice.legal_basis == "GDPR Art. 33(1)"
    assert notice.statutory and notice.unit == "H" and notice.duration == 72
    assert notice.explanation.startswith("GDPR Art. 33(1):")
    assert "exactly 72 hours" in notice.explanation
    assert notice.recipient.endswith(": BfDI")
    assert notice.entity_id == EU_ENTITY.id


# Risk tiers and Art. 34 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "authority", "subjects"),
    [
        pytest.param(
            "unlikely",
            ("not_required", "GDPR Art. 33(1)"),
            ("not_required", "GDPR Art. 34(1)"),
            id="unlikely",
        ),
        pytest.param("risk", ("pending", ""), ("not_required", "GDPR Art. 34(1)"), id="risk"),
        pytest.param("high", ("pending", ""), ("pending", ""), id="high"),
        pytest.param(None, ("pending", ""), ("pending", ""), id="not-assessed"),
    ],
)
def test_the_risk_tier_decides_who_is_told(
    tier: str | None, authority: tuple[str, str], subjects: tuple[str, str]
) -> None:
    obligations = by_rule(evaluate(incident(risk_tier=tier), EU_ONLY, NOW))
    assert (obligations["GDPR-SA"].status, obligations["GDPR-SA"].exemption) == authority
    assert (obligations["GDPR-DS"].status, obligations["GDPR-DS"].exemption) == subjects
    # GDPR Art. 33(5): a record, documented once the risk is on record, never a deadline.
    register = obligations["GDPR-REG"]
    assert register.status == ("to_document" if tier is None else "documented")
    assert (register.due_at, register.target_at) == (None, None)


def test_an_unassessed_breach_is_treated_as_notifiable_and_says_so() -> None:
    obligations = by_rule(evaluate(incident(risk_tier=None), EU_ONLY, NOW))
    for rule_id in ("GDPR-SA", "GDPR-DS"):
        assert "has not been assessed yet" in obligations[rule_id].explanation


def test_an_unlikely_risk_points_to_the_register() -> None:
    notice = by_rule(evaluate(incident(risk_tier="unlikely"), EU_ONLY, NOW))["GDPR-SA"]
    assert "register (GDPR Art. 33(5))" in notice.explanation


@pytest.mark.parametrize(
    ("flags", "exemption"),
    [
        pytest.param({"data_encrypted": True}, "GDPR Art. 34(3)(a)", id="encrypted"),
        pytest.param({"high_risk_mitigated": True}, "GDPR Art. 34(3)(b)", id="mitigated"),
        pytest.param(
            {"data_encrypted": True, "disproportionate_effort": True},
            "GDPR Art. 34(3)(a)",
            id="a-wins-over-c",
        ),
    ],
)
def test_art_34_3_a_and_b_remove_the_individual_notice(flags: dict, exemption: str) -> None:
    obligations = by_rule(evaluate(incident(**flags), EU_ONLY, NOW))
    assert obligations["GDPR-DS"].status == "not_required"
    assert obligations["GDPR-DS"].exemption == exemption
    assert exemption in obligations["GDPR-DS"].explanation
    assert "GDPR-PUB" not in obligations
    assert obligations["GDPR-SA"].status == "pending"


def test_art_34_3_c_replaces_individual_notice_with_a_public_communication() -> None:
    obligations = by_rule(evaluate(incident(disproportionate_effort=True), EU_ONLY, NOW))
    assert obligations["GDPR-DS"].status == "not_required"
    assert obligations["GDPR-DS"].exemption == "GDPR Art. 34(3)(c)"
    public = obligations["GDPR-PUB"]
    assert (public.status, public.legal_basis, public.statutory) == (
        "pending",
        "GDPR Art. 34(3)(c)",
        False,
    )
    assert list(obligations) == ["GDPR-SA", "GDPR-DS", "GDPR-PUB", "GDPR-REG"]


def test_asap_obligations_have_only_an_internal_target() -> None:
    subjects = by_rule(evaluate(incident(), EU_ONLY, NOW))["GDPR-DS"]
    assert subjects.due_at is None
    assert subjects.target_at == AWARE + timedelta(hours=24)
    assert not subjects.statutory
    assert "no statutory deadline" in subjects.explanation
    assert "internal target" in subjects.explanation


def test_the_internal_target_is_configurable_per_regime() -> None:
    org = OrganisationFacts((EU_ENTITY,), asap_target_hours={"GDPR": 12})
    subjects = by_rule(evaluate(incident(), org, NOW))["GDPR-DS"]
    assert subjects.target_at == AWARE + timedelta(hours=12)
    assert "target of 12 hours" in subjects.explanation


def test_an_asap_obligation_past_its_internal_target_is_overdue() -> None:
    target = AWARE + timedelta(hours=24)
    assert by_rule(evaluate(incident(), EU_ONLY, target))["GDPR-DS"].status == "pending"
    assert by_rule(evaluate(incident(), EU_ONLY, target + TICK))["GDPR-DS"].status == "overdue"


# Roles -------------------------------------------------------------------------------------------


def test_a_processor_tells_the_controller_instead() -> None:
    obligations = evaluate(incident(role="processor"), EU_ONLY, NOW)
    assert [o.rule_id for o in obligations] == ["GDPR-PROC"]
    notice = obligations[0]
    assert (notice.recipient, notice.legal_basis, notice.due_at) == (
        "the controller",
        "GDPR Art. 33(2)",
        None,
    )


def test_joint_controllers_carry_the_controller_duties() -> None:
    rules = [o.rule_id for o in evaluate(incident(role="joint"), EU_ONLY, NOW)]
    assert rules == ["GDPR-SA", "GDPR-DS", "GDPR-REG"]


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


# Entities and regimes --------------------------------------------------------------------------


def test_each_regime_lands_on_the_entity_established_there() -> None:
    facts = incident(affected_subjects=(("DE", 10), ("GB", 20), ("CN", 30)))
    obligations = evaluate(facts, GROUP, NOW)
    assert [(o.rule_id, o.entity_id) for o in obligations] == [
        ("GDPR-SA", 1),
        ("GDPR-DS", 1),
        ("GDPR-REG", 1),
        ("UK_GDPR-SA", 2),
        ("UK_GDPR-DS", 2),
        ("UK_GDPR-REG", 2),
        ("PIPL-AUTH", 3),
        ("PIPL-IND", 3),
        ("CAC-4H", 3),
        ("CAC-FINAL", 3),
    ]


def test_an_entity_concerned_brings_in_its_own_regime() -> None:
    facts = incident(entity_ids=(1, 3))
    regimes = {o.regime for o in evaluate(facts, GROUP, NOW)}
    assert regimes == {"GDPR", "PIPL", "CAC"}
    explanation = by_rule(evaluate(facts, GROUP, NOW))["PIPL-AUTH"].explanation
    assert "entity Acme Shanghai Co., Ltd. is established in CN" in explanation


def test_naming_the_entities_concerned_limits_the_regimes() -> None:
    regimes = {o.regime for o in evaluate(incident(entity_ids=(1,)), GROUP, NOW)}
    assert regimes == {"GDPR"}


def test_without_a_local_entity_the_first_concerned_one_bears_the_regime() -> None:
    org = OrganisationFacts((US_ENTITY,))
    notice = by_rule(evaluate(incident(), org, NOW))["GDPR-SA"]
    assert notice.entity_id == US_ENTITY.id
    assert notice.recipient == RULES_BY_ID["GDPR-SA"].recipient


def test_an_unknown_entity_id_is_refused() -> None:
    with pytest.raises(ValueError, match="^entity_ids"):
        evaluate(incident(entity_ids=(99,)), GROUP, NOW)


def test_people_outside_any_regime_and_no_local_entity_give_no_obligation() -> None:
    org = OrganisationFacts((US_ENTITY,))
    assert evaluate(incident(affected_subjects=(("US", 5000),)), org, NOW) == ()


def test_zero_people_affected_gives_no_obligation() -> None:
    assert evaluate(incident(affected_subjects=(("DE", 0),)), EU_ONLY, NOW) == ()


def test_unknown_counts_are_treated_as_people_affected() -> None:
    obligations = evaluate(incident(affected_subjects=()), EU_ONLY, NOW)
    assert [o.rule_id for o in obligations] == ["GDPR-SA", "GDPR-DS", "GDPR-REG"]


def test_a_manual_inclusion_keeps_its_reason() -> None:
    reason = "Chinese users reach the service through a partner app."
    facts = incident(regime_overrides=(("PIPL", "include", reason), ("CAC", "include", reason)))
    obligations = by_rule(evaluate(facts, EU_ONLY, NOW))
    assert obligations["PIPL-AUTH"].status == "pending"
    assert reason.rstrip(".") + "." in obligations["PIPL-AUTH"].explanation
    assert ".." not in obligations["PIPL-AUTH"].explanation
    assert "CAC-4H" in obligations  # the CAC comes with China too, but nothing leaked there
    assert obligations["CAC-4H"].status == "not_required"


def test_a_manual_exclusion_marks_the_regime_not_required_with_its_reason() -> None:
    reason = "The German residents were visitors; the DPA confirmed no competence."
    facts = incident(regime_overrides=(("GDPR", "exclude", reason),))
    obligations = evaluate(facts, EU_ONLY, NOW)
    assert {(o.status, o.exemption) for o in obligations} == {("not_required", "manual exclusion")}
    assert all(reason.rstrip(".") in o.explanation for o in obligations)


def test_excluding_a_regime_that_does_not_apply_changes_nothing() -> None:
    facts = incident(regime_overrides=(("PIPL", "exclude", "No Chinese users."),))
    assert evaluate(facts, EU_ONLY, NOW) == evaluate(incident(), EU_ONLY, NOW)


def test_a_drill_computes_the_same_obligations_and_says_it_is_a_drill() -> None:
    real = evaluate(incident(), EU_ONLY, NOW)
    drill = evaluate(incident(is_drill=True), EU_ONLY, NOW)
    assert [dataclasses.replace(o, explanation="") for o in real] == [
        dataclasses.replace(o, explanation="") for o in drill
    ]
    assert all("This is a drill" in o.explanation for o in drill)


# The obligation value ---------------------------------------------------------------------------


def test_obligations_are_ordinary_frozen_values() -> None:
    notice = evaluate(incident(), EU_ONLY, NOW)[0]
    rebuilt = Obligation(**{f.name: getattr(notice, f.name) for f in dataclasses.fields(notice)})
    assert rebuilt == notice and hash(rebuilt) == hash(notice)
    assert dataclasses.asdict(notice)["due_at"] == notice.due_at
    with pytest.raises(dataclasses.FrozenInstanceError):
        notice.status = "submitted"  # type: ignore[misc]


def test_every_exemption_condition_in_the_tables_has_a_test() -> None:
    assert set(CONDITION_TESTS) == CONDITIONS


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="^now"):
        evaluate(incident(), EU_ONLY, datetime(2026, 3, 28, 12, 0))


# Facts validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param(
            {"detected_at": datetime(2026, 3, 28, 9, 0)}, "detected_at", id="naive-detected"
        ),
        pytest.param({"aware_at": datetime(2026, 3, 28, 9, 0)}, "aware_at", id="naive-aware"),
        pytest.param(
            {"handling_ended_at": datetime(2026, 4, 1)}, "handling_ended_at", id="naive-handling"
        ),
        pytest.param({"aware_at": AWARE - TICK}, "aware_at", id="aware-before-detected"),
        pytest.param(
            {"occurred_from": AWARE, "occurred_to": AWARE - TICK},
            "occurred_to",
            id="occurred-reversed",
        ),
        pytest.param(
            {"affected_subjects": (("de", 5),)}, "affected_subjects", id="lower-case-country"
        ),
        pytest.param(
            {"affected_subjects": (("DEU", 5),)}, "affected_subjects", id="alpha-3-country"
        ),
        pytest.param(
            {"affected_subjects": (("DE", -1),)}, "affected_subjects", id="negative-count"
        ),
        pytest.param({"records_count": -5}, "records_count", id="negative-records"),
        pytest.param({"cac_leaked_people": -1}, "cac_leaked_people", id="negative-leaked"),
        pytest.param({"role": "owner"}, "role", id="unknown-role"),
        pytest.param(
            {"breach_types": frozenset({"theft"})}, "breach_types", id="unknown-breach-type"
        ),
        pytest.param({"risk_tier": "medium"}, "risk_tier", id="band-is-not-a-tier"),
        pytest.param({"cac_grade": "major"}, "cac_grade_reason", id="grade-without-reason"),
        pytest.param(
            {"regime_overrides": (("GDPR", "include", " "),)},
            "regime_overrides",
            id="override-no-reason",
        ),
        pytest.param(
            {"regime_overrides": (("HIPAA", "include", "x"),)},
            "regime_overrides",
            id="unknown-regime",
        ),
        pytest.param(
            {"regime_overrides": (("GDPR", "include", "a"), ("GDPR", "exclude", "b"))},
            "regime_overrides",
            id="include-and-exclude",
        ),
    ],
)
def test_invalid_facts_raise_naming_the_field(overrides: dict, field: str) -> None:
    with pytest.raises(ValueError, match=f"^{field}"):
        incident(**overrides)


def test_an_entity_country_must_be_an_alpha_2_code() -> None:
    with pytest.raises(ValueError, match="^country"):
        EntityFacts(1, "Acme", "Germany")


def test_an_organisation_needs_distinct_entities_and_positive_targets() -> None:
    with pytest.raises(ValueError, match="^entities"):
        OrganisationFacts(())
    with pytest.raises(ValueError, match="^entities"):
        OrganisationFacts((EU_ENTITY, EU_ENTITY))
    with pytest.raises(ValueError, match="^asap_target_hours"):
        OrganisationFacts((EU_ENTITY,), asap_target_hours={"GDPR": 0})


def test_facts_accept_lists_and_store_immutable_values() -> None:
    facts = incident(breach_types=["confidentiality"], affected_subjects=[["DE", 3]])
    assert facts.breach_types == frozenset({"confidentiality"})
    assert facts.affected_subjects == (("DE", 3),)
    assert facts.affected_subjects[0].count == 3
