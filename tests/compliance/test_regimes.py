"""The regime tables: each rule's basis, clock, unit and exemptions as docs/regulations.md gives them."""

from __future__ import annotations

from datetime import date

import pytest

from compliance.engine.regimes import (
    COUNTRY_REGIMES,
    EEA_COUNTRIES,
    EU_MEMBER_STATES,
    REGIMES,
    RULES_BY_ID,
    cac_grade_for,
)


def test_rule_ids_are_unique_per_version_and_belong_to_their_regime() -> None:
    # A rule id recurs only across versions of a law, whose dates never overlap.
    for regime in REGIMES:
        for rule_id in {rule.id for rule in regime.rules}:
            versions = sorted(
                (r for r in regime.rules if r.id == rule_id),
                key=lambda r: r.valid_from or date.min,
            )
            for earlier, later in zip(versions, versions[1:], strict=False):
                assert earlier.valid_to is not None and later.valid_from is not None
                assert earlier.valid_to <= later.valid_from
    for regime in REGIMES:
        assert all(rule.regime == regime.code for rule in regime.rules)
        assert all(rule.id.startswith(regime.code + "-") for rule in regime.rules)


def test_regimes_come_in_a_fixed_order() -> None:
    # Integrators rely on these codes (obligations[].regime).
    assert [regime.code for regime in REGIMES] == [
        *("GDPR", "UK_GDPR", "PIPL", "CAC", "NIS2", "DORA", "HIPAA", "SEC"),
        *("US-CA", "US-CO", "US-FL", "US-WA", "US-NY", "US-TX"),
        *("SG", "KR", "JP", "AU", "IN", "HK", "BR", "CA", "CA-QC", "SA", "TW"),
    ]


@pytest.mark.parametrize(
    ("rule_id", "basis", "event", "duration", "unit"),
    [
        pytest.param("GDPR-SA", "GDPR Art. 33(1)", "aware_at", 72, "H", id="gdpr-authority"),
        pytest.param("GDPR-PROC", "GDPR Art. 33(2)", "aware_at", None, "ASAP", id="gdpr-processor"),
        pytest.param("GDPR-DS", "GDPR Art. 34(1)", "aware_at", None, "ASAP", id="gdpr-subjects"),
        pytest.param("GDPR-PUB", "GDPR Art. 34(3)(c)", "aware_at", None, "ASAP", id="gdpr-public"),
        pytest.param("GDPR-REG", "GDPR Art. 33(5)", "aware_at", None, "ASAP", id="gdpr-register"),
        pytest.param("UK_GDPR-SA", "UK GDPR Art. 33(1)", "aware_at", 72, "H", id="uk-authority"),
        pytest.param(
            "UK_GDPR-DS", "UK GDPR Art. 34(1)", "aware_at", None, "ASAP", id="uk-subjects"
        ),
        pytest.param("PIPL-AUTH", "PIPL Art. 57", "detected_at", None, "ASAP", id="pipl-authority"),
        pytest.param(
            "PIPL-IND", "PIPL Art. 57", "detected_at", None, "ASAP", id="pipl-individuals"
        ),
        pytest.param("CAC-4H", "Art. 4", "detected_at", 4, "H", id="cac-report"),
        pytest.param("CAC-FINAL", "Art. 8", "handling_ended_at", 30, "CD", id="cac-final"),
    ],
)
def test_rule_clock_and_basis(
    rule_id: str, basis: str, event: str, duration: int | None, unit: str
) -> None:
    rule = RULES_BY_ID[rule_id]
    assert basis in rule.legal_basis
    assert rule.clock_event == event
    assert rule.duration == duration
    assert rule.unit == unit
    assert rule.statutory is (unit != "ASAP")


def test_the_uk_rules_mirror_the_eu_rules_with_the_ico() -> None:
    for suffix in ("SA", "PROC", "DS", "PUB", "REG"):
        eu, uk = RULES_BY_ID[f"GDPR-{suffix}"], RULES_BY_ID[f"UK_GDPR-{suffix}"]
        assert uk.legal_basis == "UK " + eu.legal_basis
        assert (uk.duration, uk.unit, uk.clock_event, uk.roles) == (
            eu.duration,
            eu.unit,
            eu.clock_event,
            eu.roles,
        )
    assert "ICO" in RULES_BY_ID["UK_GDPR-SA"].recipient


def test_art_34_3_exemptions_in_order_with_c_replaced_by_a_public_communication() -> None:
    exemptions = RULES_BY_ID["GDPR-DS"].exemptions
    assert [e.legal_basis for e in exemptions] == [
        "GDPR Art. 34(1)",
        "GDPR Art. 34(3)(a)",
        "GDPR Art. 34(3)(b)",
        "GDPR Art. 34(3)(c)",
    ]
    assert [e.replaced_by for e in exemptions] == ["", "", "", "GDPR-PUB"]
    assert RULES_BY_ID["GDPR-PUB"].replacement_only


def test_the_pipl_authority_notice_has_no_exemption() -> None:
    assert RULES_BY_ID["PIPL-AUTH"].exemptions == ()
    assert [e.condition for e in RULES_BY_ID["PIPL-IND"].exemptions] == ["pipl_harm_avoided"]


def test_cac_clock_is_shorter_for_cii_operators_and_state_organs() -> None:
    variants = {v.entity_flag: v.duration for v in RULES_BY_ID["CAC-4H"].variants}
    assert variants == {"is_cii_operator": 1, "is_state_organ": 2}


def test_items_marked_verify_in_the_reference_carry_the_flag() -> None:
    flagged = {rule.id for rule in RULES_BY_ID.values() if rule.verify}
    assert {"CAC-4H", "GDPR-SA-OMNIBUS"} <= flagged
    assert not {"GDPR-SA", "UK_GDPR-SA", "PIPL-AUTH"} & flagged
    assert all(RULES_BY_ID[rule_id].verify_note for rule_id in flagged)


def test_the_art_33_3_content_is_on_the_authority_checklist() -> None:
    checklist = " ".join(RULES_BY_ID["GDPR-SA"].content_checklist)
    for item in ("33(3)(a)", "33(3)(b)", "33(3)(c)", "33(3)(d)", "reasons for the delay"):
        assert item in checklist


def test_the_eea_is_the_eu_plus_iceland_liechtenstein_norway() -> None:
    assert len(EU_MEMBER_STATES) == 27
    assert EEA_COUNTRIES == EU_MEMBER_STATES | {"IS", "LI", "NO"}
    assert not {"GB", "CH", "CN", "US"} & EEA_COUNTRIES


@pytest.mark.parametrize(
    ("country", "regimes"),
    [
        pytest.param("DE", ("GDPR",), id="germany"),
        pytest.param("NO", ("GDPR",), id="norway-eea"),
        pytest.param("GB", ("UK_GDPR",), id="united-kingdom"),
        pytest.param("CN", ("PIPL", "CAC"), id="china"),
        pytest.param("HK", ("HK",), id="hong-kong-is-not-pipl"),
        pytest.param("US", (), id="united-states-only-by-state-or-flag"),
        pytest.param("CA", ("CA",), id="canada-pipeda-not-quebec"),
        pytest.param("BR", ("BR",), id="brazil"),
    ],
)
def test_countries_bring_in_their_regimes(country: str, regimes: tuple[str, ...]) -> None:
    assert COUNTRY_REGIMES.get(country, ()) == regimes


@pytest.mark.parametrize(
    ("people", "grade"),
    [
        pytest.param(0, "below_threshold", id="nobody"),
        pytest.param(999_999, "below_threshold", id="999999"),
        pytest.param(1_000_000, "relatively_major", id="1000000-bound-included"),
        pytest.param(9_999_999, "relatively_major", id="9999999"),
        pytest.param(10_000_000, "major", id="10000000-bound-included"),
        pytest.param(99_999_999, "major", id="99999999"),
        pytest.param(100_000_000, "especially_major", id="100000000-bound-included"),
    ],
)
def test_cac_grade_bounds_are_inclusive(people: int, grade: str) -> None:
    assert cac_grade_for(people) == grade
