"""compliance.figures: each figure computed another way, in plain Python over the raw rows, and
the dashboard, the executive page and the trends API showing the same numbers."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from compliance import figures
from compliance.models import Obligation, Submission
from compliance.services.submissions import submission_record
from incidents.learning.trends import default_period
from tests.factories import incident_create_for_test, obligation_create_for_test

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _incident(personas: dict[str, Any], now: datetime, days_ago: int, **data: Any) -> Any:
    """An incident detected `days_ago` days before now, with no obligation until a test adds one."""
    detected = now - days_ago * DAY
    incident = incident_create_for_test(
        actor=personas["security"],
        now=detected + timedelta(hours=2),
        detected_at=detected,
        aware_at=detected + timedelta(hours=1),
        **data,
    )
    incident.obligations.all().delete()
    return incident


def _send(obligation: Obligation, personas: dict[str, Any], at: datetime, now: datetime) -> None:
    """Record the initial notice through the service, which judges it on time or late."""
    submission_record(
        actor=personas["dpo"],
        obligation=obligation,
        phase="initial",
        submitted_at=at,
        channel="portal",
        delay_reasons="Waited for the forensic report.",
        now=now,
    )


@pytest.fixture
def varied(personas: dict[str, Any], organisation: Any) -> datetime:
    """On time, late, overdue open, pending, ASAP duties, drills, not-required and withdrawn
    duties, the internal register, an incident outside the window; four regimes."""
    now = timezone.now().replace(microsecond=0)
    first = _incident(personas, now, 20, title="Mailbox")
    sent = obligation_create_for_test(incident=first, due_at=now - 15 * DAY)
    _send(sent, personas, now - 16 * DAY, now)  # on time
    obligation_create_for_test(incident=first, rule_id="GDPR-DS", due_at=now - DAY)  # overdue
    obligation_create_for_test(incident=first, rule_id="GDPR-REG", status="to_document")
    second = _incident(personas, now, 30, title="Payroll")
    late = obligation_create_for_test(incident=second, rule_id="UK_GDPR-SA", due_at=now - 25 * DAY)
    _send(late, personas, now - 24 * DAY, now)  # late
    obligation_create_for_test(incident=second, rule_id="UK_GDPR-DS", due_at=now + DAY)  # pending
    withdrawn = obligation_create_for_test(incident=second, due_at=now - 2 * DAY)
    Obligation.objects.filter(pk=withdrawn.pk).update(applies=False)
    third = _incident(personas, now, 10, title="Shop")
    cac = obligation_create_for_test(incident=third, rule_id="CAC-4H", due_at=now - 9 * DAY)
    _send(cac, personas, now - 10 * DAY + timedelta(hours=3), now)  # on time, CAC
    obligation_create_for_test(incident=third, rule_id="PIPL-AUTH", status="not_required")
    asap_sent = obligation_create_for_test(
        incident=third, rule_id="PIPL-IND", due_at=None, target_at=now - 9 * DAY
    )
    _send(asap_sent, personas, now - 8 * DAY, now)  # ASAP: no statutory due time, so on time
    obligation_create_for_test(
        incident=third, rule_id="CAC-FINAL", due_at=None, target_at=now - DAY
    )  # ASAP, unsent past its target: overdue
    drill = _incident(personas, now, 5, title="Drill", is_drill=True)
    obligation_create_for_test(incident=drill, due_at=now - DAY)  # a drill: never counted
    old = _incident(personas, now, 400, title="Old")
    past = obligation_create_for_test(incident=old, due_at=now - 398 * DAY)
    _send(past, personas, now - 399 * DAY, now)  # outside the twelve-month window
    return now


def _since(now: datetime) -> datetime:
    return datetime.combine(default_period(now.date())[0], time.min, tzinfo=UTC)


def python_figures(now: datetime, since: datetime) -> dict[str, dict[str, Any]]:
    """The figures per regime (and 'all'), from the raw rows with plain Python: outcomes from
    the submission times against the statutory due time, not from the stored status."""
    first_sent: dict[int, datetime] = {}
    for row in Submission.objects.values("obligation_id", "submitted_at"):
        known = first_sent.get(row["obligation_id"])
        first_sent[row["obligation_id"]] = min(filter(None, [known, row["submitted_at"]]))
    result: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"on_time": 0, "late": 0, "overdue": 0, "pending": 0, "times": []}
    )
    rows = Obligation.objects.values(
        "pk", "regime", "rule_id", "applies", "status", "due_at", "target_at", "clock_start",
        "incident__is_drill", "incident__detected_at",
    )  # fmt: skip
    for row in rows:
        if (
            not row["applies"]
            or row["status"] == "not_required"
            or row["rule_id"].endswith("-REG")
            or row["incident__is_drill"]
            or row["incident__detected_at"] < since
        ):
            continue
        sent = first_sent.get(row["pk"])
        limit = row["due_at"] or row["target_at"]
        if sent is not None:
            outcome = "late" if row["due_at"] and sent > row["due_at"] else "on_time"
        elif limit is not None and limit < now:
            outcome = "overdue"
        else:
            outcome = "pending"
        for key in (row["regime"], "all"):
            result[key][outcome] += 1
            if sent is not None and row["clock_start"] is not None:
                result[key]["times"].append(sent - row["clock_start"])
    return dict(result)


def _as_dict(row: figures.NoticeFigures) -> dict[str, Any]:
    return {
        "on_time": row.on_time,
        "late": row.late,
        "overdue": row.overdue,
        "pending": row.pending,
        "mean_time": row.mean_time,
        "worst_time": row.worst_time,
    }


def _expected(values: dict[str, Any]) -> dict[str, Any]:
    times = values["times"]
    return {
        "on_time": values["on_time"],
        "late": values["late"],
        "overdue": values["overdue"],
        "pending": values["pending"],
        "mean_time": sum(times, timedelta()) / len(times) if times else None,
        "worst_time": max(times) if times else None,
    }


def test_the_dataset_covers_every_outcome_and_regime(varied: datetime) -> None:
    expected = python_figures(varied, _since(varied))
    assert set(expected) == {"GDPR", "UK_GDPR", "CAC", "PIPL", "all"}
    assert all(expected["all"][name] for name in ("on_time", "late", "overdue", "pending"))


def test_each_figure_per_regime_equals_plain_python(varied: datetime, personas: Any) -> None:
    since = _since(varied)
    expected = python_figures(varied, since)
    notices = figures.visible_notices(user=personas["dpo"], since=since)
    by_regime = dict(figures.notice_figures_by_regime(notices, now=varied))
    assert {regime: _as_dict(row) for regime, row in by_regime.items()} == {
        regime: _expected(values) for regime, values in expected.items() if regime != "all"
    }
    total = figures.notice_figures(notices, now=varied)
    assert _as_dict(total) == _expected(expected["all"])
    decided = total.on_time + total.late + total.overdue
    assert total.share_on_time == total.on_time / decided


def test_overdue_now_is_the_same_figure_as_past_due_not_sent(varied: datetime, personas: Any):
    since = _since(varied)
    counters = figures.open_counters(now=varied, user=personas["dpo"])
    assert counters["obligations_overdue"] == python_figures(varied, since)["all"]["overdue"]
    assert (
        counters["obligations_overdue"]
        == figures.overdue_notices(now=varied, user=personas["dpo"]).count()
    )


def test_dashboard_executive_page_and_trends_api_show_the_same_figures(
    varied: datetime, personas: Any, api_client_for: Any
) -> None:
    expected = python_figures(timezone.now(), _since(varied))
    everyone = expected["all"]
    client = Client()
    client.force_login(personas["dpo"])
    context = client.get("/").context
    assert context["counters"]["obligations_overdue"] == everyone["overdue"]
    assert _as_dict(context["timeliness"]) == _expected(everyone)
    client.force_login(personas["executive"])
    executive = client.get("/").context
    assert _as_dict(executive["timeliness"]) == _expected(everyone)
    assert {regime: _as_dict(row) for regime, row in executive["by_regime"]} == {
        regime: _expected(values) for regime, values in expected.items() if regime != "all"
    }
    trends = api_client_for("dpo").get("/api/v1/trends/").json()["notify_by_regime"]
    for row in trends:
        values = expected[row["regime"]]
        assert [row[name] for name in ("on_time", "late", "overdue", "pending")] == [
            values[name] for name in ("on_time", "late", "overdue", "pending")
        ]
        worst = max(values["times"], default=None)
        assert row["worst_time"] == (worst.total_seconds() if worst else None)
    assert {row["regime"] for row in trends} == set(expected) - {"all"}
