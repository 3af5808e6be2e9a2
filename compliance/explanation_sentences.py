"""The sentences of an obligation's explanation, as `compliance/engine/explanations.py` and
`compliance/engine/obligations.py` write them: each English template is also the msgid of its
translation, and `compliance.wording` recognises them in a stored explanation."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from compliance.engine.cac_grading import BOUNDS_EN
from compliance.engine.explanations import DRILL_NOTE, RECORD_NOTE

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
    # Where the tier came from and the assessment's verdict (compliance/services/obligations.py).
    "tier_assessed": gettext_noop(
        " The tier comes from risk assessment #{number} (ENISA score {score}, {band} band)."
    ),
    "tier_overridden": gettext_noop(
        " The tier comes from risk assessment #{number} (ENISA score {score}, {band} band), "
        "overridden by the DPO: {why}."
    ),
    "tier_incident": gettext_noop(
        " The tier is the risk level recorded on the incident; no ENISA assessment yet."
    ),
    "assessment_reasoning": gettext_noop(" The assessment's reasoning: {verdict}"),
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
