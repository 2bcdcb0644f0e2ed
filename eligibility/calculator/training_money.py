"""Training support's money during the course (Law 74/2025 Art. 37; docs/adr/0024): what one
attended month pays the institution (tuition) and the worker (meal money). Pure: whole dong.

Conventions (ADR 0024):
- Month k of an enrolment runs from start + (k-1) months to start + k months - 1 day (the
  benefit month's clamping, eligibility.calculator.dates.add_months).
- Tuition: the approved tuition T spread evenly over the approved months m: floor(T / m) for
  months 1..m-1, and the last month takes the rounding, T - (m-1) x floor(T / m), so the months
  add up to T exactly. A month is paid only when attended (at least one day): a month missed
  is not paid, and the total never exceeds T.
- Meal money: per day attended (the money is for the days the worker is at the course, as the
  vocational-training meal support is paid per day of actual study), at the approved rate per
  day, never more than the approved monthly figure (rate x the rule's days per month).
- Never beyond month m, and m is at most the 6-month cap (the approval cuts it).
"""

from __future__ import annotations

from datetime import date, timedelta

from eligibility.calculator.dates import add_months

#: Law 74/2025 Art. 37: training support for at most 6 months in all.
MAX_MONTHS = 6


def month_period(*, start: date, month: int) -> tuple[date, date]:
    """First and last day of month `month` (1-based) of a course starting on `start`."""
    return add_months(start, month - 1), add_months(start, month) - timedelta(days=1)


def tuition_for_month(*, tuition: int, months: int, month: int) -> int:
    """Tuition paid to the institution for attended month `month` of `months`."""
    if not 1 <= month <= months or tuition <= 0:
        return 0
    share = tuition // months
    return tuition - share * (months - 1) if month == months else share


def meal_money_for_month(*, days_attended: int, per_day: int, per_month: int | None) -> int:
    """Meal money paid to the worker for a month with `days_attended` days at the course."""
    if days_attended <= 0 or per_day <= 0:
        return 0
    amount = days_attended * per_day
    return min(amount, per_month) if per_month else amount
