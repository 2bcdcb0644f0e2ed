"""The pure money rules of an attended month (eligibility/calculator/training_money.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from eligibility.calculator.training_money import (
    MAX_MONTHS,
    meal_money_for_month,
    month_period,
    tuition_for_month,
)


@given(tuition=st.integers(0, 10**10), months=st.integers(1, MAX_MONTHS))
def test_the_months_tuition_adds_up_to_the_approved_tuition(tuition, months):
    shares = [
        tuition_for_month(tuition=tuition, months=months, month=k) for k in range(1, months + 1)
    ]
    assert sum(shares) == tuition
    assert len(set(shares[:-1])) <= 1  # every month but the last the same
    assert 0 <= shares[-1] - shares[0] < months  # the last takes the rounding, less than m dong


@given(tuition=st.integers(0, 10**10), months=st.integers(1, MAX_MONTHS), month=st.integers(-3, 40))
def test_no_tuition_outside_the_approved_months(tuition, months, month):
    amount = tuition_for_month(tuition=tuition, months=months, month=month)
    if not 1 <= month <= months:
        assert amount == 0
    assert 0 <= amount <= tuition


def test_the_worked_example():
    assert [tuition_for_month(tuition=4_500_002, months=3, month=k) for k in (1, 2, 3)] == [
        1_500_000,
        1_500_000,
        1_500_002,
    ]


@given(days=st.integers(-2, 31), per_day=st.integers(0, 10**6), per_month=st.integers(0, 3 * 10**7))
def test_meal_money_is_per_day_and_never_above_the_monthly_figure(days, per_day, per_month):
    amount = meal_money_for_month(days_attended=days, per_day=per_day, per_month=per_month)
    if days <= 0 or per_day <= 0:
        assert amount == 0
    else:
        assert amount == (min(days * per_day, per_month) if per_month else days * per_day)
    assert amount >= 0


@given(start=st.dates(date(2025, 1, 1), date(2030, 12, 31)), months=st.integers(1, MAX_MONTHS))
def test_the_months_follow_each_other_without_gap_or_overlap(start, months):
    periods = [month_period(start=start, month=k) for k in range(1, months + 1)]
    assert periods[0][0] == start
    for (_, end), (next_start, _) in zip(periods, periods[1:], strict=False):
        assert (next_start - end).days == 1
    assert all(first <= last for first, last in periods)


def test_a_course_starting_on_the_31st_clamps_like_the_benefit_month():
    assert month_period(start=date(2026, 1, 31), month=1) == (date(2026, 1, 31), date(2026, 2, 27))
    assert month_period(start=date(2026, 1, 31), month=2) == (date(2026, 2, 28), date(2026, 3, 30))
