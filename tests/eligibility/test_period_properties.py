"""Properties of the benefit period's pure rules (eligibility.calculator.period), for any
period and any events: never paid for a suspended month; paid + suspended + months after the
end = duration; the total paid never exceeds duration x monthly benefit; reserved months never
exceed n. Plus the windows' shape. No database: a hand-built calendar."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from eligibility.calculator import period as rules
from eligibility.calculator.dates import WorkingCalendar

HOLIDAYS = [
    date(2026, 1, 1),
    *[date(2026, 2, d) for d in range(16, 21)],
    date(2026, 4, 27),
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 8, 31),
    date(2026, 9, 1),
    date(2026, 9, 2),
    date(2026, 11, 24),
    date(2027, 1, 1),
    *[date(2027, 2, d) for d in range(5, 11)],
    date(2027, 4, 16),
    date(2027, 4, 30),
    date(2027, 5, 3),
    date(2027, 9, 2),
    date(2027, 9, 3),
]
CALENDAR = WorkingCalendar(HOLIDAYS)
FIRST = date(2026, 1, 5)


@st.composite
def periods(draw):
    start = FIRST + timedelta(days=draw(st.integers(0, 300)))
    decision = start - timedelta(days=draw(st.integers(0, 10)))
    duration = draw(st.integers(1, 12))
    end = rules.benefit_months(
        entitlement_start=start,
        duration_months=duration,
        decision_date=decision,
        calendar=CALENDAR,
        rules=rules.PERIOD_RULES[-1],
    )[-1].end
    span = (end - decision).days + 20
    events = draw(
        st.lists(
            st.builds(
                rules.PeriodEvent,
                date=st.integers(0, span).map(lambda d: decision + timedelta(days=d)),
                kind=st.sampled_from(rules.EVENT_KINDS[:1] * 6 + rules.EVENT_KINDS),
                reported=st.booleans(),
            ),
            max_size=25,
        )
    )
    as_of = draw(st.none() | st.integers(0, span).map(lambda d: decision + timedelta(days=d)))
    return {
        "entitlement_start": start,
        "duration_months": duration,
        "monthly_benefit": draw(st.integers(1, 60_000_000)),
        "contribution_months": draw(st.integers(12, 400)),
        "decision_date": decision,
        "events": events,
        "as_of": as_of,
    }


@given(periods())
def test_period_invariants(period):
    result = rules.judge_period(calendar=CALENDAR, **period)
    months = result.months
    duration = period["duration_months"]
    monthly = period["monthly_benefit"]
    assert len(months) == duration
    # Never paid for a suspended (or ended, or not yet due) month.
    for month in months:
        assert (month.amount > 0) == (month.status == "paid")
        assert month.amount in (0, monthly)
    counts = {
        s: sum(1 for m in months if m.status == s)
        for s in ("paid", "suspended", "ended", "not_due")
    }
    assert sum(counts.values()) == duration
    if period["as_of"] is None:
        assert counts["not_due"] == 0
        assert counts["paid"] + counts["suspended"] + counts["ended"] == duration
    assert result.paid_total == sum(m.amount for m in months) <= duration * monthly
    assert 0 <= result.reserved_months <= period["contribution_months"]
    assert (
        result.reserved_months
        >= rules.reserved_at_approval(period["contribution_months"], duration, result.rules)
        or result.reserved_months == period["contribution_months"]
    )
    # Months after the end are ended, and only those; overpaid months lie after the end.
    if result.ended_on is None:
        assert counts["ended"] == 0 and result.overpaid == 0
    else:
        assert result.end_ground in rules.ENDING_GROUNDS
        ended = [m.plan.index for m in months if m.status == "ended"]
        assert ended == list(range(duration - len(ended) + 1, duration + 1))
    assert all(m.status == "ended" for m in months if m.overpaid)
    assert result.overpaid == monthly * len(result.overpaid_months) <= duration * monthly


@given(periods())
def test_three_misses_end_and_month_one_is_never_suspended(period):
    result = rules.judge_period(calendar=CALENDAR, **period)
    assert result.months[0].status in ("paid", "not_due")
    streak = 0
    for month in result.months:
        streak = streak + 1 if month.status == "suspended" else 0
        assert streak <= 3
        if streak == 3:
            assert result.end_ground in ("đ", None) or result.ended_on is not None


@given(st.dates(date(2026, 1, 1), date(2027, 11, 30)))
def test_windows_are_three_working_days_from_the_first(start):
    first, last = rules.notification_window(start, 3, CALENDAR)
    assert first >= start and CALENDAR.is_working_day(first)
    assert CALENDAR.is_working_day(last)
    assert CALENDAR.working_days(first, last) == 2
    assert all(
        not CALENDAR.is_working_day(start + timedelta(d)) for d in range((first - start).days)
    )


def test_a_reported_job_reserves_n_minus_12_per_month_received():
    result = rules.judge_period(
        entitlement_start=date(2026, 5, 20),
        duration_months=12,
        monthly_benefit=26_550_000,
        contribution_months=148,
        decision_date=date(2026, 5, 18),
        events=[rules.PeriodEvent(date(2026, 8, 3), "job_started", True)],
        calendar=CALENDAR,
    )
    # Months 2 and 3 were not notified (their windows closed before the job began: both
    # suspended, the event's month too), but they are received all the same.
    assert [m.status for m in result.months[:3]] == ["paid", "suspended", "suspended"]
    assert result.paid_total == 26_550_000
    assert result.months_received == 3
    assert result.reserved_months == 148 - 36
