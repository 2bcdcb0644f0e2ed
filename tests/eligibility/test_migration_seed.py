"""A freshly migrated database holds both rule sets and every dated value of RULES.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from eligibility.models import BaseSalary, PublicHoliday, RegionalMinimumWage, RuleSet
from eligibility.services import rules_seed

pytestmark = pytest.mark.django_db

RULES_MD_WAGES = {
    date(2020, 1, 1): (4_420_000, 3_920_000, 3_430_000, 3_070_000),
    date(2022, 7, 1): (4_680_000, 4_160_000, 3_640_000, 3_250_000),
    date(2024, 7, 1): (4_960_000, 4_410_000, 3_860_000, 3_450_000),
    date(2026, 1, 1): (5_310_000, 4_730_000, 4_140_000, 3_700_000),
}


def test_both_laws_are_seeded_as_published_rule_sets():
    rule_sets = {r.identifier: r for r in RuleSet.objects.all()}
    assert set(rule_sets) == {"luat-viec-lam-2013", "luat-viec-lam-2013-nd61", "luat-viec-lam-2025"}
    assert all(r.status == RuleSet.Status.PUBLISHED for r in rule_sets.values())
    assert all(r.published_at is not None for r in rule_sets.values())


def test_the_2013_rule_set_has_the_2013_law_values():
    r = RuleSet.objects.get(identifier="luat-viec-lam-2013")
    assert (r.law, r.valid_from) == ("2013", date(2015, 1, 1))
    assert r.window_months() == {"indefinite": 24, "fixed_term": 24, "seasonal": 36}
    assert r.min_contribution_months == 12
    assert r.replacement_rate == Decimal("0.6")
    assert (r.averaged_months, r.cap_multiplier) == (6, 5)
    assert (r.cap_base_enterprise, r.cap_base_state) == ("regional_minimum_wage", "base_salary")
    assert r.cap_wage_date == "termination_date"
    assert (r.entitlement_start_days, r.entitlement_start_unit) == (15, "calendar")
    assert (r.decision_deadline_days, r.decision_deadline_unit) == (20, "calendar")
    assert (
        r.duration_base_months,
        r.duration_base_threshold,
        r.duration_step_months,
        r.duration_max_months,
    ) == (3, 36, 12, 12)
    assert r.filing_deadline_months == 3
    assert set(r.excluded_reasons) == {"employee_unlawful_resignation", "retirement_pension"}
    assert "38/2013/QH13" in r.legal_reference


def test_the_2025_rule_set_has_the_2025_law_values():
    r = RuleSet.objects.get(identifier="luat-viec-lam-2025")
    assert (r.law, r.valid_from) == ("2025", date(2026, 1, 1))
    assert r.window_months() == {"indefinite": 24, "fixed_term": 24, "seasonal": 36}
    assert (r.cap_base_enterprise, r.cap_base_state) == (
        "regional_minimum_wage",
        "regional_minimum_wage",
    )
    assert r.cap_wage_date == "last_contribution_month"
    assert (r.entitlement_start_days, r.entitlement_start_unit) == (10, "working")
    assert (r.decision_deadline_days, r.decision_deadline_unit) == (20, "working")
    assert "74/2025/QH15" in r.legal_reference and "374/2025" in r.legal_reference


def test_every_regional_minimum_wage_of_rules_md_is_seeded_with_its_decree():
    for valid_from, amounts in RULES_MD_WAGES.items():
        rows = dict(
            RegionalMinimumWage.objects.filter(valid_from=valid_from).values_list(
                "region", "amount"
            )
        )
        assert rows == dict(zip(("I", "II", "III", "IV"), amounts, strict=True))
    assert not RegionalMinimumWage.objects.filter(legal_reference="").exists()
    assert RegionalMinimumWage.objects.get(
        valid_from=date(2026, 1, 1), region="II"
    ).legal_reference.startswith("Nghị định 293/2025/NĐ-CP")


def test_the_base_salaries_of_rules_md_are_seeded():
    seeded = dict(BaseSalary.objects.values_list("valid_from", "amount"))
    assert seeded[date(2019, 7, 1)] == 1_490_000
    assert seeded[date(2023, 7, 1)] == 1_800_000
    assert seeded[date(2024, 7, 1)] == 2_340_000
    # The 2013 law's first day (2015-01-01) has a base salary in force.
    assert min(seeded) <= date(2015, 1, 1)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 1),
        date(2025, 1, 29),  # Mùng 1 Tết Ất Tỵ
        date(2025, 4, 7),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 9, 1),
        date(2025, 9, 2),
        date(2026, 1, 1),
        date(2026, 2, 14),
        date(2026, 2, 17),  # Mùng 1 Tết Bính Ngọ
        date(2026, 2, 22),
        date(2026, 4, 26),
        date(2026, 4, 27),  # nghỉ bù: Giỗ Tổ falls on a Sunday
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 2),
    ],
)
def test_the_2025_and_2026_holidays_are_seeded(day):
    holiday = PublicHoliday.objects.get(date=day)
    assert holiday.legal_reference.startswith("Bộ luật Lao động 45/2019/QH14")


def test_ordinary_working_days_are_not_holidays():
    assert not PublicHoliday.objects.filter(
        date__in=[date(2026, 3, 2), date(2026, 2, 13), date(2026, 2, 23)]
    ).exists()


def test_seed_rows_have_a_first_history_entry():
    rule_set = RuleSet.objects.get(identifier="luat-viec-lam-2025")
    first = rule_set.history.earliest()
    assert first.history_type == "+"
    assert "0002_seed_rules" in first.history_change_reason
    assert PublicHoliday.history.count() == PublicHoliday.objects.count()


def test_rules_seed_restores_missing_rows_and_adds_nothing_twice():
    PublicHoliday.objects.filter(date__year=2026).delete()
    RuleSet.objects.filter(identifier="luat-viec-lam-2025").delete()
    added = rules_seed()
    assert added == 1 + 16 + 2  # the 2025 rule set, 2026's days of 0002 and of 0006
    assert RuleSet.objects.filter(identifier="luat-viec-lam-2025", status="published").exists()
    assert rules_seed() == 0


def _months(first: tuple[int, int], last: tuple[int, int], salary: int) -> list:
    from eligibility.calculator.types import Contribution

    year, month = first
    rows = []
    while (year, month) <= last:
        rows.append(Contribution(date(year, month, 1), salary))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


@pytest.mark.parametrize(
    ("facts", "history", "expected"),
    [
        (  # RULES.md example 1: 2025 law, the garment worker
            dict(
                termination_date=date(2026, 2, 27),
                filing_date=date(2026, 3, 2),
                contract_type="indefinite",
                termination_reason="business_closure",
                wage_regime="enterprise",
                region="II",
            ),
            [((2020, 1), (2025, 8), 6_500_000), ((2025, 9), (2026, 2), 7_000_000)],
            (4_200_000, 23_650_000, 6, 2, date(2026, 3, 17), "luat-viec-lam-2025"),
        ),
        (  # example 3: the cap from the last contributed month (2025-12, before the 2026 wage)
            dict(
                termination_date=date(2026, 1, 5),
                filing_date=date(2026, 1, 12),
                contract_type="indefinite",
                termination_reason="employer_dismissal",
                wage_regime="enterprise",
                region="I",
            ),
            [((2023, 1), (2025, 12), 50_000_000)],
            (24_800_000, 24_800_000, 3, 0, date(2026, 1, 27), "luat-viec-lam-2025"),
        ),
        (  # example 5: 2013 law, State wage regime, capped by the base salary
            dict(
                termination_date=date(2025, 6, 30),
                filing_date=date(2025, 7, 10),
                contract_type="indefinite",
                termination_reason="contract_expired",
                wage_regime="state",
                region="I",
            ),
            [((2019, 7), (2025, 6), 25_000_000)],
            (11_700_000, 11_700_000, 6, 0, date(2025, 8, 1), "luat-viec-lam-2013-nd61"),
        ),
    ],
)
def test_a_freshly_migrated_database_judges_the_worked_examples(facts, history, expected):
    engine = pytest.importorskip("eligibility.calculator.engine")
    from eligibility.calculator.types import ClaimFacts
    from eligibility.selectors import rulebook_for_claim

    claim = ClaimFacts(**facts)
    contributions = [row for spec in history for row in _months(*spec)]
    result = engine.calculate(rulebook_for_claim(claim.filing_date), claim, contributions)
    assert result.eligible
    assert (
        result.monthly_benefit,
        result.cap,
        result.duration_months,
        result.reserved_months,
        result.entitlement_start,
        result.rule_set,
    ) == expected
