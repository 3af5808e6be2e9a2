"""Pure rules of response work: anchored due times, playbook criteria, dependency cycles."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from incidents.choices import DueAnchor, IncidentType, ProcessingRole

REGIME_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{1,19}$")

# More than a year either side of its anchor is a typo, not a plan.
MAX_OFFSET_MINUTES = 366 * 24 * 60


def due_anchor_errors(
    *, anchor: str, rule_id: str, offset_minutes: int | None
) -> dict[str, list[str]]:
    """Name each field of an anchored due time that is missing or does not fit the others."""
    errors: dict[str, list[str]] = {}
    if anchor and anchor not in DueAnchor.values:
        errors["due_anchor"] = [f"Unknown anchor {anchor!r}; use one of {DueAnchor.values}."]
    if anchor and offset_minutes is None:
        errors["due_offset_minutes"] = [
            "An anchored due time needs an offset in minutes (0 for the anchor itself)."
        ]
    if not anchor and offset_minutes is not None:
        errors["due_anchor"] = ["An offset needs an anchor (detected, aware or obligation)."]
    if offset_minutes is not None and abs(offset_minutes) > MAX_OFFSET_MINUTES:
        errors["due_offset_minutes"] = ["The offset must be within a year of its anchor."]
    if anchor == DueAnchor.OBLIGATION and not rule_id:
        errors["due_anchor_rule_id"] = ["An obligation anchor needs the rule id, e.g. GDPR-SA."]
    if rule_id and anchor != DueAnchor.OBLIGATION:
        errors["due_anchor_rule_id"] = ["A rule id only goes with the obligation anchor."]
    return errors


def obligation_anchor_time(obligation: Any) -> datetime | None:
    """An obligation's due time, or its internal target when the law sets none (ASAP duties)."""
    if obligation is None:
        return None
    return obligation.due_at or obligation.target_at


def due_from_anchor(
    *, anchor: str, offset_minutes: int | None, incident: Any, obligation: Any = None
) -> datetime | None:
    """The due time an anchor gives, or None while the anchor time is unknown."""
    if anchor == DueAnchor.DETECTED:
        base = incident.detected_at
    elif anchor == DueAnchor.AWARE:
        base = incident.aware_at
    elif anchor == DueAnchor.OBLIGATION:
        base = obligation_anchor_time(obligation)
    else:
        return None
    if base is None or offset_minutes is None:
        return None
    return base + timedelta(minutes=offset_minutes)


def playbook_criteria_errors(
    *, incident_types: Any, processing_roles: Any, regimes: Any
) -> dict[str, list[str]]:
    """Name each playbook criterion that is not a list of known values."""
    errors: dict[str, list[str]] = {}
    checks = [
        ("incident_types", incident_types, lambda v: v in IncidentType.values),
        ("processing_roles", processing_roles, lambda v: v in ProcessingRole.values),
        ("regimes", regimes, lambda v: isinstance(v, str) and bool(REGIME_PATTERN.match(v))),
    ]
    for name, value, known in checks:
        if not isinstance(value, list):
            errors[name] = ["Give a list (empty for any)."]
            continue
        unknown = [item for item in value if not known(item)]
        if unknown:
            errors[name] = [f"Unknown values: {', '.join(map(str, unknown))}."]
    return errors


def dependency_reaches(
    *, edges: Iterable[tuple[int, int]], start: Iterable[int], target: int
) -> bool:
    """Tell whether following (dependent, dependency) edges from `start` reaches `target`."""
    graph: dict[int, list[int]] = {}
    for source, dependency in edges:
        graph.setdefault(source, []).append(dependency)
    seen: set[int] = set()
    queue = list(start)
    while queue:
        current = queue.pop()
        if current == target:
            return True
        if current not in seen:
            seen.add(current)
            queue.extend(graph.get(current, []))
    return False
