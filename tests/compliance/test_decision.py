"""The decision model: facts move the tier one way only, and every answer explains itself."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.engine.decision import TIERS, decide
from compliance.engine.decision_preview import what_if
from compliance.engine.risk import DATA_CATEGORIES, RiskInputs

MITIGATING_FLAGS = (
    "encrypted_key_intact",
    "backup_available",
    "logs_show_no_exfiltration",
    "trusted_recipient_deleted",
    "data_already_public",
)
AGGRAVATING_FLAGS = ("malicious", "vulnerable_people", "identity_theft_possible")
LEVELS = (0.0, 0.25, 0.5)
HOURS = st.none() | st.floats(min_value=0, max_value=1000, allow_nan=False)
COUNTS = st.none() | st.integers(min_value=0, max_value=200_000_000)

inputs_strategy = st.builds(
    RiskInputs,
    data_categories=st.frozensets(st.sampled_from(sorted(DATA_CATEGORIES)), min_size=1),
    ease_of_identification=st.sampled_from((0.25, 0.5, 0.75, 1.0)),
    confidentiality=st.sampled_from(LEVELS),
    integrity=st.sampled_from(LEVELS),
    availability=st.sampled_from(LEVELS),
    malicious=st.booleans(),
    encrypted_key_intact=st.booleans(),
    backup_available=st.booleans(),
    restore_hours=HOURS,
    logs_show_no_exfiltration=st.booleans(),
    vulnerable_people=st.booleans(),
    subjects_count=COUNTS,
    trusted_recipient_deleted=st.booleans(),
    data_already_public=st.booleans(),
    identity_theft_possible=st.booleans(),
    exposure_hours=HOURS,
)


def rank(inputs: RiskInputs) -> int:
    return TIERS.index(decide(inputs).tier)


def _worse_number(draw: Any, value: float | int | None, top: float) -> float | int:
    """A value at least as large as the given one (None counts as the smallest)."""
    floor = value if value is not None else 0
    return draw(st.integers(min_value=int(floor), max_value=int(top) + int(floor)))


@st.composite
def aggravated(draw: Any) -> tuple[RiskInputs, RiskInputs]:
    """A case and the same case with one aggravating fact added."""
    base = draw(inputs_strategy)
    change = draw(st.sampled_from(("flag", "category", "level", "count", "restore", "exposure")))
    if change == "flag":
        worse = replace(base, **{draw(st.sampled_from(AGGRAVATING_FLAGS)): True})
    elif change == "category":
        extra = draw(st.sampled_from(sorted(DATA_CATEGORIES)))
        worse = replace(base, data_categories=base.data_categories | {extra})
    elif change == "level":
        name = draw(st.sampled_from(("confidentiality", "integrity", "availability")))
        higher = [level for level in LEVELS if level >= getattr(base, name)]
        worse = replace(base, **{name: draw(st.sampled_from(higher))})
    elif change == "count":
        worse = replace(base, subjects_count=_worse_number(draw, base.subjects_count, 10**8))
    elif change == "restore":
        # A timed restore only gets longer; an untimed one stays untimed.
        hours = base.restore_hours
        worse = base if hours is None else replace(base, restore_hours=hours + draw(HOURS_UP))
    else:
        worse = replace(base, exposure_hours=_worse_number(draw, base.exposure_hours, 1000))
    return base, worse


HOURS_UP = st.floats(min_value=0, max_value=500, allow_nan=False)


# The machine may be loaded: no per-example deadline, the properties are what is checked.
@settings(deadline=None)
@given(pair=aggravated())
def test_adding_an_aggravating_fact_never_lowers_the_tier(pair: tuple[RiskInputs, RiskInputs]):
    base, worse = pair
    assert rank(worse) >= rank(base)


@settings(deadline=None)
@given(base=inputs_strategy, flag=st.sampled_from(MITIGATING_FLAGS))
def test_adding_a_mitigating_fact_never_raises_the_tier(base: RiskInputs, flag: str) -> None:
    assert rank(replace(base, **{flag: True})) <= rank(base)


@settings(deadline=None)
@given(base=inputs_strategy, flag=st.sampled_from(AGGRAVATING_FLAGS))
def test_removing_an_aggravating_fact_never_raises_the_tier(base: RiskInputs, flag: str) -> None:
    assert rank(replace(base, **{flag: False})) <= rank(base)


@settings(deadline=None)
@given(base=inputs_strategy)
def test_the_answers_follow_the_tier_and_always_name_their_facts(base: RiskInputs) -> None:
    decision = decide(base)
    assert decision.supervisory_authority.required is (decision.tier != "unlikely")
    assert decision.data_subjects.required is (decision.tier == "high")
    assert decision.supervisory_authority.deciding_facts
    assert decision.data_subjects.deciding_facts


def ransomware(**changes: Any) -> RiskInputs:
    """EDPB case 01: ransomware, backup restored in 5 hours, logs show no exfiltration."""
    values: dict[str, Any] = dict(
        data_categories=frozenset({"identification", "contact"}),
        ease_of_identification=1.0,
        availability=0.25,
        malicious=True,
        backup_available=True,
        restore_hours=5,
        logs_show_no_exfiltration=True,
        subjects_count=350,
    )
    return RiskInputs(**{**values, **changes})


def test_a_quick_restore_from_backup_is_no_risk_and_the_reason_says_so() -> None:
    decision = decide(ransomware())
    assert decision.enisa_tier == "unlikely" and decision.tier == "unlikely"
    assert (
        "a working backup restored the data in 5 hours"
        in decision.supervisory_authority.explanation
    )


def test_a_restore_over_a_day_makes_the_outage_a_risk() -> None:
    assert decide(ransomware(restore_hours=24)).tier == "unlikely"  # the bound is included
    slow = decide(ransomware(restore_hours=24.5))
    assert slow.tier == "risk"
    assert slow.supervisory_authority.explanation.startswith(
        "Art. 33(1): notifying the supervisory authority is required. Restoring the data took "
        "24.5 hours, more than a day"
    )


def test_the_what_if_names_the_single_facts_that_change_an_answer() -> None:
    fields = {(change.field, change.value) for change in what_if(ransomware())}
    assert fields == {("backup_available", False), ("restore_hours", 72.0)}
    summaries = [change.summary for change in what_if(ransomware())]
    assert (
        "If no working backup had been available: Art. 33(1) notice to the authority would "
        "become required." in summaries
    )


def test_the_what_if_of_a_stolen_notebook_names_encryption_for_both_answers() -> None:
    notebook = RiskInputs(
        data_categories=frozenset({"contact"}),
        ease_of_identification=1.0,
        confidentiality=0.5,
        malicious=True,
        subjects_count=25_000,
    )
    encrypted = [c for c in what_if(notebook) if c.field == "encrypted_key_intact"]
    assert [(c.supervisory_authority, c.data_subjects) for c in encrypted] == [(False, False)]


def test_art_34_3_b_mitigation_removes_only_the_data_subject_notice() -> None:
    notebook = RiskInputs(
        data_categories=frozenset({"health"}), ease_of_identification=1.0, confidentiality=0.5
    )
    decision = decide(notebook, high_risk_mitigated=True)
    assert decision.tier == "high" and decision.supervisory_authority.required
    assert not decision.data_subjects.required
    assert decision.data_subjects.legal_basis == "GDPR Art. 34(3)(b)"


def test_a_dpo_override_wins_and_its_rationale_is_the_deciding_fact() -> None:
    decision = decide(
        ransomware(override_tier="high", override_rationale="Patients' appointments were lost.")
    )
    assert (decision.computed_tier, decision.tier) == ("unlikely", "high")
    assert decision.data_subjects.deciding_facts == (
        "the DPO set the tier to 'high': Patients' appointments were lost.",
    )


def test_the_decision_model_imports_no_django() -> None:
    import ast
    from pathlib import Path

    import compliance.engine.decision
    import compliance.engine.decision_preview

    for module in (compliance.engine.decision, compliance.engine.decision_preview):
        tree = ast.parse(Path(str(module.__file__)).read_text())
        names = [
            getattr(node, "module", None) or node.names[0].name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
        ]
        assert not [name for name in names if name and name.startswith("django")]
