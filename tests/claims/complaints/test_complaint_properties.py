"""Properties: a complaint's deadlines always land on a working day at least the law's days
later; a decision's facts, whatever they are, are either printable or refused with a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.complaints import services
from claims.decisions import kind_content
from eligibility.selectors import working_calendar

pytestmark = pytest.mark.django_db

DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 10, 31))


@settings(max_examples=200, deadline=None)
@given(day=DAYS, complex_case=st.booleans())
def test_the_answer_is_due_on_a_working_day_after_the_laws_days(day, complex_case):
    due = services.answer_due(day, complex_case=complex_case)
    days = services.ANSWER_DAYS_COMPLEX if complex_case else services.ANSWER_DAYS
    assert due >= day + timedelta(days=days)
    assert working_calendar().is_working_day(due)
    # Moved only past days off: never more than Tết's longest break.
    assert due - (day + timedelta(days=days)) <= timedelta(days=10)


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.text(max_size=30),
    st.dates().map(date.isoformat),
    st.lists(
        st.dictionaries(st.sampled_from(["index", "start", "end", "amount"]), st.integers()),
        max_size=3,
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from([*kind_content.PERIOD_KINDS, "approval", ""]),
    facts=st.dictionaries(
        st.sampled_from(
            sorted({n.rstrip("?") for f in kind_content.FACTS.values() for n in f} | {"x"})
        ),
        VALUES,
        max_size=8,
    ),
)
def test_facts_are_printable_or_refused_with_a_reason(kind, facts):
    try:
        clean = kind_content.facts_validate(kind, facts)
    except kind_content.DecisionFactsInvalid as refused:
        assert str(refused)
    else:
        required = {n for n in kind_content.FACTS[kind] if not n.endswith("?")}
        assert required <= set(clean)
