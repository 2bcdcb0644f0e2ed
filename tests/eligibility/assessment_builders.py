"""Hand-built records and rule books for the assessment and cross-check tests (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from eligibility.calculator.types import DatedAmount, RuleBook, RuleParameters
from eligibility.registry import (
    EmployerInfo,
    MonthlyContribution,
    PastBenefit,
    PersonRecord,
    Spell,
    add_months,
)

GARMENT = EmployerInfo(
    tax_code="2300987654",
    name="Công ty TNHH May mặc Hanwoo Vina",
    province_code="24",
    wage_region="II",
    wage_regime="enterprise",
    sector="Dệt may",
    ownership="foreign",
)
BAKERY = EmployerInfo(
    tax_code="0500223344",
    name="Công ty Cổ phần Thực phẩm Hà Thành",
    province_code="01",
    wage_region="I",
    wage_regime="enterprise",
    sector="Chế biến thực phẩm",
    ownership="private",
)
MINISTRY = EmployerInfo(
    tax_code="0100000001",
    name="Trung tâm Lưu trữ Quốc gia",
    province_code="01",
    wage_region="I",
    wage_regime="state",
    sector="Hành chính",
    ownership="state",
)


def months(first: date, count: int, employer: EmployerInfo, salary: int, *, ui_paid: bool = True):
    return tuple(
        MonthlyContribution(
            month=add_months(first, i),
            employer_tax_code=employer.tax_code,
            employer_name=employer.name,
            insured_salary=salary,
            wage_region=employer.wage_region,
            ui_paid=ui_paid,
        )
        for i in range(count)
    )


def spell(
    employer: EmployerInfo,
    start: date,
    end: date | None,
    reason: str = "business_closure",
    contract: str = "indefinite",
) -> Spell:
    return Spell(
        employer=employer,
        contract_type=contract,
        start_date=start,
        end_date=end,
        termination_reason=reason if end else "",
    )


def record(
    *,
    spells: tuple[Spell, ...] = (),
    contributions: tuple[MonthlyContribution, ...] = (),
    benefits: tuple[PastBenefit, ...] = (),
    pension_since: date | None = None,
    personal_id: str = "001090000001",
) -> PersonRecord:
    return PersonRecord(
        personal_id=personal_id,
        social_insurance_code="0123456789",
        full_name="Nguyễn Thị Lan",
        birth_date=date(1990, 5, 17),
        sex="F",
        pension_since=pension_since,
        spells=spells,
        contributions=tuple(sorted(contributions, key=lambda c: (c.month, c.employer_tax_code))),
        benefits=benefits,
        data_through=date(2026, 4, 1),
    )


def garment_worker(**overrides) -> PersonRecord:
    """RULES.md worked example 1: 2020-01..2025-08 at 6.5M, 2025-09..2026-02 at 7M, closure 2026-02-27."""
    values = {
        "spells": (spell(GARMENT, date(2020, 1, 2), date(2026, 2, 27)),),
        "contributions": months(date(2020, 1, 1), 68, GARMENT, 6_500_000)
        + months(date(2025, 9, 1), 6, GARMENT, 7_000_000),
    }
    values.update(overrides)
    return record(**values)


_WAGES = {
    "I": ((2020, 4_420_000), (2022, 4_680_000), (2024, 4_960_000), (2026, 5_310_000)),
    "II": ((2020, 3_920_000), (2022, 4_160_000), (2024, 4_410_000), (2026, 4_730_000)),
    "III": ((2020, 3_430_000), (2022, 3_640_000), (2024, 3_860_000), (2026, 4_140_000)),
    "IV": ((2020, 3_070_000), (2022, 3_250_000), (2024, 3_450_000), (2026, 3_700_000)),
}
_WAGE_START = {
    2020: date(2020, 1, 1),
    2022: date(2022, 7, 1),
    2024: date(2024, 7, 1),
    2026: date(2026, 1, 1),
}


def rule_parameters(law: str = "2025", **overrides) -> RuleParameters:
    values = {
        "identifier": f"luat-viec-lam-{law}",
        "name": f"Luật Việc làm {law}",
        "law": law,
        "legal_reference": "Luật Việc làm số 74/2025/QH15"
        if law == "2025"
        else "Luật Việc làm số 38/2013/QH13",
        "valid_from": date(2026, 1, 1) if law == "2025" else date(2015, 1, 1),
        "valid_until": None if law == "2025" else date(2025, 12, 31),
        "min_contribution_months": 12,
        "window_months": {"indefinite": 24, "fixed_term": 24, "seasonal": 36},
        "replacement_rate": Decimal("0.600"),
        "averaged_months": 6,
        "cap_multiplier": 5,
        "cap_base": (
            {"enterprise": "regional_minimum_wage", "state": "regional_minimum_wage"}
            if law == "2025"
            else {"enterprise": "regional_minimum_wage", "state": "base_salary"}
        ),
        "cap_wage_date": "last_contribution_month" if law == "2025" else "termination_date",
        "duration_base_months": 3,
        "duration_base_threshold": 36,
        "duration_step_months": 12,
        "duration_max_months": 12,
        "filing_deadline_months": 3,
        "decision_deadline_days": 20,
        "decision_deadline_unit": "working" if law == "2025" else "calendar",
        "entitlement_start_days": 10 if law == "2025" else 15,
        "entitlement_start_unit": "working" if law == "2025" else "calendar",
        "excluded_reasons": frozenset({"employee_unlawful_resignation", "retirement_pension"}),
    }
    values.update(overrides)
    return RuleParameters(**values)


def rulebook(law: str = "2025", holidays: frozenset[date] = frozenset(), **overrides) -> RuleBook:
    return RuleBook(
        rule_set=rule_parameters(law, **overrides),
        regional_minimum_wages={
            region: tuple(DatedAmount(_WAGE_START[year], amount) for year, amount in rows)
            for region, rows in _WAGES.items()
        },
        base_salaries=(
            DatedAmount(date(2019, 7, 1), 1_490_000),
            DatedAmount(date(2023, 7, 1), 1_800_000),
            DatedAmount(date(2024, 7, 1), 2_340_000),
        ),
        holidays=holidays,
    )


class FakeRegistry:
    """A registry over a class-level dict: point settings.SOCIAL_SECURITY_REGISTRY at it in tests."""

    records: dict[str, PersonRecord] = {}

    def person_record(self, personal_id: str) -> PersonRecord | None:
        return self.records.get(personal_id)

    def person_records(self, personal_ids) -> dict[str, PersonRecord]:
        return {p: self.records[p] for p in personal_ids if p in self.records}

    def terminations_between(self, start, end, *, chunk_size=2000):
        return iter(())

    def data_through(self):
        return date(2026, 4, 1)


FAKE_REGISTRY_PATH = "tests.eligibility.assessment_builders.FakeRegistry"
