"""A load run against the real stack: gunicorn, PostgreSQL, Redis, a Celery worker and beat.

For 60 seconds (5 in quick mode) 20 keep-alive clients (wrk, a separate process; loopback only)
send a mix of authenticated requests, as a DPO's browser and an integration would: the incident
list and incident details with an API token, the dashboard and the deadline board with a
signed-in session, the open-task list, and writes (PATCH of an incident with If-Match). Meanwhile
Celery beat schedules the every-minute deadline sweep and the worker runs it and whatever the
writes publish. Any status other than 2xx or 3xx, and any connection error, is an error: the
run's goal is none.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from bench import stack
from bench.loadgen import drive

CLIENTS = 20


def request_mix(prepared: dict[str, Any]) -> list[dict[str, Any]]:
    """The requests and their weights (out of 39): integrations poll the API, people look."""
    token = {"Authorization": f"Token {prepared['token']}", **stack.PROXY_HEADERS}
    session = {"Cookie": f"sessionid={prepared['session']}", **stack.PROXY_HEADERS}
    executive = {"Cookie": f"sessionid={prepared['executive_session']}", **stack.PROXY_HEADERS}
    write = {**token, "Content-Type": "application/json", "If-Match": "*"}
    details = prepared["recent_ids"][:10]
    written = prepared["open_ids"][:4]
    mix: list[dict[str, Any]] = [
        {"path": "/api/v1/incidents/", "headers": token, "weight": 12},
        {"path": "/api/v1/incidents/?status=open", "headers": token, "weight": 2},
        {"path": "/api/v1/tasks/?status=open", "headers": token, "weight": 4},
        {"path": "/", "headers": session, "weight": 2},
        {"path": "/board/", "headers": session, "weight": 1},
        {"path": "/register/", "headers": session, "weight": 1},
        # The executive's dashboard: the same path, the page of another role.
        {"path": "/", "headers": executive, "weight": 1, "label": "GET / (executive)"},
    ]
    mix += [{"path": f"/api/v1/incidents/{pk}/", "headers": token, "weight": 1} for pk in details]
    mix += [
        {
            "method": "PATCH",
            "path": f"/api/v1/incidents/{pk}/",
            "headers": write,
            "body": json.dumps({"measures_taken": f"Load run note for incident {pk}."}),
            "weight": 1,
        }
        for pk in written
    ]
    mix.append({"path": "/healthz", "headers": stack.PROXY_HEADERS, "weight": 2})
    return mix


def executive_session(env: dict[str, str]) -> str:
    """A signed-in session of a read-only executive (the role's own dashboard)."""
    out = stack.django_shell(
        env,
        """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
user, _ = User.objects.get_or_create(username="bench-executive")
user.set_unusable_password()
user.save()
user.groups.set([Group.objects.get(name="executive")])
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("BENCH-SESSION", session.session_key)
""",
    )
    return out.split("BENCH-SESSION")[-1].split()[0]


def _background_work(env: dict[str, str]) -> dict[str, int]:
    """How often beat has sent the sweep, and how many outbox events exist."""
    out = stack.django_shell(
        env,
        """
from django_celery_beat.models import PeriodicTask
from notifications.models import OutboxEvent
sweep = PeriodicTask.objects.filter(name="notifications-sweep").first()
print("BENCH-WORK", sweep.total_run_count if sweep else 0, OutboxEvent.objects.count())
""",
    )
    sweeps, events = out.split("BENCH-WORK")[-1].split()
    return {"sweeps_sent": int(sweeps), "outbox_events": int(events)}


def run(quick: bool = False) -> dict[str, Any]:
    """Start the stack, drive the mix for the run's length and report what the clients saw."""
    if not (stack.postgres_available() and stack.redis_available()):
        return {"load_skipped": "needs PostgreSQL and Redis on this machine"}
    database = stack.database_url("load")
    env = stack.environment(database, redis=True)
    prepared = stack.prepare(env, 1_000 if quick else 10_000)
    prepared["executive_session"] = executive_session(env)
    stack.manage(env, "collectstatic", "--noinput", "-v0")  # pages link the hashed files
    before = _background_work(env)
    seconds = 5 if quick else 60
    port = stack.free_port()
    base = f"http://127.0.0.1:{port}"
    mix = request_mix(prepared)
    with stack.processes(env, port, celery=True) as started:
        drive(base, mix, 2 if quick else 5, 4)  # warm-up
        meter = stack.CpuMeter(started["web"].pid, database)
        workers = {role: stack.process_tree_cpu(started[role].pid) for role in ("worker", "beat")}
        meter.start()
        result = drive(base, mix, seconds, CLIENTS)
        cpu = meter.stop()
        for role, used in workers.items():
            cpu[f"{role}_cpu_s"] = round(stack.process_tree_cpu(started[role].pid) - used, 2)
    after = _background_work(env)
    cpu_ms = (cpu["server_cpu_s"] + cpu["database_cpu_s"]) * 1000 / max(result["requests"], 1)
    return {
        "load_database": "postgresql",
        "load_incidents": prepared["incidents"],
        "load_generator": result["load_generator"],
        "load_clients": CLIENTS,
        "load_duration_s": result["duration_s"],
        "load_requests": result["requests"],
        "load_rps": result["rps"],
        "load_p50_ms": result["p50_ms"],
        "load_p95_ms": result["p95_ms"],
        "load_p99_ms": result["p99_ms"],
        "load_max_ms": result["max_ms"],
        "load_errors": result["errors"],
        "load_statuses": result["statuses"],
        "load_first_error": result["first_error"],
        "load_mix": {
            r.get("label", f"{r.get('method', 'GET')} {r['path']}"): r.get("weight", 1) for r in mix
        },
        "load_sweeps_sent_during_run": after["sweeps_sent"] - before["sweeps_sent"],
        "load_outbox_events_written": after["outbox_events"] - before["outbox_events"],
        "load_cpu": cpu,
        # Web workers and database backends together, per request of the mix.
        "load_cpu_ms_per_request": round(cpu_ms, 2),
        "load_web_cpu_ms_per_request": round(
            cpu["server_cpu_s"] * 1000 / max(result["requests"], 1), 2
        ),
        "load_average_1m_during": [cpu["load_average_1m_before"], cpu["load_average_1m_after"]],
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
