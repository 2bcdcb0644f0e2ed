"""Read the benefit rules: the RuleBook the calculator needs for one claim (or one day).

The rules tables are small and read on every calculation, so each process keeps one
snapshot of them. The snapshot is tagged with a version token kept in the shared cache; any
change to a rules table replaces the token when its transaction commits (see
`rules_changed`), so every process (web, Celery worker) reloads on its next read.

Inside a transaction the snapshot serves as well (a claim's submission is one transaction),
unless that transaction changed a rules table itself (`rules_cache.changed_in_transaction`):
then it reads the tables, so it sees its own change, and caches nothing it might roll back. A
snapshot loaded inside a transaction is kept only on PostgreSQL at READ COMMITTED, where each
statement sees what is committed, as outside one; a stricter isolation (or SQLite's) may see
an older state than the token names.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, cast

from django.db import connection
from django.utils import timezone

from eligibility.calculator.dates import WorkingCalendar
from eligibility.calculator.engine import choose_rule_set
from eligibility.calculator.types import (
    CapBase,
    CapWageDate,
    DatedAmount,
    DayUnit,
    RuleBook,
    RuleParameters,
)
from eligibility.exceptions import NoRuleSetInForce
from eligibility.holiday_calendar import next_year_warning
from eligibility.models import (
    BaseSalary,
    HolidayYear,
    PublicHoliday,
    RegionalMinimumWage,
    RuleSet,
)
from eligibility.rules_cache import changed_in_transaction, snapshot_for, version_token

# rules_changed is re-exported: callers say selectors.rules_changed() (it lives in rules_cache).
from eligibility.rules_cache import rules_changed as rules_changed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Snapshot:
    published: tuple[RuleSet, ...]  # ascending valid_from
    regional_minimum_wages: dict[str, tuple[DatedAmount, ...]]
    base_salaries: tuple[DatedAmount, ...]
    holidays: frozenset[date]
    calendar: WorkingCalendar
    #: The published rule sets as the calculator sees them (same order as `published`).
    parameters: tuple[RuleParameters, ...]


def rule_parameters(rule_set: RuleSet, *, valid_until: date | None) -> RuleParameters:
    """The calculator's view of one rule set row."""
    return RuleParameters(
        identifier=rule_set.identifier,
        name=rule_set.name,
        law=cast(Literal["2013", "2025"], rule_set.law),
        legal_reference=rule_set.legal_reference,
        valid_from=rule_set.valid_from,
        valid_until=valid_until,
        min_contribution_months=rule_set.min_contribution_months,
        window_months=rule_set.window_months(),
        replacement_rate=rule_set.replacement_rate,
        averaged_months=rule_set.averaged_months,
        cap_multiplier=rule_set.cap_multiplier,
        cap_base={
            "enterprise": cast(CapBase, rule_set.cap_base_enterprise),
            "state": cast(CapBase, rule_set.cap_base_state),
        },
        cap_wage_date=cast(CapWageDate, rule_set.cap_wage_date),
        duration_base_months=rule_set.duration_base_months,
        duration_base_threshold=rule_set.duration_base_threshold,
        duration_step_months=rule_set.duration_step_months,
        duration_max_months=rule_set.duration_max_months,
        filing_deadline_months=rule_set.filing_deadline_months,
        decision_deadline_days=rule_set.decision_deadline_days,
        decision_deadline_unit=cast(DayUnit, rule_set.decision_deadline_unit),
        entitlement_start_days=rule_set.entitlement_start_days,
        entitlement_start_unit=cast(DayUnit, rule_set.entitlement_start_unit),
        excluded_reasons=frozenset(rule_set.excluded_reasons),
    )


def _load() -> _Snapshot:
    """Five queries: the published rule sets, the three dated tables and the holiday years."""
    published = tuple(
        RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).order_by("valid_from")
    )
    wages: dict[str, list[DatedAmount]] = {region: [] for region in RegionalMinimumWage.Region}
    for row in RegionalMinimumWage.objects.order_by("valid_from").values_list(
        "region", "valid_from", "amount", "legal_reference"
    ):
        region, valid_from, amount, reference = row
        wages.setdefault(region, []).append(DatedAmount(valid_from, amount, reference))
    base_salaries = tuple(
        DatedAmount(valid_from, amount, reference)
        for valid_from, amount, reference in BaseSalary.objects.order_by("valid_from").values_list(
            "valid_from", "amount", "legal_reference"
        )
    )
    holidays = frozenset(PublicHoliday.objects.values_list("date", flat=True))
    years = dict(HolidayYear.objects.values_list("year", "status"))
    return _Snapshot(
        published=published,
        regional_minimum_wages={region: tuple(rows) for region, rows in wages.items()},
        base_salaries=base_salaries,
        holidays=holidays,
        calendar=WorkingCalendar(holidays, years),
        parameters=_parameters(list(published)),
    )


def _parameters(rule_sets: list[RuleSet]) -> tuple[RuleParameters, ...]:
    """Each rule set with the last decision date it covers (the day before the next starts)."""
    return tuple(
        rule_parameters(
            rule_set,
            valid_until=(
                rule_sets[i + 1].valid_from - timedelta(days=1) if i + 1 < len(rule_sets) else None
            ),
        )
        for i, rule_set in enumerate(rule_sets)
    )


def _snapshot() -> _Snapshot:
    if changed_in_transaction():
        return _load()
    try:
        token = version_token()
    except Exception:  # a cache outage must not stop calculations; read the tables instead
        logger.warning("rules cache unavailable; reading the rules tables", exc_info=True)
        return _load()
    if token is None:
        return _load()
    return snapshot_for(token, _load, keep=_loads_committed_state())


def _loads_committed_state() -> bool:
    """Whether a snapshot read now shows the committed tables as the current token names them."""
    if not connection.in_atomic_block:
        return True
    if connection.vendor != "postgresql":
        return False
    level = getattr(connection, "isolation_level", None)
    return level is None or int(level) == _READ_COMMITTED


#: psycopg's IsolationLevel.READ_COMMITTED (Django's default for PostgreSQL).
_READ_COMMITTED = 1


def _in_force(rule_sets: list[RuleSet], day: date) -> tuple[RuleSet, date | None]:
    starts = [rule_set.valid_from for rule_set in rule_sets]
    index = bisect_right(starts, day) - 1
    if index < 0:
        raise NoRuleSetInForce(day)
    following = starts[index + 1] if index + 1 < len(starts) else None
    return rule_sets[index], following - timedelta(days=1) if following else None


def _with_draft(published: tuple[RuleSet, ...], draft: RuleSet | None) -> list[RuleSet]:
    """The published rule sets, with `draft` taking the place of any starting on its date."""
    if draft is None:
        return list(published)
    others = [r for r in published if r.pk != draft.pk and r.valid_from != draft.valid_from]
    return sorted([*others, draft], key=lambda rule_set: rule_set.valid_from)


def rulebook_for(day: date, *, include_draft: RuleSet | None = None) -> RuleBook:
    """Everything the calculator needs with the rule set in force on `day` (a decision date).

    The rule set is the published one in force on that date: the latest whose valid_from is on
    or before it; it applies until the day before the next one starts. With `include_draft`, the
    draft (as given, even unsaved) is treated as if it were published, for a what-if comparison.
    Raises NoRuleSetInForce before the first rule set. A claim's law is chosen by
    `rulebook_for_claim` (by its decision date, or its deadline when not decided yet).
    """
    snapshot = _snapshot()
    rule_sets = _with_draft(snapshot.published, include_draft)
    rule_set, valid_until = _in_force(rule_sets, day)
    return RuleBook(
        rule_set=rule_parameters(rule_set, valid_until=valid_until),
        regional_minimum_wages=snapshot.regional_minimum_wages,
        base_salaries=snapshot.base_salaries,
        holidays=snapshot.holidays,
        calendar=snapshot.calendar,
    )


def rulebook_for_claim(
    filing_date: date, decision_date: date | None = None, *, include_draft: RuleSet | None = None
) -> RuleBook:
    """The rule book a claim filed on `filing_date` is decided under, with the reason.

    The law is chosen by the decision date (Law 74/2025 Art. 54.2, 55.4); without one the
    decision is taken to be made on its deadline (eligibility.calculator.engine.choose_rule_set).
    Raises NoRuleSetInForce before the first rule set, CalendarYearMissing when the deadline
    falls in a year the holiday calendar does not hold.
    """
    snapshot = _snapshot()
    if include_draft is None:
        parameters = snapshot.parameters
    else:
        parameters = _parameters(_with_draft(snapshot.published, include_draft))
    rule_set, choice = choose_rule_set(parameters, filing_date, decision_date, snapshot.calendar)
    return RuleBook(
        rule_set=rule_set,
        regional_minimum_wages=snapshot.regional_minimum_wages,
        base_salaries=snapshot.base_salaries,
        holidays=snapshot.holidays,
        calendar=snapshot.calendar,
        law_choice=choice,
    )


def working_calendar() -> WorkingCalendar:
    """The working-day calendar (public holidays and the status of each year), cached."""
    return _snapshot().calendar


def rule_sets_published() -> list[RuleParameters]:
    """Every published rule set, oldest first, each with the last decision date it covers."""
    return list(_snapshot().parameters)


def holiday_calendar_warning(today: date | None = None) -> str | None:
    """From 1 October, a warning when next year's holiday calendar is missing or provisional."""
    calendar = _snapshot().calendar
    return next_year_warning(calendar.years or {}, today or timezone.localdate())
