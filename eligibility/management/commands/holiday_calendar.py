"""`manage.py holiday_calendar`: add the current year and the next two to the holiday calendar.

Years already there (confirmed or corrected by an administrator) are left alone; the added ones
are provisional until an administrator confirms them in the admin. Celery beat runs the same
every day (eligibility.tasks.holiday_calendar_extend). Prints each year and its status.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from eligibility.holiday_calendar import calendar_extend
from eligibility.models import HolidayYear


class Command(BaseCommand):
    help = "Add the coming years (current + 2) to the holiday calendar, provisional."

    def handle(self, *args: Any, **options: Any) -> None:
        added = set(calendar_extend())
        for year in HolidayYear.objects.order_by("year"):
            mark = " (added)" if year.year in added else ""
            self.stdout.write(f"{year.year}: {year.status}{mark}")
