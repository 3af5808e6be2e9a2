"""Services enqueue Celery tasks by their registered name (config/jobs.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.exceptions import NotRegistered

from compliance.reporting.services import REPORT_GENERATE_TASK
from config.jobs import job_task
from notifications.services.delivery import OUTBOX_DISPATCH_TASK, OUTBOX_SEND_TASK

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NAMES = (REPORT_GENERATE_TASK, OUTBOX_SEND_TASK, OUTBOX_DISPATCH_TASK)


def test_every_name_a_service_uses_is_registered_once_django_has_started() -> None:
    # A fresh process: nothing but Django's start-up may have imported the task modules.
    probe = (
        "import django; django.setup(); from config.jobs import job_task; "
        f"print(' '.join(job_task(name).name for name in {NAMES!r}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.split() == list(NAMES)


def test_an_unknown_name_is_an_error_not_a_silent_no_op() -> None:
    with pytest.raises(NotRegistered):
        job_task("compliance.no_such_task")
