"""Background jobs by their registered name, so a service can enqueue one without importing tasks.

A task module calls its app's services, so a service importing the task module would close an
import cycle. Each app's ``ready()`` imports its tasks module, which registers the tasks by name.
"""

from __future__ import annotations

from celery import Task, current_app


def job_task(name: str) -> Task:
    """Return the Celery task registered under this name (``.delay()`` honours eager mode)."""
    return current_app.tasks[name]
