"""Reads of accounts: a user's tokens and whether a user must use a second factor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_otp import user_has_device

from accounts.models import ApiToken, SecondFactorPolicy
from incidents.roles import user_roles


def api_tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first."""
    return ApiToken.objects.filter(user=user)


def second_factor_required(*, user: Any) -> bool:
    """Tell whether the user must confirm sign-in: a role requires it or they enrolled a device."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user_has_device(user, confirmed=True) or second_factor_required_by_role(user=user)


def second_factor_required_by_role(*, user: Any) -> bool:
    """Tell whether one of the user's roles is on the second-factor policy."""
    required = SecondFactorPolicy.objects.order_by("pk").values_list("required_roles", flat=True)
    return bool(set(required.first() or []) & user_roles(user))
