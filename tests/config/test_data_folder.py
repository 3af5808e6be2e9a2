"""Every file the app writes lives under BREACHDESK_DATA_DIR: nothing in the working folder,
the repository or the home folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from config.environment import read_environment

# Migrates, sends a mail, queues a task and broadcasts to workers (kombu's control exchange),
# as the quick start's processes do; gunicorn's settings are read as the web server reads them.
SCRIPT = """
import django, runpy
django.setup()
from django.core.management import call_command
from django.core.mail import send_mail
from config.celery import app
call_command("migrate", verbosity=0)
send_mail("Deadline in 4 hours", "BD-2026-0001", "breachdesk@localhost", ["dpo@example.org"])
app.send_task("notifications.tasks.notifications_sweep_task")
app.control.ping(timeout=0.2)
gunicorn = runpy.run_path("gunicorn.conf.py")
assert gunicorn["control_socket_disable"] is True, "gunicorn would write ~/.gunicorn/"
"""


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_the_app_writes_only_inside_the_data_folder(tmp_path: Path) -> None:
    base = Path(settings.BASE_DIR)
    data, home, work = tmp_path / "data", tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    before = files_under(base / "config") | set(os.listdir(base))
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "PYTHONPATH": str(base),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "data-folder-test-" + "k7Qz9xW2mP4vR8tY1nB6cJ3hL5gF0dS" * 2,
        "BREACHDESK_HTTPS": "false",
        "BREACHDESK_DATA_DIR": str(data),
    }
    # Run from another folder with the repository's gunicorn.conf.py beside it, like a service.
    (work / "gunicorn.conf.py").symlink_to(base / "gunicorn.conf.py")
    options = dict(cwd=work, env=env, capture_output=True, text=True, timeout=120)
    result = subprocess.run([sys.executable, "-c", SCRIPT], **options)  # type: ignore[call-overload]
    assert result.returncode == 0, result.stderr
    assert os.listdir(work) == ["gunicorn.conf.py"]
    assert files_under(home) == set()
    assert files_under(base / "config") | set(os.listdir(base)) == before
    written = files_under(data)
    assert "breachdesk.sqlite3" in written
    assert any(name.startswith("mail/") for name in written)
    assert any(name.startswith("broker/control/") for name in written)
    assert any(name.startswith("broker/queue/") for name in written)


def test_every_configured_folder_is_inside_the_data_folder(tmp_path: Path) -> None:
    data = Path(settings.DATA_DIR)
    assert Path(settings.STATIC_ROOT).is_relative_to(data)
    assert Path(settings.MEDIA_ROOT).is_relative_to(data)
    # The embedded database and broker, as an unset DATABASE_URL and CELERY_BROKER_URL give them.
    embedded = read_environment(
        {"SECRET_KEY": settings.SECRET_KEY, "BREACHDESK_DATA_DIR": str(tmp_path)}, tmp_path
    )
    paths = [embedded.database["NAME"], embedded.email["EMAIL_FILE_PATH"]]
    paths += [v for k, v in embedded.broker_transport_options.items() if "folder" in k]
    assert len(paths) == 6  # database, mail, broker queue (in, out), processed, control
    assert [p for p in paths if not Path(p).is_relative_to(tmp_path.resolve())] == []
