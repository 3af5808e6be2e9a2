"""manage.py seed_learning_demo: history for the trends, a completed review and two drills."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from incidents.learning.models import Drill, Review

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_once(capsys) -> None:
    call_command("seed_learning_demo")
    assert "Past incidents: 5; drills: 2" in capsys.readouterr().out
    assert Review.objects.filter(status="completed").count() == 1
    assert [d.is_running for d in Drill.objects.order_by("started_at")] == [False, True]
    ended = Drill.objects.get(ended_at__isnull=False)
    assert ended.report["missed_steps"] or ended.report["late_steps"]
    call_command("seed_learning_demo")
    assert Drill.objects.count() == 2 and Review.objects.count() == 4
