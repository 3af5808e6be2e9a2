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
from collections.abc import Callable, Iterator
from functools import lru_cache

from django.utils.translation import gettext, gettext_noop

from compliance.engine.explanations import EVENT_LABELS, TIER_LABELS
from compliance.engine.regimes import CAC_GRADE_LABELS, PROPOSED_RULES, REGIME_VERSIONS, Rule
from compliance.engine.templates import PROJECTION_NOTE
from compliance.explanation_sentences import GRADING_WORDS, REASONS, SENTENCES
from compliance.sources import citation


def engine_texts() -> list[str]:
    """Every user-visible text of the engine's tables, once each, in table order."""
    found: dict[str, None] = {}
    for regime in (version for versions in REGIME_VERSIONS.values() for version in versions):
        found[regime.name] = found[citation(regime.source)] = None
        found |= dict.fromkeys(_rule_texts(regime.rules))
    # A proposal shows as a projection: its label, duty and note (and its exemption's reason).
    found |= dict.fromkeys(_rule_texts(PROPOSED_RULES))
    found |= dict.fromkeys((*(r.proposal_label for r in PROPOSED_RULES), PROJECTION_NOTE))
    for labels in (EVENT_LABELS, TIER_LABELS, CAC_GRADE_LABELS):
        for text in labels.values():
            found[text] = None
    return [*found, *SENTENCES.values(), PROJECTION_EXEMPT, *REASONS, *GRADING_WORDS]


def _rule_texts(rules: tuple[Rule, ...]) -> Iterator[str]:
    """The texts of rules that a page shows."""
    for rule in rules:
        yield from (rule.legal_basis, rule.recipient, rule.trigger, rule.duty)
        if rule.verify_note:
            yield rule.verify_note
        yield from rule.content_checklist
        for exemption in (*rule.exemptions, rule.below_threshold):
            if exemption is not None:
                yield from (exemption.legal_basis, exemption.reason)
        for variant in rule.variants:
            yield from (variant.recipient, variant.label)


def decision_texts() -> list[str]:
    """The risk decision's verdicts and facts, the words they fill in (translated by lookup)."""
    return [*VERDICT_SENTENCES, *FACTS, *BANDS.values(), *PEOPLE.values()]


def text(value: str) -> str:
    """A table text (or any stored text) in the active language; unknown text as it is."""
    return gettext(value) if value else value


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
    "number": r"[0-9]+",
    "score": r"[0-9.]+",
    "band": "low|medium|high|very high",
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


def template_pattern(
    template: str, end: str = "(?= |$)", value: Callable[[str], str] | None = None
) -> re.Pattern[str]:
    """The template as a regular expression; a sentence ends where the text or a new one begins.
    `value` gives each placeholder's expression (by default a table text or a known shape)."""
    value = value or _value
    parts = re.split(r"(\{\w+\})", template)
    regex = "".join(
        f"(?P<{part[1:-1]}>{value(part[1:-1])})"
        if re.fullmatch(r"\{\w+\}", part)
        else re.escape(part)
        for part in parts
    )
    return re.compile(regex + end)


def _value(name: str) -> str:
    """A placeholder's regular expression: a table text, a known shape, or any text."""
    if name in TRANSLATED:
        return _table_texts()
    if name == "verdict":
        return "(?:" + "|".join(_verdict_regex(t, group=False) for t in VERDICT_SENTENCES) + ")"
    return VALUES.get(name, ".+?")


@lru_cache(maxsize=1)
def _table_texts() -> str:
    """Any one of the engine's table texts, longest first."""
    texts = sorted(engine_texts(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(t) for t in texts) + ")"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(template, template_pattern(template)) for template in SENTENCES.values()]


def _fill(template: str, values: dict[str, str]) -> str:
    translated = gettext(template)
    for name, value in values.items():
        shown = text(value) if name in TRANSLATED else value
        if name == "applies":
            shown = reason_text(value)
        elif name == "band":
            shown = gettext(BANDS[value])
        elif name == "verdict":
            shown = verdicts_text(value)
        translated = translated.replace("{" + name + "}", shown)
    return translated


# A projection's duty when the proposal would exempt the incident (compliance/engine/templates.py).
PROJECTION_EXEMPT = gettext_noop("not required under {basis}: {reason}")


def projection_duty_text(duty: str) -> str:
    """A projection's duty in the active language: the proposal's own duty, or why it would
    ask nothing; anything else as written."""
    if text(duty) != duty:
        return text(duty)
    match = template_pattern(PROJECTION_EXEMPT, "$").match(duty)
    return _fill(PROJECTION_EXEMPT, match.groupdict()) if match else duty


def reason_text(reason: str) -> str:
    """Why a regime applies ("affected data subjects live in DE; entity … is established in CN")."""
    out, rest = [], reason
    while rest:
        for template in REASONS:
            match = template_pattern(template, end="(?=; |$)").match(rest)
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


# The risk decision's verdicts (compliance/engine/decision.py), each with the facts that decided
# it in {facts}: one of FACTS, several joined by "; ", the first capitalised.
VERDICT_SENTENCES: tuple[str, ...] = (
    gettext_noop(
        "Art. 33(1): notifying the supervisory authority is not required. {facts}, so the breach "
        "is unlikely to result in a risk to people's rights and freedoms; it is documented in the "
        "register (Art. 33(5))."
    ),
    gettext_noop(
        "Art. 33(1): notifying the supervisory authority is required. {facts}, so the breach is "
        "likely to result in a risk to people's rights and freedoms."
    ),
    gettext_noop(
        "Art. 34(1): telling the people affected is not required. {facts}, so the breach is not "
        "likely to result in a high risk to them."
    ),
    gettext_noop(
        "Art. 34(3)(b): telling the people affected is not required. Measures taken since mean "
        "the high risk is no longer likely to materialise."
    ),
    gettext_noop(
        "Art. 34(1): telling the people affected is required. {facts}, so the breach is likely "
        "to result in a high risk to them."
    ),
)
# The facts a verdict names, as the decision's rules write them.
FACTS: tuple[str, ...] = (
    gettext_noop("the ENISA severity score is {score} ({band} band)"),
    gettext_noop("someone acting maliciously obtained data that were readable"),
    gettext_noop("special-category, criminal-offence or children's data were disclosed"),
    gettext_noop("the data disclosed make identity theft or fraud possible"),
    gettext_noop("the data were exposed for {hours} hours"),
    gettext_noop("readable data reached unknown recipients through a malicious act"),
    gettext_noop("readable data of {people} were exposed"),
    gettext_noop("children or other vulnerable people are affected"),
    gettext_noop("someone acting maliciously obtained data that enable identity theft or fraud"),
    gettext_noop(
        "the data were encrypted or hashed with a key or salt that was not compromised "
        "(unintelligible to anyone not authorised, Art. 34(3)(a))"
    ),
    gettext_noop("the recipient is trusted, bound by secrecy, and confirmed the deletion"),
    gettext_noop("the data were already public"),
    gettext_noop("the logs show that no data left the systems"),
    gettext_noop("a working backup restored the data in {hours} hours"),
    gettext_noop("a working backup restored the data"),
    gettext_noop(
        "only {people}, a disclosure by mistake to known recipients, of data neither sensitive "
        "nor open to fraud"
    ),
    gettext_noop(
        "only {people}, a disclosure by mistake to known recipients, with no sensitive data and "
        "no vulnerable people"
    ),
    gettext_noop("the data were unavailable and no working backup restored them"),
    gettext_noop("restoring the data took {hours} hours, more than a day"),
    # The DPO's own reason runs to the end of the verdict's facts.
    gettext_noop("the DPO set the tier to '{tier}': {why}"),
)
# The ENISA bands and the number of people, as the facts name them.
BANDS: dict[str, str] = {
    "low": gettext_noop("low"),
    "medium": gettext_noop("medium"),
    "high": gettext_noop("high"),
    "very high": gettext_noop("very high"),
}
PEOPLE: dict[str, str] = {
    "an unknown number of people": gettext_noop("an unknown number of people"),
    "1 person": gettext_noop("1 person"),
    "{count} people": gettext_noop("{count} people"),
}
FACT_VALUES: dict[str, str] = {
    "score": r"[0-9.]+",
    "hours": r"[0-9.]+",
    "band": "|".join(sorted(BANDS, key=len, reverse=True)),
    "people": r"an unknown number of people|1 person|[0-9,]+ people",
    "tier": r"unlikely|risk|high",
    "why": r".+",
}


@lru_cache(maxsize=1)
def _fact_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (template, template_pattern(template, "(?=; |$)", FACT_VALUES.__getitem__))
        for template in FACTS
    ]


def _fact_value(name: str, value: str) -> str:
    if name == "band":
        return gettext(BANDS[value.lower()])
    if name == "people":
        if value in PEOPLE:
            return gettext(PEOPLE[value])
        return gettext(PEOPLE["{count} people"]).format(count=value.removesuffix(" people"))
    if name == "tier":
        return gettext(TIER_LABELS.get(value, value))
    return value


def translated_items(
    rest: str,
    patterns: list[tuple[str, re.Pattern[str]]],
    value: Callable[[str, str], str],
) -> list[str]:
    """A list joined by "; ", each item whose template is known translated (its placeholders
    through `value`); from the first item no template knows, the rest stays as written."""
    out = []
    while rest:
        for template, pattern in patterns:
            match = pattern.match(rest)
            if match:
                values = {k: value(k, v) for k, v in match.groupdict().items()}
                out.append(gettext(template).format(**values))
                rest = rest[match.end() :].removeprefix("; ")
                break
        else:
            out.append(rest)
            break
    return out


def facts_text(facts: str) -> str:
    """A verdict's deciding facts ("The ENISA severity score is 3.5 (high band); …") in the
    active language; from the first fact no template knows, the rest stays as written."""
    lowered = facts[:1].lower() + facts[1:]
    out = translated_items(lowered, _fact_patterns(), _fact_value)
    return facts if out == [lowered] else gettext("; ").join(out)


def _verdict_regex(template: str, group: bool = True) -> str:
    facts = "(?P<facts>.+?)" if group else ".+?"
    return re.escape(template).replace(re.escape("{facts}"), facts)


@lru_cache(maxsize=1)
def _verdict_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(t, re.compile(_verdict_regex(t) + "(?= |$)")) for t in VERDICT_SENTENCES]


def verdicts_text(explanation: str) -> str:
    """The risk decision's verdicts (one or both, as the register and the room show them) in
    the active language; text no verdict template matches stays as written."""
    if not explanation or gettext(VERDICT_SENTENCES[1]) == VERDICT_SENTENCES[1]:
        return explanation
    out, rest = [], explanation.strip()
    while rest:
        for template, pattern in _verdict_patterns():
            match = pattern.match(rest)
            if match:
                facts = match.groupdict().get("facts")
                shown = gettext(template)
                if facts is not None:
                    shown = shown.format(facts=facts_text(facts))
                out.append(shown)
                rest = rest[match.end() :].lstrip()
                break
        else:
            out.append(rest)
            break
    # Sentences ending in a full-width stop need no space after them.
    return "".join(
        f"{sentence} " if sentence[-1:] != "。" else sentence for sentence in out
    ).strip()
