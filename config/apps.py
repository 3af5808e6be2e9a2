from django.apps import AppConfig


class BreachdeskConfig(AppConfig):
    name = "config"
    label = "breachdesk_config"
    verbose_name = "Breachdesk configuration"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the deployment checks)
