"""Dashboard figures cached under the version of the facts they are computed from.

A cached figure is read again only while (1) the facts have not changed: its key holds the
version that database triggers renew in the same transaction as any write that can change a
figure (`compliance.models.figures_version`), read *before* the figure is computed, so a figure
is never stored under a version older than its facts; and (2) time has not changed it: each
figure is stored with the instant until which the passing of time leaves it as it is (the next
limit that `now` will pass, computed in the same query as the figure), and is computed again
once `now` is past that instant. Keys also hold the window (`since`, the chart's months) and the
reader's scope: only people who see every incident share cached figures; the others' figures
are computed over their own incidents on each view.

Reads inside a transaction (a request that has written, a test) compute live: their own
uncommitted writes have not renewed the version yet.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

from compliance.models import FiguresVersion
from compliance.models.figures_version import ROW

T = TypeVar("T")
# Entries of versions that are no longer current are never read again: let them expire.
TIMEOUT_S = 24 * 3600
READ_VERSION = (
    f"SELECT number, token FROM {connection.ops.quote_name(FiguresVersion._meta.db_table)}"
    " WHERE id = %s"
)


def current_version() -> str | None:
    """The facts' version (number and token), or None when figures must be computed live."""
    if connection.in_atomic_block:
        return None
    # Read on every view that uses the cache (and every unfiltered incident list page): one
    # statement, written out, costs less than building the same query through the ORM.
    with connection.cursor() as cursor:
        cursor.execute(READ_VERSION, [ROW])
        row = cursor.fetchone()
    if row is None:
        # The row went with a flush of every table: start again with a new random token, so no
        # figure cached before the flush is read under it.
        version, _created = FiguresVersion.objects.get_or_create(
            pk=ROW, defaults={"token": secrets.token_hex(16)}
        )
        row = (version.number, version.token)
    return f"{row[0]}-{row[1]}"


class FiguresCache:
    """The cache of one view: the version read once, then a figure per name and parameters."""

    def __init__(self, *, sees_everything: bool) -> None:
        self.version = current_version() if sees_everything else None

    def get(
        self,
        name: str,
        parameters: tuple[Any, ...],
        *,
        now: datetime,
        compute: Callable[[], tuple[T, datetime | None]],
    ) -> T:
        """The figure, cached while the facts stay and `now` is not past its limit.

        `compute` returns the figure and the last instant it holds for (None: whatever the time).
        """
        if self.version is None:
            return compute()[0]
        digest = hashlib.sha256(repr((name, parameters)).encode()).hexdigest()[:32]
        key = f"figures:{self.version}:{digest}"
        entry = cache.get(key)
        if entry is not None:
            value, until = entry
            if until is None or now <= until:
                return value
        value, until = compute()
        cache.set(key, (value, until), TIMEOUT_S)
        return value
