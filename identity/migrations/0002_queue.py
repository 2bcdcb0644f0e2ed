"""The staff queue searches claimants by name (icontains): a trigram index on PostgreSQL.

Without it a name search reads every account (60 ms at 100,000 people, ten times that at a
million); with it, a few ms. SQLite has neither pg_trgm nor the need: nothing is done there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Matches the expression Django writes for `full_name__icontains` on PostgreSQL.
CREATE = (
    "CREATE INDEX IF NOT EXISTS identity_user_full_name_trgm "
    "ON identity_user USING gin (UPPER(full_name::text) gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS identity_user_full_name_trgm"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
