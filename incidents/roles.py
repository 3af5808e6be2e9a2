"""Roles are Django groups; this module names them and says what each may do."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

SECURITY = "security"
DPO = "dpo"
LEGAL = "legal"
PR = "pr"
EXECUTIVE = "executive"
ADMIN = "admin"
ALL_ROLES = (SECURITY, DPO, LEGAL, PR, EXECUTIVE, ADMIN)

ROLE_LABELS = {
    SECURITY: "Security (reporter / responder)",
    DPO: "Data protection officer",
    LEGAL: "Legal",
    PR: "PR / Communications",
    EXECUTIVE: "Executive (read-only)",
    ADMIN: "Administrator",
}

# Capabilities → roles allowed. Executives never write (design.md, roles table).
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
    "register.view": frozenset({DPO, LEGAL, EXECUTIVE, ADMIN}),
    "audit.view": frozenset({DPO, LEGAL, EXECUTIVE, ADMIN}),
    "audit.verify": frozenset({ADMIN}),
    "review.write": frozenset({SECURITY, DPO, LEGAL, PR, ADMIN}),
    "review.complete": frozenset({DPO, ADMIN}),
    "drill.run": frozenset({SECURITY, DPO, ADMIN}),
}


def user_roles(user: AbstractBaseUser | AnonymousUser | None) -> frozenset[str]:
    """Return the user's role names (superusers are admins), cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_breachdesk_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
    if user.is_superuser:
        names.add(ADMIN)
    roles = frozenset(names)
    user._breachdesk_roles = roles  # type: ignore[union-attr]
    return roles


def role_annotations(user_path: str) -> dict[str, Any]:
    """Annotations telling, per role, whether the user at `user_path` has it (one query, no join).

    With `remember_roles` this lets a query that loads a user (an API token's, say) bring the
    roles along instead of a second query.
    """
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef

    return {
        f"_role_{name}": Exists(Group.objects.filter(user=OuterRef(user_path), name=name))
        for name in ALL_ROLES
    }


def remember_roles(user: AbstractBaseUser, row: Any) -> None:
    """Cache on `user` the roles read by `role_annotations` onto `row` (see user_roles)."""
    if not user.is_active:
        return
    names = {name for name in ALL_ROLES if getattr(row, f"_role_{name}")}
    if user.is_superuser:  # type: ignore[attr-defined]
        names.add(ADMIN)
    user._breachdesk_roles = frozenset(names)  # type: ignore[attr-defined]


def has_capability(user: AbstractBaseUser | AnonymousUser | None, capability: str) -> bool:
    """Tell whether any of the user's roles grants the capability."""
    return bool(user_roles(user) & CAPABILITIES[capability])


def is_read_only(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Tell whether the user may only look (an executive with no writing role)."""
    roles = user_roles(user)
    return bool(roles) and roles <= {EXECUTIVE}
