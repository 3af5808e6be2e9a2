"""Review measurements are computed exactly from the incident's timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from incidents.learning.metrics import (
    NoticeTiming,
    Outcome,
    TaskResult,
    Timeline,
    review_metrics,
    step_outcome,
    team_results,
)
from incidents.learning.selectors import incident_metrics
from tests.incidents.learning.conftest import (
    AUTHORITY_SENT,
    CLOSED,
    STAFF_PUBLISHED,
)

pytestmark = pytest.mark.django_db


def test_metrics_of_the_known_timeline_to_the_second(closed_incident) -> None:
    metrics = incident_metrics(incident=closed_incident, now=CLOSED)

    assert metrics.time_to_detect == timedelta(hours=19, minutes=40)
    assert metrics.time_to_awareness == timedelta(hours=14, minutes=55, seconds=30)
    assert metrics.time_to_containment == timedelta(hours=8, minutes=14, seconds=30)
    assert metrics.time_to_resolution == timedelta(days=9, minutes=44, seconds=30)

    # In deadline order: the 24-hour internal target before the 72-hour deadline.
    subjects, authority = metrics.notices
    # The first submission counts; the follow-up three days later does not move it.
    assert (authority.legal_basis, authority.submitted_at) == ("GDPR Art. 33(1)", AUTHORITY_SENT)
    assert authority.time_taken == timedelta(hours=71, minutes=59, seconds=59)
    assert authority.time_allowed == timedelta(hours=72)
    assert authority.margin == timedelta(seconds=1)
    assert (authority.statutory, authority.outcome) == (True, Outcome.ON_TIME)
    # An ASAP duty is measured against its internal target, and says so.
    assert subjects.time_taken == timedelta(hours=24, seconds=1)
    assert subjects.margin == timedelta(seconds=-1)
    assert (subjects.statutory, subjects.outcome) == (False, Outcome.LATE)
    assert (metrics.notices_on_time, metrics.notices_late) == (1, 1)

    media, staff = metrics.statements
    assert (media.audience, media.published_at, media.time_taken) == ("Media", None, None)
    assert (staff.audience, staff.published_at) == ("Staff", STAFF_PUBLISHED)
    assert staff.time_taken == timedelta(hours=6, minutes=45)


def test_missing_timestamps_give_no_measurement_rather_than_a_guess() -> None:
    detected = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    metrics = review_metrics(Timeline(detected_at=detected), now=detected)
    assert metrics.time_to_detect is None
    assert metrics.time_to_awareness is None
    assert metrics.time_to_containment is None
    assert metrics.notices == () and metrics.statements == ()


@pytest.mark.parametrize(
    ("sent_after", "outcome"),
    [
        pytest.param(timedelta(hours=72) - timedelta(microseconds=1), Outcome.ON_TIME, id="before"),
        pytest.param(timedelta(hours=72), Outcome.ON_TIME, id="at-the-deadline"),
        pytest.param(timedelta(hours=72, microseconds=1), Outcome.LATE, id="just-after"),
    ],
)
def test_a_notice_is_on_time_up_to_and_at_its_deadline(sent_after, outcome) -> None:
    aware = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the EU clocks change
    notice = NoticeTiming(
        "GDPR",
        "GDPR Art. 33(1)",
        "DPC",
        aware,
        aware + timedelta(hours=72),
        first_submitted_at=aware + sent_after,
    )
    metrics = review_metrics(
        Timeline(detected_at=aware, aware_at=aware, notices=(notice,)), now=aware
    )
    assert metrics.notices[0].outcome == outcome
    assert metrics.notices[0].time_taken == sent_after


@pytest.mark.parametrize(
    ("now_after_due", "outcome"),
    [
        pytest.param(timedelta(0), Outcome.PENDING, id="at-due"),
        pytest.param(timedelta(microseconds=1), Outcome.OVERDUE, id="just-after"),
    ],
)
def test_an_unsent_notice_becomes_overdue_just_after_its_due_time(now_after_due, outcome) -> None:
    due = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert step_outcome(due=due, done_at=None, now=due + now_after_due) == outcome


def test_team_results_count_outcomes_and_average_exactly() -> None:
    h = timedelta(hours=1)
    results = [
        TaskResult("IT/Security", "Contain", 2 * h, 1 * h, Outcome.ON_TIME),
        TaskResult("IT/Security", "Preserve evidence", 2 * h, 4 * h, Outcome.LATE),
        TaskResult("IT/Security", "Rotate keys", 1 * h, None, Outcome.OVERDUE),
        TaskResult("Legal", "Check contracts", 24 * h, None, Outcome.PENDING),
    ]
    it, legal = team_results(results)
    assert (it.team, it.tasks, it.on_time, it.late, it.missed) == ("IT/Security", 3, 1, 1, 1)
    assert it.mean_taken == timedelta(hours=2, minutes=30)
    assert it.mean_target == 2 * h
    assert it.worst_lateness == 2 * h
    assert (legal.tasks, legal.missed, legal.mean_taken, legal.worst_lateness) == (1, 0, None, None)


def test_steps_that_do_not_apply_are_neither_done_nor_not_yet_due() -> None:
    """An ended drill whose team marked two steps not applicable: its bar shows them as such."""
    from types import SimpleNamespace

    from incidents.views.learning import team_chart

    h = timedelta(hours=1)
    results = [
        TaskResult("Legal", "Check contracts", 2 * h, 1 * h, Outcome.ON_TIME),
        TaskResult("Legal", "Notify the insurer", 4 * h, None, Outcome.NOT_APPLICABLE),
        TaskResult("Legal", "Notify the bank", 4 * h, None, Outcome.NOT_APPLICABLE),
        TaskResult("Legal", "File the register entry", 1 * h, None, Outcome.OVERDUE),
    ]
    (legal,) = team_results(results)
    assert (legal.tasks, legal.on_time, legal.missed, legal.not_applicable) == (4, 1, 1, 2)
    chart = team_chart(SimpleNamespace(teams=[legal]))
    titles = [rect.title for rect in chart.rects]
    assert titles == ["Legal: On time: 1", "Legal: Missed: 1", "Legal: Not applicable: 2"]
