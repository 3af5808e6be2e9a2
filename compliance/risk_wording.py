"""The risk assessment's explanation in the reader's language, by template lookup.

`compliance/engine/risk.py` writes the explanation in English (the API returns it as stored);
the room shows it here sentence by sentence, each English template being its msgid, with the
same matching as `compliance.wording` and anything no template knows left as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.translation import gettext, gettext_noop

from compliance.engine import risk as enisa
from compliance.wording import BANDS, template_pattern, translated_items, verdicts_text


def risk_texts() -> list[str]:
    """The risk assessment's explanation: its sentences, the factors and facts they list and
    the words those fill in (translated by lookup)."""
    return [
        *RISK_SENTENCES.values(),
        *FACTORS,
        *RAISING,
        *LOWERING,
        *RISK_LEVELS,
        *enisa.TIER_LABELS.values(),
        *(category.label_en for category in enisa.DATA_CATEGORIES.values()),
    ]


# The risk assessment's explanation (compliance/engine/risk.py): the ENISA arithmetic, the
# factors that decided the score, a DPO's override, and the facts on either side. Each list is
# joined by "; "; each sentence's English template is also its msgid.
RISK_SENTENCES: dict[str, str] = {
    "arithmetic": gettext_noop(
        "ENISA severity SE = DPC x EI + CB = {dpc} x {ei} + {cb} = {score}: {band} band, which "
        "maps to '{tier}' (a convention, not law)."
    ),
    "decided": gettext_noop(" Decided by: {factors}."),
    "overridden": gettext_noop(" Overridden by the DPO to '{tier}': {why}"),
    "raising": gettext_noop(" Facts raising the risk: {raising}."),
    "lowering": gettext_noop(" Facts lowering the risk: {lowering}."),
}
FACTORS: tuple[str, ...] = (
    gettext_noop("data types: {categories} (DPC {base})"),
    gettext_noop("DPC adjusted to {dpc}: {why}"),
    gettext_noop("ease of identification {level} (EI {value})"),
    gettext_noop("loss of confidentiality: {level} (+{value})"),
    gettext_noop("loss of integrity: {level} (+{value})"),
    gettext_noop("loss of availability: {level} (+{value})"),
    gettext_noop("malicious intent (+{value})"),
)
RAISING: tuple[str, ...] = (
    gettext_noop("special-category data (GDPR Art. 9)"),
    gettext_noop("criminal-offence data (GDPR Art. 10)"),
    gettext_noop("financial, payment or credential data"),
    gettext_noop("national ID or official-document data"),
    gettext_noop("children or other vulnerable people"),
    gettext_noop("malicious rather than accidental"),
    gettext_noop("volume: {people} people and {records} records"),
    gettext_noop("volume: {people} people"),
    gettext_noop("volume: {records} records"),
)
LOWERING: tuple[str, ...] = (
    gettext_noop("encrypted or hashed with the key or salt intact (cf. GDPR Art. 34(3)(a))"),
    gettext_noop("a working backup, restored in {hours} hours"),
    gettext_noop("a working backup"),
    gettext_noop("logs show no exfiltration"),
    gettext_noop("a trusted recipient bound by secrecy confirmed deletion"),
    gettext_noop("the data were already public"),
    gettext_noop("accidental rather than malicious"),
)
# The ENISA score tables' words (the form's options name them too).
RISK_LEVELS: tuple[str, ...] = tuple(
    dict.fromkeys(
        word
        for table in (
            enisa.EASE_OF_IDENTIFICATION,
            enisa.CONFIDENTIALITY_LOSS,
            enisa.INTEGRITY_LOSS,
            enisa.AVAILABILITY_LOSS,
        )
        for word in table.values()
    )
)
_CATEGORY_LABELS = {c.label_en.lower(): c.label_en for c in enisa.DATA_CATEGORIES.values()}


def _any(texts: Iterable[str]) -> str:
    """Any one of the texts, longest first."""
    return "(?:" + "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)) + ")"


RISK_VALUES: dict[str, str] = {
    "dpc": r"[0-9]+",
    "base": r"[0-9]+",
    "ei": r"[0-9.]+",
    "cb": r"[0-9.]+",
    "score": r"[0-9.]+",
    "value": r"[0-9.]+",
    "hours": r"[0-9.]+",
    "people": r"[0-9,]+",
    "records": r"[0-9,]+",
    "band": _any(BANDS),
    "tier": _any(enisa.TIER_LABELS.values()),
    "level": _any(RISK_LEVELS),
    "categories": rf"{_any(_CATEGORY_LABELS)}(?:, {_any(_CATEGORY_LABELS)})*",
}
# Where a sentence of the risk explanation ends: where the next one, the decision's verdicts
# (compliance/engine/decision.py appends them) or the text ends.
_RISK_END = (
    r"(?= Decided by: | Overridden by the DPO to '| Facts raising the risk: "
    r"| Facts lowering the risk: | Art\. 3[34]\(|$)"
)


@lru_cache(maxsize=1)
def _risk_patterns() -> list[tuple[str, re.Pattern[str]]]:
    def value(name: str) -> str:
        return RISK_VALUES.get(name, ".+?")

    return [(t, template_pattern(t, _RISK_END, value)) for t in RISK_SENTENCES.values()]


@lru_cache(maxsize=1)
def _risk_item_patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    def value(name: str) -> str:
        if name == "why":  # the assessor's reason for a DPC adjustment, before the EI factor
            return ".+?(?=; ease of identification )"
        return RISK_VALUES.get(name, ".+?")

    return {
        name: [(t, template_pattern(t, "(?=; |$)", value)) for t in templates]
        for name, templates in (("factors", FACTORS), ("raising", RAISING), ("lowering", LOWERING))
    }


def _risk_value(name: str, value: str) -> str:
    if name in ("factors", "raising", "lowering"):
        return gettext("; ").join(translated_items(value, _risk_item_patterns()[name], _risk_value))
    if name == "band":
        return gettext(BANDS[value])
    if name in ("tier", "level"):
        return gettext(value)
    if name == "categories":
        labels = re.findall(_any(_CATEGORY_LABELS), value)
        return gettext(", ").join(gettext(_CATEGORY_LABELS[label]) for label in labels)
    return value


def risk_text(explanation: str) -> str:
    """A risk assessment's stored English explanation in the active language, sentence by
    sentence; text no template matches stays as written (unchanged in English)."""
    first = RISK_SENTENCES["arithmetic"]
    if not explanation or gettext(first) == first:
        return explanation
    out, rest = [], explanation
    while rest:
        for template, pattern in _risk_patterns():
            match = pattern.match(rest)
            if match:
                values = {k: _risk_value(k, v) for k, v in match.groupdict().items()}
                out.append(gettext(template).format(**values))
                rest = rest[match.end() :]
                break
        else:
            out.append(verdicts_text(rest.strip()))
            break
    # A DPO's rationale may end without a full stop: a space keeps it apart from what follows.
    return "".join(
        f"{sentence} " if sentence[-1:] not in "。." else sentence for sentence in out
    ).strip()
