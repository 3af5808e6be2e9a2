"""What-if: the single facts that, changed alone, would change the Art. 33 or Art. 34 answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from compliance.engine.decision import (
    HANDFUL_PEOPLE,
    MASS_PEOPLE,
    QUICK_RESTORE_HOURS,
    SENSITIVE_CATEGORIES,
    Decision,
    decide,
)
from compliance.engine.facts import DEFAULT_TIER_BY_BAND
from compliance.engine.risk import RiskInputs


@dataclass(frozen=True, slots=True)
class Change:
    """One fact changed alone, and the answers it would give."""

    field: str
    value: Any
    fact: str
    supervisory_authority: bool
    data_subjects: bool
    summary: str


# (field, value to try, how the fact reads); a change equal to the current value is skipped.
_FLAGS: tuple[tuple[str, str, str], ...] = (
    (
        "encrypted_key_intact",
        "the data had been encrypted with a key that was not compromised",
        "the data had not been encrypted with an intact key",
    ),
    (
        "backup_available",
        "a working backup had been available",
        "no working backup had been available",
    ),
    (
        "logs_show_no_exfiltration",
        "the logs had shown that no data left",
        "the logs had not ruled out exfiltration",
    ),
    (
        "trusted_recipient_deleted",
        "a trusted recipient bound by secrecy had confirmed the deletion",
        "the recipient had not confirmed the deletion",
    ),
    ("data_already_public", "the data had already been public", "the data had not been public"),
    ("malicious", "the breach had been malicious", "the breach had been accidental"),
    (
        "vulnerable_people",
        "children or vulnerable people had been affected",
        "no vulnerable people had been affected",
    ),
    (
        "identity_theft_possible",
        "the data had enabled identity theft or fraud",
        "the data had not enabled identity theft or fraud",
    ),
)


def _candidates(inputs: RiskInputs) -> list[tuple[str, Any, str]]:
    """List the single changes worth trying on these inputs."""
    result = []
    for name, when_true, when_false in _FLAGS:
        current = getattr(inputs, name)
        result.append((name, not current, when_false if current else when_true))
    hours = inputs.restore_hours
    if hours is None or hours > QUICK_RESTORE_HOURS:
        result.append(("restore_hours", 4.0, "restoring had taken 4 hours"))
    if hours is None or hours <= QUICK_RESTORE_HOURS:
        result.append(("restore_hours", 72.0, "restoring had taken 72 hours"))
    count = inputs.subjects_count
    if count is None or count > HANDFUL_PEOPLE:
        result.append(("subjects_count", HANDFUL_PEOPLE, f"only {HANDFUL_PEOPLE} people"))
    if count is None or count < MASS_PEOPLE:
        result.append(("subjects_count", MASS_PEOPLE, f"{MASS_PEOPLE:,} people"))
    if not inputs.data_categories & SENSITIVE_CATEGORIES:
        health = inputs.data_categories | {"health"}
        result.append(("data_categories", health, "health data had been involved"))
    return result


def what_if(
    inputs: RiskInputs,
    tier_by_band: Mapping[str, str] = DEFAULT_TIER_BY_BAND,
    *,
    high_risk_mitigated: bool = False,
) -> tuple[Change, ...]:
    """Return the single-fact changes that would change either answer (overrides set aside)."""
    plain = replace(inputs, override_tier=None, override_rationale="")
    base = decide(plain, tier_by_band, high_risk_mitigated=high_risk_mitigated)
    changes = []
    for name, value, fact in _candidates(plain):
        other = decide(
            replace(plain, **{name: value}), tier_by_band, high_risk_mitigated=high_risk_mitigated
        )
        if _answers(other) != _answers(base):
            changes.append(_change(name, value, fact, base, other))
    return tuple(changes)


def _answers(decision: Decision) -> tuple[bool, bool]:
    """The two yes/no answers a DPO acts on."""
    return decision.supervisory_authority.required, decision.data_subjects.required


def _change(name: str, value: Any, fact: str, base: Decision, other: Decision) -> Change:
    """Describe one change and what it would do to the answers."""
    parts = []
    for label, before, after in (
        (
            "Art. 33(1) notice to the authority",
            base.supervisory_authority,
            other.supervisory_authority,
        ),
        ("Art. 34(1) notice to the people", base.data_subjects, other.data_subjects),
    ):
        if before.required != after.required:
            parts.append(f"{label} would become {'required' if after.required else 'not required'}")
    if isinstance(value, frozenset):
        value = sorted(value)
    return Change(
        field=name,
        value=value,
        fact=fact,
        supervisory_authority=other.supervisory_authority.required,
        data_subjects=other.data_subjects.required,
        summary=f"If {fact}: {' and '.join(parts)}.",
    )
