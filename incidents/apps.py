from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

# Plain Python, no models: safe to import before the app registry is ready.
from incidents.audit_guard import audit_guard_install


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"
    # The response and learning sub-domains keep their models beside their services. Django loads
    # one models module per app, so they are loaded here rather than from incidents.models, which
    # sits below them (docs/architecture.md).
    submodel_modules = ("incidents.response.models", "incidents.learning.models")

    def import_models(self) -> None:
        super().import_models()
        for name in self.submodel_modules:
            import_module(name)

    def ready(self) -> None:
        from incidents.events import incident_facts_changed
        from incidents.services import incident_facts_changed_receive
        from incidents.setup import post_migrate_setup

        incident_facts_changed.connect(
            incident_facts_changed_receive, dispatch_uid="incidents-facts-changed"
        )

        post_migrate.connect(post_migrate_setup, dispatch_uid="incidents-setup")
        post_migrate.connect(audit_guard_ensure, sender=self, dispatch_uid="incidents-audit-guard")


def audit_guard_ensure(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Re-create the audit triggers after migrations (SQLite drops them when it rebuilds a table)."""
    audit_guard_install(connections[using])
