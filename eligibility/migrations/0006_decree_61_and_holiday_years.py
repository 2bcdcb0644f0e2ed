"""RULES.md as corrected (2026-12-01): the 2013 law's working-day start from 2020-07-15
(Decree 61/2020), the holiday years (confirmed 2025–2026, provisional 2020–2024) and the
current year and the next two computed from the `holidays` package (provisional)."""

from django.db import migrations

from eligibility.migrations._rules_seed_0006 import (
    CONFIRMED_YEARS,
    PROVISIONAL_PAST_YEARS,
    PUBLIC_HOLIDAYS_0006,
    RULE_SETS_0006,
    seed_0006,
)


def forwards(apps, schema_editor):
    seed_0006(apps)


def backwards(apps, schema_editor):
    apps.get_model("eligibility", "RuleSet").objects.filter(
        identifier__in=[r["identifier"] for r in RULE_SETS_0006]
    ).delete()
    apps.get_model("eligibility", "PublicHoliday").objects.filter(
        date__in=[r["date"] for r in PUBLIC_HOLIDAYS_0006]
    ).delete()
    HolidayYear = apps.get_model("eligibility", "HolidayYear")
    kept = set(CONFIRMED_YEARS)
    for year in HolidayYear.objects.exclude(year__in=kept).values_list("year", flat=True):
        if year in PROVISIONAL_PAST_YEARS or year > max(kept):
            apps.get_model("eligibility", "PublicHoliday").objects.filter(date__year=year).delete()
    HolidayYear.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0005_holiday_years")]

    operations = [migrations.RunPython(forwards, backwards)]
