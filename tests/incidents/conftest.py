"""Fixtures for response work: personas in their teams and an incident with GDPR tasks."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from incidents.models import Incident, Team
from incidents.response.generation import tasks_sync
from tests.factories import incident_create_for_test
from tests.incidents.builders import gdpr_obligations, teams_join


@pytest.fixture
def teams(personas: dict[str, Any]) -> dict[str, Team]:
    """The default teams, each persona a member of its own."""
    return teams_join(personas)


@pytest.fixture
def incident(personas: dict[str, Any], teams: dict[str, Team]) -> Incident:
    """An incident logged by security, with GDPR obligations and their playbook tasks."""
    created = incident_create_for_test(actor=personas["security"])
    gdpr_obligations(created)
    tasks_sync(incident=created, actor=None, now=timezone.now())
    return created


@pytest.fixture
def admin_client_(db: Any) -> Client:
    """A client signed in as a superuser, for the Django admin."""
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-2026!")
    client = Client()
    client.force_login(user)
    return client
