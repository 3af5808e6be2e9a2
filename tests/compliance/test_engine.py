"""Worked examples for the engine: which obligations arise, their clocks, statuses and reasons."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from compliance.engine import CONDITION_TESTS, Obligation, evaluate
from compliance.engine.facts import OrganisationFacts
from compliance.engine.regimes import CONDITIONS, RULES_BY_ID
from tests.compliance.engine_cases import (
    AWARE,
    BERLIN,
    EU_ENTITY,
    EU_ONLY,
    GROUP,
    NEW_YORK,
    NOW,
    SHANGHAI,
    TICK,
    US_ENTITY,
    by_rule,
    incident,
)

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
    assert obligations["GDPR-REG"].status == "pending"


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
