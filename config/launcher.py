"""The quick start behind `./breachdesk run`: prepare the data folder, then run the Procfile.

Work already done is skipped after a cheap check (pending migrations, a stale static manifest,
existing demo incidents). The web server, worker and scheduler run under honcho; the URL and the
demo sign-ins are printed last, once the web answers /healthz and the worker is ready. Ctrl-C
stops each process through its main process only, so pools wind down their own children.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
READY_TIMEOUT_SECONDS = 120
STOP_WAIT_SECONDS = 20


def environment_prepare(*, port: int) -> None:
    """Settings of the quick start, unless the environment chose otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("BREACHDESK_DEMO", "true")
    # Links in e-mail and calendar feeds point where the app really answers.
    os.environ.setdefault("BREACHDESK_SITE_URL", f"http://127.0.0.1:{port}")
    # One web process (4 threads) answers a demo; one per core would slow every start on a big machine.
    os.environ.setdefault("WEB_CONCURRENCY", "1")
    # Another server on the port makes gunicorn fail instead of sharing the port with it.
    os.environ.setdefault("GUNICORN_REUSE_PORT", "false")
    # The URL is printed once everything answers; gunicorn's start-up lines add nothing to it.
    os.environ.setdefault("GUNICORN_LOG_LEVEL", "warning")
    os.environ["BREACHDESK_DATA_DIR"] = str(data_dir())  # the Procfile's scheduler file
    os.environ["PYTHONUNBUFFERED"] = "1"
    # Bytecode caches too go to the data folder, not beside the sources (PEP 3147 prefix).
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(data_dir() / "cache" / "python"))
    sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]


def data_dir() -> Path:
    """The data folder, as config.environment reads it."""
    return Path(os.environ.get("BREACHDESK_DATA_DIR") or BASE_DIR / "data").resolve()


def setup_fingerprint() -> str:
    """What the prepared data folder depends on: migrations, static sources, the install.

    Read from file names and times only, so a second start knows without loading Django that
    there is nothing to migrate, collect or seed.
    """
    migrations = sorted(str(p.relative_to(BASE_DIR)) for p in BASE_DIR.glob("*/migrations/*.py"))
    statics = [p.stat().st_mtime for p in BASE_DIR.glob("*/static/**/*") if p.is_file()]
    installed = [p.stat().st_mtime for p in Path(sys.prefix).glob(".installed-*")]
    parts = [*migrations, str(max(statics, default=0)), str(max(installed, default=0))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def setup_is_current() -> bool:
    """Tell whether the embedded database was prepared with these migrations and files."""
    if os.environ.get("DATABASE_URL"):
        return False  # a server database may have been reset behind our back: check it
    stamp = data_dir() / "quickstart.stamp"
    database = data_dir() / "breachdesk.sqlite3"
    return database.exists() and stamp.exists() and stamp.read_text() == setup_fingerprint()


def setup_record() -> None:
    """Remember that the data folder is prepared for this fingerprint."""
    (data_dir() / "quickstart.stamp").write_text(setup_fingerprint())


def say(text: str) -> None:
    """One line of the quick start's own output."""
    print(text, flush=True)


def database_prepare() -> None:
    """Apply pending migrations (quietly), collect static files if stale, load the demo."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        say(f"Database: {len(pending)} migrations applied in {time.monotonic() - started:.0f} s.")
    if static_is_stale():
        call_command("collectstatic", interactive=False, verbosity=0)
    demo_prepare()


def static_is_stale() -> bool:
    """Tell whether collected static files are missing or older than a source file."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if os.stat(storage.path(path)).st_mtime > collected:
                return True
    return False


def demo_prepare() -> None:
    """Load the demo once: a database that has incidents is left as it is."""
    from django.utils import timezone

    from incidents.models import Incident

    if Incident.objects.exists():
        return
    from incidents.demo_story import demo_story_seed

    started = time.monotonic()
    result = demo_story_seed(now=timezone.now())
    say(
        f"Demo data: {len(result['incidents'])} current incidents, {len(result['past'])} past, "
        f"{len(result['drills'])} drills, loaded in {time.monotonic() - started:.0f} s."
    )


def sign_ins_text(*, port: int) -> str:
    """The closing lines: where to go and who to sign in as."""
    from incidents.demo_users import DEMO_USERS, demo_password

    url = f"http://127.0.0.1:{port}"
    lines = [
        "",
        f"Breachdesk is ready: {url}/welcome/  (API {url}/api/v1/, docs {url}/api/v1/docs/)",
        "Demo sign-ins (username / password / role):",
        *(
            f"  {username:<10} {demo_password(username):<24} {role}"
            for username, role, *_ in DEMO_USERS
        ),
        f"Demo e-mail is kept in the data folder's mail/ and shown at {url}/outbox/. "
        "Ctrl-C stops everything.",
    ]
    return "\n".join(lines)


class ReadyWatch:
    """Waits until the web answers /healthz and the worker said it is ready, then prints."""

    def __init__(self, *, port: int, closing: str) -> None:
        self.port = port
        self.closing = closing
        self.worker_ready = threading.Event()
        self.stopping = threading.Event()

    def line_seen(self, name: str, text: str) -> None:
        if name.startswith("worker") and text.rstrip().endswith(" ready."):
            self.worker_ready.set()

    def web_answers(self) -> bool:
        url = f"http://127.0.0.1:{self.port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local)
                return response.status == 200
        except OSError:
            return False

    def run(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not self.stopping.is_set() and time.monotonic() < deadline:
            if self.worker_ready.is_set() and self.web_answers():
                say(self.closing)
                return
            time.sleep(0.3)
        if not self.stopping.is_set():
            say("Breachdesk did not answer within two minutes; see the lines above.")


class MainProcessOnly:
    """honcho's process manager, but SIGTERM goes to each process, not its whole group.

    Signalling the group hits Celery's pool children directly and the worker logs each as an
    ERROR; signalled alone, the main process stops its children itself.
    """

    def terminate(self, pid: int) -> None:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    def kill(self, pid: int) -> None:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def processes_run(*, port: int, watch: ReadyWatch) -> int:
    """Run the Procfile's processes until one stops or Ctrl-C; return the exit status."""
    import honcho.manager
    from honcho.environ import expand_processes, parse_procfile
    from honcho.manager import Manager
    from honcho.printer import Printer

    class WatchingPrinter(Printer):
        def write(self, message: Any) -> None:
            text = (
                message.data.decode(errors="replace")
                if isinstance(message.data, bytes)
                else message.data
            )
            watch.line_seen(message.name, text)
            super().write(message)

    procfile = parse_procfile((BASE_DIR / "Procfile").read_text())
    # The Procfile names gunicorn and celery: those of this virtual environment.
    bin_dir = str(Path(sys.executable).parent)
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "BREACHDESK_PORT": str(port), "PATH": path}
    # Seconds between SIGTERM and SIGKILL: a worker finishing its task and a gunicorn worker
    # closing its connections need longer than honcho's 5 on a busy machine.
    honcho.manager.KILL_WAIT = STOP_WAIT_SECONDS
    manager = Manager(WatchingPrinter(sys.stdout))
    manager._procmgr = MainProcessOnly()
    for process in expand_processes(procfile.processes, env=env):
        # exec: the process honcho signals is the program itself, not a shell around it.
        manager.add_process(
            process.name, f"exec {process.cmd}", quiet=process.quiet, env=process.env
        )
    threading.Thread(target=watch.run, daemon=True).start()
    manager.loop()
    watch.stopping.set()
    # Ctrl-C is how a quick start ends: that is a clean stop, not a failure.
    return 0 if manager.returncode in (130, -signal.SIGINT) else manager.returncode or 0


def main() -> int:
    """Prepare and run the quick start on BREACHDESK_PORT."""
    os.chdir(BASE_DIR)
    sys.path.insert(0, str(BASE_DIR))
    # The quick start's .env (SECRET_KEY, …) for this process and the ones it starts.
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    port = int(os.environ.get("BREACHDESK_PORT", "8000"))
    environment_prepare(port=port)
    if not setup_is_current():
        database_prepare()
        setup_record()
    closing = sign_ins_text(port=port)
    say(f"Starting the web server on port {port}, the worker and the scheduler ...")
    return processes_run(port=port, watch=ReadyWatch(port=port, closing=closing))


if __name__ == "__main__":
    sys.exit(main())
