"""What a closure would add to spending: N workers in province P, with employer E's wage profile.

The profile is E's own workers as the social-security store records them: up to SAMPLE_LIMIT
of them (those still employed first, then the latest to leave), each assessed with the real
calculator (eligibility.assessment.assess, the same path as a claim) as if the employer
closed on the chosen day (reason `business_closure`, filed that day). The added cost of
benefit month k is N x (sum of the monthly benefits of the sampled workers entitled to at
least k months) / (workers sampled), rounded half up to the dong; workers the calculator
finds not eligible count in the sample with nothing, as they would after a real closure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import F
from django.utils.translation import gettext as _

from eligibility.assessment import Declared, assess
from eligibility.records.models import Employer, EmploymentSpell
from eligibility.registry import add_months, get_registry, month_start, read_only_store
from stats.refresh import round_half_up

SAMPLE_LIMIT = 200
MAX_WORKERS = 200_000


class ScenarioError(Exception):
    """A scenario that cannot be computed (no such employer, no worker on record)."""


@dataclass(frozen=True)
class ScenarioMonth:
    index: int  # benefit month k, from 1
    month: date
    amount: int
    workers: int  # of the N, how many are still paid that month (rounded)


@dataclass(frozen=True)
class ScenarioResult:
    workers: int
    province: str
    employer_tax_code: str
    employer_name: str
    closure_on: date
    sampled: int
    eligible: int
    average_benefit: int
    months: list[ScenarioMonth]

    @property
    def total(self) -> int:
        return sum(m.amount for m in self.months)

    @property
    def first_month(self) -> int:
        return self.months[0].amount if self.months else 0


def closure_scenario(*, workers: int, province: str, tax_code: str, on: date) -> ScenarioResult:
    if not 1 <= workers <= MAX_WORKERS:
        raise ScenarioError(_("Số người lao động phải từ 1 đến %(max)s.") % {"max": MAX_WORKERS})
    with read_only_store():
        employer = Employer.objects.filter(tax_code=tax_code).first()
        if employer is None:
            raise ScenarioError(_("Không có đơn vị nào mang mã số thuế này trong dữ liệu BHXH."))
        spells = list(
            EmploymentSpell.objects.filter(employer=employer, start_date__lte=on)
            .order_by(F("end_date").desc(nulls_first=True), "id")
            .values_list("person__personal_id", "contract_type")[: SAMPLE_LIMIT * 2]
        )
    chosen: dict[str, str] = {}
    for personal_id, contract_type in spells:
        chosen.setdefault(personal_id, contract_type)
        if len(chosen) == SAMPLE_LIMIT:
            break
    if not chosen:
        raise ScenarioError(_("Đơn vị này chưa có người lao động nào trong dữ liệu BHXH."))
    records = get_registry().person_records(chosen)
    benefits: list[tuple[int, int]] = []  # (monthly benefit, months) of each eligible worker
    sampled = 0
    for personal_id, contract_type in chosen.items():
        record = records.get(personal_id)
        if record is None:
            continue
        sampled += 1
        assessment = assess(
            personal_id=personal_id,
            filing_date=on,
            declared=Declared(
                employer_tax_code=tax_code,
                contract_type=contract_type,
                termination_date=on,
                termination_reason="business_closure",
            ),
            record=record,
        )
        result = assessment.result
        if result is not None and result.eligible and result.duration_months:
            benefits.append((result.monthly_benefit, result.duration_months))
    if not sampled:
        raise ScenarioError(_("Đơn vị này chưa có người lao động nào trong dữ liệu BHXH."))
    longest = max((months for _b, months in benefits), default=0)
    first = month_start(on)
    months = []
    for k in range(1, longest + 1):
        paid = [benefit for benefit, duration in benefits if duration >= k]
        months.append(
            ScenarioMonth(
                index=k,
                month=add_months(first, k),
                amount=round_half_up(Fraction(workers * sum(paid), sampled)),
                workers=round_half_up(Fraction(workers * len(paid), sampled)),
            )
        )
    return ScenarioResult(
        workers=workers,
        province=province,
        employer_tax_code=tax_code,
        employer_name=employer.name,
        closure_on=on,
        sampled=sampled,
        eligible=len(benefits),
        average_benefit=round(sum(b for b, _m in benefits) / len(benefits)) if benefits else 0,
        months=months,
    )
