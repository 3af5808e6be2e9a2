"""The every-minute sweep also marks obligations whose deadline passed as overdue."""

from datetime import UTC, datetime, timedelta

import pytest

from compliance.models import Obligation
from notifications.services.alerts import notifications_sweep
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db


def test_the_sweep_marks_a_passed_gdpr_deadline_overdue(organisation) -> None:
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    incident = incident_create_for_test(
        now=now, aware_at=now - timedelta(hours=1), detected_at=now - timedelta(hours=2)
    )
    notice = Obligation.objects.get(incident=incident, rule_id="GDPR-SA")
    assert notice.status == "pending"
    assert notice.due_at == now + timedelta(hours=71)

    notifications_sweep(now=notice.due_at)
    notice.refresh_from_db()
    assert notice.status == "pending"  # the limit itself is still on time

    result = notifications_sweep(now=notice.due_at + timedelta(seconds=1))
    notice.refresh_from_db()
    assert notice.status == "overdue"
    assert result["marked_overdue"] >= 1
