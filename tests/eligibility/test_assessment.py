"""assess(): from a person's record (and what they declared) to facts, result and flags."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from eligibility.assessment import (
    Declared,
    assess,
    assessment_from_json,
    assessment_to_json,
    contributions_for,
)
from eligibility.registry import PastBenefit
from tests.eligibility.assessment_builders import (
    BAKERY,
    GARMENT,
    MINISTRY,
    FakeRegistry,
    garment_worker,
    months,
    record,
    rulebook,
    spell,
)

FILED = date(2026, 3, 2)
BOOK_2025 = rulebook("2025")


def registry_with(*people) -> FakeRegistry:
    registry = FakeRegistry()
    registry.records = {p.personal_id: p for p in people}
    return registry


def test_the_garment_worker_of_rules_example_1_is_eligible_with_the_exact_figures():
    person = garment_worker()
    a = assess(
        personal_id=person.personal_id,
        filing_date=FILED,
        registry=registry_with(person),
        book=BOOK_2025,
    )
    assert a.record_found and a.problem is None
    assert a.facts is not None
    assert (a.facts.termination_date, a.facts.contract_type, a.facts.termination_reason) == (
        date(2026, 2, 27),
        "indefinite",
        "business_closure",
    )
    assert (a.facts.region, a.facts.wage_regime, a.facts.receiving_pension) == (
        "II",
        "enterprise",
        False,
    )
    r = a.result
    assert r is not None and r.eligible
    assert (r.monthly_benefit, r.cap, r.duration_months, r.reserved_months) == (
        4_200_000,
        23_650_000,
        6,
        2,
    )
    assert (r.entitlement_start, r.entitlement_end) == (date(2026, 3, 17), date(2026, 9, 16))
    assert a.flags == ()
    assert a.employer == GARMENT
    assert a.rule_set_name == "Luật Việc làm 2025"
    assert (a.cap_multiplier, a.cap_base, a.cap_wage_day) == (
        5,
        "regional_minimum_wage",
        date(2026, 2, 1),
    )
    assert a.averaged == tuple((date(2026, m, 1), 7_000_000) for m in (2, 1)) + tuple(
        (date(2025, m, 1), 7_000_000) for m in (12, 11, 10, 9)
    )


def test_declared_values_are_used_and_their_differences_flagged():
    person = garment_worker()
    declared = Declared(
        employer_tax_code=GARMENT.tax_code, termination_reason="employee_unlawful_resignation"
    )
    a = assess(
        personal_id=person.personal_id,
        filing_date=FILED,
        declared=declared,
        registry=registry_with(person),
        book=BOOK_2025,
    )
    assert a.facts is not None and a.facts.termination_reason == "employee_unlawful_resignation"
    assert a.result is not None and not a.result.eligible
    assert [f.code for f in a.flags] == ["reason_excluded", "termination_reason_differs"]
    assert [f.code for f in a.blocking_flags] == ["reason_excluded"]


def test_a_declared_earlier_contract_is_the_one_assessed():
    person = record(
        spells=(
            spell(MINISTRY, date(2019, 7, 1), date(2025, 6, 30)),
            spell(
                BAKERY,
                date(2025, 8, 1),
                date(2026, 2, 27),
                reason="contract_expired",
                contract="fixed_term",
            ),
        ),
        contributions=months(date(2019, 7, 1), 72, MINISTRY, 25_000_000)
        + months(date(2025, 8, 1), 7, BAKERY, 9_000_000),
    )
    latest = assess(
        personal_id=person.personal_id,
        filing_date=FILED,
        registry=registry_with(person),
        book=BOOK_2025,
    )
    assert latest.facts is not None
    assert (latest.facts.termination_date, latest.facts.contract_type, latest.facts.region) == (
        date(2026, 2, 27),
        "fixed_term",
        "I",
    )
    # RULES.md example 5: the State regime, capped by 5 x the base salary under the 2013 law.
    earlier = assess(
        personal_id=person.personal_id,
        filing_date=date(2025, 7, 10),
        declared=Declared(employer_tax_code=MINISTRY.tax_code),
        registry=registry_with(person),
        book=rulebook("2013"),
    )
    assert earlier.facts is not None
    assert (earlier.facts.termination_date, earlier.facts.wage_regime) == (
        date(2025, 6, 30),
        "state",
    )
    assert earlier.result is not None
    assert (earlier.result.cap, earlier.result.monthly_benefit, earlier.result.duration_months) == (
        11_700_000,
        11_700_000,
        6,
    )
    assert earlier.result.entitlement_start == date(2025, 7, 26)
    # Contributions after that termination (the new job) are flagged, not counted.
    assert "contributions_after_termination" in [f.code for f in earlier.flags]


def test_an_unknown_person_gets_a_plain_problem_not_an_exception():
    a = assess(
        personal_id="000000000000", filing_date=FILED, registry=registry_with(), book=BOOK_2025
    )
    assert (a.record_found, a.result, a.facts, a.flags) == (False, None, None, ())
    assert "Không tìm thấy dữ liệu bảo hiểm xã hội" in (a.problem or "")


def test_a_person_still_employed_gets_a_plain_problem():
    person = record(
        spells=(spell(GARMENT, date(2020, 1, 2), None),),
        contributions=months(date(2020, 1, 1), 70, GARMENT, 6_500_000),
    )
    a = assess(
        personal_id=person.personal_id,
        filing_date=FILED,
        registry=registry_with(person),
        book=BOOK_2025,
    )
    assert a.record_found and a.result is None
    assert "chưa ghi nhận hợp đồng lao động nào của bạn đã chấm dứt" in (a.problem or "")


@pytest.mark.django_db
def test_a_termination_before_the_first_rule_set_gets_a_plain_problem():
    person = record(
        spells=(spell(GARMENT, date(2012, 1, 1), date(2014, 6, 30)),),
        contributions=months(date(2012, 1, 1), 30, GARMENT, 3_000_000),
    )
    a = assess(
        personal_id=person.personal_id, filing_date=date(2014, 7, 1), registry=registry_with(person)
    )
    assert a.result is None and a.facts is not None
    assert "01/07/2014" in (a.problem or "")  # no rule set in force on the filing day


@pytest.mark.django_db
def test_the_rule_book_in_force_is_loaded_from_the_rules_tables():
    person = garment_worker()
    a = assess(personal_id=person.personal_id, filing_date=FILED, registry=registry_with(person))
    assert a.result is not None
    assert a.result.rule_set == "luat-viec-lam-2025"
    assert (a.result.monthly_benefit, a.result.cap) == (4_200_000, 23_650_000)


def test_months_used_by_earlier_benefits_and_a_pension_reach_the_facts():
    benefit = PastBenefit(
        decision_number="45/QĐ",
        start_date=date(2022, 2, 1),
        end_date=date(2022, 4, 30),
        months_granted=3,
        contribution_months_used=24,
        contributions_used_through=date(2021, 12, 1),
    )
    person = garment_worker(benefits=(benefit,), pension_since=date(2026, 3, 1))
    a = assess(
        personal_id=person.personal_id,
        filing_date=FILED,
        registry=registry_with(person),
        book=BOOK_2025,
    )
    assert a.facts is not None
    assert a.facts.months_used_by_earlier_benefit == 24
    assert a.facts.receiving_pension is True
    assert a.result is not None and not a.result.eligible
    assert a.result.contribution_months == 74 - 24


def test_contributions_are_merged_per_month_up_to_the_termination_month():
    person = record(
        contributions=months(date(2026, 1, 1), 2, GARMENT, 5_000_000)
        + months(date(2026, 2, 1), 1, BAKERY, 2_000_000)
        + months(date(2025, 12, 1), 1, BAKERY, 3_000_000, ui_paid=False)
        + months(date(2026, 3, 1), 1, BAKERY, 9_000_000)
    )
    merged = contributions_for(person, date(2026, 2, 27))
    assert [(c.month, c.insured_salary, c.ui_paid) for c in merged] == [
        (date(2025, 12, 1), 3_000_000, False),
        (date(2026, 1, 1), 5_000_000, True),
        (date(2026, 2, 1), 7_000_000, True),
    ]


def test_region_follows_the_employer_of_the_last_contribution_month():
    person = garment_worker(
        spells=(
            spell(BAKERY, date(2019, 1, 1), date(2025, 12, 31)),
            spell(GARMENT, date(2026, 1, 5), date(2026, 2, 27)),
        ),
        contributions=months(date(2019, 1, 1), 84, BAKERY, 8_000_000)
        + months(date(2026, 1, 1), 2, GARMENT, 6_000_000),
    )
    a = assess(
        personal_id=person.personal_id,
        filing_date=FILED,
        registry=registry_with(person),
        book=BOOK_2025,
    )
    assert a.facts is not None and a.facts.region == "II"
    # The bakery ran until 31/12/2025, before this termination: not "another employer paying".
    assert a.flags == ()


def test_the_assessment_survives_a_json_round_trip():
    person = garment_worker(benefits=(), pension_since=None)
    a = assess(
        personal_id=person.personal_id,
        filing_date=FILED,
        declared=Declared(termination_date=date(2026, 2, 20)),
        registry=registry_with(person),
        book=BOOK_2025,
    )
    data = json.loads(json.dumps(assessment_to_json(a)))
    assert data["eligible"] is True and data["result"]["monthly_benefit"] == 4_200_000
    back = assessment_from_json(data)
    assert back.facts == a.facts
    assert back.employer == a.employer
    assert back.averaged == a.averaged
    assert (back.cap_base, back.cap_wage_day) == (a.cap_base, a.cap_wage_day)
    assert back.result is not None and a.result is not None
    assert replace(back.result, checks=()) == replace(a.result, checks=())
    assert [(c.code, c.passed, c.message_vi) for c in back.result.checks] == [
        (c.code, c.passed, c.message_vi) for c in a.result.checks
    ]
    assert [(f.code, f.severity, f.message_en) for f in back.flags] == [
        (f.code, f.severity, f.message_en) for f in a.flags
    ]
    assert back.flags[0].values == {"declared": "2026-02-20", "recorded": "2026-02-27"}
    empty = assessment_from_json(
        assessment_to_json(assess(personal_id="x", filing_date=FILED, registry=registry_with()))
    )
    assert empty.result is None and not empty.record_found
