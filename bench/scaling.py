"""How cost grows with the number of incidents: 1,000, 10,000 and 100,000 (quick: 1,000).

For each size, on PostgreSQL:

- incident list: Django's whole handling of `GET /api/v1/incidents/` with an API token,
  in-process (median wall and CPU milliseconds, and its queries);
- dashboard: the same for `GET /` with a signed-in session, and apart from it the time of its
  learning-trends panel (twelve months of incidents);
- deadline board: the same for `GET /board/` (its first page of 100 obligations);
- edit: `PATCH /api/v1/incidents/{id}/` of one open incident's facts (`measures_taken`, a new
  text each time) with `If-Match: *`: the write, its audit entry and what it recomputes;
- sweep: the every-minute deadline sweep (bench/sweep.py, its own database) over two
  obligations per incident and a tenth as many tasks, of which 100 deadlines are due.

The database is topped up from one size to the next (bench/seed.py: INSERT … SELECT, seconds
for 100,000 incidents and their 800,000 related rows); a run starts it again when it holds more
than the smallest size. The
full run draws docs/scaling.png (matplotlib, the optional `bench` extra) from the series.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import stack

FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000,)
PLOT = stack.ROOT / "docs" / "scaling.png"


def _timed(client: Any, path: str, repeats: int) -> dict[str, float]:
    """Median wall and CPU milliseconds of `repeats` GETs after two warm-ups, and the queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(path).status_code == 200
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {
        "ms": round(statistics.median(wall), 1),
        "cpu_ms": round(statistics.median(cpu), 1),
        "queries": len(queries),
    }


def _edit_timed(client: Any, pk: int, repeats: int) -> dict[str, float]:
    """Median wall and CPU milliseconds of PATCHes of one incident's facts, and their queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = f"/api/v1/incidents/{pk}/"

    def patch(n: int) -> Any:
        body = json.dumps({"measures_taken": f"Scaling note {n} for incident {pk}."})
        response = client.patch(path, body, content_type="application/json", HTTP_IF_MATCH="*")
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return response

    for n in range(2):
        patch(n)
    wall, cpu = [], []
    for n in range(2, 2 + repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        patch(n)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        patch(2 + repeats)
    return {
        "ms": round(statistics.median(wall), 1),
        "cpu_ms": round(statistics.median(cpu), 1),
        "queries": len(queries),
    }


def _trends_ms(repeats: int) -> float:
    """Median milliseconds of computing the dashboard's trend panel alone (twelve months), as on
    a view after a write (the page reads it from the cache until the facts change)."""
    from django.utils import timezone

    from incidents.learning.trends import dashboard_trends, default_period

    timings = []
    for _ in range(repeats):
        now = timezone.now()
        start, end = default_period(now.date())
        started = time.perf_counter()
        dashboard_trends(period_from=start, period_to=end, now=now)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def measure(sizes: tuple[int, ...], quick: bool) -> dict[str, Any]:
    """Run in the server's environment (Django set up here): top up, then time each size."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from accounts.services import api_token_create
    from bench.seed import seed_incidents
    from incidents.models import Incident

    stack.migrated(
        os.environ["DATABASE_URL"],
        lambda: call_command("migrate", verbosity=0),
        on_retry=connections.close_all,
    )
    call_command("collectstatic", interactive=False, verbosity=0)
    user, _ = User.objects.get_or_create(username=stack.USERNAME)
    user.groups.add(Group.objects.get(name="dpo"))
    user.api_tokens.all().delete()
    _, token = api_token_create(now=timezone.now(), user=user, name="scaling")
    api = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Token {token}")
    pages = Client(SERVER_NAME="localhost")
    pages.force_login(user)
    for client in (api, pages):
        client.defaults["HTTP_X_FORWARDED_PROTO"] = "https"
    series: dict[str, list[Any]] = {
        key: []
        for key in (
            "incidents",
            "seed_s",
            "list_ms",
            "list_cpu_ms",
            "list_queries",
            "dashboard_ms",
            "dashboard_cpu_ms",
            "dashboard_queries",
            "dashboard_trends_panel_ms",
            "board_ms",
            "board_cpu_ms",
            "board_queries",
            "edit_ms",
            "edit_cpu_ms",
            "edit_queries",
            "load_average_1m",
        )
    }
    for size in sizes:
        seeded = seed_incidents(size, now=timezone.now())
        listed = _timed(api, "/api/v1/incidents/", 10 if quick else 40)
        dashboard = _timed(pages, "/", 3 if quick else 9)
        trends = _trends_ms(3 if quick else 5)
        board = _timed(pages, "/board/", 3 if quick else 9)
        edited = (
            Incident.objects.exclude(status="closed").filter(is_drill=False).order_by("-pk")
        ).values_list("pk", flat=True)[0]
        edit = _edit_timed(api, edited, 5 if quick else 30)
        for key, value in (
            ("incidents", seeded["incidents"]),
            ("seed_s", seeded["seed_s"]),
            ("list_ms", listed["ms"]),
            ("list_cpu_ms", listed["cpu_ms"]),
            ("list_queries", listed["queries"]),
            ("dashboard_ms", dashboard["ms"]),
            ("dashboard_cpu_ms", dashboard["cpu_ms"]),
            ("dashboard_queries", dashboard["queries"]),
            ("dashboard_trends_panel_ms", trends),
            ("board_ms", board["ms"]),
            ("board_cpu_ms", board["cpu_ms"]),
            ("board_queries", board["queries"]),
            ("edit_ms", edit["ms"]),
            ("edit_cpu_ms", edit["cpu_ms"]),
            ("edit_queries", edit["queries"]),
            ("load_average_1m", round(os.getloadavg()[0], 2)),
        ):
            series[key].append(value)
    return series


def _sweep(incidents: int, quick: bool) -> dict[str, Any]:
    """The sweep benchmark with two obligations per incident, in its own database."""
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": stack.database_url("sweep_scaling"),
        "PYTHONPATH": str(stack.ROOT),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "bench.sweep", "--json", "--rows", str(2 * incidents)]
    done = subprocess.run(
        command + (["--quick"] if quick else []),
        cwd=stack.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"sweep at {incidents} incidents failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def plot(series: dict[str, list[Any]], path: Path) -> bool:
    """Draw milliseconds against incidents (log–log); False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, axes = plt.subplots(figsize=(7.5, 4.6), dpi=110)
    lines = (  # key, label, marker, where the values are written (above or below the points)
        ("list_ms", "incident list API, one page", "o", 4),
        ("dashboard_ms", "dashboard page", "s", 4),
        ("board_ms", "deadline board, first page", "P", 4),
        ("edit_ms", "edit of an incident's facts (PATCH)", "X", -11),
        ("sweep_ms", "deadline sweep, 100 due (first run)", "^", -11),
        ("sweep_rerun_ms", "deadline sweep, nothing new (re-run)", "v", 4),
    )
    for key, label, marker, offset in lines:
        axes.plot(series["incidents"], series[key], marker=marker, label=label)
        for x, y in zip(series["incidents"], series[key], strict=True):
            axes.annotate(
                f"{y:g}", (x, y), textcoords="offset points", xytext=(5, offset), fontsize=7
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("incidents in the database (2 obligations each; 3 tasks each, sweep: 0.2)")
    axes.set_ylabel("milliseconds (median)")
    axes.set_title("Breachdesk: cost against the number of incidents (PostgreSQL)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return True


def run(quick: bool = False) -> dict[str, Any]:
    """Measure each size in a process with the server's environment, then draw the plot."""
    if not stack.postgres_available():
        return {"scaling_skipped": "PostgreSQL is not reachable"}
    sizes = QUICK_SIZES if quick else FULL_SIZES
    database = stack.database_url("scaling_quick" if quick else "scaling")
    if stack.incident_count(database) > sizes[0]:
        stack.drop_database(database)  # seeding only adds: start again from the smallest size
    stack.create_database(database)
    env = stack.environment(database, redis=False)
    arguments = ["--measure", *map(str, sizes)] + (["--quick"] if quick else [])
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.scaling", *arguments],
            cwd=stack.ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        shutil.rmtree(env["BREACHDESK_DATA_DIR"], ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"scaling measurement failed:\n{done.stderr[-3000:]}")
    series = json.loads(done.stdout.strip().splitlines()[-1])
    series.update(sweep_ms=[], sweep_rerun_ms=[], sweep_obligations=[])
    for incidents in sizes:
        sweep = _sweep(incidents, quick)
        series["sweep_ms"].append(sweep["sweep_ms_1m_obligations"])
        series["sweep_rerun_ms"].append(sweep["sweep_rerun_ms"])
        series["sweep_obligations"].append(sweep["sweep_obligations"])
    drawn = not quick and plot(series, PLOT)
    return {
        "scaling": series,
        "scaling_plot": str(PLOT.relative_to(stack.ROOT)) if drawn else None,
        **growth(series),
    }


def growth(series: dict[str, list[Any]]) -> dict[str, Any]:
    """Ratios within the run: the largest size against the smallest, and an edit against a list
    request (CPU, at the largest size). Machine speed cancels out; what grows with history shows.
    """
    largest, smallest = series["incidents"][-1], series["incidents"][0]
    figures: dict[str, Any] = {
        "patch_cpu_ms_vs_list_cpu_ms": round(
            series["edit_cpu_ms"][-1] / series["list_cpu_ms"][-1], 2
        ),
        "edit_cpu_ms": series["edit_cpu_ms"][-1],
        "list_cpu_ms": series["list_cpu_ms"][-1],
    }
    if largest >= 100 * smallest:
        for name in ("dashboard", "board", "edit", "list"):
            figures[f"{name}_growth_100k_vs_1k"] = round(
                series[f"{name}_ms"][-1] / series[f"{name}_ms"][0], 2
            )
    return figures


if __name__ == "__main__":
    if "--measure" in sys.argv:
        sizes = tuple(int(a) for a in sys.argv[sys.argv.index("--measure") + 1 :] if a.isdigit())
        print(json.dumps(measure(sizes, quick="--quick" in sys.argv)))
    else:
        print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
