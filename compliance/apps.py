from importlib import import_module

from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        # Registers the tasks by name for config.jobs.job_task.
        import_module("compliance.tasks")
