"""The Celery application shared by the worker, the scheduler and the web process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("breachdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
