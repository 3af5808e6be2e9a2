"""/api/v1/trends/: root causes, data categories, notification times, open work; drills apart."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.learning.drills import drill_end, drill_start
from incidents.learning.models import CorrectiveAction, DrillScenario, Review
from incidents.models import TASK_OPEN_STATUSES, Task, Team
from incidents.services import incident_transition
from tests.factories import incident_create_for_test
from tests.incidents.learning.conftest import obligations_exactly, submission_add

URL = "/api/v1/trends/"
pytestmark = pytest.mark.django_db
PERIOD = {"period_from": "2026-01-01", "period_to": "2026-03-31"}
H = timedelta(hours=1)


def logged(personas: dict[str, Any], aware: datetime, **facts: Any) -> Any:
    """A real incident seen an hour before awareness, with its first-response tasks."""
    return incident_create_for_test(
        actor=personas["security"],
        now=aware + H,
        detected_at=aware - H,
        aware_at=aware,
        **facts,
    )


@pytest.fixture
def history(personas: dict[str, Any], teams: Any) -> dict[str, Any]:
    """Three real incidents (January, January, March) and a drill in March."""
    first = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    second = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
    third = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    a = logged(personas, first, root_cause="human_error", data_categories=["contact"])
    b = logged(
        personas, second, root_cause="cyber_attack", data_categories=["contact", "financial"]
    )
    c = logged(personas, third, root_cause="cyber_attack", data_categories=["health"])
    c = incident_transition(actor=personas["dpo"], incident=c, status="closed", now=third + 9 * H)
    a_notices = obligations_exactly(a, {"GDPR-SA": dict(due_at=first + 72 * H)})
    submission_add(a_notices["GDPR-SA"], first + 36 * H)
    b_notices = obligations_exactly(
        b,
        {
            "GDPR-SA": dict(due_at=second + 72 * H),
            "GDPR-DS": dict(due_at=None, target_at=second + 24 * H),  # never sent: overdue
        },
    )
    submission_add(b_notices["GDPR-SA"], second + 80 * H)
    pipl = dict(regime="PIPL", due_at=None, target_at=third + 24 * H)
    c_notices = obligations_exactly(c, {"PIPL-AUTH": pipl})
    # PIPL's clock starts at detection, an hour before awareness: sent two hours after it.
    submission_add(c_notices["PIPL-AUTH"], third + H)
    # The review found an insider behind what was logged as an attack.
    review = Review.objects.create(incident=c, root_cause="insider")
    it = Team.objects.get(code="it-security")
    CorrectiveAction.objects.create(
        review=review,
        title="Offboarding checklist",
        team=it,
        category="process",
        due_at=third + 10 * 24 * H,
    )
    CorrectiveAction.objects.create(
        review=review,
        title="DLP alerts to the SOC",
        team=it,
        category="monitoring",
        status="done",
        completed_at=third + 20 * 24 * H,
    )
    drill = drill_start(
        actor=personas["dpo"],
        scenario=DrillScenario.objects.get(key="misdirected-email"),
        now=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
    )
    drill_notices = obligations_exactly(
        drill.incident, {"GDPR-SA": dict(due_at=drill.started_at + 72 * H)}
    )
    submission_add(drill_notices["GDPR-SA"], drill.started_at + 100 * H)
    drill_end(actor=personas["dpo"], drill=drill, now=drill.started_at + 10 * H)
    drill_review = Review.objects.get(incident=drill.incident)
    CorrectiveAction.objects.create(
        review=drill_review, title="Rehearse the holding statement", team=it, category="training"
    )
    running = drill_start(
        actor=personas["dpo"],
        scenario=DrillScenario.objects.get(key="insider-exfiltration"),
        now=datetime(2026, 3, 12, 9, 0, tzinfo=UTC),
    )
    return {"a": a, "b": b, "c": c, "drill": drill, "running": running}


def open_tasks_by_team(**filters: Any) -> dict[str, tuple[int, int]]:
    """Open (and, all being past due, overdue) tasks per team, counted the plain way."""
    rows = Task.objects.filter(status__in=TASK_OPEN_STATUSES, **filters)
    names = rows.values_list("team__name", flat=True)
    return {name: (count, count) for name, count in Counter(names).items()}


def test_real_trends_leave_drills_out(api_client_for, history) -> None:
    response = api_client_for("executive").get(URL, PERIOD)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["months"] == ["2026-01", "2026-02", "2026-03"]
    assert (body["incidents"], body["include_drills"]) == (3, False)
    assert body["by_root_cause"] == [
        {"key": "human_error", "label": "Human error", "counts": [1, 0, 0]},
        {"key": "insider", "label": "Insider", "counts": [0, 0, 1]},
        {"key": "cyber_attack", "label": "Cyber attack", "counts": [1, 0, 0]},
    ]
    categories = {row["key"]: row["counts"] for row in body["by_data_category"]}
    assert categories == {"contact": [2, 0, 0], "financial": [1, 0, 0], "health": [0, 0, 1]}
    gdpr, pipl = body["notify_by_regime"]
    assert gdpr == {
        "regime": "GDPR",
        "notices": 3,
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "pending": 0,
        "mean_time": 58 * 3600.0,
        "worst_time": 80 * 3600.0,
        "share_on_time": 1 / 3,
    }
    assert (pipl["regime"], pipl["notices"], pipl["share_on_time"]) == ("PIPL", 1, 1.0)
    assert pipl["mean_time"] == pipl["worst_time"] == 2 * 3600.0
    teams = {row["team"]: (row["open"], row["overdue"]) for row in body["tasks_by_team"]}
    assert teams == open_tasks_by_team(incident__is_drill=False)
    actions = body["corrective_actions"]
    assert (actions["open"], actions["overdue"], actions["done"]) == (1, 1, 1)
    assert [row["category"] for row in actions["by_category"]] == ["process", "monitoring"]


def test_include_drills_adds_the_rehearsals(api_client_for, history) -> None:
    body = api_client_for("dpo").get(URL, {**PERIOD, "include_drills": "true"}).json()
    assert (body["incidents"], body["include_drills"]) == (5, True)
    causes = {row["key"]: row["counts"] for row in body["by_root_cause"]}
    assert (causes["human_error"], causes["insider"]) == ([1, 0, 1], [0, 0, 2])
    teams = {row["team"]: (row["open"], row["overdue"]) for row in body["tasks_by_team"]}
    # The running drill's open steps count now; the ended drill left none open.
    assert teams == open_tasks_by_team()
    assert not Task.objects.filter(incident=history["drill"].incident, status="open").exists()
    running = Task.objects.filter(incident=history["running"].incident).count()
    real = sum(load[0] for load in open_tasks_by_team(incident__is_drill=False).values())
    assert sum(load[0] for load in teams.values()) == real + running
    gdpr = next(row for row in body["notify_by_regime"] if row["regime"] == "GDPR")
    assert (gdpr["late"], gdpr["worst_time"]) == (2, 100 * 3600.0)
    assert body["corrective_actions"]["open"] == 2


def test_drills_stay_out_of_the_review_and_action_lists_unless_asked(
    api_client_for, history
) -> None:
    dpo = api_client_for("dpo")
    reviews = dpo.get("/api/v1/reviews/").json()["results"]
    assert [r["incident"] for r in reviews] == [history["c"].pk]
    with_drills = dpo.get("/api/v1/reviews/", {"include_drills": "true"}).json()["results"]
    assert {r["incident"] for r in with_drills} == {history["c"].pk, history["drill"].incident_id}
    actions = dpo.get("/api/v1/corrective-actions/").json()["results"]
    assert "Rehearse the holding statement" not in {a["title"] for a in actions}
    assert dpo.get("/api/v1/corrective-actions/", {"include_drills": "true"}).json()["count"] == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"period_from": "2026-13-01"}, "period_from", id="not-a-date"),
        pytest.param(
            {"period_from": "2026-03-01", "period_to": "2026-01-01"}, "period_to", id="backwards"
        ),
        pytest.param(
            {"period_from": "2020-01-01", "period_to": "2026-01-01"}, "period_to", id="too-long"
        ),
        pytest.param({"include_drills": "maybe"}, "include_drills", id="not-a-boolean"),
        pytest.param({"colour": "red"}, "colour", id="unknown"),
    ],
)
def test_a_bad_query_is_a_400_naming_the_parameter(api_client_for, query, field) -> None:
    response = api_client_for("dpo").get(URL, query)
    assert response.status_code == 400
    assert field in response.json()


def test_the_trends_take_the_same_number_of_queries_for_more_incidents(
    api_client_for, personas, teams
) -> None:
    dpo = api_client_for("dpo")
    aware = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    logged(personas, aware, root_cause="insider")
    dpo.get(URL, PERIOD)  # the caller's roles are read once and kept
    with CaptureQueriesContext(connection) as one:
        assert dpo.get(URL, PERIOD).status_code == 200
    for day in range(1, 6):
        incident = logged(personas, aware + day * 24 * H, root_cause="human_error")
        notices = obligations_exactly(incident, {"GDPR-SA": dict(due_at=aware + 72 * H)})
        submission_add(notices["GDPR-SA"], aware)
    with CaptureQueriesContext(connection) as six:
        assert dpo.get(URL, PERIOD).json()["incidents"] == 6
    assert len(six) == len(one)


def test_anonymous_and_outsiders_see_no_trends(api_client_for) -> None:
    assert api_client_for(None).get(URL).status_code == 401
    assert api_client_for("outsider").get(URL).status_code == 403
