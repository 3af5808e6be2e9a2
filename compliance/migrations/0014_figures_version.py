"""The figures' version row and the triggers that bump it in the writing transaction."""

import secrets

from django.db import migrations, models

# Per table: the columns whose change can change a dashboard figure (insert and delete always do).
WATCHED = {
    "compliance_obligation": [
        "incident_id",
        "rule_id",
        "regime",
        "recipient",
        "status",
        "applies",
        "clock_start",
        "due_at",
        "target_at",
    ],
    "compliance_submission": ["obligation_id", "submitted_at"],
    "incidents_incident": [
        "reference",
        "status",
        "severity",
        "is_drill",
        "detected_at",
        "root_cause",
    ],
    "incidents_review": ["incident_id", "root_cause"],
    "incidents_task": ["incident_id", "status", "due_at"],
}
BUMP_SQLITE = (
    "UPDATE compliance_figures_version SET number = number + 1, token = lower(hex(randomblob(16)))"
)
# PostgreSQL: a deferred constraint trigger bumps the version at commit, once per transaction
# (a transaction-local setting remembers it), so the version row is locked only while the
# transaction commits and never ahead of the other locks it takes: no deadlock through it.
BUMP_FUNCTION = """
CREATE FUNCTION compliance_figures_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('breachdesk.figures_bumped', true) IS DISTINCT FROM
            txid_current()::text THEN
        PERFORM set_config('breachdesk.figures_bumped', txid_current()::text, true);
        UPDATE compliance_figures_version SET number = number + 1,
            token = md5(random()::text || clock_timestamp()::text);
    END IF;
    RETURN NULL;
END $$
"""


def postgres(table, columns):
    old = ", ".join(f"OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    deferred = "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
    return [
        f"CREATE CONSTRAINT TRIGGER {table}_figures_insert AFTER INSERT OR DELETE ON {table}"
        f" {deferred} EXECUTE FUNCTION compliance_figures_bump()",
        f"CREATE CONSTRAINT TRIGGER {table}_figures_update AFTER UPDATE ON {table} {deferred}"
        f" WHEN (ROW({old}) IS DISTINCT FROM ROW({new}))"
        " EXECUTE FUNCTION compliance_figures_bump()",
    ]


def sqlite(table, columns):
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    return [
        f"CREATE TRIGGER {table}_figures_insert AFTER INSERT ON {table}"
        f" BEGIN {BUMP_SQLITE}; END",
        f"CREATE TRIGGER {table}_figures_delete AFTER DELETE ON {table}"
        f" BEGIN {BUMP_SQLITE}; END",
        f"CREATE TRIGGER {table}_figures_update AFTER UPDATE ON {table}"
        f" FOR EACH ROW WHEN {changed} BEGIN {BUMP_SQLITE}; END",
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"figures' version triggers for {vendor}")
    apps.get_model("compliance", "FiguresVersion").objects.create(
        pk=1, number=0, token=secrets.token_hex(16)
    )
    build = postgres if vendor == "postgresql" else sqlite
    if vendor == "postgresql":
        schema_editor.execute(BUMP_FUNCTION)
    for table, columns in WATCHED.items():
        for statement in build(table, columns):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table in WATCHED:
        for event in ("insert", "delete", "update"):
            on = f" ON {table}" if postgresql else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_figures_{event}{on}")
    if postgresql:
        schema_editor.execute("DROP FUNCTION IF EXISTS compliance_figures_bump()")


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0013_event_labels_in_words"),
        ("incidents", "0015_event_labels_in_words"),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
                ("token", models.CharField(default="", max_length=40)),
            ],
            options={"db_table": "compliance_figures_version"},
        ),
        migrations.RunPython(create, drop),
    ]
