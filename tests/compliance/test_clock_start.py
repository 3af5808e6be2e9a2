"""One clock-start rule: obligations, awareness-anchored tasks, metrics and drills agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.clock_start import clock_start
from compliance.models import Obligation
from incidents.models import LegalEntity, Team
from incidents.response.models import Playbook, PlaybookTask
from incidents.response.playbooks import playbook_task_create
from incidents.services import incident_update
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
DETECTED = NOW - timedelta(hours=5)


@pytest.fixture
def briefing(personas: dict[str, Any]) -> PlaybookTask:
    """A first-response task due six hours after awareness, added through the playbook service."""
    data = {"key": "board-briefing", "title": "Brief the board", "due_anchor": "aware"}
    data.update(team=Team.objects.get(code="executive"), due_offset_minutes=6 * 60)
    playbook = Playbook.objects.get(key="first-response")
    return playbook_task_create(
        actor=personas["dpo"], playbook=playbook, data=data, now=timezone.now()
    )


def test_the_rule_takes_awareness_and_falls_back_to_detection() -> None:
    aware = DETECTED + timedelta(hours=1)
    assert clock_start(aware_at=aware, detected_at=DETECTED) == aware
    assert clock_start(aware_at=None, detected_at=DETECTED) == DETECTED
    assert clock_start(aware_at=None, detected_at=None) is None


def test_with_only_detection_known_tasks_and_obligations_share_the_clock_start(
    organisation: Any, personas: dict[str, Any], briefing: PlaybookTask
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        detected_at=DETECTED,
        aware_at=None,
        entities=list(LegalEntity.objects.filter(country="IE")),
    )
    authority = Obligation.objects.get(incident=incident, rule_id="GDPR-SA", applies=True)
    task = incident.tasks.get(origin_key="first-response:board-briefing")
    # GDPR Art. 33(1): 72 hours from the clock start, here the first signal.
    assert authority.clock_start == DETECTED
    assert authority.due_at == DETECTED + timedelta(hours=72)
    assert task.due_at == authority.clock_start + timedelta(hours=6)

    # Recording awareness an hour later moves both by the same hour.
    aware = DETECTED + timedelta(hours=1)
    incident_update(
        actor=personas["security"], incident=incident, data={"aware_at": aware}, now=NOW
    )
    authority.refresh_from_db()
    task.refresh_from_db()
    assert (authority.clock_start, authority.due_at) == (aware, aware + timedelta(hours=72))
    assert task.due_at == aware + timedelta(hours=6)
