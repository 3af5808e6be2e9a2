"""Incident-list API throughput and latency under 20 concurrent clients, against gunicorn.

The server (gunicorn, 2 workers) and the load generator (bench.load) are separate processes on
loopback; the same run measures a bare Django JSON view of the same rows for comparison.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bd_bench"
PASSWORD = "bench-password-2026!"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _environment(quick: bool) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", PYTHONPATH=str(ROOT))
    if "BENCH_DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    elif _postgres_available():
        env["DATABASE_URL"] = POSTGRES_URL
    else:
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    env["BREACHDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="bd-bench-")
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def _prepare(env: dict[str, str], incidents: int) -> None:
    """Create the database if needed, migrate, seed and create the benchmark user."""
    if env["DATABASE_URL"].startswith("postgres"):
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-qc",
                "CREATE DATABASE bd_bench",
            ],
            capture_output=True,
            check=False,
        )
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(
        env,
        "shell",
        "-c",
        (
            "from django.contrib.auth.models import Group, User\n"
            "from bench.seed import seed_incidents\n"
            "from incidents.models import Incident\n"
            f"missing = {incidents} - Incident.objects.count()\n"
            "seed_incidents(missing) if missing > 0 else None\n"
            "user, _ = User.objects.get_or_create(username='bench-dpo')\n"
            f"user.set_password({PASSWORD!r}); user.save()\n"
            "user.groups.add(Group.objects.get(name='dpo'))\n"
        ),
    )


def _queries_per_request(env: dict[str, str]) -> int:
    out = _manage(
        env,
        "shell",
        "-c",
        (
            "from django.db import connection\n"
            "from django.test.utils import CaptureQueriesContext\n"
            "from rest_framework.test import APIClient\n"
            "from django.contrib.auth.models import User\n"
            "client = APIClient(); client.force_authenticate(User.objects.get(username='bench-dpo'))\n"
            "client.get('/api/v1/incidents/')\n"
            "with CaptureQueriesContext(connection) as c: r = client.get('/api/v1/incidents/')\n"
            "assert r.status_code == 200, r.status_code\n"
            "print('QUERIES', len(c.captured_queries))\n"
        ),
    )
    return int(out.split("QUERIES")[-1].strip())


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def _token(port: int) -> str:
    body = json.dumps({"username": "bench-dpo", "password": PASSWORD}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token/",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["token"]


def _load(url: str, seconds: float, clients: int, token: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.load", url, str(seconds), str(clients), token],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def run(quick: bool = False) -> dict[str, Any]:
    """Seed, serve with gunicorn, drive the list endpoint and the bare view; return the figures."""
    env = _environment(quick)
    incidents = 1_000 if quick else 10_000
    _prepare(env, incidents)
    queries = _queries_per_request(env)
    port = _free_port()
    server = _serve(env, port)
    try:
        token = _token(port)
        seconds = 3 if quick else 20
        base = f"http://127.0.0.1:{port}"
        _load(f"{base}/api/v1/incidents/", 1, 4, token)  # warm-up
        api = _load(f"{base}/api/v1/incidents/", seconds, 20, token)
        bare = _load(f"{base}/bench/bare/", seconds, 20, "")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {
        "database": "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite",
        "incidents": incidents,
        "api_incident_list_rps": api["rps"],
        "api_incident_list_p95_ms": api["p95_ms"],
        "api_incident_list_errors": api["errors"],
        "bare_view_rps": bare["rps"],
        "api_vs_bare_django_ratio": round(api["rps"] / bare["rps"], 2) if bare["rps"] else None,
        "api_queries_per_list_request": queries,
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
