"""Every regime code reads as words, through one label function, in the reader's language."""

from __future__ import annotations

from django.utils import translation

from compliance.engine.regimes import REGIMES
from compliance.vocabulary import REGIME_LABELS, regime_label


def test_every_regime_of_the_engine_has_a_label() -> None:
    assert {regime.code for regime in REGIMES} <= set(REGIME_LABELS)


def test_labels_are_words_not_codes() -> None:
    assert regime_label("UK_GDPR") == "UK GDPR"
    assert regime_label("CA-QC") == "Quebec Law 25"
    assert all("_" not in str(label) for label in REGIME_LABELS.values())


def test_a_code_without_a_label_yet_reads_as_its_words() -> None:
    assert regime_label("EU_AI_ACT") == "EU AI ACT"


def test_labels_follow_the_reader_language() -> None:
    with translation.override("zh-hans"):
        assert regime_label("UK_GDPR") == "英国 GDPR"
        assert regime_label("PIPL") == "个人信息保护法"
