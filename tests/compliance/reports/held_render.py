"""The Celery app with renders that hang (for the killed-worker test): -A this module.

Once the worker is ready, every render writes the path in BREACHDESK_TEST_RENDER_STARTED and then
waits far longer than the test, holding the document's row lock, until the worker is killed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from celery import signals

from config.celery import app

__all__ = ["app"]


@signals.worker_ready.connect
def hold_renders(**kwargs: Any) -> None:
    from compliance.reporting import services as report_services

    def held(*args: Any, **kwargs: Any) -> bytes:
        Path(os.environ["BREACHDESK_TEST_RENDER_STARTED"]).write_text("rendering")
        time.sleep(600)
        raise AssertionError("the worker should have been killed by now")

    report_services.render_pdf = held
