from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class BreachdeskConfig(AppConfig):
    name = "config"
    label = "breachdesk_config"
    verbose_name = "Breachdesk configuration"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the deployment checks)
        from config.input_policy import text_fields_take_text_only

        text_fields_take_text_only()


class BreachdeskAdminConfig(AdminConfig):
    """Django's admin, with a default site that records every change in the audit trail."""

    default_site = "incidents.audit_admin.AuditedAdminSite"
