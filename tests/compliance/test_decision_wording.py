"""The risk decision's verdicts, written in English by the engine, read in Chinese by lookup."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.engine.decision import decide
from compliance.engine.risk import RiskInputs
from compliance.wording import verdicts_text

# What may stay in Latin letters in a Chinese verdict: article numbers and the method's name.
LATIN = re.compile(r"[A-Za-z]{2,}")
KEPT = {"Art", "ENISA", "DPC"}

inputs = st.builds(
    RiskInputs,
    data_categories=st.sets(
        st.sampled_from(["contact", "payment_card", "health", "children", "national_id"]),
        min_size=1,
    ).map(frozenset),
    ease_of_identification=st.sampled_from([0.25, 0.5, 0.75, 1.0]),
    confidentiality=st.sampled_from([0.0, 0.25, 0.5]),
    integrity=st.sampled_from([0.0, 0.25]),
    availability=st.sampled_from([0.0, 0.25, 0.5]),
    malicious=st.booleans(),
    encrypted_key_intact=st.booleans(),
    backup_available=st.booleans(),
    restore_hours=st.sampled_from([None, 2.0, 48.0]),
    logs_show_no_exfiltration=st.booleans(),
    vulnerable_people=st.booleans(),
    subjects_count=st.sampled_from([None, 1, 12, 50_000]),
    trusted_recipient_deleted=st.booleans(),
    data_already_public=st.booleans(),
    identity_theft_possible=st.booleans(),
    exposure_hours=st.sampled_from([None, 200.0]),
)


@settings(max_examples=60, deadline=None)
@given(inputs, st.booleans())
def test_every_verdict_reads_in_chinese_without_english_left(
    facts: RiskInputs, mitigated: bool
) -> None:
    decision = decide(facts, high_risk_mitigated=mitigated)
    with translation.override("zh-hans"):
        shown = verdicts_text(decision.summary)
    assert set(LATIN.findall(shown)) <= KEPT, shown


def test_the_dpo_s_own_words_are_kept_and_english_is_unchanged() -> None:
    facts = RiskInputs(
        data_categories=frozenset({"contact"}),
        ease_of_identification=1.0,
        confidentiality=0.5,
        override_tier="unlikely",
        override_rationale="Recovered within minutes; see ticket SEC-12",
    )
    summary = decide(facts).summary
    with translation.override("en"):
        assert verdicts_text(summary) == summary
    with translation.override("zh-hant"):
        shown = verdicts_text(summary)
    assert "無需向監管機構通報" in shown
    assert "Recovered within minutes; see ticket SEC-12" in shown


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_text_no_template_knows_is_kept_as_written(language: str) -> None:
    with translation.override(language):
        assert verdicts_text("A note of our own.") == "A note of our own."


def test_a_duty_s_explanation_names_the_tier_s_source_and_verdict_in_chinese() -> None:
    from compliance.wording import explanation_text, unrecognised_sentences

    summary = decide(
        RiskInputs(
            data_categories=frozenset({"payment_card"}),
            ease_of_identification=1.0,
            confidentiality=0.5,
            malicious=True,
        )
    ).supervisory_authority.explanation
    tail = (
        " The tier comes from risk assessment #3 (ENISA score 3.25, high band)."
        f" The assessment's reasoning: {summary}"
    )
    assert unrecognised_sentences(tail) == []
    with translation.override("zh-hans"):
        shown = explanation_text(tail)
    assert shown.startswith(
        "风险等级来自第 3 号风险评估（ENISA 评分 3.25，严重程度：高）。评估的理由："
    )
    assert "须向监管机构通报" in shown
    assert set(LATIN.findall(shown)) <= KEPT, shown
