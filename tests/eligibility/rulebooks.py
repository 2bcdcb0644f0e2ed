"""The 2013 and 2025 rule sets and the dated values of RULES.md, built in memory (no database).

Used by the calculator's tests and the benchmark: the same values the seed migration stores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from eligibility.calculator.dates import WorkingCalendar
from eligibility.calculator.types import Contribution, DatedAmount, RuleBook, RuleParameters

_COMMON: dict = {
    "min_contribution_months": 12,
    "window_months": {"indefinite": 24, "fixed_term": 24, "seasonal": 36},
    "replacement_rate": Decimal("0.600"),
    "averaged_months": 6,
    "cap_multiplier": 5,
    "duration_base_months": 3,
    "duration_base_threshold": 36,
    "duration_step_months": 12,
    "duration_max_months": 12,
    "filing_deadline_months": 3,
    "excluded_reasons": frozenset({"employee_unlawful_resignation", "retirement_pension"}),
}

LAW_2013 = RuleParameters(
    identifier="luat-viec-lam-2013",
    name="Luật Việc làm 2013",
    law="2013",
    legal_reference="Luật Việc làm số 38/2013/QH13, Điều 49–53; Nghị định 28/2015/NĐ-CP",
    valid_from=date(2015, 1, 1),
    valid_until=date(2020, 7, 14),
    cap_base={"enterprise": "regional_minimum_wage", "state": "base_salary"},
    cap_wage_date="termination_date",
    decision_deadline_days=20,
    decision_deadline_unit="calendar",
    entitlement_start_days=15,
    entitlement_start_unit="calendar",
    **_COMMON,
)

#: The 2013 law as amended by Decree 61/2020 (decisions from 2020-07-15): the 16th working day.
LAW_2013_ND61 = replace(
    LAW_2013,
    identifier="luat-viec-lam-2013-nd61",
    name="Luật Việc làm 2013 (Nghị định 61/2020/NĐ-CP)",
    legal_reference="Luật Việc làm số 38/2013/QH13; Nghị định 28/2015/NĐ-CP sửa đổi bởi 61/2020",
    valid_from=date(2020, 7, 15),
    valid_until=date(2025, 12, 31),
    decision_deadline_unit="working",
    entitlement_start_unit="working",
)

LAW_2025 = RuleParameters(
    identifier="luat-viec-lam-2025",
    name="Luật Việc làm 2025",
    law="2025",
    legal_reference="Luật Việc làm số 74/2025/QH15, Điều 38–41; Nghị định 374/2025/NĐ-CP",
    valid_from=date(2026, 1, 1),
    valid_until=None,
    cap_base={"enterprise": "regional_minimum_wage", "state": "regional_minimum_wage"},
    cap_wage_date="last_contribution_month",
    decision_deadline_days=20,
    decision_deadline_unit="working",
    entitlement_start_days=10,
    entitlement_start_unit="working",
    **_COMMON,
)

RULE_SETS = (LAW_2013, LAW_2013_ND61, LAW_2025)

_WAGE_ROWS = (
    (date(2020, 1, 1), "Nghị định 90/2019/NĐ-CP", (4_420_000, 3_920_000, 3_430_000, 3_070_000)),
    (date(2022, 7, 1), "Nghị định 38/2022/NĐ-CP", (4_680_000, 4_160_000, 3_640_000, 3_250_000)),
    (date(2024, 7, 1), "Nghị định 74/2024/NĐ-CP", (4_960_000, 4_410_000, 3_860_000, 3_450_000)),
    (date(2026, 1, 1), "Nghị định 293/2025/NĐ-CP", (5_310_000, 4_730_000, 4_140_000, 3_700_000)),
)
REGIONAL_MINIMUM_WAGES: dict[str, tuple[DatedAmount, ...]] = {
    region: tuple(
        DatedAmount(valid_from, amounts[i], decree) for valid_from, decree, amounts in _WAGE_ROWS
    )
    for i, region in enumerate(("I", "II", "III", "IV"))
}

BASE_SALARIES = (
    DatedAmount(date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    DatedAmount(date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    DatedAmount(date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


#: Public holidays of 2026 (Labour Code 45/2019 Art. 112 and the government's schedule):
#: Tết Dương lịch; Tết Nguyên đán Bính Ngọ, 14–22 February (9 days, weekends included); Giỗ
#: Tổ Hùng Vương 10/3 lunar = Sunday 26 April, compensated on Monday 27 April; 30/4; 1/5;
#: Quốc khánh 2/9 with the adjacent 1/9.
HOLIDAYS_2026 = frozenset(
    [
        date(2026, 1, 1),
        *_days(date(2026, 2, 14), date(2026, 2, 22)),
        date(2026, 4, 26),
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2026, 9, 2),
    ]
)


def rulebook(rule_set: RuleParameters = LAW_2025, **overrides: object) -> RuleBook:
    """The RuleBook for `rule_set`, with RULES.md's wages, base salaries and 2026 holidays."""
    values: dict = {
        "rule_set": rule_set,
        "regional_minimum_wages": REGIONAL_MINIMUM_WAGES,
        "base_salaries": BASE_SALARIES,
        "holidays": HOLIDAYS_2026,
    }
    values.update(overrides)
    return RuleBook(**values)


#: 2025 as seeded (Tết Ất Tỵ 25/1–2/2, Hùng Kings 7/4, 30/4, 1/5, Quốc khánh 1–2/9).
HOLIDAYS_2025 = frozenset(
    [
        date(2025, 1, 1),
        *_days(date(2025, 1, 25), date(2025, 2, 2)),
        date(2025, 4, 7),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 9, 1),
        date(2025, 9, 2),
    ]
)


def rulebook_for(day: date) -> RuleBook:
    """The in-memory stand-in for eligibility.selectors.rulebook_for (rules in force on `day`)."""
    from eligibility.calculator.engine import select_rule_set

    return rulebook(select_rule_set(RULE_SETS, day))


@cache
def _calendar() -> WorkingCalendar:
    """One calendar for every book, as the selectors' snapshot keeps one."""
    from eligibility.calculator.dates import WorkingCalendar

    return WorkingCalendar(HOLIDAYS_2025 | HOLIDAYS_2026)


def rulebook_for_claim(filing_date: date, decision_date: date | None = None) -> RuleBook:
    """The in-memory stand-in for eligibility.selectors.rulebook_for_claim (2025–2026 holidays,
    years not checked)."""
    from eligibility.calculator.engine import choose_rule_set

    calendar = _calendar()
    rule_set, choice = choose_rule_set(RULE_SETS, filing_date, decision_date, calendar)
    return rulebook(rule_set, holidays=calendar.holidays, calendar=calendar, law_choice=choice)


def months(first: str, last: str, salary: int, *, ui_paid: bool = True) -> list[Contribution]:
    """One contribution per month from `first` to `last` ("YYYY-MM", both included)."""
    year, month = (int(part) for part in first.split("-"))
    last_year, last_month = (int(part) for part in last.split("-"))
    rows = []
    while (year, month) <= (last_year, last_month):
        rows.append(
            Contribution(month=date(year, month, 1), insured_salary=salary, ui_paid=ui_paid)
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def history(*spans: Iterable[Contribution]) -> list[Contribution]:
    return [row for span in spans for row in span]
