import hashlib

from django.db import migrations


def import_plain_tokens(apps, schema_editor):
    """Keep tokens issued before hashing working: store their SHA-256, then erase the clear keys."""
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cursor.fetchall()
        for key, user_id, created in rows:
            ApiToken.objects.create(
                user_id=user_id,
                name="Token issued before hashing",
                prefix=key[:8],
                key_hash=hashlib.sha256(key.encode("utf-8")).hexdigest(),
                created_at=created,
            )
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_api_tokens_and_second_factor_policy"),
    ]

    operations = [
        migrations.RunPython(import_plain_tokens, migrations.RunPython.noop),
    ]
