"""manage.py seed_demo: one current incident per situation, each rated and assessed, the past
months for the trends, and a DPO who is not greeted by a backlog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from compliance.models import Obligation, RiskAssessment
from incidents.demo_situations import PAST_SITUATIONS, SITUATIONS
from incidents.demo_story import UNREAD_KEPT, demo_story_seed
from incidents.learning.models import Drill, Review
from incidents.models import Incident
from notifications.models import Notification

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


@pytest.fixture
def demo() -> dict:
    return demo_story_seed(now=NOW)


def notice(title: str, rule_id: str) -> Obligation:
    return Obligation.objects.get(incident__title=title, rule_id=rule_id, applies=True)


def test_every_situation_has_its_incident_rated_and_assessed(demo) -> None:
    current = {incident.title: incident for incident in demo["incidents"]}
    assert set(current) == set(SITUATIONS)
    for incident in Incident.objects.filter(title__in=SITUATIONS):
        assert incident.severity, incident.title
        assert RiskAssessment.objects.filter(incident=incident).exists(), incident.title
    assert not Incident.objects.filter(severity="").exists()


def test_each_situation_shows_what_it_says(demo) -> None:
    due_soon = notice("Customer export bucket left public", "GDPR-SA")
    # GDPR Art. 33(1): 72 hours from awareness (66 hours before now): due in six hours.
    assert (due_soon.status, due_soon.due_at) == ("pending", NOW + 6 * H)
    overdue = notice("Support tickets exposed through an API bug", "GDPR-SA")
    assert (overdue.status, overdue.due_at) == ("overdue", NOW - 8 * H)
    on_time = notice("Phishing compromise of the customer-service mailbox", "GDPR-SA")
    assert on_time.status == "submitted"
    assert on_time.submissions.get().late is False
    late = notice("Payroll file e-mailed to the wrong customer", "GDPR-SA")
    assert late.status == "submitted_late"
    assert "third day" in late.submissions.get().delay_reasons
    not_notifiable = notice("Encrypted laptop stolen from a sales manager's car", "GDPR-SA")
    assert not_notifiable.status == "not_required"
    laptop_assessment = RiskAssessment.objects.get(incident=not_notifiable.incident)
    assert "Art. 34(3)(a)" in laptop_assessment.override_rationale
    cac = notice("上海门店会员系统遭勒索软件攻击", "CAC-4H")
    # CAC Measures: 4 hours from detection (3 hours before now).
    assert (cac.status, cac.due_at) == ("pending", NOW + H)


def test_the_past_months_include_a_reviewed_incident_and_drills(demo) -> None:
    (title,) = PAST_SITUATIONS
    closed = Incident.objects.get(title=title)
    assert closed.status == "closed"
    assert Review.objects.get(incident=closed).status == "completed"
    assert Drill.objects.count() == 2
    months = {
        (i.detected_at.year, i.detected_at.month)
        for i in Incident.objects.filter(status="closed", is_drill=False)
    }
    assert len(months) >= 4


def test_the_dpo_is_greeted_by_a_few_unread_notifications(demo) -> None:
    unread = Notification.objects.filter(user__username="dpo", read_at__isnull=True)
    assert 0 < unread.count() <= UNREAD_KEPT


def test_seeding_again_creates_nothing(demo, capsys) -> None:
    count = Incident.objects.count()
    call_command("seed_demo")
    assert "Demo incidents created: 0; past incidents: 0; drills: 0" in capsys.readouterr().out
    assert Incident.objects.count() == count
