"""The room shows a proposed law's reading beside the GDPR Art. 33 duty, as a projection only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.models import Obligation
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db


def _incident(personas: dict[str, Any], **data: Any) -> Any:
    now = timezone.now()
    return incident_create_for_test(
        actor=personas["security"],
        now=now,
        detected_at=now - timedelta(hours=5),
        aware_at=now - timedelta(hours=4),
        **data,
    )


def test_the_omnibus_projection_sits_beside_art_33_and_creates_no_obligation(
    client_for, personas, organisation
) -> None:
    incident = _incident(personas, risk_level="high")
    sa = incident.obligations.get(rule_id="GDPR-SA", applies=True)
    projection = sa.projection
    assert projection and "Omnibus" in projection["label"]
    body = client_for("dpo").get(f"/incidents/{incident.reference}/").content.decode()
    row = body.split(f'id="obligation-{sa.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Projection · not a duty" in row
    assert f"Under the {projection['label']}, this would be:" in row
    assert projection["legal_basis"] in row
    due = projection["due_at"].replace("+00:00", "Z")
    assert f'<time datetime="{due}"' in row
    # It is a projection: no obligation row, nothing to submit, no countdown of its own.
    applying = list(incident.obligations.filter(applies=True))
    assert body.count('id="obligation-') == len(applying)
    assert all(not o.rule_id.endswith("OMNIBUS") for o in incident.obligations.all())
    assert row.count('class="countdown') == 1
    assert 'role="note"' in row


def test_no_projection_block_for_duties_no_proposal_concerns(
    client_for, personas, organisation
) -> None:
    incident = _incident(personas, affected_subjects=[{"country": "CN", "count": 40}])
    assert not Obligation.objects.filter(incident=incident, projection__isnull=False).exists()
    body = client_for("dpo").get(f"/incidents/{incident.reference}/").content.decode()
    assert "Projection · not a duty" not in body


def test_the_projection_is_translated(client_for, personas, organisation) -> None:
    from incidents.models import UserPreference

    UserPreference.objects.create(user=personas["dpo"], language="zh-hans")
    incident = _incident(personas, risk_level="high")
    body = client_for("dpo").get(f"/incidents/{incident.reference}/").content.decode()
    assert "预测 · 并非义务" in body
