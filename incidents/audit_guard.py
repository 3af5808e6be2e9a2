"""Database triggers that make the audit table append-only, on PostgreSQL and on SQLite.

They refuse UPDATE and DELETE of audit rows (and TRUNCATE on PostgreSQL) for every database
user, the application's included. Whoever owns the table can still drop a trigger; that is
what the SHA-256 chain is for: `manage.py verify_audit` finds the first altered entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "incidents_auditevent"
MESSAGE = "The audit trail is append-only: audit rows cannot be changed or deleted."

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION breachdesk_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"DROP TRIGGER IF EXISTS audit_append_only_rows ON {TABLE}",
    f"""
    CREATE TRIGGER audit_append_only_rows BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION breachdesk_audit_append_only()
    """,
    f"DROP TRIGGER IF EXISTS audit_append_only_truncate ON {TABLE}",
    f"""
    CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION breachdesk_audit_append_only()
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_append_only_rows ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_append_only_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS breachdesk_audit_append_only()",
]
SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_append_only_update",
    "DROP TRIGGER IF EXISTS audit_append_only_delete",
]
STATEMENTS = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
}


def _run(connection: Any, which: int) -> bool:
    """Run the install (0) or remove (1) statements for the connection's vendor, if it has any."""
    statements = STATEMENTS.get(connection.vendor)
    if statements is None or TABLE not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        for sql in statements[which]:
            cursor.execute(sql)
    return True


def audit_guard_install(connection: Any) -> bool:
    """Create (or re-create) the triggers; return whether this database has them."""
    return _run(connection, 0)


def audit_guard_remove(connection: Any) -> bool:
    """Drop the triggers (for migrations that rebuild the table, and test flushes)."""
    return _run(connection, 1)


def audit_guard_installed(connection: Any) -> bool:
    """Tell whether the triggers are in place."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND tgname LIKE 'audit_append_only_%%'",
                [TABLE],
            )
            return cursor.fetchone()[0] == 2
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            return cursor.fetchone()[0] == 2
    return False


@contextmanager
def audit_guard_suspended(connection: Any) -> Iterator[None]:
    """Lift the triggers for a block (a database owner's maintenance) and put them back."""
    removed = audit_guard_remove(connection)
    try:
        yield
    finally:
        if removed:
            audit_guard_install(connection)
