"""Calendar arithmetic of the benefit rules: months that clamp, working days, dated values.

Pure functions: no database, no clock, no settings.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from eligibility.exceptions import RulesError

if TYPE_CHECKING:  # annotations only: types builds its WorkingCalendar from this module
    from eligibility.calculator.types import DatedAmount

__all__ = [
    "CONFIRMED",
    "PROVISIONAL",
    "CalendarYearMissing",
    "MissingRuleValue",
    "WorkingCalendar",
    "add_months",
    "days_after",
    "month_index",
    "month_of_index",
    "wage_on",
    "working_days_after",
]

_SATURDAY = 5


class MissingRuleValue(RulesError):
    """A dated table (minimum wage, base salary) has no value in force on the day asked for.

    A data error of the rules tables, not of the claim: the message names the day so an
    administrator can add the missing row.
    """

    def __init__(self, what: str, day: date | None = None) -> None:
        self.what = what
        self.day = day
        if day is None:
            message = f"Bộ quy định thiếu giá trị: {what}."
        else:
            message = f"Chưa có {what} có hiệu lực vào ngày {day:%d/%m/%Y} ({day.isoformat()})."
        super().__init__(message)


class CalendarYearMissing(MissingRuleValue):
    """A working-day count walks into a year the holiday calendar does not hold yet.

    Counting it without its public holidays would give a wrong date (2027-01-01 as a working
    day), so the calculation stops and names the year an administrator has to add.
    """

    def __init__(self, year: int) -> None:
        self.year = year
        RulesError.__init__(
            self,
            f"Lịch nghỉ lễ, Tết năm {year} chưa có trong hệ thống: chưa tính được ngày làm việc "
            f"trong năm này (holiday calendar of {year} missing).",
        )
        self.what = f"lịch nghỉ lễ năm {year}"
        self.day = None


#: The status of a year of the holiday calendar (eligibility.models.HolidayYear).
CONFIRMED = "confirmed"
PROVISIONAL = "provisional"


class WorkingCalendar:
    """Working days: Monday to Friday, not a public holiday; the one calendar of the project.

    `holidays` are the days off (a holiday on a weekend may be listed: it changes nothing, its
    compensatory day is listed on its own). `years` maps each year the calendar holds to
    CONFIRMED or PROVISIONAL; when given, counting into a year it does not hold raises
    CalendarYearMissing. None means "not checked" (hand-built test calendars).
    """

    __slots__ = ("_weekday_holidays", "holidays", "years")

    def __init__(
        self, holidays: Iterable[date] = (), years: Mapping[int, str] | None = None
    ) -> None:
        self.holidays = frozenset(holidays)
        self.years = dict(years) if years is not None else None
        # Only holidays on a weekday remove a working day.
        self._weekday_holidays = sorted(d for d in self.holidays if d.weekday() < _SATURDAY)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < _SATURDAY and day not in self.holidays

    def working_days(self, start: date, end: date) -> int:
        """Working days in (start, end]: `start` excluded, `end` included; 0 when end <= start."""
        if end <= start:
            return 0
        weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
        holidays = bisect_right(self._weekday_holidays, end) - bisect_right(
            self._weekday_holidays, start
        )
        return weekdays - holidays

    def working_days_after(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (`day` itself is never counted)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        current = day
        remaining = count
        holidays = self.holidays
        try:
            while remaining:
                current += _ONE_DAY
                if current.weekday() < _SATURDAY and current not in holidays:
                    remaining -= 1
        except OverflowError:
            raise CalendarYearMissing(date.max.year + 1) from None
        self.require_years(day + _ONE_DAY, current)
        return current

    def require_years(self, first: date, last: date) -> None:
        """Raise CalendarYearMissing for the first year of [first, last] the calendar lacks."""
        if self.years is None:
            return
        for year in range(first.year, last.year + 1):
            if year not in self.years:
                raise CalendarYearMissing(year)

    def is_provisional(self, first: date, last: date) -> bool:
        """Whether a day of [first, last] lies in a year whose schedule is still provisional."""
        if not self.years:
            return False
        return any(self.years.get(year) == PROVISIONAL for year in range(first.year, last.year + 1))

    def provisional_years(self) -> list[int]:
        return sorted(y for y, status in (self.years or {}).items() if status == PROVISIONAL)

    def holidays_between(self, first: date, last: date) -> list[date]:
        """The weekday holidays in [first, last], ascending."""
        low = bisect_left(self._weekday_holidays, first)
        high = bisect_right(self._weekday_holidays, last)
        return self._weekday_holidays[low:high]


def _weekdays_up_to(day: date) -> int:
    """Monday-to-Friday days from a fixed Monday (0001-01-01) up to and including `day`."""
    ordinal = day.toordinal()  # 0001-01-01 is a Monday, ordinal 1
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


_ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` months later (or earlier, if negative).

    Where that day does not exist the month's last day is used (2026-01-31 + 1 -> 2026-02-28,
    2026-11-30 + 3 -> 2027-02-28).
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def month_index(day: date) -> int:
    """The month as one integer (year * 12 + month - 1): month arithmetic without dates."""
    return day.year * 12 + day.month - 1


def month_of_index(index: int) -> date:
    """The first day of the month `month_index` numbers."""
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def days_after(day: date, count: int) -> date:
    """The `count`-th calendar day after `day` (`day` itself is not counted)."""
    return day + timedelta(days=count)


def working_days_after(day: date, count: int, holidays: Collection[date] | WorkingCalendar) -> date:
    """The `count`-th working day after `day`: Monday to Friday, not a public holiday.

    `day` itself is never counted, whatever day it is (filed Monday 2026-03-02, count 11 ->
    Tuesday 2026-03-17). `holidays` is a WorkingCalendar (which also refuses a year it does not
    hold) or a set of days off: it is probed once per day walked.
    """
    if isinstance(holidays, WorkingCalendar):
        return holidays.working_days_after(day, count)
    if count < 1:
        raise ValueError("count must be at least 1")
    current = day
    remaining = count
    while remaining:
        current += timedelta(days=1)
        if current.weekday() < _SATURDAY and current not in holidays:
            remaining -= 1
    return current


def wage_on(values: Sequence[DatedAmount], day: date, *, what: str = "mức lương") -> int:
    """The amount in force on `day`: the last of `values` (ascending valid_from) starting on or before it.

    Binary search, no sorting: the tables in a RuleBook are kept in ascending order.
    Raises MissingRuleValue when `day` is before the first value.
    """
    index = bisect_right(values, day, key=_valid_from) - 1
    if index < 0:
        raise MissingRuleValue(what, day)
    return values[index].amount


def _valid_from(value: DatedAmount) -> date:
    return value.valid_from
