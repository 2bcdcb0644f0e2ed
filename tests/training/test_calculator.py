"""Training-support eligibility (eligibility.calculator.training): the table of both paths, the
6-month cap and the tuition cap, as examples and as properties (hypothesis)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.calculator.dates import add_months, month_index, month_of_index
from eligibility.calculator.training import (
    PATH_CONTRIBUTOR,
    PATH_NONE,
    PATH_RECIPIENT,
    TrainingFacts,
    TrainingRules,
    judge_training,
    months_in_window,
    tuition_cap,
)

RULES = TrainingRules(
    identifier="test-2026",
    max_months=6,
    min_contribution_months=9,
    window_months=36,
    apply_within_months=12,
    short_course_months=3,
    tuition_cap_short_course=4_500_000,
    tuition_per_further_month=1_500_000,
    meal_money_per_day=30_000,
    meal_days_per_month=22,
)
ENDED = date(2026, 3, 15)


def months_before(end: date, count: int, *, skip: int = 0) -> list[date]:
    """`count` consecutive months ending `skip` months before the month of `end`."""
    last = month_index(end) - skip
    return [month_of_index(last - k) for k in range(count)]


def facts(**overrides) -> TrainingFacts:
    values = {
        "application_date": date(2026, 5, 4),
        "course_months": 3,
        "course_tuition": 4_000_000,
        "termination_date": ENDED,
        "ui_months": months_before(ENDED, 9),
    }
    values.update(overrides)
    return TrainingFacts(**values)


# --- The table --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "overrides", "eligible", "path", "failed"),
    [
        (
            "recipient, no record needed",
            {
                "receiving_benefit": True,
                "ui_months": (),
                "termination_date": None,
                "application_date": date(2028, 1, 1),
            },
            True,
            PATH_RECIPIENT,
            [],
        ),
        ("9 months in 36, in time", {}, True, PATH_CONTRIBUTOR, []),
        (
            "8 months only",
            {"ui_months": months_before(ENDED, 8)},
            False,
            PATH_NONE,
            ["contribution_months"],
        ),
        (
            "9 months but the oldest outside 36",
            {"ui_months": months_before(ENDED, 9, skip=28)},
            False,
            PATH_NONE,
            ["contribution_months"],
        ),
        (
            "9 months ending 27 months before: all inside",
            {"ui_months": months_before(ENDED, 9, skip=27)},
            True,
            PATH_CONTRIBUTOR,
            [],
        ),
        (
            "applies on the last day (12 months)",
            {"application_date": date(2027, 3, 15)},
            True,
            PATH_CONTRIBUTOR,
            [],
        ),
        (
            "applies a day late",
            {"application_date": date(2027, 3, 16)},
            False,
            PATH_NONE,
            ["applied_in_time"],
        ),
        ("still employed", {"termination_date": None}, False, PATH_NONE, ["terminated"]),
        (
            "recipient at the cap",
            {"receiving_benefit": True, "months_used_before": 6},
            False,
            PATH_NONE,
            ["months_cap"],
        ),
        ("contributor with 2 months left", {"months_used_before": 4}, True, PATH_CONTRIBUTOR, []),
    ],
)
def test_eligibility_table(name, overrides, eligible, path, failed):
    result = judge_training(RULES, facts(**overrides))
    assert result.eligible is eligible, name
    assert result.path == path
    assert [c.code for c in result.checks if not c.passed and c.code != "recipient"] == failed
    for check in result.checks:
        assert check.message_vi and check.message_en


@pytest.mark.parametrize(
    ("course_months", "used", "tuition", "months", "supported"),
    [
        (1, 0, 2_000_000, 1, 2_000_000),
        (3, 0, 6_000_000, 3, 4_500_000),  # capped at 4.5M for a course of up to 3 months
        (4, 0, 9_000_000, 4, 6_000_000),  # 4.5M + 1.5M
        (6, 0, 20_000_000, 6, 9_000_000),  # 4.5M + 3 x 1.5M
        (9, 0, 9_000_000, 6, 6_000_000),  # cut to 6 months: 6/9 of the tuition, under the cap
        (6, 4, 6_000_000, 2, 2_000_000),  # 2 months left: 2/6 of the tuition
        (6, 5, 30_000_000, 1, 4_500_000),  # 1 month left, its share 5M is over the cap
        (2, 0, 0, 2, 0),  # a free course: nothing to pay
    ],
)
def test_months_and_tuition(course_months, used, tuition, months, supported):
    result = judge_training(
        RULES,
        facts(
            receiving_benefit=True,
            course_months=course_months,
            course_tuition=tuition,
            months_used_before=used,
        ),
    )
    assert result.eligible
    assert (result.months, result.tuition) == (months, supported)
    assert result.meal_money_per_month == 660_000


def test_the_six_month_cap_counts_earlier_applications():
    first = judge_training(RULES, facts(receiving_benefit=True, course_months=4))
    second = judge_training(
        RULES, facts(receiving_benefit=True, course_months=4, months_used_before=first.months)
    )
    third = judge_training(
        RULES,
        facts(
            receiving_benefit=True, course_months=1, months_used_before=first.months + second.months
        ),
    )
    assert (first.months, second.months) == (4, 2)
    assert not third.eligible
    assert third.months == 0 and third.tuition == 0 and third.meal_money_per_month == 0
    assert "6 tháng" in third.checks[-1].message_vi


def test_bad_facts_raise():
    with pytest.raises(ValueError):
        judge_training(RULES, facts(course_months=0))
    with pytest.raises(ValueError):
        judge_training(RULES, facts(course_tuition=-1))


# --- Properties -------------------------------------------------------------------------------

MONTHS = st.lists(st.dates(date(2021, 1, 1), date(2028, 12, 31)), max_size=60)


@st.composite
def any_facts(draw) -> TrainingFacts:
    ended = draw(st.none() | st.dates(date(2023, 1, 1), date(2028, 6, 30)))
    return TrainingFacts(
        application_date=draw(st.dates(date(2024, 1, 1), date(2029, 12, 31))),
        course_months=draw(st.integers(1, 24)),
        course_tuition=draw(st.integers(0, 100_000_000)),
        receiving_benefit=draw(st.booleans()),
        termination_date=ended,
        ui_months=draw(MONTHS),
        months_used_before=draw(st.integers(0, 8)),
    )


@given(any_facts())
def test_never_more_than_the_caps(f):
    result = judge_training(RULES, f)
    assert 0 <= result.months <= min(f.course_months, max(0, 6 - f.months_used_before))
    assert f.months_used_before + result.months <= 6 or not result.eligible
    assert 0 <= result.tuition <= min(f.course_tuition, tuition_cap(RULES, result.months))
    assert result.eligible == (result.months > 0)


@given(any_facts())
def test_the_two_paths(f):
    result = judge_training(RULES, f)
    left = 6 - f.months_used_before
    if f.receiving_benefit:
        assert result.eligible == (left > 0)
        return
    expected = (
        f.termination_date is not None
        and months_in_window(f.ui_months, f.termination_date, 36) >= 9
        and f.application_date <= add_months(f.termination_date, 12)
        and left > 0
    )
    assert result.eligible == expected
    if result.eligible:
        assert result.path == PATH_CONTRIBUTOR


@given(st.dates(date(2023, 1, 1), date(2028, 6, 30)), MONTHS)
def test_window_counts_distinct_months_inside(ended, months):
    count = months_in_window(months, ended, 36)
    assert 0 <= count <= 36
    inside = {month_index(m) for m in months if 0 <= month_index(ended) - month_index(m) < 36}
    assert count == len(inside)
