"""The engine's English texts in the reader's language, by catalogue lookup outside the engine.

The engine stays English and free of Django: its tables hold plain strings, and the stored
obligation keeps the English the API returns. The UI and reports translate here, each table
text being its own msgid (``engine_texts`` lists them all; ``manage.py translations_sync`` adds
new ones to the catalogues). A stored explanation is a run of sentences the engine formats with
values; ``explanation_text`` recognises each sentence's English template, translates the template
and its values, and leaves anything it does not recognise (a person's own words) as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from django.utils.translation import gettext, gettext_noop

from compliance.engine.cac_grading import BOUNDS_EN
from compliance.engine.explanations import DRILL_NOTE, EVENT_LABELS, RECORD_NOTE, TIER_LABELS
from compliance.engine.regimes import CAC_GRADE_LABELS, REGIME_VERSIONS

SOURCE_URL = re.compile(r"https?://[^\s)]+")


def source_url(source: str) -> str:
    """The first address a regime's source names, if any."""
    match = SOURCE_URL.search(source)
    return match.group(0) if match else ""


def citation(source: str) -> str:
    """A regime's source without its address in brackets (pages link the text instead)."""
    url = source_url(source)
    if not url:
        return source
    return source.replace(f"({url})", "").strip().rstrip(" ,;") or url


def engine_texts() -> list[str]:
    """Every user-visible text of the engine's tables, once each, in table order."""
    found: dict[str, None] = {}
    for regime in (version for versions in REGIME_VERSIONS.values() for version in versions):
        found[regime.name] = found[citation(regime.source)] = None
        for rule in regime.rules:
            for text in (rule.legal_basis, rule.recipient, rule.trigger, rule.duty):
                found[text] = None
            if rule.verify_note:
                found[rule.verify_note] = None
            for item in rule.content_checklist:
                found[item] = None
            for exemption in (*rule.exemptions, rule.below_threshold):
                if exemption is not None:
                    found[exemption.legal_basis] = found[exemption.reason] = None
            for variant in rule.variants:
                found[variant.recipient] = found[variant.label] = None
    for labels in (EVENT_LABELS, TIER_LABELS, CAC_GRADE_LABELS):
        for text in labels.values():
            found[text] = None
    return [*found, *SENTENCES.values(), *REASONS, *GRADING_WORDS]


def text(value: str) -> str:
    """A table text (or any stored text) in the active language; unknown text as it is."""
    return gettext(value) if value else value


# The explanation's sentences, as explanations.py and obligations.py write them. Each English
# template is also the msgid of its translation; {placeholders} keep their names in both.
SENTENCES: dict[str, str] = {
    "head": gettext_noop("{basis}: {duty}. It applies because {applies}."),
    "variant": gettext_noop(" The entity is a {label}."),
    "excluded": gettext_noop(" Not required: the regime was excluded manually: {why}."),
    "exempt": gettext_noop(" Not required under {basis}: {reason}."),
    "unassessed": gettext_noop(
        " The risk has not been assessed yet, so the engine treats the breach as notifiable "
        "until an assessment says otherwise."
    ),
    "tier": gettext_noop(" The risk was assessed as {tier}."),
    "record": RECORD_NOTE,
    "unstarted": gettext_noop(
        " The clock starts at {event}, which has not happened yet, so there is no due time; "
        "the engine recomputes it once that time is recorded."
    ),
    "asap": gettext_noop(
        " The law gives no number of hours, so there is no statutory deadline; the target of "
        "{hours} hours after {event} is the organisation's internal target."
    ),
    "asap_one": gettext_noop(
        " The law gives no number of hours, so there is no statutory deadline; the target of "
        "1 hour after {event} is the organisation's internal target."
    ),
    "hours": gettext_noop(" The deadline is {event} plus exactly {hours} hours of elapsed time."),
    "hour": gettext_noop(" The deadline is {event} plus exactly 1 hour of elapsed time."),
    "business": gettext_noop(
        " The deadline is {event} plus {days} business days on the {calendar} holiday "
        "calendar, at the same wall-clock time in {zone}."
    ),
    "calendar": gettext_noop(
        " The deadline is {event} plus {days} calendar days, counted on the wall clock in {zone}."
    ),
    "verify": gettext_noop(
        " The {note} is the engine's reading (verify against the official text)."
    ),
    "drill": DRILL_NOTE,
    # The CAC grading sentence (compliance/engine/cac_grading.py), between head and tail.
    "cac_people": gettext_noop(
        " {value} people whose personal information was {source} {verb} the bound of {grade} "
        "(bounds {bounds}, each included)."
    ),
    "cac_loss": gettext_noop(
        " A direct economic loss of CNY {value} {verb} the bound of {grade} (bounds {bounds}, "
        "each included) (the engine's reading of the grading guide; verify)."
    ),
    "cac_outage": gettext_noop(
        " Critical information infrastructure wholly down for {value} hours {verb} the bound of "
        "{grade} (bounds {bounds}, each included) (the engine's reading of the grading guide; "
        "verify)."
    ),
    "cac_function": gettext_noop(
        " A main function of critical information infrastructure down for {value} hours {verb} "
        "the bound of {grade} (bounds {bounds}, each included) (the engine's reading of the "
        "grading guide; verify)."
    ),
    "cac_manual": gettext_noop(" Graded {grade} manually: {why}."),
}
# Values the grading sentence fills in, each a catalogue text.
GRADING_WORDS: tuple[str, ...] = (
    gettext_noop("reach"),
    gettext_noop("do not reach"),
    gettext_noop("recorded as leaked"),
    gettext_noop("affected in China"),
    *BOUNDS_EN.values(),
)
# The parts of "It applies because …", joined by "; ".
REASONS: tuple[str, ...] = (
    gettext_noop("affected data subjects live in {countries}"),
    gettext_noop("entity {name} is established in {country}"),
    gettext_noop("also, it was included manually: {why}"),
    gettext_noop("it was included manually: {why}"),
)
COUNTRY = r"[A-Z]{2}"
_PART = (
    rf"(?:affected data subjects live in {COUNTRY}(?:, {COUNTRY})*"
    rf"|entity .+? is established in {COUNTRY}|(?:also, )?it was included manually: .+?)"
)
# What a placeholder may hold when it is not just "some text".
VALUES: dict[str, str] = {
    "applies": rf"{_PART}(?:; {_PART})*",
    "countries": rf"{COUNTRY}(?:, {COUNTRY})*",
    "country": COUNTRY,
}
# Placeholders whose value is itself a catalogue text; the others (numbers, codes, names,
# a person's own reasons) are kept as written.
TRANSLATED = {
    "basis",
    "duty",
    "reason",
    "label",
    "tier",
    "event",
    "note",
    "source",
    "verb",
    "grade",
    "bounds",
}


def _pattern(template: str, end: str = "(?= |$)") -> re.Pattern[str]:
    """The template as a regular expression; a sentence ends where the text or a new one begins."""
    parts = re.split(r"(\{\w+\})", template)
    regex = "".join(
        f"(?P<{part[1:-1]}>{_value(part[1:-1])})"
        if re.fullmatch(r"\{\w+\}", part)
        else re.escape(part)
        for part in parts
    )
    return re.compile(regex + end)


def _value(name: str) -> str:
    """A placeholder's regular expression: a table text, a known shape, or any text."""
    if name in TRANSLATED:
        return _table_texts()
    return VALUES.get(name, ".+?")


@lru_cache(maxsize=1)
def _table_texts() -> str:
    """Any one of the engine's table texts, longest first."""
    texts = sorted(engine_texts(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(t) for t in texts) + ")"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(template, _pattern(template)) for template in SENTENCES.values()]


def _fill(template: str, values: dict[str, str]) -> str:
    translated = gettext(template)
    for name, value in values.items():
        shown = text(value) if name in TRANSLATED else value
        if name == "applies":
            shown = reason_text(value)
        translated = translated.replace("{" + name + "}", shown)
    return translated


def reason_text(reason: str) -> str:
    """Why a regime applies ("affected data subjects live in DE; entity … is established in CN")."""
    out, rest = [], reason
    while rest:
        for template in REASONS:
            match = _pattern(template, end="(?=; |$)").match(rest)
            if match:
                out.append(_fill(template, match.groupdict()))
                rest = rest[match.end() :].removeprefix("; ")
                break
        else:
            out.append(rest)
            break
    return gettext("; ").join(out)


def _sentences(explanation: str) -> Iterator[tuple[str, bool]]:
    """Each sentence translated and True, or kept as written and False when not recognised."""
    rest = explanation
    while rest:
        for template, pattern in _patterns():
            match = pattern.match(rest)
            if match:
                yield _fill(template, match.groupdict()), True
                rest = rest[match.end() :]
                break
        else:
            stop = re.search(r"\.(?= |$)", rest[1:])
            end = stop.end() + 1 if stop else len(rest)
            yield rest[:end], False
            rest = rest[end:]


def unrecognised_sentences(explanation: str) -> list[str]:
    """The sentences of an explanation no template matches (kept in English on the page)."""
    return [sentence for sentence, known in _sentences(explanation) if not known]


def explanation_text(explanation: str) -> str:
    """A stored English explanation in the active language (unchanged in English)."""
    if not explanation or gettext(SENTENCES["head"]) == SENTENCES["head"]:
        return explanation
    return "".join(sentence for sentence, _ in _sentences(explanation)).strip()


@lru_cache(maxsize=1)
def _recipient_bases() -> tuple[str, ...]:
    """Every recipient the regimes name, longest first (a stored one may add ': <authority>')."""
    found = {
        text
        for versions in REGIME_VERSIONS.values()
        for regime in versions
        for rule in regime.rules
        for text in (rule.recipient, *(variant.recipient for variant in rule.variants))
    }
    return tuple(sorted(found, key=len, reverse=True))


def recipient_text(recipient: str) -> str:
    """An obligation's recipient in the reader's language; the authority's own name is kept."""
    for base in _recipient_bases():
        if recipient.startswith(base):
            rest = recipient[len(base) :]
            if rest.startswith(": "):  # the entity's own authority, by its own name
                rest = gettext(": ") + rest[2:]
            return gettext(base) + rest
    return recipient
