"""The risk assessment's explanation, written in English by the engine, read in Chinese by lookup."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.engine.decision import decide
from compliance.engine.risk import DATA_CATEGORIES, RiskInputs, assess
from compliance.risk_wording import risk_text
from tests.compliance.test_decision_wording import inputs as decision_inputs

# What may stay in Latin letters in a Chinese explanation: the method's name, its terms, the
# statute's name and article numbers.
LATIN = re.compile(r"[A-Za-z]{2,}")
KEPT = {"ENISA", "SE", "DPC", "EI", "CB", "GDPR", "Art"}

# The verdicts' facts (tests/compliance/test_decision_wording.py), with every data category,
# a DPC adjustment, a records count and a DPO's override added.
inputs = st.builds(
    lambda facts, categories, adjustment, records, override: replace(
        facts,
        data_categories=categories,
        dpc_adjustment=adjustment,
        dpc_adjustment_reason="数据量很大" if adjustment else "",
        records_count=records,
        override_tier=override,
        override_rationale="已与律师确认" if override else "",
    ),
    decision_inputs,
    st.sets(st.sampled_from(sorted(DATA_CATEGORIES)), min_size=1).map(frozenset),
    st.sampled_from([-1, 0, 1]),
    st.sampled_from([None, 3, 1_200_000]),
    st.sampled_from([None, "unlikely", "risk", "high"]),
)


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
@settings(max_examples=80, deadline=None)
@given(facts=inputs, mitigated=st.booleans())
def test_every_risk_explanation_reads_in_chinese_without_english_left(
    language: str, facts: RiskInputs, mitigated: bool
) -> None:
    # As stored with an assessment: the ENISA reasoning, then the decision's verdicts.
    explanation = decide(facts, high_risk_mitigated=mitigated).assessment.explanation
    with translation.override(language):
        shown = risk_text(explanation)
    assert set(LATIN.findall(shown)) <= KEPT, shown


def test_the_arithmetic_factors_and_facts_read_in_chinese_and_english_is_unchanged() -> None:
    facts = RiskInputs(
        data_categories=frozenset({"health", "contact"}),
        ease_of_identification=0.75,
        confidentiality=0.5,
        malicious=True,
        backup_available=True,
        restore_hours=3.0,
        subjects_count=1200,
        override_tier="high",
        override_rationale="Reported in the press",
    )
    explanation = decide(facts, high_risk_mitigated=False).assessment.explanation
    with translation.override("zh-hans"):
        shown = risk_text(explanation)
    assert shown.endswith("，因此该数据泄露可能对其造成高风险。")
    assert shown.startswith("ENISA 严重程度 SE = DPC × EI + CB = 4 × 0.75 + 1 = 4：严重程度为极高")
    assert "可识别程度：显著（EI 0.75）" in shown
    assert "保密性丧失：未知接收方（+0.5）" in shown
    assert "数据保护官将风险等级改定为：可能造成高风险。理由：Reported in the press" in shown
    assert "规模：1,200 人" in shown
    assert "有可用的备份，3 小时内恢复" in shown
    with translation.override("en"):
        assert risk_text(explanation) == explanation
    # The ENISA result alone names the override itself; the DPO's words are kept as written.
    with translation.override("zh-hans"):
        shown = risk_text(assess(facts).explanation)
    assert "改定为“高风险”，理由：Reported in the press 提高风险的事实：" in shown


def test_text_no_template_knows_is_kept_as_written() -> None:
    facts = RiskInputs(
        data_categories=frozenset({"contact"}),
        ease_of_identification=0.5,
        dpc_adjustment=1,
        dpc_adjustment_reason="a board member; the press",
    )
    explanation = assess(facts).explanation
    with translation.override("zh-hans"):
        shown = risk_text(explanation)
    assert "DPC 调整为 2：a board member; the press；可识别程度：有限（EI 0.5）" in shown
    assert risk_text("Written by hand.") == "Written by hand."
