"""The one way the portal reads social-security records (docs/adr/0003).

`SocialSecurityRegistry` is the interface; `DatabaseRegistry` reads the stand-in store
(the `social_security` database) through the ORM. A real VSS API client would implement
the same protocol and be chosen with settings.SOCIAL_SECURITY_REGISTRY. Everything
returned is an immutable dataclass, so callers never hold ORM rows of the store.

Counting convention for "UI months in a window" (RULES.md): the window is the N calendar
months ending with the reference month, inclusive; a month counts once when any employer
paid unemployment insurance (UI) for it, whatever the number of employers; months after
the reference month never count. The reference month is the month of the latest
termination, or, for a person still employed, the current month but never later than the
last month the store has data for (see `PersonRecord.reference_month`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.db import connections
from django.db.models import Q, QuerySet, Subquery
from django.utils.module_loading import import_string

from common.provinces import province_name
from eligibility.records.models import (
    BenefitRecord,
    Contribution,
    Employer,
    EmploymentSpell,
    Person,
    StoreSnapshot,
)
from eligibility.signed_extract import SignedExtract, records_extracts_sign
from eligibility.signed_extract import enabled as signed_extracts_enabled

STORE_ALIAS = "social_security"


# --- Month arithmetic ---------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after (or before) `month`'s month."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """How many calendar months from first's month to last's month, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def window_start(reference_month: date, months: int) -> date:
    return add_months(month_start(reference_month), -(months - 1))


# --- The records, as immutable values -------------------------------------------------------


@dataclass(frozen=True)
class EmployerInfo:
    tax_code: str
    name: str
    province_code: str
    wage_region: str  # "I".."IV"
    wage_regime: str  # "enterprise" | "state"
    sector: str
    ownership: str  # "state" | "private" | "foreign"

    @property
    def province_name(self) -> str:
        return province_name(self.province_code)


@dataclass(frozen=True)
class Spell:
    """One labour contract as the employer reported it."""

    employer: EmployerInfo
    contract_type: str  # "indefinite" | "fixed_term" | "seasonal"
    start_date: date
    end_date: date | None
    termination_reason: str  # "" while the contract runs

    @property
    def is_open(self) -> bool:
        return self.end_date is None


@dataclass(frozen=True)
class MonthlyContribution:
    """One month of compulsory insurance paid by one employer."""

    month: date  # first day of the month
    employer_tax_code: str
    employer_name: str
    insured_salary: int  # whole dong
    wage_region: str  # of that employer
    ui_paid: bool


@dataclass(frozen=True)
class PastBenefit:
    decision_number: str
    start_date: date
    end_date: date
    months_granted: int
    contribution_months_used: int
    contributions_used_through: date


@dataclass(frozen=True)
class PersonRecord:
    personal_id: str
    social_insurance_code: str
    full_name: str
    birth_date: date
    sex: str
    pension_since: date | None
    spells: tuple[Spell, ...]  # by start date
    contributions: tuple[MonthlyContribution, ...]  # by month, then employer
    benefits: tuple[PastBenefit, ...]  # by start date
    #: Last month the store has reports for (None: unknown, the current month is used).
    data_through: date | None = None

    @cached_property
    def employers(self) -> tuple[EmployerInfo, ...]:
        """Every employer of a spell, in the order the person first worked for them."""
        seen: dict[str, EmployerInfo] = {}
        for spell in self.spells:
            seen.setdefault(spell.employer.tax_code, spell.employer)
        return tuple(seen.values())

    @property
    def still_employed(self) -> bool:
        return any(spell.is_open for spell in self.spells)

    @property
    def latest_termination(self) -> Spell | None:
        ended = [s for s in self.spells if s.end_date is not None]
        return max(ended, key=lambda s: (s.end_date, s.start_date)) if ended else None

    def receiving_pension(self, on: date) -> bool:
        return self.pension_since is not None and self.pension_since <= on

    @cached_property
    def ui_months(self) -> frozenset[date]:
        return frozenset(c.month for c in self.contributions if c.ui_paid)

    @cached_property
    def insured_months(self) -> frozenset[date]:
        return frozenset(c.month for c in self.contributions)

    def reference_month(self, today: date) -> date:
        """The month the UI windows are counted back from (see the module docstring)."""
        if not self.still_employed and (latest := self.latest_termination) is not None:
            assert latest.end_date is not None  # noqa: S101 - latest_termination only returns ended spells
            return month_start(latest.end_date)
        current = month_start(today)
        if self.data_through is not None and self.data_through < current:
            return self.data_through
        return current

    def ui_months_in_window(self, reference_month: date, months: int) -> int:
        return ui_months_in_window(self.ui_months, reference_month, months)

    def contributions_in(self, month: date) -> tuple[MonthlyContribution, ...]:
        return tuple(c for c in self.contributions if c.month == month)

    @property
    def latest_contributions(self) -> tuple[MonthlyContribution, ...]:
        """The rows of the latest month with any contribution (one per employer)."""
        if not self.contributions:
            return ()
        return self.contributions_in(max(c.month for c in self.contributions))


def ui_months_in_window(ui_months: Iterable[date], reference_month: date, months: int) -> int:
    """How many distinct UI-paid months fall in the `months` months ending with reference_month."""
    first, last = window_start(reference_month, months), month_start(reference_month)
    return len({m for m in ui_months if first <= month_start(m) <= last})


@dataclass(frozen=True)
class Termination:
    """One ended contract, for batch work over a period (what-if analysis, statistics)."""

    personal_id: str
    employer: EmployerInfo
    contract_type: str
    start_date: date
    end_date: date
    termination_reason: str


@dataclass(frozen=True)
class EmploymentHistory:
    """A person's name and contracts only: what checking an employer's list needs."""

    personal_id: str
    full_name: str
    spells: tuple[Spell, ...]  # by start date


# --- The interface ---------------------------------------------------------------------------


@runtime_checkable
class SocialSecurityRegistry(Protocol):
    def person_record(self, personal_id: str) -> PersonRecord | None:
        """The whole record of one person, or None when the registry does not know them."""
        ...

    def person_records(self, personal_ids: Iterable[str]) -> dict[str, PersonRecord]:
        """Records of several people at once (unknown ids are left out)."""
        ...

    def terminations_between(
        self, start: date, end: date, *, chunk_size: int = 2000
    ) -> Iterator[Termination]:
        """Every contract that ended on a day in [start, end], oldest first, read in chunks."""
        ...

    def data_through(self) -> date | None:
        """The last month the registry has reports for, if it says."""
        ...

    def employer(self, tax_code: str) -> EmployerInfo | None:
        """The employer with this tax code, or None (an employer's own pages, issue 17)."""
        ...

    def employment_histories(self, personal_ids: Iterable[str]) -> dict[str, EmploymentHistory]:
        """Names and contracts of several people at once, without contributions (an
        employer's list checked row by row, issue 17); unknown ids are left out."""
        ...


# --- The stand-in store, read through the ORM -------------------------------------------------


class WriteRefused(RuntimeError):
    """The portal tried to write to the social-security store, which it must never do."""


_READ_PREFIXES = ("select", "with", "pragma", "savepoint", "release", "rollback", "set ", "show ")


def _refuse_writes(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    if not sql.lstrip().lower().startswith(_READ_PREFIXES):
        raise WriteRefused(f"The social-security store is read-only for the portal: {sql[:60]}")
    return execute(sql, params, many, context)


@contextmanager
def read_only_store(alias: str = STORE_ALIAS) -> Iterator[None]:
    """Within this block any statement other than a read on the store raises WriteRefused."""
    with connections[alias].execute_wrapper(_refuse_writes):
        yield


#: EmployerInfo's fields, in its order, as an employment spell's columns.
_EMPLOYER_COLUMNS = (
    "employer__tax_code",
    "employer__name",
    "employer__province_code",
    "employer__wage_region",
    "employer__wage_regime",
    "employer__sector",
    "employer__ownership",
)


def _employer(row: Any) -> EmployerInfo:
    return EmployerInfo(
        tax_code=row.tax_code,
        name=row.name,
        province_code=row.province_code,
        wage_region=row.wage_region,
        wage_regime=row.wage_regime,
        sector=row.sector,
        ownership=row.ownership,
    )


def _snapshots_latest_first() -> QuerySet[StoreSnapshot]:
    """The store's snapshots, its latest (whose data_through is the store's) first."""
    return StoreSnapshot.objects.order_by("-pk")


class DatabaseRegistry:
    """Reads the `social_security` database. A record costs four queries, whatever its size."""

    def __init__(self, using: str = STORE_ALIAS) -> None:
        self.using = using

    def person_record(self, personal_id: str) -> PersonRecord | None:
        return self.person_records([personal_id]).get(personal_id)

    def person_records(self, personal_ids: Iterable[str]) -> dict[str, PersonRecord]:
        ids = sorted({str(p) for p in personal_ids})
        if not ids:
            return {}
        # Rows as tuples, not model instances: a record holds a few hundred contribution
        # months, and building an instance (and its employer's) for each was most of the cost
        # of a filing's read of the record (issue 11). Four queries, the store's data_through
        # (its latest snapshot's) read with the people, in the same statement.
        store = self.using
        through_q = Subquery(_snapshots_latest_first().values("data_through")[:1])
        with read_only_store(store):
            people = list(
                Person.objects.using(store)
                .filter(personal_id__in=ids)
                .annotate(store_through=through_q)
                .values_list(
                    "pk", "personal_id", "social_insurance_code", "full_name", "birth_date",
                    "sex", "pension_since", "store_through",
                )
            )  # fmt: skip
            pks = [row[0] for row in people]
            spells: dict[int, list[Spell]] = {pk: [] for pk in pks}
            for person_pk, *employer, contract, start, end, reason in (
                EmploymentSpell.objects.using(store)
                .filter(person__in=pks)
                .order_by("start_date", "id")
                .values_list(
                    "person_id", *_EMPLOYER_COLUMNS, "contract_type", "start_date", "end_date",
                    "termination_reason",
                )
            ):  # fmt: skip
                spells[person_pk].append(
                    Spell(
                        employer=EmployerInfo(*employer),
                        contract_type=contract,
                        start_date=start,
                        end_date=end,
                        termination_reason=reason,
                    )
                )
            months: dict[int, list[MonthlyContribution]] = {pk: [] for pk in pks}
            for person_pk, month, tax_code, name, salary, region, ui_paid in (
                Contribution.objects.using(store)
                .filter(person__in=pks)
                .order_by("month", "employer__tax_code", "id")
                .values_list(
                    "person_id", "month", "employer__tax_code", "employer__name",
                    "insured_salary", "employer__wage_region", "ui_paid",
                )
            ):  # fmt: skip
                months[person_pk].append(
                    MonthlyContribution(month, tax_code, name, salary, region, ui_paid)
                )
            benefits: dict[int, list[PastBenefit]] = {pk: [] for pk in pks}
            for person_pk, number, b_start, b_end, granted, used, used_through in (
                BenefitRecord.objects.using(store)
                .filter(person__in=pks)
                .order_by("start_date", "pk")
                .values_list(
                    "person_id", "decision_number", "start_date", "end_date",
                    "months_granted", "contribution_months_used", "contributions_used_through",
                )
            ):  # fmt: skip
                benefits[person_pk].append(
                    PastBenefit(number, b_start, b_end, granted, used, used_through)
                )
        return {
            personal_id: PersonRecord(
                personal_id=personal_id,
                social_insurance_code=insurance_code,
                full_name=full_name,
                birth_date=birth,
                sex=sex,
                pension_since=since,
                spells=tuple(spells[pk]),
                contributions=tuple(months[pk]),
                benefits=tuple(benefits[pk]),
                data_through=through,
            )
            for pk, personal_id, insurance_code, full_name, birth, sex, since, through in people
        }

    def terminations_between(
        self, start: date, end: date, *, chunk_size: int = 2000
    ) -> Iterator[Termination]:
        """Keyset pagination on (end_date, id): each chunk is one short query, no open cursor."""
        base = (
            EmploymentSpell.objects.using(self.using)
            .filter(end_date__gte=start, end_date__lte=end)
            .select_related("employer", "person")
            .order_by("end_date", "id")
        )
        after: tuple[date, int] | None = None
        while True:
            page = base
            if after is not None:
                page = page.filter(Q(end_date__gt=after[0]) | Q(end_date=after[0], id__gt=after[1]))
            with read_only_store(self.using):
                rows = list(page[:chunk_size])
            for s in rows:
                assert s.end_date is not None  # noqa: S101 - filtered on end_date above
                yield Termination(
                    personal_id=s.person.personal_id,
                    employer=_employer(s.employer),
                    contract_type=s.contract_type,
                    start_date=s.start_date,
                    end_date=s.end_date,
                    termination_reason=s.termination_reason,
                )
            if len(rows) < chunk_size:
                return
            last = rows[-1]
            assert last.end_date is not None  # noqa: S101
            after = (last.end_date, last.pk)

    #: signed_extracts takes the records the caller already read (the store is this very store).
    signs_given_records = True

    def signed_extracts(
        self, personal_ids: Iterable[str], *, records: dict[str, PersonRecord] | None = None
    ) -> dict[str, SignedExtract]:
        """The stand-in agency's confirmation (eligibility.signed_extract.SignsExtracts): each
        known person's record as an extract signed with the agency's (development) key."""
        if not signed_extracts_enabled():
            return {}
        ids = list(personal_ids)
        if records is None:
            records = self.person_records(ids)
        return records_extracts_sign(records[p] for p in ids if p in records)

    def data_through(self) -> date | None:
        with read_only_store(self.using):
            snapshot = _snapshots_latest_first().using(self.using).first()
        return snapshot.data_through if snapshot else None

    def employer(self, tax_code: str) -> EmployerInfo | None:
        with read_only_store(self.using):
            row = Employer.objects.using(self.using).filter(tax_code=tax_code).first()
        return _employer(row) if row is not None else None

    def employment_histories(self, personal_ids: Iterable[str]) -> dict[str, EmploymentHistory]:
        """Two queries whatever the number of people: the people, then their contracts."""
        ids = sorted({str(p) for p in personal_ids})
        if not ids:
            return {}
        with read_only_store(self.using):
            people = {
                pk: (personal_id, name)
                for pk, personal_id, name in Person.objects.using(self.using)
                .filter(personal_id__in=ids)
                .values_list("pk", "personal_id", "full_name")
            }
            spells: dict[int, list[Spell]] = {pk: [] for pk in people}
            for s in (
                EmploymentSpell.objects.using(self.using)
                .filter(person_id__in=list(people))
                .select_related("employer")
                .order_by("start_date", "id")
            ):
                spells[s.person_id].append(
                    Spell(
                        employer=_employer(s.employer),
                        contract_type=s.contract_type,
                        start_date=s.start_date,
                        end_date=s.end_date,
                        termination_reason=s.termination_reason,
                    )
                )
        return {
            personal_id: EmploymentHistory(
                personal_id=personal_id, full_name=name, spells=tuple(spells[pk])
            )
            for pk, (personal_id, name) in people.items()
        }


def get_registry() -> SocialSecurityRegistry:
    """The registry named by settings.SOCIAL_SECURITY_REGISTRY (a dotted path to a class)."""
    path = getattr(settings, "SOCIAL_SECURITY_REGISTRY", "eligibility.registry.DatabaseRegistry")
    registry: SocialSecurityRegistry = import_string(path)()
    return registry
