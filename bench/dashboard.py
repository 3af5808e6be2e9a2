"""Server time to render the dashboard (/) with 10,000 incidents in the database (1,000 quick).

Seeds a throwaway test database with bulk_create: incidents over two years with their
obligations, submissions and tasks, then times Django's full request handling in-process.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

HOUR = timedelta(hours=1)
SEVERITIES = ("", "low", "medium", "high", "very_high")


def django_ready() -> None:
    """Configure Django with the test settings unless the caller already did."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()


def seed(count: int, now: datetime, rng: random.Random) -> Any:
    """Create `count` incidents with two obligations, a submission for closed ones and three tasks."""
    from django.contrib.auth.models import Group, User

    from compliance.models import Obligation, Submission
    from incidents.models import Incident, LegalEntity, OrganisationProfile, Task, Team

    profile = OrganisationProfile.current()
    entity = LegalEntity.objects.create(profile=profile, legal_name="Bench Ltd", country="IE")
    user = User.objects.create_user("bench-dpo")
    user.groups.add(Group.objects.get(name="dpo"))
    incidents = []
    for number in range(count):
        detected = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)) - HOUR
        closed = detected < now - timedelta(days=30) and rng.random() < 0.9
        incidents.append(
            Incident(
                reference=f"BD-{detected.year}-B{number:06d}",
                title=f"Bench incident {number}",
                detected_at=detected,
                aware_at=detected + HOUR,
                status="closed" if closed else rng.choice(("open", "contained", "resolved")),
                closed_at=detected + 30 * 24 * HOUR if closed else None,
                severity=rng.choice(SEVERITIES),
                is_drill=rng.random() < 0.02,
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=2000)
    incidents = list(Incident.objects.order_by("pk"))
    obligations = []
    for incident in incidents:
        for rule, hours in (("GDPR-SA", 72), ("PIPL-AUTH", 24)):
            submitted = incident.status == "closed"
            obligations.append(
                Obligation(
                    incident=incident,
                    entity=entity,
                    rule_id=rule,
                    regime=rule.split("-")[0],
                    legal_basis="GDPR Art. 33(1)" if rule == "GDPR-SA" else "PIPL Art. 57",
                    recipient="Data Protection Commission",
                    clock_event="aware_at",
                    clock_start=incident.aware_at,
                    unit="H",
                    duration=hours,
                    due_at=incident.aware_at + hours * HOUR,
                    status=rng.choice(("submitted", "submitted", "submitted_late"))
                    if submitted
                    else "pending",
                )
            )
    Obligation.objects.bulk_create(obligations, batch_size=2000)
    Submission.objects.bulk_create(
        [
            Submission(
                obligation=obligation,
                phase="initial",
                submitted_at=obligation.clock_start + rng.uniform(2, 90) * HOUR,
                channel="web form",
                late=obligation.status == "submitted_late",
            )
            for obligation in Obligation.objects.filter(status__startswith="submitted")
        ],
        batch_size=2000,
    )
    teams = list(Team.objects.all())
    Task.objects.bulk_create(
        [
            Task(
                incident=incident,
                team=teams[index % len(teams)],
                title="Bench task",
                due_at=incident.detected_at + (index + 1) * 12 * HOUR,
                status="done" if incident.status == "closed" else "open",
                completed_at=incident.closed_at if incident.status == "closed" else None,
            )
            for incident in incidents
            for index in range(3)
        ],
        batch_size=2000,
    )
    return user


def measure(user: Any, repeats: int) -> tuple[list[float], int]:
    """Milliseconds per GET / (after one warm-up) and the query count of one request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Not the test environment: its template instrumentation would count as server time.
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    assert client.get("/").status_code == 200
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get("/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    return timings, len(queries)


def run(quick: bool = False) -> dict[str, Any]:
    """Seed a throwaway database, render the dashboard repeatedly and report the median time."""
    django_ready()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    count = 1_000 if quick else 10_000
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        user = seed(count, datetime.now(UTC), random.Random(7))
        seed_seconds = time.perf_counter() - started
        timings, queries = measure(user, repeats=5 if quick else 15)
        vendor = connection.vendor
    finally:
        teardown_databases(databases, verbosity=0)
    return {
        "dashboard_ms_10k": round(statistics.median(timings), 1),
        "dashboard_ms_max": round(max(timings), 1),
        "dashboard_incidents": count,
        "dashboard_queries": queries,
        "dashboard_seed_s": round(seed_seconds, 1),
        "database": vendor,
    }


if __name__ == "__main__":
    print(run())
