"""Shared helpers of the task API tests: the roles, a task by its origin, If-Match writes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from incidents.models import Incident, Task

URL = "/api/v1/tasks/"
WRITERS = {"security", "dpo", "legal", "pr", "admin"}
ALL_ROLES = WRITERS | {"executive"}


def task_of(incident: Incident, origin_key: str) -> Task:
    return incident.tasks.get(origin_key=origin_key)


def legal_task(incident: Incident) -> Task:
    return task_of(incident, "first-response:contract-duties")


def state(task: Task) -> tuple[Any, ...]:
    """What a refused request must leave unchanged."""
    task.refresh_from_db()
    return (task.status, task.due_at, task.assignee_id, task.team_id, task.version, task.title)


def fresh_client(username: str) -> APIClient:
    """A client for a freshly loaded user, so no per-request cache hides a query."""
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def if_match(client: APIClient, task: Task) -> dict[str, str]:
    """If-Match with the ETag the client reads for the task, as a client does before writing.

    A caller who may not read the task sends none: its write must still be refused (403/401),
    never answered with 428.
    """
    response = client.get(f"{URL}{task.pk}/")
    return {"HTTP_IF_MATCH": response["ETag"]} if response.status_code == 200 else {}


def patch(client: APIClient, task: Task, body: dict[str, Any]) -> Any:
    """PATCH the task with the ETag just read."""
    return client.patch(f"{URL}{task.pk}/", body, format="json", **if_match(client, task))


def complete(client: APIClient, task: Task) -> Any:
    """Complete the task with the ETag just read."""
    return client.post(f"{URL}{task.pk}/complete/", **if_match(client, task))
