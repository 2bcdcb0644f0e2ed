"""`{% provisional_mark day since %}`: marks a working-day date counted in a provisional year.

A date counted in working days (a decision deadline, the first day of benefit) through a year
whose holiday calendar an administrator has not confirmed yet may still move when the
government announces its schedule: estimates and staff pages say so next to the date.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from eligibility.selectors import working_calendar

register = template.Library()

#: Without `since`, the count is taken to have walked through this many days before `day`
#: (the longest count of the rules: 20 working days).
_LONGEST_COUNT = timedelta(days=31)


@register.simple_tag
def provisional_mark(day: date | None, since: date | None = None) -> SafeString | str:
    """The note when a day of (since, day] lies in a provisional year, else nothing."""
    if not isinstance(day, date):
        return ""
    first = since if isinstance(since, date) else day - _LONGEST_COUNT
    calendar = working_calendar()
    if not calendar.is_provisional(first, day):
        return ""
    years = ", ".join(
        str(year)
        for year in range(first.year, day.year + 1)
        if year in calendar.provisional_years()
    )
    return format_html(
        '<strong class="provisional-date">{}</strong>',
        gettext("(tạm tính: lịch nghỉ lễ năm %(years)s chưa được xác nhận)") % {"years": years},
    )
