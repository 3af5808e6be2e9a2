"""Stored and generated content in three languages: the engine's texts, explanations, defaults.

The engine and the defaults stay English; the catalogues hold a translation of each text in
both Chinese scripts (incidents/content.py lists them, manage.py translations_sync adds new ones).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.engine import evaluate
from compliance.engine.facts import EntityFacts, IncidentFacts, OrganisationFacts
from compliance.engine.regimes import REGIMES
from compliance.wording import explanation_text, text, unrecognised_sentences
from incidents.content import content_msgids
from incidents.management.commands.translations_sync import (
    HANS,
    HANT,
    parse_po,
    traditional_entries,
)
from tests.compliance.engine_cases import AWARE, GROUP, NOW, china_incident, incident
from tests.compliance.test_engine_properties import incidents
from tests.config.test_translations import CATALOGUE, TRADITIONAL, po_entries

LANGUAGES = ("en", "zh-hans", "zh-hant")


@pytest.mark.parametrize("catalogue", [CATALOGUE, TRADITIONAL], ids=["zh_Hans", "zh_Hant"])
def test_every_engine_text_and_default_content_has_a_chinese_entry(catalogue: Path) -> None:
    # A new regime's citation, recipient, duty or checklist item fails here until translated.
    entries = po_entries(catalogue)
    missing = [msgid for msgid in content_msgids() if not entries.get(msgid, "").strip()]
    assert missing == [], "run manage.py translations_sync, then translate the zh_Hans entries"


def test_every_engine_rule_text_is_on_the_list() -> None:
    listed = set(content_msgids())
    for regime in REGIMES:
        for rule in regime.rules:
            texts = {rule.legal_basis, rule.recipient, rule.trigger, rule.duty, regime.name}
            texts |= set(rule.content_checklist)
            texts |= {e.reason for e in rule.exemptions} | {e.legal_basis for e in rule.exemptions}
            texts |= {v.recipient for v in rule.variants} | {v.label for v in rule.variants}
            assert texts <= listed, rule.id


def test_the_traditional_catalogue_is_what_the_converter_makes() -> None:
    opencc = pytest.importorskip("opencc", reason="the converter is in the test extra only")
    hant = parse_po(HANT.read_text(encoding="utf-8"))
    expected = traditional_entries(parse_po(HANS.read_text(encoding="utf-8")), [], None)
    regenerated = traditional_entries(
        parse_po(HANS.read_text(encoding="utf-8")), hant, opencc.OpenCC("s2twp")
    )
    assert len(expected) == len(hant)
    changed = [a.msgid for a, b in zip(regenerated, hant, strict=True) if a.msgstr != b.msgstr]
    assert changed == [], "zh_Hant was edited by hand: run manage.py translations_sync"


# OpenCC's programmers' words where the text means everyday ones: a data type for a kind, source
# code for a country code, a computer file for a filing, "by way of" for a law adopted.
PROGRAMMERS_WORDS = ("型別", "程式碼", "提交檔案", "電子檔案法", "已透過（")


def test_the_traditional_catalogue_uses_everyday_words_not_programmers_ones() -> None:
    hant = po_entries(TRADITIONAL)
    found = {m: s for m, s in hant.items() if any(word in s for word in PROGRAMMERS_WORDS)}
    assert found == {}
    assert "已通過" in hant["The EU Digital Omnibus is adopted (GDPR Art. 33: 96 hours)"]
    assert hant["Breach type"] == "洩露類型"
    assert hant["Country code and count, e.g. DE 1200, FR 300."].startswith("國家代碼")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "immediately (立即)"),
        ("zh-hans", "个人信息处理者应当立即"),
        ("zh-hant", "個人信息處理者應當立即"),
    ],
)
def test_pipl_article_57_says_immediately(language: str, expected: str) -> None:
    pipl = next(o for o in evaluate(china_incident(200), GROUP, NOW) if o.rule_id == "PIPL-AUTH")
    with translation.override(language):
        shown = explanation_text(pipl.explanation)
        assert expected in shown
        assert "拖延" not in shown
        assert (
            text(pipl.legal_basis)
            == {
                "en": "PIPL Art. 57",
                "zh-hans": "《个人信息保护法》第五十七条",
                "zh-hant": "《個人信息保護法》第五十七條",
            }[language]
        )


@pytest.mark.parametrize(
    ("language", "citation", "opening"),
    [
        ("en", "GDPR Art. 33(1)", "GDPR Art. 33(1): the controller must notify"),
        ("zh-hans", "GDPR 第 33 条第 1 款", "GDPR 第 33 条第 1 款：控制者应当不得无故拖延地通知"),
        ("zh-hant", "GDPR 第 33 條第 1 款", "GDPR 第 33 條第 1 款：控制者應當不得無故拖延地通知"),
    ],
)
def test_an_explanation_and_its_citation_in_each_language(
    language: str, citation: str, opening: str
) -> None:
    gdpr = next(o for o in evaluate(incident(), GROUP, NOW) if o.rule_id == "GDPR-SA")
    with translation.override(language):
        assert text(gdpr.legal_basis) == citation
        shown = explanation_text(gdpr.explanation)
    assert shown.startswith(opening)
    if language != "en":
        assert "72" in shown and "DE" in shown  # values kept
        assert not re.search(r"\b(the|because|deadline|assessed)\b", shown)


def test_the_cac_grading_and_a_manual_exclusion_are_translated() -> None:
    facts = china_incident(
        2_000_000,
        cac_direct_loss_cny=6_000_000,
        regime_overrides=(("GDPR", "exclude", "Handled by the EU subsidiary's own DPO."),),
        affected_subjects=(("CN", 2_000_000), ("DE", 10)),
    )
    obligations = evaluate(facts, GROUP, NOW)
    for obligation in obligations:
        assert unrecognised_sentences(obligation.explanation) == []
    cac = next(o for o in obligations if o.rule_id == "CAC-4H")
    gdpr = next(o for o in obligations if o.rule_id == "GDPR-SA")
    with translation.override("zh-hant"):
        assert "事件標準" in explanation_text(cac.explanation)
        # A person's own words stay as written.
        assert "Handled by the EU subsidiary's own DPO" in explanation_text(gdpr.explanation)


def test_a_manual_cac_grade_is_translated() -> None:
    facts = china_incident(10, cac_grade="major", cac_grade_reason="Core systems of a bank")
    cac = next(o for o in evaluate(facts, GROUP, NOW) if o.rule_id == "CAC-4H")
    assert unrecognised_sentences(cac.explanation) == []
    with translation.override("zh-hans"):
        assert "人工定级为重大：Core systems of a bank" in explanation_text(cac.explanation)


@settings(max_examples=150, deadline=None)
@given(incidents(), st.sampled_from(("zh-hans", "zh-hant")))
def test_every_generated_explanation_is_recognised_sentence_by_sentence(
    case: tuple[IncidentFacts, OrganisationFacts], language: str
) -> None:
    facts, org = case
    for obligation in evaluate(facts, org, max(NOW, facts.aware_at)):
        assert unrecognised_sentences(obligation.explanation) == []
        with translation.override(language):
            shown = explanation_text(obligation.explanation)
        # Only codes, names, zones and numbers stay in Latin letters.
        leftovers = re.findall(r"[a-z]{4,}", re.sub(r"[（(][a-z_]+[)）]|[A-Z][\w/]+", "", shown))
        assert leftovers == [], shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_content_in_each_language(language: str) -> None:
    samples = {
        "Legal": {"en": "Legal", "zh-hans": "法务", "zh-hant": "法務"},
        "Preserve evidence: forensic image and logs": {
            "en": "Preserve evidence: forensic image and logs",
            "zh-hans": "保全证据：取证镜像和日志",
            "zh-hant": "保全證據：取證映象和日誌",
        },
        "Ransomware on a file server": {
            "en": "Ransomware on a file server",
            "zh-hans": "文件服务器遭勒索软件攻击",
            "zh-hant": "檔案伺服器遭勒索軟體攻擊",
        },
    }
    with translation.override(language):
        for english, shown in samples.items():
            assert text(english) == shown[language]
        # Text an organisation wrote itself is shown as written.
        assert text("Our own playbook") == "Our own playbook"
        assert text("") == ""


def test_an_entity_name_in_the_reason_is_kept() -> None:
    org = OrganisationFacts((EntityFacts(9, "Acme Data Ltd", "IE"),))
    obligation = evaluate(incident(aware_at=AWARE), org, NOW)[0]
    with translation.override("zh-hans"):
        shown = explanation_text(obligation.explanation)
    assert "实体 Acme Data Ltd 设立于 IE" in shown
