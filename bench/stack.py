"""The real stack for load benchmarks: PostgreSQL, Redis, gunicorn, a Celery worker and beat.

Everything runs on this machine and listens on loopback only. The environment is a production
one (DEBUG off, HTTPS on behind a proxy: clients send X-Forwarded-Proto: https as the proxy
would); only the per-token rate limit is raised, since the benchmarks drive one token far above
the production default of 6,000 requests a minute.

Databases: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) with one database
per benchmark, named BENCH_DB_PREFIX (default bd_bench) + "_" + the benchmark's name. Redis:
BENCH_BROKER_URL and BENCH_CACHE_URL (defaults redis://127.0.0.1:6379/11 and /12).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
USERNAME = "bench-dpo"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def postgres_base() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def database_url(name: str) -> str:
    return f"{postgres_base()}/{os.environ.get('BENCH_DB_PREFIX', 'bd_bench')}_{name}"


def broker_url() -> str:
    return os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/11")


def cache_url() -> str:
    return os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_available() -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(postgres_base())
    return reachable(parts.hostname or "127.0.0.1", parts.port or 5432)


def redis_available() -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(broker_url())
    return reachable(parts.hostname or "127.0.0.1", parts.port or 6379)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(url: str) -> None:
    """CREATE DATABASE if it does not exist yet."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    """DROP DATABASE if it exists (nobody may be connected to it)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def migrated(url: str, migrate: Any, on_retry: Any = None) -> None:
    """Create and migrate the database; start it again if an older seed breaks a new constraint."""
    create_database(url)
    try:
        migrate()
    except (
        Exception
    ):  # the migration's own error: IntegrityError in process, RuntimeError via manage
        if on_retry is not None:
            on_retry()
        drop_database(url)
        create_database(url)
        migrate()


def incident_count(url: str) -> int:
    """How many incidents a benchmark database holds (0 when it or its tables do not exist)."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            return conn.execute("SELECT count(*) FROM incidents_incident").fetchone()[0]
    except psycopg.Error:
        return 0


def environment(database: str, *, redis: bool) -> dict[str, str]:
    """Environment variables of a production-like server process on loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "BREACHDESK_"))
        and key not in {"DATABASE_URL", "CACHE_URL", "SECRET_KEY", "DEBUG", "EMAIL_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        BREACHDESK_HTTPS="true",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        BREACHDESK_DATA_DIR=tempfile.mkdtemp(prefix="bd-bench-"),
        BREACHDESK_THROTTLE_USER="10000000/minute",
        LOG_LEVEL="WARNING",
    )
    if redis:
        env.update(CELERY_BROKER_URL=broker_url(), CACHE_URL=cache_url())
    else:  # no Redis here: the broker stays in memory and the cache in each process
        env.update(CELERY_BROKER_URL="memory://")
    return env


def manage(env: dict[str, str], *args: str) -> str:
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


def django_shell(env: dict[str, str], code: str) -> str:
    """Run Python code in a Django shell of the server's environment; return its output."""
    return manage(env, "shell", "--no-imports", "-c", code)


def prepare(env: dict[str, str], incidents: int) -> dict[str, Any]:
    """Create and migrate the database, seed it and create the benchmark user; return credentials.

    Returns the user's API token, a signed-in session key, a few incident ids and the seed time.
    """
    migrated(env["DATABASE_URL"], lambda: manage(env, "migrate", "--noinput", "-v0"))
    out = django_shell(
        env,
        f"""
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from accounts.services import api_token_create
from bench.seed import seed_incidents
from django.utils import timezone
from incidents.models import Incident, Task
now = timezone.now()  # this script is the entry point: it reads the clock once
seeded = seed_incidents({incidents}, now=now)
user, _ = User.objects.get_or_create(username={USERNAME!r})
user.set_unusable_password()  # signed in by token and a made session, never a password
user.email = "dpo@bench.invalid"
user.save()
user.groups.add(Group.objects.get(name="dpo"))
user.api_tokens.all().delete()
_, token = api_token_create(user=user, name="bench", now=now)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
open_ids = list(Incident.objects.exclude(status="closed").order_by("-pk")
                .values_list("pk", flat=True)[:20])
recent_ids = list(Incident.objects.values_list("pk", flat=True)[:50])
print("BENCH-PREPARED " + json.dumps({{
    "token": token, "session": session.session_key, "open_ids": open_ids,
    "recent_ids": recent_ids, "seed_s": seeded["seed_s"], "incidents": seeded["incidents"],
}}))
""",
    )
    import json

    line = next(x for x in out.splitlines() if x.startswith("BENCH-PREPARED "))
    return json.loads(line.removeprefix("BENCH-PREPARED "))


def _wait_for_http(url: str, process: subprocess.Popen[Any], log: Path) -> None:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    for _ in range(150):
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(request, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers (503 while the broker is away is still an answer)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")


@contextmanager
def processes(env: dict[str, str], port: int, *, celery: bool = False) -> Any:
    """Run gunicorn (with gunicorn.conf.py, as in production) and optionally Celery worker + beat.

    Yields a dict of the started processes by role. Every process is stopped on exit.
    """
    log_dir = Path(env["BREACHDESK_DATA_DIR"]) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    commands = {
        "web": [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
    }
    if celery:
        celery_bin = [sys.executable, "-m", "celery", "-A", "config"]
        commands["worker"] = [
            *celery_bin,
            "worker",
            "--loglevel=WARNING",
            "--concurrency=2",
            "--without-gossip",
            "--without-mingle",
        ]
        commands["beat"] = [
            *celery_bin,
            "beat",
            "--loglevel=WARNING",
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
            "--schedule",
            str(log_dir / "beat-schedule"),
        ]
    started: dict[str, subprocess.Popen[Any]] = {}
    logs: dict[str, Path] = {}
    try:
        for role, command in commands.items():
            logs[role] = log_dir / f"{role}.log"
            started[role] = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=logs[role].open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_for_http(f"http://127.0.0.1:{port}/healthz", started["web"], logs["web"])
        yield started
        for role, process in started.items():
            if process.poll() is not None:
                raise RuntimeError(
                    f"{role} exited during the run:\n{logs[role].read_text()[-3000:]}"
                )
    finally:
        for process in started.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if os.environ.get("BENCH_KEEP_LOGS"):
            print(f"logs kept in {log_dir}", file=sys.stderr)
        else:
            shutil.rmtree(env["BREACHDESK_DATA_DIR"], ignore_errors=True)


def process_tree_cpu(root_pid: int) -> float:
    """CPU seconds (user + system) used so far by a process's live children and itself."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in [root_pid, *_children(root_pid)]:
        total += _cpu_seconds(pid, tick)
    return total


def _children(pid: int) -> list[int]:
    found = []
    try:
        for line in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            child = int(line)
            found += [child, *_children(child)]
    except OSError:
        pass
    return found


def _cpu_seconds(pid: int, tick: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / tick  # utime, stime


def postgres_backend_pids(database: str) -> list[int]:
    """The PostgreSQL backends connected to `database` now."""
    import psycopg

    base, name = database.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name])
        return [row[0] for row in rows.fetchall()]


class CpuMeter:
    """CPU seconds that the web server and the database spend between start() and stop().

    A thread samples every process of the server's tree and every backend of the database
    twice a second, so processes that end during the run (a gunicorn worker recycled, a
    database connection closed after CONN_MAX_AGE) still count up to their last sample.
    """

    INTERVAL_S = 0.5

    def __init__(self, server_pid: int, database: str) -> None:
        self.server_pid, self.database = server_pid, database
        self.tick = os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        server = [self.server_pid, *_children(self.server_pid)]
        for role, pids in (("server", server), ("database", postgres_backend_pids(self.database))):
            for pid in pids:
                cpu = _cpu_seconds(pid, self.tick)
                if cpu:
                    self.first[role].setdefault(pid, cpu if self.started else 0.0)
                    self.last[role][pid] = cpu

    def _run(self) -> None:
        while not self.done.wait(self.INTERVAL_S):
            self._sample()

    def start(self) -> None:
        self.first: dict[str, dict[int, float]] = {"server": {}, "database": {}}
        self.last: dict[str, dict[int, float]] = {"server": {}, "database": {}}
        self.started = True  # processes alive now count from their current CPU time
        self._sample()
        self.started = False  # processes that appear later count from zero
        self.load = os.getloadavg()[0]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.thread.join()
        self._sample()
        used = {
            role: sum(cpu - self.first[role].get(pid, 0.0) for pid, cpu in self.last[role].items())
            for role in ("server", "database")
        }
        return {
            "server_cpu_s": round(used["server"], 2),
            "database_cpu_s": round(used["database"], 2),
            "load_average_1m_before": round(self.load, 2),
            "load_average_1m_after": round(os.getloadavg()[0], 2),
        }
