"""Incident-list API throughput and latency under concurrent clients, against gunicorn.

The server runs as in production (gunicorn.conf.py, PostgreSQL, Redis cache; bench/stack.py)
and a separate load generator (wrk, bench/loadgen.py) drives it on loopback: first one client
(the latency of a request on an idle server), then 20. The same server, in the same run,
serves a bare Django JSON view of the same page (bench/urls.py) for comparison. The CPU that
the web workers and the database spend per request is measured too: it does not depend on how
busy the rest of the machine is, and it bounds the throughput two cores can give
(capacity = 2 cores / CPU per request).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from bench import stack
from bench.loadgen import drive

CLIENTS = 20


def _queries_per_request(env: dict[str, str], token: str) -> int:
    """SQL queries of one list request authenticated by the API token (in-process)."""
    out = stack.django_shell(
        env,
        f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(
    SERVER_NAME="localhost", HTTP_AUTHORIZATION="Token {token}", HTTP_X_FORWARDED_PROTO="https"
)
assert client.get("/api/v1/incidents/").status_code == 200
with CaptureQueriesContext(connection) as captured:
    response = client.get("/api/v1/incidents/")
assert response.status_code == 200, response.status_code
print("QUERIES", len(captured.captured_queries))
""",
    )
    return int(out.split("QUERIES")[-1].strip())


def _measured(
    base: str, requests: list[dict[str, Any]], seconds: float, clients: int, meter: Any
) -> dict[str, Any]:
    """One load run with the server's and the database's CPU per request."""
    meter.start()
    result = drive(base, requests, seconds, clients)
    cpu = meter.stop()
    per_request = (cpu["server_cpu_s"] + cpu["database_cpu_s"]) / max(result["requests"], 1)
    result.update(cpu)
    result["cpu_ms_per_request"] = round(per_request * 1000, 2)
    result["capacity_rps_2_cores"] = round(2 / per_request) if per_request else None
    result.pop("statuses", None)
    if not result["errors"]:
        result.pop("first_error", None)
    return result


def run(quick: bool = False) -> dict[str, Any]:
    """Seed, serve with gunicorn, drive the list endpoint and the bare view; return the figures."""
    if not stack.postgres_available():
        return {"api_skipped": "PostgreSQL is not reachable"}
    redis = stack.redis_available()
    database = stack.database_url("api")
    env = stack.environment(database, redis=redis)
    incidents = 1_000 if quick else 10_000
    prepared = stack.prepare(env, incidents)
    queries = _queries_per_request(env, prepared["token"])
    seconds = 3 if quick else 15
    port = stack.free_port()
    base = f"http://127.0.0.1:{port}"
    api = [
        {
            "path": "/api/v1/incidents/",
            "headers": {"Authorization": f"Token {prepared['token']}", **stack.PROXY_HEADERS},
        }
    ]
    bare = [{"path": "/bench/bare/", "headers": stack.PROXY_HEADERS}]
    runs: dict[str, Any] = {}
    with stack.processes(env, port) as started:
        meter = stack.CpuMeter(started["web"].pid, database)
        drive(base, api + bare, 2, 4)  # warm-up: imports, connections, caches
        for name, requests in (("api", api), ("bare", bare)):
            runs[f"{name}_1_client"] = _measured(base, requests, seconds, 1, meter)
            runs[f"{name}_{CLIENTS}_clients"] = _measured(base, requests, seconds, CLIENTS, meter)
    loaded, bare_loaded = runs[f"api_{CLIENTS}_clients"], runs[f"bare_{CLIENTS}_clients"]
    return {
        "database": "postgresql",
        "cache": "redis" if redis else "locmem",
        "incidents": prepared["incidents"],
        "load_generator": loaded["load_generator"],
        "api_incident_list_rps": loaded["rps"],
        "api_incident_list_p95_ms": loaded["p95_ms"],
        "api_incident_list_p50_ms": loaded["p50_ms"],
        "api_incident_list_errors": loaded["errors"],
        "api_incident_list_p95_ms_1_client": runs["api_1_client"]["p95_ms"],
        "api_cpu_ms_per_list_request": loaded["cpu_ms_per_request"],
        "bare_view_rps": bare_loaded["rps"],
        "bare_view_p95_ms": bare_loaded["p95_ms"],
        "bare_view_p95_ms_1_client": runs["bare_1_client"]["p95_ms"],
        "bare_cpu_ms_per_request": bare_loaded["cpu_ms_per_request"],
        "api_vs_bare_django_ratio": round(loaded["rps"] / bare_loaded["rps"], 2)
        if bare_loaded["rps"]
        else None,
        # CPU (web + database) per list request against the bare view's: what the API adds.
        "list_cpu_vs_bare_cpu": round(
            loaded["cpu_ms_per_request"] / bare_loaded["cpu_ms_per_request"], 2
        )
        if bare_loaded["cpu_ms_per_request"]
        else None,
        "api_queries_per_list_request": queries,
        "api_runs": runs,
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
