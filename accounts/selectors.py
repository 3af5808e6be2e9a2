"""Reads of accounts: a user's tokens and whether a user must use a second factor."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections, router
from django.db.models import Model, QuerySet
from django_otp import user_has_device

from accounts.models import ApiToken, SecondFactorPolicy
from incidents.roles import user_roles, user_roles_from_groups


def api_tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first."""
    return ApiToken.objects.filter(user=user)


def api_token_by_hash(*, key_hash: str) -> ApiToken | None:
    """The token stored under `key_hash` with its user, whose roles are known from then on.

    Every API request asks this, so it is one statement written once per process (building the
    ORM's query took twice the CPU of running it) that also brings the user's group names: the
    token, its user and the roles in one round trip instead of two.
    """
    using = router.db_for_read(ApiToken)
    connection = connections[using]
    sql, token_columns, user_columns = _token_statement(using)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key_hash])
        rows = cursor.fetchall()
    if not rows:
        return None
    # One row per group of the user (one without a group name when they have none).
    first, size = rows[0], len(token_columns)
    token = _from_row(ApiToken, token_columns, first[:size], using, connection)
    user_values = first[size : size + len(user_columns)]
    user = _from_row(get_user_model(), user_columns, user_values, using, connection)
    token.user = user
    user_roles_from_groups(user, {row[-1] for row in rows if row[-1] is not None})
    return token


Column = tuple[str, Any, list[Callable[..., Any]]]  # attname, column expression, converters


@functools.cache
def _token_statement(using: str) -> tuple[str, list[Column], list[Column]]:
    """The token-by-hash statement and its columns with the ORM's converters, in order."""
    connection = connections[using]
    quote = connection.ops.quote_name
    user_model = get_user_model()
    membership = user_model._meta.get_field("groups").remote_field.through._meta

    def columns(model: type[Model]) -> list[Column]:
        out = []
        for field in model._meta.concrete_fields:
            column = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(column)
            out.append((field.attname, column, converters + field.get_db_converters(connection)))
        return out

    def names(model: type[Model], alias: str) -> list[str]:
        return [f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields]

    user_key = membership.get_field(user_model._meta.model_name).column
    group_key = membership.get_field("group").column
    sql = (
        f"SELECT {', '.join(names(ApiToken, 't') + names(user_model, 'u'))}, g.{quote('name')}"
        f" FROM {quote(ApiToken._meta.db_table)} t"
        f" JOIN {quote(user_model._meta.db_table)} u"
        f" ON u.{quote(user_model._meta.pk.column)} = t.{quote(ApiToken.user.field.column)}"
        f" LEFT JOIN {quote(membership.db_table)} m"
        f" ON m.{quote(user_key)} = u.{quote(user_model._meta.pk.column)}"
        f" LEFT JOIN {quote(Group._meta.db_table)} g"
        f" ON g.{quote(Group._meta.pk.column)} = m.{quote(group_key)}"
        f" WHERE t.{quote(ApiToken._meta.get_field('key_hash').column)} = %s"
    )
    return sql, columns(ApiToken), columns(user_model)


def _from_row(
    model: type[Model], columns: list[Column], values: tuple[Any, ...], using: str, connection: Any
) -> Any:
    """A model instance from its columns as the database returned them, converted as the ORM
    converts them (SQLite's text timestamps, for one)."""
    converted = []
    for (_, column, converters), value in zip(columns, values, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(using, [name for name, _, _ in columns], converted)


def second_factor_required(*, user: Any) -> bool:
    """Tell whether the user must confirm sign-in: a role requires it or they enrolled a device."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user_has_device(user, confirmed=True) or second_factor_required_by_role(user=user)


def second_factor_required_by_role(*, user: Any) -> bool:
    """Tell whether one of the user's roles is on the second-factor policy."""
    required = SecondFactorPolicy.objects.order_by("pk").values_list("required_roles", flat=True)
    return bool(set(required.first() or []) & user_roles(user))
