"""A real Celery worker renders a queued report: the 202-then-poll flow across processes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from compliance.models import ReportDocument
from compliance.reporting.services import report_request
from config.celery import app

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.postgres, pytest.mark.celery_worker]


def _database_url() -> str:
    """The URL of the test database this process uses, for the worker to use too."""
    params = connection.settings_dict
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


@pytest.fixture
def worker(transactional_db: Any, settings: Any, tmp_path: Path) -> Iterator[None]:
    """A solo-pool worker on this test's database and broker, stopped by its process id."""
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs DATABASE_URL on PostgreSQL and CELERY_BROKER_URL on Redis")
    # The test settings make tasks eager; this test publishes to the broker instead.
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "BREACHDESK_DATA_DIR": str(tmp_path),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        process.wait(timeout=30)


def test_a_worker_renders_the_queued_document(worker, eu_breach, personas, media_root) -> None:
    document = report_request(actor=personas["dpo"], kind="gdpr-art33", incident=eu_breach)
    assert document.status == "queued"
    deadline = time.monotonic() + 60
    while document.status == "queued" and time.monotonic() < deadline:
        time.sleep(0.3)
        document = ReportDocument.objects.get(pk=document.pk)
    assert document.status == "ready", document.error
    content = Path(document.file.path).read_bytes()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert Path(document.file.path).is_relative_to(media_root)
