"""The every-minute deadline sweep over 1,000,000 obligations of which 100 are due (PostgreSQL).

Seeds its own database (BENCH_DATABASE_URL, default bd_bench_sweep: see bench/stack.py) with
INSERT … SELECT generate_series (bench.seed.insert_select), then times the whole sweep job: the
one UNION ALL query, the check for keys already written, loading what is due, resolving
recipients, inserting the outbox rows and publishing one send task per row (to kombu's in-memory
broker, so no worker delivers anything). `python -m bench.sweep [--quick]` prints the figures.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.stack import migrated
from compliance.engine.regimes import RULES_BY_ID

ROOT = Path(__file__).resolve().parent.parent
# Seeded deadlines are relative to this instant, so a seed can be reused by later runs.
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
DUE_SOON, OVERDUE = 80, 20
FULL_ROWS, QUICK_ROWS, COMPANION_ROWS = 1_000_000, 50_000, 20_000
SEED_VERSION = "sweep-bench-2"
# The rows use the engine's rule ids (the database accepts no others), each at most once per
# incident: row i is rule i mod 14 of incident i div 14, so the seed makes incidents enough.
RULE_IDS = tuple(RULES_BY_ID)
RULE = f"(ARRAY[{', '.join(repr(rule) for rule in RULE_IDS)}])[1 + (i - 1) %% {len(RULE_IDS)}]"


def _django_setup(database_url: str) -> None:
    """Configure Django for the benchmark database (call before anything imports models)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# Columns the statements below leave out take the model's default (bench.seed.insert_select).
OBLIGATION_ROWS = {
    "incident": f"%(first_incident)s + (i - 1) / {len(RULE_IDS)}",
    "rule_id": RULE,
    "regime": f"split_part({RULE}, '-', 1)",
    "legal_basis": "'GDPR Art. 33(1)'",
    "recipient": "'Data Protection Commission'",
    "clock_event": "'aware_at'",
    "clock_start": "%(now)s - interval '3 days'",
    "unit": "'H'",
    "duration": "72",
    "due_at": """CASE
        WHEN i %% 10 < 7 THEN %(now)s - (i %% 63072000) * interval '1 second' - interval '8 days'
        WHEN i %% 10 = 8 THEN %(now)s + interval '2 days' + (i %% 31536000) * interval '1 second'
        ELSE NULL END""",
    "target_at": """CASE WHEN i %% 10 = 9
        THEN %(now)s + interval '2 days' + (i %% 86400) * interval '1 minute' ELSE NULL END""",
    "status": """CASE WHEN i %% 10 < 7 THEN 'submitted' WHEN i %% 10 = 7 THEN 'not_required'
        ELSE 'pending' END""",
    "applies": "i %% 10 <> 7",
    "created_at": "%(now)s",
    "updated_at": "%(now)s",
}
DUE_ROWS = {
    "incident": f"%(due_incident)s + (i - 1) / {len(RULE_IDS)}",
    "rule_id": RULE,
    "regime": f"split_part({RULE}, '-', 1)",
    "legal_basis": "'GDPR Art. 33(1)'",
    "recipient": "'Data Protection Commission'",
    "clock_event": "'aware_at'",
    "unit": "'H'",
    "duration": "72",
    "due_at": """CASE WHEN i <= %(due_soon)s THEN %(now)s + i * interval '17 minutes'
        ELSE %(now)s - (i - %(due_soon)s) * interval '7 minutes' END""",
    "status": "'pending'",
    "created_at": "%(now)s",
    "updated_at": "%(now)s",
}
TASK_ROWS = {
    "incident": "%(first_incident)s + (i %% %(incidents)s)",
    "team": "%(team)s",
    "title": "'Task ' || i",
    "status": "CASE WHEN i %% 5 = 0 THEN 'open' ELSE 'done' END",
    "due_at": """CASE WHEN i %% 5 = 0 THEN %(now)s + interval '3 days' + i * interval '1 minute'
        ELSE %(now)s - i * interval '1 minute' END""",
    "completed_at": "CASE WHEN i %% 5 = 0 THEN NULL ELSE %(now)s - i * interval '1 minute' END",
    "created_at": "%(now)s",
    "updated_at": "%(now)s",
}


def _seeded(rows: int) -> bool:
    """Whether the database already holds this benchmark's seed of this size."""
    from compliance.models import Obligation
    from incidents.models import OrganisationProfile

    marker = OrganisationProfile.objects.filter(name=f"{SEED_VERSION}:{rows}").exists()
    return marker and Obligation.objects.count() == rows + DUE_SOON + OVERDUE


def _seed(rows: int) -> None:
    """Fill the tables: incidents, `rows` obligations (none due), 100 due ones, tasks, people."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from bench.seed import insert_select
    from compliance.models import Obligation
    from incidents.models import Incident, OrganisationProfile, Task, Team
    from notifications.models import Event, WebhookSubscription

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE incidents_incident, incidents_organisationprofile, "
            "notifications_webhooksubscription, notifications_outboxevent RESTART IDENTITY CASCADE"
        )
    OrganisationProfile.objects.create(name=f"{SEED_VERSION}:{rows}")
    per_incident = len(RULE_IDS)
    for_rows = -(-rows // per_incident)
    incidents = Incident.objects.bulk_create(
        (
            Incident(reference=f"BD-2026-{n:06d}", title=f"Incident {n}", detected_at=NOW)
            for n in range(for_rows + -(-(DUE_SOON + OVERDUE) // per_incident))
        ),
        batch_size=5000,
    )
    params = {
        "first_incident": incidents[0].pk,
        "due_incident": incidents[for_rows].pk,
        "incidents": len(incidents),
        "rows": rows,
        "now": NOW,
        "due_soon": DUE_SOON,
        "due": DUE_SOON + OVERDUE,
        "team": Team.objects.get(code="legal").pk,
        "tasks": rows // 10,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
    insert_select(Obligation, "generate_series(1, %(rows)s) AS i", OBLIGATION_ROWS, params)
    insert_select(Obligation, "generate_series(1, %(due)s) AS i", DUE_ROWS, params)
    insert_select(Task, "generate_series(1, %(tasks)s) AS i", TASK_ROWS, params)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE compliance_obligation")
        cursor.execute("ANALYZE incidents_task")
    dpo, _ = get_user_model().objects.get_or_create(
        username="bench-dpo", defaults={"email": "dpo@example.org"}
    )
    dpo.groups.add(Group.objects.get(name="dpo"))
    WebhookSubscription.objects.create(
        name="SIEM", url="http://127.0.0.1:9/never-called", events=list(Event.values)
    )


def _plan() -> str:
    """EXPLAIN ANALYZE of the sweep's one query."""
    from django.db import connection

    from notifications.conf import notification_settings
    from notifications.selectors import deadlines_in_range_query

    config = notification_settings()
    query = deadlines_in_range_query(
        after=NOW - config.overdue_lookback, until=NOW + max(config.warning_windows)
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _timed(function: Any) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def measure(quick: bool, rows: int | None = None) -> dict[str, Any]:
    """Seed if needed, then time first sweeps (100 alerts to write and publish) and re-runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.models import OutboxEvent, OutboxMessage
    from notifications.selectors import deadlines_in_range
    from notifications.services import notifications_sweep

    rows = rows or (QUICK_ROWS if quick else FULL_ROWS)
    started = time.perf_counter()
    if not _seeded(rows):
        _seed(rows)
    seed_s = time.perf_counter() - started
    lookback = timedelta(days=7)
    assert len(deadlines_in_range(after=NOW - lookback, until=NOW + timedelta(hours=24))) == 100
    first, first_cpu, rerun = [], [], []
    for _ in range(5 if quick else 9):
        OutboxEvent.objects.all().delete()  # and, by cascade, their messages
        cpu = time.process_time()
        first.append(_timed(lambda: notifications_sweep(now=NOW)))
        first_cpu.append((time.process_time() - cpu) * 1000)
        rerun += [_timed(lambda: notifications_sweep(now=NOW)) for _ in range(3)]
    with CaptureQueriesContext(connection) as rerun_queries:
        notifications_sweep(now=NOW)
    written = OutboxMessage.objects.count()
    query_ms = statistics.median(
        _timed(lambda: deadlines_in_range(after=NOW - lookback, until=NOW + timedelta(hours=24)))
        for _ in range(9)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM compliance_obligation")
        total = cursor.fetchone()[0]
    return {
        # The first sweep after 100 deadlines came due: it writes and publishes every message.
        "sweep_ms_1m_obligations": round(statistics.median(first[1:]), 1),
        # This process's CPU time in that sweep: what a busy machine cannot inflate.
        "sweep_cpu_ms": round(statistics.median(first_cpu[1:]), 1),
        "sweep_rerun_ms": round(statistics.median(rerun[3:]), 1),
        "sweep_rerun_queries": len(rerun_queries),
        "sweep_query_ms": round(query_ms, 2),
        "sweep_obligations": total,
        "sweep_due": 100,
        "sweep_outbox_rows_written": written,
        "sweep_seed_s": round(seed_s, 1),
        "load_average_1m": os.getloadavg()[0],
        "database": "postgresql",
        "plan": _plan(),
    }


def run(quick: bool = False, rows: int | None = None) -> dict[str, Any]:
    """Figures of the sweep benchmark; runs in a fresh interpreter if Django is already set up.

    `rows` changes how many obligations there are (bench/scaling.py); 100 of them stay due.
    """
    from django.conf import settings

    from bench.stack import database_url as default_database_url

    database_url = os.environ.get("BENCH_DATABASE_URL") or default_database_url("sweep")
    child = bool(os.environ.get("BENCH_SWEEP_CHILD"))
    if settings.configured or (not child and not quick and rows is None):
        figures = _in_subprocess(quick, rows, database_url)
        if not quick and rows is None:
            # The same sweep over 20,000 obligations (its own database), in the same run: the
            # re-run's growth from 20,000 to 1,000,000 obligations.
            small = _in_subprocess(False, COMPANION_ROWS, default_database_url("sweep_20k"))
            figures["sweep_rerun_ms_20k"] = small["sweep_rerun_ms"]
            figures["sweep_ms_20k"] = small["sweep_ms_1m_obligations"]
            figures["sweep_rerun_growth_1m_vs_20k"] = round(
                figures["sweep_rerun_ms"] / small["sweep_rerun_ms"], 2
            )
        return figures
    _django_setup(database_url)
    from django.core.management import call_command
    from django.db import connections

    migrated(
        database_url,
        lambda: call_command("migrate", verbosity=0),
        on_retry=connections.close_all,
    )
    return measure(quick, rows)


def _in_subprocess(quick: bool, rows: int | None, database_url: str) -> dict[str, Any]:
    """The figures of one size, measured by a fresh interpreter set up for its database."""
    command = [sys.executable, "-m", "bench.sweep", "--json"] + (["--quick"] if quick else [])
    command += ["--rows", str(rows)] if rows else []
    env = {**os.environ, "BENCH_DATABASE_URL": database_url, "BENCH_SWEEP_CHILD": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"sweep benchmark failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    rows_given = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else None
    result = run(quick="--quick" in sys.argv, rows=rows_given)
    if "--json" in sys.argv:
        print(json.dumps(result))
    else:
        print(result.pop("plan"))
        print(json.dumps(result, indent=2))
