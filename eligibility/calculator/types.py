"""The calculator's inputs and outputs: plain frozen dataclasses, so it stays pure.

The rules helper builds a RuleBook from the database (eligibility.selectors); the
benefit_calc command and the claim code build ClaimFacts and Contribution lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple

from eligibility.calculator.dates import WorkingCalendar

ContractType = Literal["indefinite", "fixed_term", "seasonal"]
WageRegime = Literal["enterprise", "state"]
Region = Literal["I", "II", "III", "IV"]
DayUnit = Literal["calendar", "working"]
CapBase = Literal["regional_minimum_wage", "base_salary"]
CapWageDate = Literal["termination_date", "last_contribution_month"]


@dataclass(frozen=True)
class DatedAmount:
    """An amount in whole dong in force from `valid_from` until the next one starts."""

    valid_from: date
    amount: int
    legal_reference: str = ""


@dataclass(frozen=True)
class RuleParameters:
    """One unemployment-benefit rule set: applies to decisions made from valid_from until the next.

    The law is chosen by the decision date (Law 74/2025 Art. 54.2, 55.4; see LawChoice).
    """

    identifier: str  # stable, stored with every result, e.g. "luat-viec-lam-2025"
    name: str
    law: Literal["2013", "2025"]
    legal_reference: str
    valid_from: date
    valid_until: date | None  # last decision date it applies to (None: open-ended)
    min_contribution_months: int  # 12
    window_months: dict[str, int]  # contract type -> months in the window (24 / 36)
    replacement_rate: Decimal  # 0.60
    averaged_months: int  # 6
    cap_multiplier: int  # 5
    cap_base: dict[str, CapBase]  # wage regime -> what the cap multiplies
    cap_wage_date: CapWageDate  # which day's wage the cap uses
    duration_base_months: int  # 3
    duration_base_threshold: int  # 36 contribution months give the base duration
    duration_step_months: int  # +1 benefit month per further 12 contribution months
    duration_max_months: int  # 12
    filing_deadline_months: int  # 3
    decision_deadline_days: int
    decision_deadline_unit: DayUnit
    entitlement_start_days: int  # benefit starts on the (days + 1)-th day after filing
    entitlement_start_unit: DayUnit
    excluded_reasons: frozenset[str]


@dataclass(frozen=True)
class LawChoice:
    """Why `RuleBook.rule_set` applies to a claim: the rule set in force on the decision date.

    Without a known decision date the decision is taken to be made on its deadline (the
    deadline rule of the rule set in force on the filing day), RULES.md's convention.
    """

    decision_date: date  # the real one, or the deadline when `assumed`
    assumed: bool  # True: not decided yet, the deadline stands in for the decision date
    deadline: date  # the decision deadline (rule set in force on the filing day)
    filing_rule_set: str  # identifier of the rule set in force on the filing day
    filing_law: str  # its law ("2013", "2025")
    transitional: bool  # filed under one law, decided under the next (Law 74/2025 Art. 55.4)
    deadline_provisional: bool = False  # the deadline was counted in a provisional year


@dataclass(frozen=True)
class RuleBook:
    """Everything the calculator needs from the rules tables, as of one calculation."""

    rule_set: RuleParameters
    regional_minimum_wages: dict[str, tuple[DatedAmount, ...]]  # region -> ascending valid_from
    base_salaries: tuple[DatedAmount, ...]  # ascending valid_from
    holidays: frozenset[date] = field(default_factory=frozenset)
    #: The working-day calendar (holidays + the status of each year); built from `holidays`
    #: (years unchecked) when not given.
    calendar: WorkingCalendar | None = None
    #: How the rule set was chosen for this claim (None: the caller chose it).
    law_choice: LawChoice | None = None

    def __post_init__(self) -> None:
        if self.calendar is None:
            object.__setattr__(self, "calendar", WorkingCalendar(self.holidays))


class Contribution(NamedTuple):
    """One month of a history. A named tuple, not a dataclass: a 360-month claim builds 360 of
    them and a tuple is built in half the time (bench/eligibility.py, issue 15)."""

    month: date  # first day of the month
    insured_salary: int  # dong
    ui_paid: bool = True


@dataclass(frozen=True)
class ClaimFacts:
    termination_date: date
    filing_date: date
    contract_type: ContractType
    termination_reason: str
    wage_regime: WageRegime
    region: Region  # of the employer of the last contribution month
    receiving_pension: bool = False
    #: Contribution months already used by an earlier benefit (not counted again).
    months_used_by_earlier_benefit: int = 0


@dataclass(frozen=True)
class Check:
    code: str
    passed: bool
    message_vi: str
    message_en: str
    values: dict[str, object] = field(default_factory=dict)  # the numbers the check used


@dataclass(frozen=True)
class CalculationResult:
    eligible: bool
    checks: tuple[Check, ...]
    average_salary: int
    cap: int
    monthly_benefit: int
    duration_months: int
    reserved_months: int
    contribution_months: int  # n: UI-paid months up to termination not used before
    entitlement_start: date | None
    entitlement_end: date | None
    installment_dates: tuple[date, ...]
    rule_set: str
    decision_deadline: date | None = None
    last_filing_day: date | None = None
    #: The decision date the law was chosen by (the deadline when not decided yet).
    decision_date: date | None = None
    decision_date_assumed: bool = True
    #: Why this law: "decision_date", "decision_deadline", or "article_55_4" (filed under the
    #: 2013 law, decided under the 2025 law: Law 74/2025 Art. 55.4).
    law_reason: str = ""
    #: Result fields whose working-day date was counted through a year whose holiday calendar
    #: is still provisional (not confirmed by an administrator): e.g. ("entitlement_start",).
    provisional_dates: tuple[str, ...] = ()
