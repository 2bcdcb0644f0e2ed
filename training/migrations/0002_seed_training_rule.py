"""The first training-support rule, with its references (training/migrations/_rule_seed.py)."""

from django.db import migrations

from training.migrations._rule_seed import RULE, seed


def unseed(apps, schema_editor):
    apps.get_model("training", "TrainingSupportRule").objects.filter(
        identifier=RULE["identifier"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
