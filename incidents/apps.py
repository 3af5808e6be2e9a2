from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        from incidents.setup import post_migrate_setup

        post_migrate.connect(post_migrate_setup, dispatch_uid="incidents-setup")
