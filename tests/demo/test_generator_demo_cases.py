"""Each named demo case, assessed on a day a person tries the demo: it illustrates its own story.

The demo is anchored at DEMO_CLOSURE_DATE (30/10/2026); a claim filed on 23/11/2026 is well
within the three-month deadline, so every case that is refused is refused for its own reason.
"""

from __future__ import annotations

from datetime import date

import pytest

from demo import dataset
from demo.generator import clear_population, generate_population
from eligibility.assessment import assess
from eligibility.registry import add_months

BOTH = ["default", "social_security"]
FILED = date(2026, 11, 23)


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker):
    """The demo scenario alone (no random people), shared by the read-only tests below."""
    with django_db_blocker.unblock():
        clear_population()
        generate_population(seed=5, people=0)
        yield
        clear_population()


def _assess(case: str, filed: date = FILED):
    return assess(personal_id=dataset.demo_citizen(case).personal_id, filing_date=filed)


def _failed(assessment) -> set[str]:
    return {c.code for c in assessment.result.checks if not c.passed}


def test_the_anchor_is_a_recent_friday_and_everything_hangs_off_it():
    assert dataset.DEMO_CLOSURE_DATE == date(2026, 10, 30)
    assert dataset.DEMO_CLOSURE_DATE.weekday() == 4  # Friday
    assert dataset.FACTORY_CLOSURE_DATE == dataset.DEMO_CLOSURE_DATE
    assert dataset.DATA_THROUGH == date(2026, 10, 1)
    assert dataset.DEMO_CITIZENS == dataset.demo_citizens(dataset.DEMO_CLOSURE_DATE)
    clean = dataset.demo_citizen("clean")
    assert clean.spells[0].end_date == dataset.DEMO_CLOSURE_DATE
    assert clean.spells[0].salaries == (
        (date(2020, 1, 1), 6_500_000),
        (date(2026, 5, 1), 7_000_000),
    )


@pytest.mark.parametrize(
    "closure", [date(2026, 10, 30), date(2027, 3, 26), date(2026, 1, 15), date(2028, 2, 29)]
)
def test_descriptions_follow_the_anchor(closure):
    citizens = {c.case: c for c in dataset.demo_citizens(closure)}
    assert f"{closure:%d/%m/%Y}" in citizens["clean"].description
    assert f"{closure:%d/%m/%Y}" in citizens["second_employer"].description
    assert f"{closure:%m/%Y}" in citizens["too_few_months"].description
    assert f"{closure:%m/%Y}" in citizens["reemployed"].description
    assert citizens["reemployed"].spells[1].start_date == closure.replace(day=1)
    assert citizens["pensioner"].pension_since == closure.replace(day=1)
    next_month = add_months(closure.replace(day=1), 1)
    for citizen in citizens.values():
        for spell in citizen.spells:  # nothing ends after the closure month (the store's data)
            assert spell.end_date is None or spell.end_date < next_month, (citizen.case, spell)


@pytest.mark.parametrize("closure", [date(2025, 12, 31), date(2026, 11, 14), date(2026, 1, 1)])
def test_an_anchor_the_cases_are_not_written_for_is_refused(closure):
    with pytest.raises(dataset.DemoDateError):
        dataset.demo_citizens(closure)


@pytest.mark.django_db(databases=BOTH)
def test_the_clean_garment_worker_is_eligible_today(scenario):
    a = _assess("clean")
    assert a.eligible
    assert a.result.monthly_benefit == 4_200_000  # 60 % of the last six months at 7,000,000
    assert a.result.cap == 23_650_000  # 5 x 4,730,000, region II in 2026
    assert a.result.contribution_months == 82  # 2020-01..2026-10
    assert a.result.duration_months == 6
    assert a.result.last_filing_day == date(2027, 1, 30)
    assert a.facts.termination_reason == "business_closure"
    assert a.rule_set_name and "2025" in a.result.rule_set
    assert not a.flags


@pytest.mark.django_db(databases=BOTH)
def test_claims_about_the_closure_are_in_time_until_30_january_2027(scenario):
    assert _assess("clean", date(2027, 1, 30)).eligible
    late = _assess("clean", date(2027, 1, 31))
    assert not late.eligible and _failed(late) == {"filing_deadline"}


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("too_few_months", "contribution_months"),
        ("gaps", "contribution_months"),
        ("unlawful_resignation", "termination_reason"),
        ("pensioner", "pension"),
    ],
)
@pytest.mark.django_db(databases=BOTH)
def test_refused_cases_are_refused_for_their_own_reason_not_the_deadline(scenario, case, reason):
    a = _assess(case)
    assert not a.eligible, case
    assert reason in _failed(a)
    assert "filing_deadline" not in _failed(a)
    assert a.result.last_filing_day >= FILED


@pytest.mark.parametrize(
    ("case", "flag"),
    [
        ("second_employer", "other_employer_paying"),
        ("reemployed", "contributions_after_termination"),
    ],
)
@pytest.mark.django_db(databases=BOTH)
def test_cases_for_the_officer_carry_their_flag(scenario, case, flag):
    a = _assess(case)
    assert flag in {f.code for f in a.flags}
    assert "filed_after_deadline" not in {f.code for f in a.flags}


@pytest.mark.django_db(databases=BOTH)
def test_the_other_eligible_cases(scenario):
    capped = _assess("capped")
    assert capped.eligible and capped.result.monthly_benefit == capped.result.cap == 26_550_000
    seasonal = _assess("seasonal")
    assert seasonal.eligible and seasonal.result.contribution_months == 17
    for case in ("past_benefit", "level1"):
        assert _assess(case).eligible, case
    assert not _assess("no_record").record_found
