from importlib import import_module

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from compliance.services.events import compliance_event
        from notifications.services.outbox import compliance_event_receive

        # Compliance sits below notifications and announces its events without importing them.
        compliance_event.connect(compliance_event_receive, dispatch_uid="notifications-compliance")
        # Registers the tasks by name for config.jobs.job_task.
        import_module("notifications.tasks")
