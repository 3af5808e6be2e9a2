"""manage.py seed_demo, its past months: history for the trends, a completed review and two drills."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from compliance.models import Obligation
from incidents.learning.models import Drill, Review
from incidents.models import TASK_OPEN_STATUSES, Incident, Task

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_once(capsys) -> None:
    call_command("seed_demo")
    assert "past incidents: 5; drills: 2" in capsys.readouterr().out
    assert Review.objects.filter(status="completed").count() == 1
    assert [d.is_running for d in Drill.objects.order_by("started_at")] == [False, True]
    ended = Drill.objects.get(ended_at__isnull=False)
    assert ended.report["missed_steps"] or ended.report["late_steps"]
    # The closed incidents of past months owe nothing: every step done, every notice sent.
    history = Incident.objects.filter(status="closed", is_drill=False)
    assert history.count() == 5
    assert not Task.objects.filter(incident__in=history, status__in=TASK_OPEN_STATUSES).exists()
    owed = Obligation.objects.filter(incident__in=history, applies=True, submissions__isnull=True)
    assert not owed.exclude(status="not_required").exists()
    call_command("seed_demo")
    assert Drill.objects.count() == 2 and Review.objects.count() == 4
