"""Accounts get `search_name`, the name folded without diacritics (identity.names.fold_name).

The queue's name search compares the folded name with the folded query, so "nguyen thi hoa"
finds "Nguyễn Thị Hoa" on SQLite and PostgreSQL alike (docs/adr/0011). On PostgreSQL the
existing rows are folded by the `unaccent` extension in one UPDATE (a million accounts in
seconds, instead of reading each into Python), and a trigram index serves the `LIKE '%...%'`
search; tests/claims/test_queue_search.py checks that unaccent and fold_name agree on every
Vietnamese letter. SQLite folds the rows in Python.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

PG_BACKFILL = (
    "UPDATE identity_user SET search_name = "
    "btrim(regexp_replace(lower(unaccent(full_name)), '\\s+', ' ', 'g')) "
    "WHERE full_name <> ''"
)
PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS identity_user_search_name_trgm "
    "ON identity_user USING gin (search_name gin_trgm_ops)"
)
PG_DROP_INDEX = "DROP INDEX IF EXISTS identity_user_search_name_trgm"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKFILL)
        schema_editor.execute(PG_INDEX)
        return
    from identity.names import fold_name  # the app's code, not a model: safe in a migration

    User = apps.get_model("identity", "User")
    batch = []
    for user in User.objects.exclude(full_name="").only("id", "full_name").iterator(2000):
        user.search_name = fold_name(user.full_name)
        batch.append(user)
        if len(batch) >= 2000:
            User.objects.bulk_update(batch, ["search_name"])
            batch = []
    User.objects.bulk_update(batch, ["search_name"])


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0002_queue"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.AddField(
            model_name="user",
            name="search_name",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="họ và tên (không dấu)"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
