"""Deployment checks: the embedded laptop defaults are refused for production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.database, deploy=True)
def embedded_defaults_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Refuse SQLite and the filesystem broker in a deployment."""
    errors = []
    if settings.BREACHDESK["EMBEDDED_DATABASE"]:
        errors.append(
            Error(
                "The embedded SQLite database is for a single laptop.",
                hint="Set DATABASE_URL to a PostgreSQL database.",
                id="breachdesk.E001",
            )
        )
    if settings.BREACHDESK["EMBEDDED_BROKER"]:
        errors.append(
            Error(
                "The embedded filesystem broker works on one host only.",
                hint="Set CELERY_BROKER_URL to a Redis URL.",
                id="breachdesk.E002",
            )
        )
    return errors
