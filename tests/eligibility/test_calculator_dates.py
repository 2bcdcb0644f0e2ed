"""The calculator's calendar helpers and the choice of rule set."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.calculator.dates import (
    MissingRuleValue,
    add_months,
    wage_on,
    working_days_after,
)
from eligibility.calculator.engine import NoRuleSetInForce, round_half_up, select_rule_set
from eligibility.calculator.types import DatedAmount
from tests.eligibility.rulebooks import (
    BASE_SALARIES,
    HOLIDAYS_2026,
    LAW_2013,
    LAW_2025,
    REGIONAL_MINIMUM_WAGES,
    RULE_SETS,
)


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (date(2026, 3, 15), 3, date(2026, 6, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
    ],
)
def test_add_months_clamps_to_the_last_day(day, count, expected):
    assert add_months(day, count) == expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (date(2026, 3, 2), 11, date(2026, 3, 17)),  # RULES.md: Monday -> Tuesday two weeks on
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday -> Monday
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # filed on a Saturday: not counted either
        (date(2025, 12, 31), 1, date(2026, 1, 2)),  # 1 January is a holiday
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # Tết Nguyên đán 14–22 February
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # Giỗ Tổ (Sunday) compensated Monday 27
        (date(2026, 4, 29), 1, date(2026, 5, 4)),  # 30/4 and 1/5
        (date(2026, 8, 31), 1, date(2026, 9, 3)),  # Quốc khánh 1–2 September
    ],
)
def test_working_days_after(day, count, expected):
    assert working_days_after(day, count, HOLIDAYS_2026) == expected


def test_working_days_after_needs_a_positive_count():
    with pytest.raises(ValueError, match="at least 1"):
        working_days_after(date(2026, 3, 2), 0, HOLIDAYS_2026)


@given(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.integers(1, 40))
def test_working_days_after_lands_on_a_working_day_and_counts_exactly(day, count):
    result = working_days_after(day, count, HOLIDAYS_2026)
    assert result.weekday() < 5 and result not in HOLIDAYS_2026
    walked = [day + timedelta(days=i) for i in range(1, (result - day).days + 1)]
    assert sum(1 for d in walked if d.weekday() < 5 and d not in HOLIDAYS_2026) == count


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 1, 1), 4_420_000),
        (date(2022, 6, 30), 4_420_000),
        (date(2022, 7, 1), 4_680_000),
        (date(2025, 12, 31), 4_960_000),
        (date(2026, 1, 1), 5_310_000),
        (date(2040, 1, 1), 5_310_000),
    ],
)
def test_wage_on_picks_the_value_in_force(day, expected):
    assert wage_on(REGIONAL_MINIMUM_WAGES["I"], day) == expected


def test_wage_on_before_the_first_value_is_a_clear_error():
    with pytest.raises(MissingRuleValue, match="30/06/2019"):
        wage_on(BASE_SALARIES, date(2019, 6, 30), what="lương cơ sở")


@given(
    st.lists(st.dates(date(2000, 1, 1), date(2040, 1, 1)), min_size=1, max_size=12, unique=True),
    st.dates(date(2000, 1, 1), date(2041, 1, 1)),
)
def test_wage_on_agrees_with_a_linear_scan(starts, day):
    values = tuple(DatedAmount(start, i + 1) for i, start in enumerate(sorted(starts)))
    in_force = [v.amount for v in values if v.valid_from <= day]
    if in_force:
        assert wage_on(values, day) == in_force[-1]
    else:
        with pytest.raises(MissingRuleValue):
            wage_on(values, day)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("4500000.5", 4_500_001), ("4500000.4999", 4_500_000), ("2.5", 3), ("3.5", 4), ("7", 7)],
)
def test_round_half_up(value, expected):
    from decimal import Decimal

    assert round_half_up(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("termination", "identifier"),
    [
        (date(2015, 1, 1), "luat-viec-lam-2013"),
        (date(2020, 7, 14), "luat-viec-lam-2013"),
        (date(2020, 7, 15), "luat-viec-lam-2013-nd61"),
        (date(2025, 12, 31), "luat-viec-lam-2013-nd61"),
        (date(2026, 1, 1), "luat-viec-lam-2025"),
        (date(2099, 1, 1), "luat-viec-lam-2025"),
    ],
)
def test_select_rule_set_at_the_boundary(termination, identifier):
    assert select_rule_set(RULE_SETS, termination).identifier == identifier
    assert select_rule_set(tuple(reversed(RULE_SETS)), termination).identifier == identifier


def test_select_rule_set_before_the_first_is_a_clear_error():
    with pytest.raises(NoRuleSetInForce):
        select_rule_set(RULE_SETS, date(2014, 12, 31))


def test_select_rule_set_after_a_closed_last_one_is_an_error():
    closed = replace(LAW_2025, valid_until=date(2030, 12, 31))
    assert select_rule_set((LAW_2013, closed), date(2030, 12, 31)) is closed
    with pytest.raises(NoRuleSetInForce):
        select_rule_set((LAW_2013, closed), date(2031, 1, 1))


@given(
    st.lists(st.dates(date(2001, 1, 2), date(2060, 1, 1)), min_size=1, max_size=6, unique=True),
    st.data(),
)
def test_select_rule_set_at_generated_boundaries(starts, data):
    """Consecutive rule sets: the day before each start belongs to the previous one."""
    starts = sorted(starts)
    rule_sets = [
        replace(
            LAW_2025,
            identifier=f"set-{i}",
            valid_from=start,
            valid_until=starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else None,
        )
        for i, start in enumerate(starts)
    ]
    shuffled = data.draw(st.permutations(rule_sets))
    for i, start in enumerate(starts):
        assert select_rule_set(shuffled, start).identifier == f"set-{i}"
        if i:
            assert select_rule_set(shuffled, start - timedelta(days=1)).identifier == f"set-{i - 1}"
    with pytest.raises(NoRuleSetInForce):
        select_rule_set(shuffled, starts[0] - timedelta(days=1))
