"""The holiday calendar of the coming years: computed from the `holidays` package, then confirmed.

Viet Nam's public holidays (Labour Code 45/2019/QH14 Art. 112.1) include days of the lunar
calendar (Tết Nguyên đán, Giỗ Tổ Hùng Vương on 10/3 lunar): the `holidays` package computes
them (its `VN` calendar, `observed=False`: the statutory days only). The compensatory day of
Art. 111.3 is added here, by the law's own words: a holiday that falls on the weekly rest day
(Saturday or Sunday, the days the calculator does not count) gives the next working day off.

Each year is stored "provisional" (eligibility.models.HolidayYear) until an administrator
checks it against the government's announced schedule (which days of Tết, swapped days) and
confirms it in the admin. `calendar_extend` keeps the current year and the next two in the
table (run by migration 0006, by `manage.py holiday_calendar` and daily by Celery beat); it
never touches a year that is already there, so an administrator's corrections stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps as live_apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from eligibility.migrations._rules_seed import seed
from eligibility.rules_cache import rules_changed

__all__ = [
    "COMPENSATORY_REFERENCE",
    "YEARS_AHEAD",
    "ComputedHoliday",
    "calendar_extend",
    "compensatory_days",
    "computed_year",
    "next_year_warning",
]

#: The current year and this many after it are kept in the calendar.
YEARS_AHEAD = 2
#: From this day of the year (1 October) the next year should be confirmed.
WARN_FROM = (10, 1)

_BLLD = "Bộ luật Lao động 45/2019/QH14"
COMPENSATORY_REFERENCE = f"{_BLLD}, Điều 111.3 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)"
SOURCE = "Tính tự động từ thư viện holidays (lịch âm); cần đối chiếu lịch nghỉ của Chính phủ"
_SATURDAY = 5
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ComputedHoliday:
    day: date
    name: str
    legal_reference: str


def _statutory(year: int) -> dict[date, str]:
    # The holidays package is large; loaded only when a year is computed.
    import holidays

    calendar = holidays.country_holidays("VN", years=year, observed=False, language="vi")
    return {day: str(name) for day, name in calendar.items() if day.year == year}


def compensatory_days(days_off: dict[date, str]) -> dict[date, str]:
    """The days given off by Art. 111.3 for `days_off` (day -> name), in date order.

    Each holiday on a Saturday or Sunday gives the next weekday that is not already off (by a
    holiday or an earlier compensatory day): 1 May 2027 (Saturday) -> Monday 3 May.
    """
    taken = set(days_off)
    extra: dict[date, str] = {}
    for day in sorted(days_off):
        if day.weekday() < _SATURDAY:
            continue
        candidate = day + _ONE_DAY
        while candidate.weekday() >= _SATURDAY or candidate in taken:
            candidate += _ONE_DAY
        taken.add(candidate)
        extra[candidate] = f"Nghỉ bù {days_off[day]} ({day:%d/%m/%Y} trùng ngày nghỉ hằng tuần)"
    return extra


def _reference(name: str) -> str:
    lowered = name.lower()
    if "tết dương" in lowered:
        return f"{_BLLD}, Điều 112.1.a"
    if "tết" in lowered or "giao thừa" in lowered:
        return f"{_BLLD}, Điều 112.1.b"
    if "chiến thắng" in lowered:
        return f"{_BLLD}, Điều 112.1.c"
    if "lao động" in lowered:
        return f"{_BLLD}, Điều 112.1.d"
    if "quốc khánh" in lowered:
        return f"{_BLLD}, Điều 112.1.đ"
    if "hùng vương" in lowered:
        return f"{_BLLD}, Điều 112.1.e"
    return f"{_BLLD}, Điều 112"


def computed_year(year: int) -> list[ComputedHoliday]:
    """The statutory holidays of `year` and their compensatory days, in date order."""
    statutory = _statutory(year)
    rows = [ComputedHoliday(day, name, _reference(name)) for day, name in statutory.items()]
    rows += [
        ComputedHoliday(day, name, COMPENSATORY_REFERENCE)
        for day, name in compensatory_days(statutory).items()
    ]
    return sorted(rows, key=lambda row: row.day)


def calendar_extend(*, today: date | None = None, apps=None) -> list[int]:  # noqa: ANN001
    """Add the current year and the next YEARS_AHEAD years that are missing, provisional.

    Returns the years added. `apps` is a migration's app registry (None: the live models).
    A year already in the table is left as it is (confirmed or corrected by an administrator);
    a day already in the table is kept too. Every row added gets its history row.
    """
    live = apps is None
    if apps is None:
        apps = live_apps
    HolidayYear = apps.get_model("eligibility", "HolidayYear")
    today = today or timezone.localdate()
    wanted = range(today.year, today.year + YEARS_AHEAD + 1)
    with transaction.atomic():
        present = set(HolidayYear.objects.filter(year__in=wanted).values_list("year", flat=True))
        added = [year for year in wanted if year not in present]
        days = [
            {"date": row.day, "name": row.name, "legal_reference": row.legal_reference}
            for year in added
            for row in computed_year(year)
        ]
        years = [{"year": year, "status": "provisional", "source": SOURCE} for year in added]
        seed(
            apps,
            reason="Lịch nghỉ tạm tính (eligibility.holiday_calendar.calendar_extend)",
            tables=[("PublicHoliday", days, ("date",)), ("HolidayYear", years, ("year",))],
        )
    if added and live:
        transaction.on_commit(rules_changed)
    return added


def next_year_warning(years: dict[int, str], today: date) -> str | None:
    """From 1 October: a warning when next year is missing or still provisional, else None."""
    if (today.month, today.day) < WARN_FROM:
        return None
    following = today.year + 1
    status = years.get(following)
    if status == "confirmed":
        return None
    if status is None:
        return gettext("Lịch nghỉ lễ, Tết năm %(year)s chưa có trong hệ thống.") % {
            "year": following
        }
    return gettext(
        "Lịch nghỉ lễ, Tết năm %(year)s vẫn là tạm tính: hãy đối chiếu với lịch nghỉ chính "
        "thức của Chính phủ rồi xác nhận năm này."
    ) % {"year": following}
