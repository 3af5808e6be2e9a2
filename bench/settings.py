"""Settings for benchmark servers: the test settings plus a bare JSON view to compare against."""

import os

os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

from config.settings_test import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
