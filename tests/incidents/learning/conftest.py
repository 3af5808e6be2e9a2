"""Fixtures for reviews and drills: a closed incident with a known timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compliance.models import Obligation, Submission
from incidents.models import Incident
from incidents.response.models import Statement, StatementVersion
from incidents.services import incident_transition
from tests.factories import incident_create_for_test
from tests.incidents.builders import obligation_add

# The known timeline every measurement test checks against.
OCCURRED = datetime(2026, 3, 1, 22, 40, tzinfo=UTC)
DETECTED = datetime(2026, 3, 2, 18, 20, tzinfo=UTC)  # 19 h 40 min after it began
AWARE = datetime(2026, 3, 3, 9, 15, 30, tzinfo=UTC)  # 14 h 55 min 30 s after detection
CONTAINED = datetime(2026, 3, 3, 17, 30, tzinfo=UTC)  # 8 h 14 min 30 s after awareness
RESOLVED = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
CLOSED = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
AUTHORITY_SENT = AWARE + timedelta(hours=71, minutes=59, seconds=59)  # one second to spare
SUBJECTS_SENT = AWARE + timedelta(hours=24, minutes=0, seconds=1)  # one second late
STAFF_PUBLISHED = AWARE + timedelta(hours=6, minutes=45)


def obligations_exactly(incident: Incident, wanted: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Make these the incident's live obligations, whatever the engine derived before.

    An obligation the engine made for the same rule is updated to the given terms (they match
    the engine's reading); any other one is marked as no longer applying, as recomputation does.
    Call it after the last change to the incident's facts.
    """
    found = {}
    for rule_id, fields in wanted.items():
        existing = Obligation.objects.filter(incident=incident, rule_id=rule_id).first()
        if existing is None:
            found[rule_id] = obligation_add(incident, rule_id, **fields)
            continue
        for name, value in {"applies": True, "status": "pending", **fields}.items():
            setattr(existing, name, value)
        existing.save()
        found[rule_id] = existing
    others = Obligation.objects.filter(incident=incident).exclude(rule_id__in=list(wanted))
    others.update(applies=False)
    return found


def submission_add(obligation: Any, at: datetime, phase: str = "initial") -> Submission:
    """Record a submission as the compliance side would."""
    return Submission.objects.create(
        obligation=obligation, phase=phase, submitted_at=at, channel="Online form"
    )


def statement_publish(incident: Incident, audience: str, at: datetime) -> Statement:
    """A statement whose first version went out at the given time."""
    statement = Statement.objects.create(incident=incident, audience=audience)
    StatementVersion.objects.create(
        statement=statement,
        number=1,
        body="We are investigating.",
        spokesperson="Priya Shah",
        status="published",
        is_current=True,
        approved_at=at - timedelta(minutes=30),
        published_at=at,
    )
    return statement


@pytest.fixture
def closed_incident(personas: dict[str, Any], teams: Any) -> Incident:
    """A closed incident with the known timeline, two notices and two statements."""
    incident = incident_create_for_test(
        actor=personas["security"],
        now=CLOSED,
        title="Customer database copied after phishing",
        occurred_from=OCCURRED,
        detected_at=DETECTED,
        aware_at=AWARE,
        root_cause="cyber_attack",
    )
    statement_publish(incident, "staff", STAFF_PUBLISHED)
    Statement.objects.create(incident=incident, audience="media")  # drafted, never published
    for status, at in (("contained", CONTAINED), ("resolved", RESOLVED), ("closed", CLOSED)):
        incident = incident_transition(
            actor=personas["security"], incident=incident, status=status, now=at
        )
    notices = obligations_exactly(
        incident,
        {
            "GDPR-SA": dict(
                due_at=AWARE + timedelta(hours=72),
                target_at=None,
                legal_basis="GDPR Art. 33(1)",
                recipient="Supervisory authority",
            ),
            "GDPR-DS": dict(
                due_at=None,
                target_at=AWARE + timedelta(hours=24),
                legal_basis="GDPR Art. 34(1)",
                recipient="Data subjects",
            ),
        },
    )
    submission_add(notices["GDPR-SA"], AUTHORITY_SENT)
    submission_add(notices["GDPR-SA"], AUTHORITY_SENT + timedelta(days=3), phase="follow_up")
    submission_add(notices["GDPR-DS"], SUBJECTS_SENT)
    return incident
