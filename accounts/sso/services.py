"""Writes of single sign-on: the user behind a provider identity, its roles, and the audit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.sso.models import GroupRoleMapping, SsoIdentity
from config.transactions import write_transaction
from incidents.audit import audit_record
from incidents.roles import ADMIN, ALL_ROLES

AUDIT_ACTOR = "single sign-on"


def groups_from_claims(*, claims: dict[str, Any], groups_claim: str) -> list[str]:
    """The provider groups in the claims: a list, or one string, under `groups_claim`."""
    value = claims.get(groups_claim)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return sorted({str(item) for item in value if isinstance(item, str | int) and str(item)})


def roles_for_groups(*, groups: Iterable[str]) -> set[str]:
    """The roles the mapping gives these groups."""
    mapped = GroupRoleMapping.objects.filter(group__in=list(groups)).values_list("role", flat=True)
    return set(mapped) & set(ALL_ROLES)


def _unique_username(*, claims: dict[str, Any], issuer: str) -> str:
    """A readable username from the claims, made unique with a digest of the identity."""
    email = str(claims.get("email") or "")
    base = str(claims.get("preferred_username") or email or claims["sub"])[:120]
    users = get_user_model().objects
    if not users.filter(username=base).exists():
        return base
    digest = hashlib.sha256(f"{issuer}|{claims['sub']}".encode()).hexdigest()[:8]
    return f"{base}-{digest}"


def _user_for_identity(*, issuer: str, claims: dict[str, Any], now: datetime) -> SsoIdentity:
    """Find the identity's user, or create one (with no usable password) on first sign-in."""
    identity = (
        SsoIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=str(claims["sub"]))
        .first()
    )
    if identity is not None:
        return identity
    user = get_user_model().objects.create_user(
        _unique_username(claims=claims, issuer=issuer),
        email=str(claims.get("email") or ""),
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
    )
    identity = SsoIdentity.objects.create(
        user=user, issuer=issuer, subject=str(claims["sub"]), created_at=now, last_sign_in_at=now
    )
    audit_record(
        now=now,
        actor=AUDIT_ACTOR,
        action="create",
        obj=user,
        changes={"after": {"username": user.username, "email": user.email, "issuer": issuer}},
    )
    return identity


def sso_roles_apply(*, user: Any, roles: set[str], now: datetime) -> tuple[set[str], set[str]]:
    """Give the user exactly `roles` (admin also opens the Django admin); audit any change.

    Returns the roles before and after. Groups that are not roles are left alone.
    """
    current = set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
    before = current | ({ADMIN} if user.is_superuser else set())
    if current != roles:
        user.groups.remove(*Group.objects.filter(name__in=current - roles))
        for name in sorted(roles - current):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    admin = ADMIN in roles
    if (user.is_staff, user.is_superuser) != (admin, admin):
        user.is_staff = user.is_superuser = admin
        user.save(update_fields=["is_staff", "is_superuser"])
    if before != roles:
        audit_record(
            now=now,
            actor=user,
            action="role_change",
            obj=user,
            changes={"roles": {"before": sorted(before), "after": sorted(roles)}, "via": "sso"},
        )
    # The roles cached on the object for this request are stale now.
    user.__dict__.pop("_breachdesk_roles", None)
    return before, roles


@write_transaction
def sso_user_sign_in(
    *, issuer: str, claims: dict[str, Any], groups_claim: str, now: datetime
) -> Any:
    """Return the user of a verified sign-in, with roles recomputed from the provider's groups."""
    identity = _user_for_identity(issuer=issuer, claims=claims, now=now)
    user = identity.user
    groups = groups_from_claims(claims=claims, groups_claim=groups_claim)
    identity.groups = groups
    identity.last_sign_in_at = now
    identity.save(update_fields=["groups", "last_sign_in_at"])
    email = str(claims.get("email") or "")
    if email and email != user.email:
        user.email = email
        user.save(update_fields=["email"])
    if user.is_active:
        sso_roles_apply(now=now, user=user, roles=roles_for_groups(groups=groups))
    return user


def sso_sign_in_record(*, user: Any, issuer: str, groups: list[str], now: datetime) -> None:
    """Audit a completed single sign-on sign-in."""
    audit_record(
        now=now,
        actor=user,
        action="sso_sign_in",
        obj=user,
        changes={"issuer": issuer, "groups": groups},
    )


def sso_failure_record(*, reason: str, detail: str = "", now: datetime) -> None:
    """Audit a refused single sign-on attempt (wrong state, expired code, wrong issuer, …)."""
    audit_record(
        now=now,
        actor=AUDIT_ACTOR,
        action="sso_sign_in_failed",
        object_type="sso",
        changes={"reason": reason, "detail": detail[:500]},
    )


def sso_sign_out_record(*, user: Any, provider_logout: bool, now: datetime) -> None:
    """Audit a single sign-on user's sign-out and whether the provider was asked to end its own."""
    audit_record(
        now=now,
        actor=user,
        action="sso_sign_out",
        obj=user,
        changes={"provider_logout": provider_logout},
    )
