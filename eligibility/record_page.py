"""What the citizen's "Hồ sơ bảo hiểm xã hội" page shows, built from a registry PersonRecord.

The UI-month counts follow the registry's convention (eligibility.registry): the 24 and
36 calendar months ending with the reference month — the month of the latest termination,
or for a person still employed the current month (capped at the store's last reported
month) — each month counted once when unemployment insurance was paid for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eligibility.records.codes import (
    ContractType,
    Ownership,
    TerminationReason,
    WageRegime,
    WageRegion,
)
from eligibility.registry import (
    EmployerInfo,
    MonthlyContribution,
    PastBenefit,
    PersonRecord,
    Spell,
    month_start,
    window_start,
)

SHORT_WINDOW = 24
LONG_WINDOW = 36


def _label(choices: type, code: str) -> str | Promise:
    try:
        return choices(code).label
    except ValueError:
        return code  # a code a real registry sends that we do not know yet: show it as is


@dataclass(frozen=True)
class MonthCell:
    month: date
    status: str  # "ui" | "si" | "none" | "nodata"
    status_text: str | Promise
    salary: int
    employers: tuple[str, ...]
    in_short_window: bool
    in_long_window: bool
    is_termination: bool

    @property
    def css(self) -> str:
        classes = ["month"]
        if self.status == "ui":
            classes.append("month--ui")
        elif self.status == "si":
            classes.append("month--si")
        elif self.status == "nodata":
            classes.append("month--nodata")
        if self.in_short_window:
            classes.append("month--window")
        if self.is_termination:
            classes.append("month--termination")
        return " ".join(classes)


@dataclass(frozen=True)
class YearRow:
    year: int
    cells: tuple[MonthCell, ...]
    ui_months: int


@dataclass(frozen=True)
class SpellRow:
    spell: Spell
    contract_label: str | Promise
    reason_label: str | Promise
    latest_salary: int | None
    ui_months: int


@dataclass(frozen=True)
class EmployerRow:
    employer: EmployerInfo
    region_label: str | Promise
    ownership_label: str | Promise
    regime_label: str | Promise


@dataclass(frozen=True)
class RecordPage:
    record: PersonRecord
    reference_month: date
    reference_is_termination: bool
    short_window_start: date
    long_window_start: date
    ui_short: int
    ui_long: int
    ui_total: int
    insured_total: int
    years: tuple[YearRow, ...]
    spells: tuple[SpellRow, ...]
    employers: tuple[EmployerRow, ...]
    months_desc: tuple[MonthlyContribution, ...]
    latest: tuple[MonthlyContribution, ...]
    latest_total: int
    benefits: tuple[PastBenefit, ...]
    receiving_pension: bool
    data_through: date | None

    short_window = SHORT_WINDOW
    long_window = LONG_WINDOW


def build_record_page(record: PersonRecord, *, today: date) -> RecordPage:
    reference = record.reference_month(today)
    latest_termination = record.latest_termination
    reference_is_termination = not record.still_employed and latest_termination is not None
    termination_month = (
        month_start(latest_termination.end_date)
        if latest_termination is not None and latest_termination.end_date is not None
        else None
    )
    short_start = window_start(reference, SHORT_WINDOW)
    long_start = window_start(reference, LONG_WINDOW)

    by_month: dict[date, list[MonthlyContribution]] = {}
    for c in record.contributions:
        by_month.setdefault(c.month, []).append(c)

    first_years = [c.month.year for c in record.contributions] + [
        s.start_date.year for s in record.spells
    ]
    last_years = [reference.year] + [c.month.year for c in record.contributions]
    years: list[YearRow] = []
    if first_years:
        for year in range(min(first_years), max(last_years) + 1):
            cells = []
            for m in range(1, 13):
                month = date(year, m, 1)
                rows = by_month.get(month, [])
                if any(r.ui_paid for r in rows):
                    status, text = "ui", _("đã đóng bảo hiểm thất nghiệp")
                elif rows:
                    status, text = (
                        "si",
                        _("chỉ đóng bảo hiểm xã hội, không đóng bảo hiểm thất nghiệp"),
                    )
                elif record.data_through is not None and month > record.data_through:
                    status, text = "nodata", _("chưa có số liệu")
                else:
                    status, text = "none", _("không đóng")
                cells.append(
                    MonthCell(
                        month=month,
                        status=status,
                        status_text=text,
                        salary=sum(r.insured_salary for r in rows),
                        employers=tuple(r.employer_name for r in rows),
                        in_short_window=short_start <= month <= reference,
                        in_long_window=long_start <= month <= reference,
                        is_termination=month == termination_month,
                    )
                )
            years.append(
                YearRow(
                    year=year, cells=tuple(cells), ui_months=sum(c.status == "ui" for c in cells)
                )
            )

    spell_rows = []
    for spell in record.spells:
        last = month_start(spell.end_date) if spell.end_date else None
        own = [
            c
            for c in record.contributions
            if c.employer_tax_code == spell.employer.tax_code
            and c.month >= month_start(spell.start_date)
            and (last is None or c.month <= last)
        ]
        spell_rows.append(
            SpellRow(
                spell=spell,
                contract_label=_label(ContractType, spell.contract_type),
                reason_label=_label(TerminationReason, spell.termination_reason)
                if spell.termination_reason
                else "",
                latest_salary=own[-1].insured_salary if own else None,
                ui_months=sum(c.ui_paid for c in own),
            )
        )

    latest = record.latest_contributions
    return RecordPage(
        record=record,
        reference_month=reference,
        reference_is_termination=reference_is_termination,
        short_window_start=short_start,
        long_window_start=long_start,
        ui_short=record.ui_months_in_window(reference, SHORT_WINDOW),
        ui_long=record.ui_months_in_window(reference, LONG_WINDOW),
        ui_total=len(record.ui_months),
        insured_total=len(record.insured_months),
        years=tuple(years),
        spells=tuple(reversed(spell_rows)),
        employers=tuple(
            EmployerRow(
                employer=e,
                region_label=_label(WageRegion, e.wage_region),
                ownership_label=_label(Ownership, e.ownership),
                regime_label=_label(WageRegime, e.wage_regime),
            )
            for e in record.employers
        ),
        months_desc=tuple(
            sorted(record.contributions, key=lambda c: (c.month, c.employer_name), reverse=True)
        ),
        latest=latest,
        latest_total=sum(c.insured_salary for c in latest),
        benefits=record.benefits,
        receiving_pension=record.receiving_pension(today),
        data_through=record.data_through,
    )
