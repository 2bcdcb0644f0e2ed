"""The cross-check of a claim against the record: every flag, from hand-built records (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from eligibility.calculator.types import ClaimFacts
from eligibility.crosscheck import (
    Declared,
    add_months_clamped,
    cross_check,
    last_filing_day,
    select_spell,
)
from eligibility.registry import PastBenefit
from tests.eligibility.assessment_builders import (
    BAKERY,
    GARMENT,
    garment_worker,
    months,
    record,
    rulebook,
    spell,
)

CLOSURE = date(2026, 2, 27)
FILED = date(2026, 3, 2)
FACTS = ClaimFacts(
    termination_date=CLOSURE,
    filing_date=FILED,
    contract_type="indefinite",
    termination_reason="business_closure",
    wage_regime="enterprise",
    region="II",
)
BOOK = rulebook("2025")


def codes(flags) -> list[str]:
    return [f.code for f in flags]


def test_a_clean_claim_has_no_flags():
    declared = Declared(
        employer_tax_code=GARMENT.tax_code,
        contract_type="indefinite",
        termination_date=CLOSURE,
        termination_reason="business_closure",
    )
    assert cross_check(garment_worker(), declared, FACTS, FILED, BOOK) == ()
    assert cross_check(garment_worker(), None, FACTS, FILED, BOOK) == ()


def test_declared_employer_not_in_the_record_is_flagged_for_review():
    declared = Declared(employer_tax_code="9999999999", termination_date=CLOSURE)
    (flag,) = cross_check(garment_worker(), declared, FACTS, FILED, BOOK)
    assert flag.code == "employer_differs"
    assert flag.severity == "needs_review"
    assert flag.values["declared"] == "9999999999"
    assert flag.values["recorded"] == GARMENT.tax_code
    assert flag.values["in_record"] is False
    assert "9999999999" in flag.message_vi and "9999999999" in flag.message_en


def test_declared_employer_whose_contract_still_runs_is_flagged():
    person = garment_worker(
        spells=(
            spell(GARMENT, date(2020, 1, 2), CLOSURE),
            spell(BAKERY, date(2021, 1, 1), None),
        )
    )
    declared = Declared(employer_tax_code=BAKERY.tax_code, termination_date=CLOSURE)
    flags = cross_check(person, declared, FACTS, FILED, BOOK)
    differs = next(f for f in flags if f.code == "employer_differs")
    assert differs.values["in_record"] is True
    assert "chưa chấm dứt" in differs.message_vi


def test_declared_termination_date_differing_from_the_record_is_flagged():
    declared = Declared(employer_tax_code=GARMENT.tax_code, termination_date=date(2026, 2, 20))
    facts = replace(FACTS, termination_date=date(2026, 2, 20))
    (flag,) = cross_check(garment_worker(), declared, facts, FILED, BOOK)
    assert flag.code == "termination_date_differs"
    assert flag.values == {"declared": date(2026, 2, 20), "recorded": CLOSURE}
    assert "20/02/2026" in flag.message_vi and "27/02/2026" in flag.message_vi
    assert "20 February 2026" in flag.message_en


def test_declared_contract_type_and_reason_differing_are_flagged():
    declared = Declared(contract_type="fixed_term", termination_reason="mutual_agreement")
    facts = replace(FACTS, contract_type="fixed_term", termination_reason="mutual_agreement")
    flags = cross_check(garment_worker(), declared, facts, FILED, BOOK)
    assert codes(flags) == ["contract_type_differs", "termination_reason_differs"]
    assert flags[1].values == {"declared": "mutual_agreement", "recorded": "business_closure"}


def test_contributions_after_the_termination_month_suggest_a_new_job():
    person = garment_worker(
        contributions=garment_worker().contributions
        + months(date(2026, 3, 1), 2, BAKERY, 8_000_000),
        spells=(
            spell(GARMENT, date(2020, 1, 2), CLOSURE),
            spell(BAKERY, date(2026, 3, 1), None),
        ),
    )
    flags = cross_check(person, None, FACTS, FILED, BOOK)
    # A job that started after the termination is a new job, not "another employer still paying".
    assert codes(flags) == ["contributions_after_termination"]
    after = flags[0]
    assert after.severity == "needs_review"
    assert after.values["months"] == [date(2026, 3, 1), date(2026, 4, 1)]
    assert after.values["employers"] == [BAKERY.name]
    assert "03/2026" in after.message_vi


def test_contributions_in_the_termination_month_itself_are_not_after_termination():
    assert "contributions_after_termination" not in codes(
        cross_check(garment_worker(), None, FACTS, FILED, BOOK)
    )


def test_another_employer_still_paying_is_flagged():
    person = garment_worker(
        spells=(spell(GARMENT, date(2020, 1, 2), CLOSURE), spell(BAKERY, date(2025, 6, 1), None)),
        contributions=garment_worker().contributions
        + months(date(2025, 6, 1), 11, BAKERY, 3_000_000, ui_paid=False),
    )
    flags = cross_check(person, None, FACTS, FILED, BOOK)
    # Its later months belong to the same story: flagged once, not again as a new job.
    assert codes(flags) == ["other_employer_paying"]
    other = flags[0]
    assert other.values["employers"] == [BAKERY.tax_code]
    assert BAKERY.name in other.message_vi and BAKERY.name in other.message_en


def test_an_employer_left_before_the_termination_is_not_another_payer():
    person = garment_worker(
        spells=(
            spell(BAKERY, date(2018, 1, 1), date(2019, 12, 31)),
            spell(GARMENT, date(2020, 1, 2), CLOSURE),
        ),
    )
    assert "other_employer_paying" not in codes(cross_check(person, None, FACTS, FILED, BOOK))


def test_receiving_a_pension_blocks():
    person = garment_worker(pension_since=date(2026, 3, 1))
    (flag,) = cross_check(person, None, FACTS, FILED, BOOK)
    assert (flag.code, flag.severity) == ("receiving_pension", "blocking")
    assert flag.values == {"pension_since": date(2026, 3, 1)}
    # A pension that starts after the filing date is not (yet) received.
    later = garment_worker(pension_since=date(2026, 6, 1))
    assert cross_check(later, None, FACTS, FILED, BOOK) == ()


def _benefit(start: date, end: date, used: int = 12) -> PastBenefit:
    return PastBenefit(
        decision_number="123/QĐ-SLĐTBXH",
        start_date=start,
        end_date=end,
        months_granted=3,
        contribution_months_used=used,
        contributions_used_through=date(2019, 12, 1),
    )


def test_a_benefit_running_on_the_termination_date_blocks():
    person = garment_worker(benefits=(_benefit(date(2026, 1, 10), date(2026, 4, 9)),))
    (flag,) = cross_check(person, None, FACTS, FILED, BOOK)
    assert (flag.code, flag.severity) == ("benefit_active", "blocking")
    assert "123/QĐ-SLĐTBXH" in flag.message_vi


def test_a_recent_benefit_is_information_and_an_old_one_is_nothing():
    recent = garment_worker(benefits=(_benefit(date(2025, 3, 1), date(2025, 5, 31), used=14),))
    (flag,) = cross_check(recent, None, FACTS, FILED, BOOK)
    assert (flag.code, flag.severity) == ("benefit_recent", "info")
    assert flag.values["contribution_months_used"] == 14
    old = garment_worker(benefits=(_benefit(date(2020, 1, 1), date(2020, 3, 31)),))
    assert cross_check(old, None, FACTS, FILED, BOOK) == ()


def test_an_excluded_termination_reason_blocks():
    facts = replace(FACTS, termination_reason="employee_unlawful_resignation")
    declared = Declared(termination_reason="employee_unlawful_resignation")
    flags = cross_check(garment_worker(), declared, facts, FILED, BOOK)
    assert codes(flags) == ["reason_excluded", "termination_reason_differs"]  # blocking first
    assert "trái pháp luật" in flags[0].message_vi
    assert "unlawful resignation" in flags[0].message_en


def test_filing_after_the_last_day_blocks_and_on_the_last_day_does_not():
    assert last_filing_day(CLOSURE, BOOK) == date(2026, 5, 27)
    on_time = cross_check(
        garment_worker(),
        None,
        replace(FACTS, filing_date=date(2026, 5, 27)),
        date(2026, 5, 27),
        BOOK,
    )
    assert on_time == ()
    (flag,) = cross_check(garment_worker(), None, FACTS, date(2026, 5, 28), BOOK)
    assert (flag.code, flag.severity) == ("filed_after_deadline", "blocking")
    assert flag.values == {"filing_date": date(2026, 5, 28), "last_filing_day": date(2026, 5, 27)}


def test_last_filing_day_is_clamped_to_the_end_of_a_short_month():
    # RULES.md: termination 2025-03-31 -> last filing day 2025-06-30.
    assert last_filing_day(date(2025, 3, 31), rulebook("2013")) == date(2025, 6, 30)
    assert add_months_clamped(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_declared_salary_above_twenty_regional_minimum_wages_is_flagged():
    # Region II in force in 2026-02: 4,730,000 -> ceiling 94,600,000.
    at_ceiling = Declared(insured_salary=94_600_000)
    assert cross_check(garment_worker(), at_ceiling, FACTS, FILED, BOOK) == ()
    above = Declared(insured_salary=94_600_001)
    (flag,) = cross_check(garment_worker(), above, FACTS, FILED, BOOK)
    assert (flag.code, flag.severity) == ("salary_above_ceiling", "needs_review")
    assert flag.values == {"declared": 94_600_001, "ceiling": 94_600_000, "source": "declared"}
    assert "94.600.000 ₫" in flag.message_vi and "94,600,000 ₫" in flag.message_en


def test_a_recorded_salary_above_the_ceiling_is_flagged():
    person = garment_worker(
        contributions=months(date(2024, 3, 1), 22, GARMENT, 6_500_000)
        + months(date(2026, 1, 1), 2, GARMENT, 95_000_000),
    )
    (flag,) = cross_check(person, None, FACTS, FILED, BOOK)
    assert flag.code == "salary_above_ceiling"
    assert flag.values == {"months": [date(2026, 1, 1), date(2026, 2, 1)], "source": "record"}


def test_select_spell_prefers_the_declared_contract_and_otherwise_the_latest():
    old = spell(
        BAKERY,
        date(2018, 1, 1),
        date(2019, 12, 31),
        reason="contract_expired",
        contract="fixed_term",
    )
    latest = spell(GARMENT, date(2020, 1, 2), CLOSURE)
    person = record(spells=(old, latest))
    assert select_spell(person, None) == latest
    assert select_spell(person, Declared(employer_tax_code=BAKERY.tax_code)) == old
    assert select_spell(person, Declared(termination_date=date(2019, 12, 31))) == old
    assert select_spell(person, Declared(employer_tax_code="9999999999")) == latest
    assert select_spell(record(spells=(spell(GARMENT, date(2020, 1, 2), None),)), None) is None
