"""A writer below the orchestrating service announces changed facts; the service recomputes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from compliance.services import regime_override_set
from incidents.events import incident_facts_changed, incident_facts_changed_send
from incidents.models import Incident
from incidents.services import incident_facts_changed_receive
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_a_regime_decision_recomputes_through_the_orchestrating_service(personas) -> None:
    incident = incident_create_for_test(now=NOW)
    assert incident.obligations.filter(regime="GDPR").exclude(status="not_required").exists()
    regime_override_set(
        actor=personas["dpo"],
        incident=incident,
        regime="GDPR",
        action="exclude",
        reason="Handled by the group's EU entity.",
        now=NOW,
    )
    assert set(incident.obligations.filter(regime="GDPR").values_list("status", flat=True)) == {
        "not_required"
    }


def test_a_change_nobody_recomputes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    incident = incident_create_for_test(now=NOW)
    # Disconnected, as if the incidents app had not started: the deadline would silently go stale.
    assert incident_facts_changed.disconnect(
        incident_facts_changed_receive, sender=None, dispatch_uid="incidents-facts-changed"
    )
    try:
        with pytest.raises(ImproperlyConfigured):
            incident_facts_changed_send(incident=incident, actor=None, created=False, now=NOW)
    finally:
        incident_facts_changed.connect(
            incident_facts_changed_receive, dispatch_uid="incidents-facts-changed"
        )
    assert incident_facts_changed.has_listeners(Incident)
