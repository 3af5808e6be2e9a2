"""compliance.figures_cache: the dashboards' figures stay exact when cached — after each kind of
change (a new incident, an edit of facts, a recorded submission, time passing a limit) they
equal the figures recounted from the raw rows; without the version the triggers renew, the
cached figures would be stale and these tests fail. Transactions are committed here (the cache
is read only outside a transaction, as in a request)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from compliance import figures
from compliance.figures_cache import FiguresCache, current_version
from compliance.models import Obligation
from incidents.services import incident_update
from incidents.views.dashboard import dashboard_figures, figures_since
from tests.compliance import test_figures
from tests.compliance.test_figures import (
    DAY,
    _as_dict,
    _expected,
    _incident,
    _send,
    python_figures,
)
from tests.factories import obligation_create_for_test

pytestmark = pytest.mark.django_db(transaction=True)
varied = test_figures.varied  # the same data set as the figures' own tests


def shown(personas: dict[str, Any], now: datetime) -> tuple[dict[str, Any], int]:
    """The DPO's dashboard figures at `now` through a fresh cache, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        context = dashboard_figures(now, personas["dpo"], FiguresCache(sees_everything=True))
    return context, len(queries)


def assert_exact(personas: dict[str, Any], now: datetime) -> dict[str, Any]:
    context, _queries = shown(personas, now)
    everyone = python_figures(now, figures_since(now))["all"]
    assert _as_dict(context["timeliness"]) == _expected(everyone)
    assert context["counters"]["obligations_overdue"] == everyone["overdue"]
    live = figures.open_counters(now=now, user=personas["dpo"])
    assert {k: context["counters"][k] for k in live} == live
    return context


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def test_a_second_view_reads_the_cache(varied: datetime, personas: Any) -> None:
    assert current_version() is not None
    _first, computed = shown(personas, varied)
    _second, cached = shown(personas, varied)
    assert cached < computed
    assert_exact(personas, varied)


def test_after_a_flush_the_version_starts_again_under_a_new_token() -> None:
    """A flush of every table (as a transactional test or `flush` does) takes the version row
    with it: the next read makes it again, with a token no earlier version had."""
    from compliance.models import FiguresVersion

    before = current_version()
    FiguresVersion.objects.all().delete()
    after = current_version()
    assert before is not None and after is not None
    assert after.split("-", 1)[1] != before.split("-", 1)[1]
    assert current_version() == after


def test_figures_stay_exact_after_each_kind_of_change(varied: datetime, personas: Any) -> None:
    now = varied
    assert_exact(personas, now)
    before = assert_exact(personas, now)["timeliness"]

    # A new incident with an overdue notice.
    fresh = _incident(personas, now, 3, title="New")
    obligation_create_for_test(incident=fresh, due_at=now - timedelta(hours=2))
    after = assert_exact(personas, now)["timeliness"]
    assert after.overdue == before.overdue + 1

    # An edit of facts: the incident becomes a drill and leaves the figures.
    incident_update(actor=personas["dpo"], incident=fresh, data={"is_drill": True}, now=now)
    assert assert_exact(personas, now)["timeliness"].overdue == before.overdue

    # A recorded submission of the pending notice.
    pending = Obligation.objects.get(rule_id="UK_GDPR-DS")
    _send(pending, personas, now - timedelta(hours=1), now)
    sent = assert_exact(personas, now)["timeliness"]
    assert (sent.pending, sent.on_time) == (before.pending - 1, before.on_time + 1)


def test_time_passing_a_limit_moves_a_cached_notice_to_overdue(
    varied: datetime, personas: Any
) -> None:
    pending = Obligation.objects.get(rule_id="UK_GDPR-DS")  # due at varied + 1 day
    early = assert_exact(personas, varied)["timeliness"]
    # Within 24 hours of the limit: counted as due soon, from the same cached version.
    soon = assert_exact(personas, pending.due_at - timedelta(hours=1))["counters"]
    assert soon["obligations_due_24h"] == 1
    assert assert_exact(personas, pending.due_at)["timeliness"].overdue == early.overdue
    late = assert_exact(personas, pending.due_at + timedelta(seconds=1))["timeliness"]
    assert (late.overdue, late.pending) == (early.overdue + 1, early.pending - 1)
    assert assert_exact(personas, varied + 2 * DAY)["counters"]["obligations_due_24h"] == 0


def test_an_edit_that_changes_no_figure_keeps_the_version(varied: datetime, personas: Any):
    incident = Obligation.objects.get(rule_id="UK_GDPR-DS").incident
    current_version()  # the row again after the flush of the previous test
    version = current_version()
    assert version is not None
    incident_update(
        actor=personas["dpo"], incident=incident, data={"measures_taken": "Reset"}, now=varied
    )
    assert current_version() == version
    incident_update(actor=personas["dpo"], incident=incident, data={"severity": "low"}, now=varied)
    assert current_version() != version


def test_cached_views_make_the_same_queries_whatever_the_history(personas: Any) -> None:
    from django.utils import timezone

    now = timezone.now().replace(microsecond=0)
    current_version()  # the row again after the flush of the previous test
    counts = []
    for size in (2, 8):
        while Obligation.objects.count() < size:
            incident = _incident(personas, now, 1 + Obligation.objects.count(), title="Busy")
            obligation_create_for_test(incident=incident, due_at=now - DAY)
        shown(personas, now)
        counts.append(shown(personas, now)[1])
    assert counts[0] == counts[1]


def test_the_boards_cached_count_follows_new_duties(varied: datetime, personas: Any) -> None:
    from django.test import Client

    current_version()  # the row again after the flush of the previous test
    client = Client()
    client.force_login(personas["dpo"])

    def count(query: str = "") -> int:
        return client.get(f"/board/{query}").context["page"].paginator.count

    def live(*conditions: Q, **filters: Any) -> int:
        return Obligation.objects.filter(
            *conditions,
            applies=True,
            incident__status__in=["open", "contained", "resolved"],
            **filters,
        ).count()

    open_duties = live(status__in=["pending", "overdue"])
    assert count() == count() == open_duties
    everything = count("?status=all&scope=all")
    incident = Obligation.objects.get(rule_id="UK_GDPR-DS").incident
    obligation_create_for_test(incident=incident, due_at=varied + DAY)
    assert count() == open_duties + 1
    assert count("?status=all&scope=all") == everything + 1
    # A selection by time left is counted at each view.
    past = Q(due_at__lt=varied) | Q(due_at__isnull=True, target_at__lt=varied)
    assert count("?when=overdue") == live(past, status__in=["pending", "overdue"])


def test_the_trend_panel_follows_a_root_cause_and_a_submission(
    varied: datetime, personas: Any
) -> None:
    from django.test import Client

    current_version()  # the row again after the flush of the previous test
    client = Client()
    client.force_login(personas["dpo"])

    def panel() -> Any:
        return client.get("/").context["trends"]

    first = panel()
    assert panel().by_root_cause == first.by_root_cause
    incident = Obligation.objects.get(rule_id="UK_GDPR-DS").incident
    incident_update(
        actor=personas["dpo"], incident=incident, data={"root_cause": "insider"}, now=varied
    )
    assert sum(panel().by_root_cause["insider"]) == sum(first.by_root_cause.get("insider", [0])) + 1
    pending = Obligation.objects.get(rule_id="UK_GDPR-DS")
    _send(pending, personas, varied - timedelta(hours=1), varied)
    regimes = {row.regime: row for row in panel().notify_by_regime}
    before = {row.regime: row for row in first.notify_by_regime}
    assert regimes["UK_GDPR"].pending == before["UK_GDPR"].pending - 1
