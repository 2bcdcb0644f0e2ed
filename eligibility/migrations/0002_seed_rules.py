"""Seed the two rule sets, the regional minimum wages, base salaries and 2025–2026 holidays."""

from django.db import migrations

from eligibility.migrations._rules_seed import (
    BASE_SALARIES,
    PUBLIC_HOLIDAYS,
    REGIONAL_MINIMUM_WAGES,
    RULE_SETS,
    seed,
)


def forwards(apps, schema_editor):
    seed(apps)


def backwards(apps, schema_editor):
    RuleSet = apps.get_model("eligibility", "RuleSet")
    RegionalMinimumWage = apps.get_model("eligibility", "RegionalMinimumWage")
    BaseSalary = apps.get_model("eligibility", "BaseSalary")
    PublicHoliday = apps.get_model("eligibility", "PublicHoliday")
    RuleSet.objects.filter(identifier__in=[r["identifier"] for r in RULE_SETS]).delete()
    for row in REGIONAL_MINIMUM_WAGES:
        RegionalMinimumWage.objects.filter(
            valid_from=row["valid_from"], region=row["region"], amount=row["amount"]
        ).delete()
    BaseSalary.objects.filter(
        valid_from__in=[r["valid_from"] for r in BASE_SALARIES],
        amount__in=[r["amount"] for r in BASE_SALARIES],
    ).delete()
    PublicHoliday.objects.filter(date__in=[r["date"] for r in PUBLIC_HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0001_rules_tables")]

    operations = [migrations.RunPython(forwards, backwards)]
