from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        from incidents.setup import post_migrate_setup

        post_migrate.connect(post_migrate_setup, dispatch_uid="incidents-setup")
        post_migrate.connect(audit_guard_ensure, sender=self, dispatch_uid="incidents-audit-guard")


def audit_guard_ensure(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Re-create the audit triggers after migrations (SQLite drops them when it rebuilds a table)."""
    from django.db import connections

    from incidents.audit_guard import audit_guard_install

    audit_guard_install(connections[using])
