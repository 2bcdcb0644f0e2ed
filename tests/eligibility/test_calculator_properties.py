"""Invariants of the calculator over generated claims (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from eligibility.calculator.dates import add_months, month_index
from eligibility.calculator.engine import calculate
from eligibility.calculator.types import ClaimFacts, Contribution
from tests.eligibility.rulebooks import rulebook_for_claim

REASONS = [
    "contract_expired",
    "mutual_agreement",
    "employer_dismissal",
    "business_closure",
    "employee_lawful_resignation",
    "employee_unlawful_resignation",
    "disciplinary_dismissal",
    "retirement_pension",
]
#: 20 x the highest regional minimum wage: the most the data store records.
MAX_SALARY = 20 * 5_310_000
#: Contributions are generated from this month on (the in-memory wage tables start in 2020).
FIRST_MONTH = date(2020, 1, 1)
#: Salaries from nothing to the ceiling, with typical and capped values drawn often.
SALARIES = st.integers(0, MAX_SALARY) | st.sampled_from(
    [0, 4_000_000, 7_000_000, 25_000_000, 45_000_000, 60_000_000, MAX_SALARY]
)


@st.composite
def claims(draw, *, used: bool = False) -> ClaimFacts:
    termination = draw(st.dates(date(2022, 1, 1), date(2027, 12, 31)))
    return ClaimFacts(
        termination_date=termination,
        filing_date=termination + timedelta(days=draw(st.integers(0, 120))),
        contract_type=draw(st.sampled_from(["indefinite", "fixed_term", "seasonal"])),
        termination_reason=draw(st.sampled_from(REASONS)),
        wage_regime=draw(st.sampled_from(["enterprise", "state"])),
        region=draw(st.sampled_from(["I", "II", "III", "IV"])),
        receiving_pension=draw(st.booleans()),
        months_used_by_earlier_benefit=draw(st.integers(0, 40)) if used else 0,
    )


def month_rows(claim: ClaimFacts, offsets: list[int], draw) -> list[Contribution]:
    """Rows for the months `offsets` back from the termination month (never before 2020-01)."""
    termination_month = claim.termination_date.replace(day=1)
    rows = []
    for back in offsets:
        month = add_months(termination_month, -back)
        if month < FIRST_MONTH:
            continue
        rows.append(
            Contribution(
                month=month,
                insured_salary=draw(SALARIES),
                ui_paid=draw(st.booleans() | st.just(True)),
            )
        )
    return rows


@st.composite
def histories(draw, *, used: bool = False) -> tuple[ClaimFacts, list[Contribution]]:
    claim = draw(claims(used=used))
    # A run of consecutive months (a job) plus scattered ones.
    start = draw(st.integers(0, 40))
    length = draw(st.integers(0, 80))
    scattered = draw(st.lists(st.integers(0, 80), max_size=30))
    offsets = sorted(set(range(start, start + length)) | set(scattered))
    return claim, month_rows(claim, offsets, draw)


def run(claim: ClaimFacts, contributions: list[Contribution]):
    return calculate(rulebook_for_claim(claim.filing_date), claim, contributions)


@given(histories(used=True))
def test_benefit_never_exceeds_the_cap_and_money_is_int(case):
    result = run(*case)
    assert 0 <= result.monthly_benefit <= result.cap
    for value in (
        result.average_salary,
        result.cap,
        result.monthly_benefit,
        result.duration_months,
        result.reserved_months,
        result.contribution_months,
    ):
        assert type(value) is int


@given(histories(used=True))
def test_eligible_results_are_consistent(case):
    claim, contributions = case
    result = run(claim, contributions)
    assert result.eligible is all(check.passed for check in result.checks)
    if result.eligible:
        assert 3 <= result.duration_months <= 12
        assert result.entitlement_start is not None and result.entitlement_end is not None
        assert result.entitlement_start > claim.filing_date
        assert result.entitlement_end >= result.entitlement_start
        assert len(result.installment_dates) == result.duration_months
        assert result.installment_dates[0] == result.entitlement_start
        assert list(result.installment_dates) == sorted(result.installment_dates)
        assert result.installment_dates[-1] <= result.entitlement_end
        assert 0 <= result.reserved_months < result.contribution_months
    else:
        assert result.duration_months == 0
        assert result.reserved_months == result.contribution_months
        assert result.entitlement_start is None and result.installment_dates == ()


@given(histories(used=True), st.data())
def test_more_contribution_months_never_shorten_the_duration(case, data):
    claim, contributions = case
    present = {c.month for c in contributions}
    extra_offsets = data.draw(st.lists(st.integers(0, 80), unique=True, min_size=1, max_size=30))
    extra = [
        c
        for c in month_rows(claim, extra_offsets, data.draw)
        if c.month not in present and c.ui_paid
    ]
    before = run(claim, contributions)
    after = run(claim, contributions + extra)
    assert after.duration_months >= before.duration_months
    assert after.contribution_months >= before.contribution_months
    if before.eligible:
        assert after.eligible


@given(histories(), st.data())
def test_months_before_the_window_do_not_change_eligibility(case, data):
    claim, contributions = case
    book = rulebook_for_claim(claim.filing_date)
    window = book.rule_set.window_months[claim.contract_type]
    first_in_window = month_index(claim.termination_date) - window + 1
    inside = [c for c in contributions if month_index(c.month) >= first_in_window]
    older_offsets = data.draw(st.lists(st.integers(window, 80), unique=True, max_size=40))
    older = month_rows(claim, older_offsets, data.draw)
    with_older = run(claim, inside + older)
    without = run(claim, inside)
    assert with_older.eligible is without.eligible
    assert [c.passed for c in with_older.checks] == [c.passed for c in without.checks]
    assert (
        with_older.checks[2].values["months_in_window"]
        == (without.checks[2].values["months_in_window"])
    )


@given(histories(used=True), st.data())
def test_months_after_termination_are_ignored(case, data):
    claim, contributions = case
    later = [
        Contribution(
            month=add_months(claim.termination_date.replace(day=1), ahead),
            insured_salary=data.draw(st.integers(0, MAX_SALARY)),
            ui_paid=data.draw(st.booleans()),
        )
        for ahead in data.draw(st.lists(st.integers(1, 24), unique=True, max_size=12))
    ]
    assert run(claim, contributions + later) == run(claim, contributions)


@given(histories(used=True), st.randoms(use_true_random=False))
def test_the_order_of_the_contributions_does_not_matter(case, random):
    claim, contributions = case
    shuffled = list(contributions)
    random.shuffle(shuffled)
    assert run(claim, shuffled) == run(claim, contributions)


@given(histories())
def test_the_rule_set_is_the_one_in_force_on_the_decision_date(case):
    """Not decided yet: the decision is taken to be made on its deadline (RULES.md)."""
    claim, contributions = case
    result = run(claim, contributions)
    assert result.decision_date == result.decision_deadline and result.decision_date_assumed
    expected = (
        "luat-viec-lam-2013-nd61"
        if result.decision_date <= date(2025, 12, 31)
        else "luat-viec-lam-2025"
    )
    assert result.rule_set == expected


@given(histories(), st.sampled_from([date(2025, 12, 31), date(2026, 1, 1)]))
def test_the_law_changes_overnight_on_1_january_2026(case, decided):
    """Law 74/2025 Art. 54.2, 55.4: the decision date chooses, whenever the claim was filed."""
    claim, contributions = case
    filed = date(2025, 12, 1)
    claim = replace(claim, termination_date=date(2025, 11, 28), filing_date=filed)
    rows = [c for c in contributions if c.month <= claim.termination_date]
    book = rulebook_for_claim(filed, decided)
    result = calculate(book, claim, rows)
    expected = "luat-viec-lam-2013-nd61" if decided.year == 2025 else "luat-viec-lam-2025"
    assert result.rule_set == expected
    assert result.law_reason == ("decision_date" if decided.year == 2025 else "article_55_4")
