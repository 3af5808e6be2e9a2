"""Fixtures for reviews and drills: a closed incident with a known timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from compliance.models import Submission
from incidents.models import Incident, Statement, StatementVersion
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
    authority = obligation_add(incident, "GDPR-SA", due_at=AWARE + timedelta(hours=72))
    subjects = obligation_add(
        incident, "GDPR-DS", target_at=AWARE + timedelta(hours=24), recipient="Data subjects"
    )
    submission_add(authority, AUTHORITY_SENT)
    submission_add(authority, AUTHORITY_SENT + timedelta(days=3), phase="follow_up")
    submission_add(subjects, SUBJECTS_SENT)
    statement_publish(incident, "staff", STAFF_PUBLISHED)
    Statement.objects.create(incident=incident, audience="media")  # drafted, never published
    for status, at in (("contained", CONTAINED), ("resolved", RESOLVED), ("closed", CLOSED)):
        incident = incident_transition(
            actor=personas["security"], incident=incident, status=status, now=at
        )
    return incident
