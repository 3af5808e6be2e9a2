"""Trends: mean time per month from first signal to awareness, and awareness to the first notice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from compliance.models import Obligation, Submission
from incidents.learning.trends import trends_compute
from tests.factories import incident_create_for_test

NOW = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)


def _incident(personas, detected: datetime, aware_after: timedelta | None):
    aware = detected + aware_after if aware_after is not None else None
    return incident_create_for_test(
        actor=personas["security"], now=NOW, detected_at=detected, aware_at=aware
    )


def test_means_per_month_from_signal_to_awareness_and_to_first_notice(personas, organisation):
    first = _incident(personas, datetime(2026, 11, 2, 8, 0, tzinfo=UTC), timedelta(hours=2))
    _incident(personas, datetime(2026, 11, 9, 8, 0, tzinfo=UTC), timedelta(hours=6))
    _incident(personas, datetime(2026, 12, 1, 8, 0, tzinfo=UTC), None)
    notice = Obligation.objects.filter(incident=first, rule_id="GDPR-SA").first()
    assert notice is not None
    for hours in (30, 50):  # the first submission counts, not the follow-up
        Submission.objects.create(
            obligation=notice,
            phase="initial" if hours == 30 else "follow_up",
            submitted_at=first.aware_at + timedelta(hours=hours),
            channel="portal",
        )
    trends = trends_compute(period_from=date(2026, 10, 1), period_to=date(2026, 12, 31), now=NOW)
    rows = {row["month"]: row for row in trends.response_times}
    assert rows["2026-10"] == {
        "month": "2026-10",
        "incidents": 0,
        "signal_to_awareness_hours": None,
        "awareness_to_first_notice_hours": None,
    }
    assert rows["2026-11"]["incidents"] == 2
    assert rows["2026-11"]["signal_to_awareness_hours"] == pytest.approx(4.0)
    assert rows["2026-11"]["awareness_to_first_notice_hours"] == pytest.approx(30.0)
    assert rows["2026-12"]["incidents"] == 1
    assert rows["2026-12"]["signal_to_awareness_hours"] is None


def test_the_trends_api_and_page_show_them(personas, organisation, api_client_for, client):
    import time_machine

    _incident(personas, datetime(2026, 11, 2, 8, 0, tzinfo=UTC), timedelta(hours=3))
    with time_machine.travel(NOW, tick=False):
        body = api_client_for("dpo").get("/api/v1/trends/").json()
        client.force_login(personas["dpo"])
        page = client.get("/trends/")
    november = next(row for row in body["response_times"] if row["month"] == "2026-11")
    assert november["signal_to_awareness_hours"] == 3.0
    assert b"From first signal to notice" in page.content
