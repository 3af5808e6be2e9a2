"""Roles are Django groups; this module names them and says what each may do."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_noop

SECURITY = "security"
DPO = "dpo"
LEGAL = "legal"
PR = "pr"
EXECUTIVE = "executive"
ADMIN = "admin"
ALL_ROLES = (SECURITY, DPO, LEGAL, PR, EXECUTIVE, ADMIN)

# Catalogue texts: pages show them through gettext (the admin's role menu in English).
ROLE_LABELS = {
    SECURITY: gettext_noop("Security (reporter / responder)"),
    DPO: gettext_noop("Data protection officer"),
    LEGAL: gettext_noop("Legal"),
    PR: gettext_noop("PR / Communications"),
    EXECUTIVE: gettext_noop("Executive (read-only)"),
    ADMIN: gettext_noop("Administrator"),
}

# Capabilities → roles allowed. Executives never write.
CAPABILITIES: dict[str, frozenset[str]] = {
    "incident.view": frozenset(ALL_ROLES),
    "incident.create": frozenset({SECURITY, DPO, ADMIN}),
    "incident.update": frozenset({SECURITY, DPO, ADMIN}),
    "incident.transition": frozenset({SECURITY, DPO, ADMIN}),
    "assessment.write": frozenset({DPO, ADMIN}),
    "obligation.decide": frozenset({DPO, ADMIN}),
    "submission.write": frozenset({DPO, LEGAL, ADMIN}),
    "report.generate": frozenset({DPO, LEGAL, ADMIN}),
    "task.update_own_team": frozenset({SECURITY, DPO, LEGAL, PR, ADMIN}),
    "task.manage": frozenset({DPO, ADMIN}),
    "statement.draft": frozenset({PR, LEGAL, DPO, ADMIN}),
    "statement.approve": frozenset({DPO, LEGAL, ADMIN}),
    "playbook.manage": frozenset({DPO, ADMIN}),
    "settings.manage": frozenset({ADMIN}),
    "webhook.manage": frozenset({ADMIN}),
    # The register lists every incident (GDPR Art. 33(5)): only for roles that see them all.
    "register.view": frozenset({DPO, EXECUTIVE, ADMIN}),
    # Deadlines in the personal calendar feed, of the incidents the person sees.
    "deadlines.follow": frozenset({DPO, LEGAL, EXECUTIVE, ADMIN}),
    "audit.view": frozenset({DPO, LEGAL, EXECUTIVE, ADMIN}),
    "audit.verify": frozenset({ADMIN}),
    "review.write": frozenset({SECURITY, DPO, LEGAL, PR, ADMIN}),
    "review.complete": frozenset({DPO, ADMIN}),
    "drill.run": frozenset({SECURITY, DPO, ADMIN}),
    "alert.triage": frozenset({SECURITY, DPO, ADMIN}),
}


def user_roles(user: AbstractBaseUser | AnonymousUser | None) -> frozenset[str]:
    """Return the user's role names (superusers are admins), cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_breachdesk_roles", None)
    if cached is not None:
        return cached
    return user_roles_from_groups(user, _group_names(user))


def user_roles_from_groups(user: AbstractBaseUser, group_names: set[str]) -> frozenset[str]:
    """Cache on the user object the roles that its group names (read by the caller) give."""
    names = group_names & set(ALL_ROLES)
    if user.is_superuser:
        names.add(ADMIN)
    roles = frozenset(names)
    user._breachdesk_roles = roles  # type: ignore[attr-defined]
    return roles


def _group_names(user: AbstractBaseUser) -> set[str]:
    """The names of the user's groups.

    Every request asks this once, so it is one plain statement: building it with the ORM costs
    about six times as much CPU as running it.
    """
    from django.contrib.auth.models import Group
    from django.db import connection

    membership = Group.user_set.through._meta
    group_column = membership.get_field("group").column
    user_column = membership.get_field("user").column
    quote = connection.ops.quote_name
    sql = (
        f"SELECT g.{quote('name')} FROM {quote(Group._meta.db_table)} g"
        f" JOIN {quote(membership.db_table)} m ON m.{quote(group_column)} = g.{quote('id')}"
        f" WHERE m.{quote(user_column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        return {name for (name,) in cursor.fetchall()}


def has_capability(user: AbstractBaseUser | AnonymousUser | None, capability: str) -> bool:
    """Tell whether any of the user's roles grants the capability."""
    return bool(user_roles(user) & CAPABILITIES[capability])


def is_read_only(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Tell whether the user may only look (an executive with no writing role)."""
    roles = user_roles(user)
    return bool(roles) and roles <= {EXECUTIVE}
