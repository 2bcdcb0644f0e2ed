"""Calendar arithmetic of the benefit rules: months that clamp, working days, dated values.

Pure functions: no database, no clock, no settings.
"""

from __future__ import annotations

from bisect import bisect_right
from calendar import monthrange
from collections.abc import Collection, Sequence
from datetime import date, timedelta

from eligibility.calculator.types import DatedAmount
from eligibility.exceptions import RulesError

__all__ = [
    "MissingRuleValue",
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


def working_days_after(day: date, count: int, holidays: Collection[date]) -> date:
    """The `count`-th working day after `day`: Monday to Friday, not a public holiday.

    `day` itself is never counted, whatever day it is (filed Monday 2026-03-02, count 11 ->
    Tuesday 2026-03-17). `holidays` should be a set: it is probed once per day walked.
    """
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
