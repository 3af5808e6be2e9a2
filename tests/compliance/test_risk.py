"""ENISA severity: DPC from data categories, the score, its band and the GDPR tier it maps to."""

from __future__ import annotations

from typing import Any

import pytest

from compliance.engine.risk import (
    DATA_CATEGORIES,
    SPECIAL_CATEGORIES,
    RiskInputs,
    assess,
    band_for,
    dpc_base,
)

EXPECTED_DPC = {
    "identification": 1,
    "contact": 1,
    "education_career": 1,
    "location": 2,
    "behavioural": 2,
    "traffic": 2,
    "financial": 3,
    "payment_card": 3,
    "credentials": 3,
    "national_id": 3,
    "official_documents": 3,
    "health": 4,
    "genetic_biometric": 4,
    "political": 4,
    "religious": 4,
    "sex_life": 4,
    "ethnic": 4,
    "trade_union": 4,
    "criminal": 4,
    "children": 4,
}


def inputs(**overrides: Any) -> RiskInputs:
    """Build risk inputs for contact data, limited identifiability and nothing else."""
    values: dict[str, Any] = {
        "data_categories": frozenset({"contact"}),
        "ease_of_identification": 0.5,
    }
    values.update(overrides)
    return RiskInputs(**values)


def test_every_category_code_has_its_dpc_and_both_labels() -> None:
    assert {code: c.dpc for code, c in DATA_CATEGORIES.items()} == EXPECTED_DPC
    for category in DATA_CATEGORIES.values():
        assert category.label_en and category.label_zh


def test_special_categories_are_the_art_9_ones_and_all_score_four() -> None:
    assert SPECIAL_CATEGORIES == {
        "health",
        "genetic_biometric",
        "political",
        "religious",
        "sex_life",
        "ethnic",
        "trade_union",
    }
    assert all(DATA_CATEGORIES[code].dpc == 4 for code in SPECIAL_CATEGORIES)


def test_with_several_data_types_the_highest_dpc_wins() -> None:
    assert dpc_base(frozenset({"contact", "location", "payment_card"})) == 3


@pytest.mark.parametrize(
    ("score", "band"),
    [
        pytest.param(0.25, "low", id="minimum"),
        pytest.param(1.75, "low", id="just-below-2"),
        pytest.param(2.0, "medium", id="at-2"),
        pytest.param(2.75, "medium", id="just-below-3"),
        pytest.param(3.0, "high", id="at-3"),
        pytest.param(3.75, "high", id="just-below-4"),
        pytest.param(4.0, "very_high", id="at-4"),
        pytest.param(6.0, "very_high", id="maximum"),
    ],
)
def test_band_boundaries(score: float, band: str) -> None:
    assert band_for(score) == band


@pytest.mark.parametrize(
    ("overrides", "score", "band", "tier"),
    [
        pytest.param({}, 0.5, "low", "unlikely", id="contact-data-limited"),
        pytest.param(
            {"data_categories": frozenset({"location"}), "ease_of_identification": 1.0},
            2.0,
            "medium",
            "risk",
            id="location-fully-identifiable",
        ),
        pytest.param(
            {
                "data_categories": frozenset({"payment_card"}),
                "ease_of_identification": 0.75,
                "confidentiality": 0.5,
                "availability": 0.25,
            },
            3.0,
            "high",
            "high",
            id="cards-to-unknown-recipients",
        ),
        pytest.param(
            {
                "data_categories": frozenset({"health", "contact"}),
                "ease_of_identification": 1.0,
                "confidentiality": 0.5,
                "integrity": 0.5,
                "availability": 0.5,
                "malicious": True,
            },
            6.0,
            "very_high",
            "high",
            id="maximum-severity",
        ),
    ],
)
def test_score_band_and_tier(overrides: dict, score: float, band: str, tier: str) -> None:
    result = assess(inputs(**overrides))
    assert (result.score, result.band, result.computed_tier, result.tier) == (
        score,
        band,
        tier,
        tier,
    )


@pytest.mark.parametrize(
    ("adjustment", "categories", "dpc"),
    [
        pytest.param(1, {"health"}, 4, id="clamped-at-4"),
        pytest.param(-1, {"contact"}, 1, id="clamped-at-1"),
        pytest.param(1, {"location"}, 3, id="raised"),
        pytest.param(-1, {"financial"}, 2, id="lowered"),
    ],
)
def test_the_assessor_adjustment_is_clamped(adjustment: int, categories: set, dpc: int) -> None:
    result = assess(
        inputs(
            data_categories=frozenset(categories),
            dpc_adjustment=adjustment,
            dpc_adjustment_reason="context",
        )
    )
    assert result.dpc == dpc


def test_the_band_to_tier_mapping_is_configurable() -> None:
    strict = {"low": "risk", "medium": "high", "high": "high", "very_high": "high"}
    assert assess(inputs(), strict).tier == "risk"


def test_an_override_needs_a_rationale_and_keeps_it() -> None:
    with pytest.raises(ValueError, match="^override_rationale"):
        inputs(override_tier="high")
    result = assess(inputs(override_tier="high", override_rationale="Customers are minors."))
    assert (result.computed_tier, result.tier, result.overridden) == ("unlikely", "high", True)
    assert "Customers are minors." in result.explanation
    assert result.rationale == "Customers are minors."


def test_the_explanation_names_the_inputs_that_decided_the_tier() -> None:
    result = assess(
        inputs(
            data_categories=frozenset({"health", "contact"}),
            ease_of_identification=0.75,
            confidentiality=0.5,
            malicious=True,
        )
    )
    assert result.explanation.startswith("ENISA severity SE = DPC x EI + CB = 4 x 0.75 + 1 = 4:")
    for factor in ("health data (DPC 4)", "significant", "unknown recipients", "malicious"):
        assert factor in result.explanation
    assert "contact details" not in " ".join(result.deciding_factors)


def test_decision_facts_are_named_on_the_side_they_weigh() -> None:
    result = assess(
        inputs(
            data_categories=frozenset({"children", "national_id"}),
            encrypted_key_intact=True,
            backup_available=True,
            restore_hours=6,
            logs_show_no_exfiltration=True,
            trusted_recipient_deleted=True,
            data_already_public=True,
            subjects_count=1200,
            records_count=5000,
        )
    )
    assert result.aggravating == (
        "national ID or official-document data",
        "children or other vulnerable people",
        "volume: 1,200 people and 5,000 records",
    )
    assert result.mitigating == (
        "encrypted or hashed with the key or salt intact (cf. GDPR Art. 34(3)(a))",
        "a working backup, restored in 6 hours",
        "logs show no exfiltration",
        "a trusted recipient bound by secrecy confirmed deletion",
        "the data were already public",
        "accidental rather than malicious",
    )
    assert "Facts lowering the risk: encrypted" in result.explanation


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"data_categories": frozenset()}, "data_categories", id="no-category"),
        pytest.param(
            {"data_categories": frozenset({"shoe_size"})}, "data_categories", id="unknown"
        ),
        pytest.param({"ease_of_identification": 0.6}, "ease_of_identification", id="ei-off-scale"),
        pytest.param({"confidentiality": 0.75}, "confidentiality", id="c-off-scale"),
        pytest.param({"integrity": 1}, "integrity", id="i-off-scale"),
        pytest.param({"availability": -0.25}, "availability", id="a-off-scale"),
        pytest.param({"dpc_adjustment": 2}, "dpc_adjustment", id="adjustment-too-big"),
        pytest.param({"dpc_adjustment": 1}, "dpc_adjustment_reason", id="adjustment-no-reason"),
        pytest.param({"restore_hours": -1}, "restore_hours", id="negative-restore"),
        pytest.param(
            {"override_tier": "severe", "override_rationale": "x"}, "override_tier", id="bad-tier"
        ),
    ],
)
def test_invalid_inputs_raise_naming_the_field(overrides: dict, field: str) -> None:
    with pytest.raises(ValueError, match=f"^{field}"):
        inputs(**overrides)
