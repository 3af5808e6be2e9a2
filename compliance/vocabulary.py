"""The stored obligation's vocabulary, taken from the engine's own tables (one source).

A rule, clock event or unit added to the engine changes these choices, so `makemigrations
--check` fails until a migration carries the new value into the database's check constraints:
a new rule cannot be forgotten.
"""

from __future__ import annotations

from typing import Any, get_args

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.engine.deadlines import Unit
from compliance.engine.explanations import EVENT_LABELS
from compliance.engine.regimes import REGIMES, RULES_BY_ID
from compliance.engine.rules import ClockEvent

UNIT_LABELS: dict[str, str] = {
    "H": "hours",
    "CD": "calendar days",
    "BD": "business days",
    "M": "calendar months",
    "ASAP": "as soon as possible (an internal target, no statutory number)",
}

CLOCK_EVENT_CHOICES: list[tuple[str, str]] = [
    (event, EVENT_LABELS[event]) for event in get_args(ClockEvent)
]
UNIT_CHOICES: list[tuple[str, str]] = [(unit, UNIT_LABELS[unit]) for unit in get_args(Unit)]
RULE_CHOICES: list[tuple[str, str]] = [
    (rule.id, f"{rule.legal_basis} ({rule.regime})") for rule in RULES_BY_ID.values()
]
REGIME_CODES: tuple[str, ...] = tuple(regime.code for regime in REGIMES)
REGIME_NAMES: dict[str, str] = {regime.code: regime.name for regime in REGIMES}


def vocabulary_constraints(prefix: str, *, statuses: list[str]) -> list[models.CheckConstraint]:
    """The database refuses a rule id, regime, clock event, unit or status outside the vocabulary."""
    closed = {
        "status": statuses,
        "rule_id": [value for value, _ in RULE_CHOICES],
        "regime": list(REGIME_CODES),
        "clock_event": [value for value, _ in CLOCK_EVENT_CHOICES],
        "unit": [value for value, _ in UNIT_CHOICES],
    }
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{field}__in": values}), name=f"{prefix}_known_{field}"
        )
        for field, values in closed.items()
    ]


# What a person reads for a regime code, short enough for a badge; one place for every page.
REGIME_LABELS: dict[str, Any] = {
    "GDPR": _("GDPR"),
    "UK_GDPR": _("UK GDPR"),
    "PIPL": _("PIPL"),
    "CAC": _("CAC"),
    "NIS2": _("NIS2"),
    "DORA": _("DORA"),
    "HIPAA": _("HIPAA"),
    "SEC": _("SEC"),
    "US-CA": _("California"),
    "US-CO": _("Colorado"),
    "US-FL": _("Florida"),
    "US-WA": _("Washington State"),
    "US-NY": _("New York"),
    "US-TX": _("Texas"),
    "SG": _("Singapore PDPA"),
    "KR": _("Korea PIPA"),
    "JP": _("Japan APPI"),
    "AU": _("Australia NDB"),
    "IN": _("India DPDP"),
    "HK": _("Hong Kong PDPO"),
    "BR": _("Brazil LGPD"),
    "CA": _("Canada PIPEDA"),
    "CA-QC": _("Quebec Law 25"),
    "SA": _("Saudi PDPL"),
    "TW": _("Taiwan PDPA"),
}


def regime_label(code: str) -> str:
    """A regime's name for people ("UK GDPR"); a code without a label yet reads as its words."""
    label = REGIME_LABELS.get(str(code))
    if label is not None:
        return str(label)
    return str(code).replace("_", " ")
