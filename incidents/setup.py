"""Idempotent set-up of roles (groups with permissions) and default teams after migrations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from incidents import roles
from incidents.learning.scenarios import drill_scenarios_ensure
from incidents.models import Team
from incidents.response.defaults import playbooks_ensure

DEFAULT_TEAMS = [
    ("legal", "Legal", "Regulatory filings, legal assessment, contracts."),
    ("it-security", "IT/Security", "Containment, forensics, evidence, remediation."),
    ("pr-comms", "PR/Comms", "Statements to media, staff, partners and data subjects."),
    ("dpo", "DPO", "Risk assessment, notifiability decisions, regulator contact."),
    ("executive", "Executive", "Decisions and approvals."),
]
PROJECT_APPS = ("incidents", "compliance", "notifications")


def _permissions(app_labels: tuple[str, ...], actions: tuple[str, ...]) -> list[Permission]:
    """Model permissions of the given apps whose codename starts with one of the actions."""
    perms = Permission.objects.filter(content_type__app_label__in=app_labels)
    return [p for p in perms if p.codename.split("_", 1)[0] in actions]


def roles_ensure() -> None:
    """Create the role groups and give them the model permissions that fit their role."""
    view = _permissions(PROJECT_APPS, ("view",))
    write = _permissions(PROJECT_APPS, ("view", "add", "change"))
    everything = _permissions(
        PROJECT_APPS + ("auth", "authtoken", "django_celery_beat"),
        ("view", "add", "change", "delete"),
    )
    grants = {
        roles.SECURITY: write,
        roles.DPO: write,
        roles.LEGAL: write,
        roles.PR: write,
        roles.EXECUTIVE: view,
        roles.ADMIN: everything,
    }
    for name, perms in grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)


def teams_ensure() -> None:
    """Create the default response teams if they are missing."""
    for code, name, description in DEFAULT_TEAMS:
        Team.objects.get_or_create(code=code, defaults={"name": name, "description": description})


def post_migrate_setup(sender: Any, **kwargs: Any) -> None:
    """Run the set-up after each of the project's apps migrated (permissions appear per app)."""
    if getattr(sender, "label", "") not in PROJECT_APPS:
        return
    roles_ensure()
    teams_ensure()
    playbooks_ensure()
    drill_scenarios_ensure()
