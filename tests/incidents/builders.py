"""Builders for response-work tests: obligations as the engine would store them, team members."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from compliance.models import Obligation
from incidents.models import Incident, Team
from tests.factories import obligation_create_for_test

# The persona of each role works in this team (the admin in none).
PERSONA_TEAMS = {
    "security": "it-security",
    "dpo": "dpo",
    "legal": "legal",
    "pr": "pr-comms",
    "executive": "executive",
}


def teams_join(personas: dict[str, Any]) -> dict[str, Team]:
    """Put each persona in its team; return the teams by code."""
    teams = {team.code: team for team in Team.objects.all()}
    for name, code in PERSONA_TEAMS.items():
        teams[code].members.add(personas[name])
    return teams


def obligation_add(
    incident: Incident,
    rule_id: str,
    *,
    due_at: datetime | None = None,
    target_at: datetime | None = None,
    **fields: Any,
) -> Obligation:
    """Store a live obligation as the engine would, due (or targeted) exactly when given."""
    values = {"status": "pending", "exemption": "", "due_at": due_at, "target_at": target_at}
    return obligation_create_for_test(incident=incident, rule_id=rule_id, **{**values, **fields})


def gdpr_obligations(incident: Incident) -> tuple[Obligation, Obligation]:
    """GDPR-SA due 72 h after awareness and GDPR-DS with a 24 h internal target."""
    assert incident.aware_at is not None
    authority = obligation_add(incident, "GDPR-SA", due_at=incident.aware_at + timedelta(hours=72))
    subjects = obligation_add(
        incident, "GDPR-DS", target_at=incident.aware_at + timedelta(hours=24)
    )
    return authority, subjects


def matrix_cell_check(response: Any, persona: str | None, allowed: set[str]) -> bool:
    """Check one permission-matrix cell: 401 anonymous, 2xx allowed, 403 refused.

    Returns whether the call was allowed, so the caller checks that a refusal wrote nothing.
    """
    if persona is None:
        assert response.status_code == 401
        return False
    if persona in allowed:
        assert response.status_code in (200, 201, 204), response.content
        return True
    assert response.status_code == 403, response.content
    return False
