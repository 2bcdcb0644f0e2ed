"""Assess one person's claim: read the record, build the calculator's facts, calculate, cross-check.

`assess` is what the "Am I eligible?" page, claim submission, the officer's review and the
what-if analysis call. It never raises for a person the registry does not know, a person
without an ended contract or a date before the first rule set: the result is then None and
`problem` says why in plain words.

Conventions (written down here because the record allows several readings):
- The contract the claim is about is the declared one when the record has it, else the one that
  ended most recently (`eligibility.crosscheck.select_spell`).
- Declared values (employer, contract type, termination date and reason) are what the
  calculation uses; differences from the record become flags.
- Contributions are merged per month: a month is UI-paid when any employer paid UI for it, and
  its insured salary is the sum of the UI-paid salaries of that month (of all salaries when none
  paid UI). Months after the termination month are not passed to the calculator; the cross-check
  flags them.
- Region and wage regime are those of the employer of the last UI-paid month up to the
  termination month (the terminated employer when several paid that month).
- Months used by earlier benefits: the sum of `contribution_months_used` of every earlier
  benefit whose used contributions end before the termination month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.utils.translation import gettext

from eligibility.calculator.engine import calculate
from eligibility.calculator.types import (
    CalculationResult,
    Check,
    ClaimFacts,
    ContractType,
    Contribution,
    Region,
    RuleBook,
    WageRegime,
)
from eligibility.crosscheck import Declared, Flag, OtherClaim, cross_check, select_spell
from eligibility.exceptions import RulesError
from eligibility.registry import (
    EmployerInfo,
    PersonRecord,
    SocialSecurityRegistry,
    get_registry,
    month_start,
)
from eligibility.selectors import rulebook_for_claim

__all__ = [
    "Assessment",
    "Declared",
    "Flag",
    "assess",
    "assessment_from_json",
    "assessment_to_json",
    "contributions_for",
    "facts_for",
]

CONTRACT_TYPES = ("indefinite", "fixed_term", "seasonal")
REGIONS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Assessment:
    facts: ClaimFacts | None
    result: CalculationResult | None
    flags: tuple[Flag, ...]
    record_found: bool
    problem: str | None
    #: The employer of the contract the claim is about (None when unknown).
    employer: EmployerInfo | None = None
    #: The rule set's display name and legal reference (the identifier is in result.rule_set).
    rule_set_name: str = ""
    legal_reference: str = ""
    #: The salaries averaged, newest first: (month, insured salary).
    averaged: tuple[tuple[date, int], ...] = field(default_factory=tuple)
    #: Why the cap is what it is: multiplier x the wage (`cap_base`) in force on `cap_wage_day`.
    cap_multiplier: int = 0
    cap_base: str = ""  # "regional_minimum_wage" | "base_salary"
    cap_wage_day: date | None = None

    @property
    def eligible(self) -> bool:
        return self.result is not None and self.result.eligible

    @property
    def blocking_flags(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.severity == "blocking")


def contributions_for(record: PersonRecord, termination_date: date) -> list[Contribution]:
    """The record's contributions up to the termination month, one per month (see module doc)."""
    last = month_start(termination_date)
    by_month: dict[date, list[Any]] = {}
    for c in record.contributions:
        if c.month <= last:
            by_month.setdefault(c.month, []).append(c)
    merged = []
    for month in sorted(by_month):
        rows = by_month[month]
        paid = [r for r in rows if r.ui_paid]
        salary = sum(r.insured_salary for r in (paid or rows))
        merged.append(Contribution(month=month, insured_salary=salary, ui_paid=bool(paid)))
    return merged


def _last_employer(
    record: PersonRecord, termination_date: date, preferred_tax_code: str
) -> tuple[str, str] | None:
    """(tax code, wage region) of the employer of the last UI-paid month up to termination."""
    last = month_start(termination_date)
    paid = [c for c in record.contributions if c.ui_paid and c.month <= last]
    if not paid:
        return None
    month = max(c.month for c in paid)
    rows = [c for c in paid if c.month == month]
    chosen = next((c for c in rows if c.employer_tax_code == preferred_tax_code), None)
    if chosen is None:
        chosen = max(rows, key=lambda c: (c.insured_salary, c.employer_tax_code))
    return chosen.employer_tax_code, chosen.wage_region


def facts_for(
    record: PersonRecord, declared: Declared | None, filing_date: date
) -> tuple[ClaimFacts | None, EmployerInfo | None, str | None]:
    """The calculator's facts for this claim, the employer, and a problem when there are none."""
    spell = select_spell(record, declared)
    declared = declared or Declared()
    termination_date = declared.termination_date or (spell.end_date if spell else None)
    if termination_date is None:
        return (
            None,
            None,
            gettext(
                "Dữ liệu bảo hiểm xã hội chưa ghi nhận hợp đồng lao động nào của bạn đã chấm "
                "dứt. Trợ cấp thất nghiệp chỉ xét khi hợp đồng lao động đã chấm dứt."
            ),
        )
    employers = {e.tax_code: e for e in record.employers}
    employer = employers.get(declared.employer_tax_code) if declared.employer_tax_code else None
    if employer is None and spell is not None:
        employer = spell.employer
    contract_type = declared.contract_type or (spell.contract_type if spell else "")
    reason = declared.termination_reason or (spell.termination_reason if spell else "")
    if contract_type not in CONTRACT_TYPES or not reason:
        return (
            None,
            employer,
            gettext(
                "Chưa đủ thông tin về hợp đồng đã chấm dứt (loại hợp đồng và lý do chấm dứt) "
                "để tính trợ cấp."
            ),
        )
    last = _last_employer(record, termination_date, employer.tax_code if employer else "")
    if last is not None:
        tax_code, region = last
        wage_regime = employers[tax_code].wage_regime if tax_code in employers else None
    else:
        region, wage_regime = (employer.wage_region, None) if employer else ("", None)
    if wage_regime is None:
        wage_regime = employer.wage_regime if employer else "enterprise"
    if region not in REGIONS:
        region = employer.wage_region if employer and employer.wage_region in REGIONS else "I"
    termination_month = month_start(termination_date)
    used = sum(
        b.contribution_months_used
        for b in record.benefits
        if month_start(b.contributions_used_through) < termination_month
    )
    facts = ClaimFacts(
        termination_date=termination_date,
        filing_date=filing_date,
        contract_type=cast(ContractType, contract_type),
        termination_reason=reason,
        wage_regime=cast(
            WageRegime, wage_regime if wage_regime in ("enterprise", "state") else "enterprise"
        ),
        region=cast(Region, region),
        receiving_pension=record.receiving_pension(filing_date),
        months_used_by_earlier_benefit=used,
    )
    return facts, employer, None


def _averaged(contributions: list[Contribution], book: RuleBook) -> tuple[tuple[date, int], ...]:
    paid = [c for c in contributions if c.ui_paid]
    newest = sorted(paid, key=lambda c: c.month, reverse=True)[: book.rule_set.averaged_months]
    return tuple((c.month, c.insured_salary) for c in newest)


def _cap_wage_day(contributions: list[Contribution], facts: ClaimFacts, book: RuleBook) -> date:
    """The day whose wage the cap multiplies (the calculator's convention, for the explanation)."""
    if book.rule_set.cap_wage_date == "termination_date":
        return facts.termination_date
    paid = [c.month for c in contributions if c.ui_paid]
    return max(paid) if paid else month_start(facts.termination_date)


def assess(
    *,
    personal_id: str,
    filing_date: date,
    declared: Declared | None = None,
    registry: SocialSecurityRegistry | None = None,
    book: RuleBook | None = None,
    record: PersonRecord | None = None,
    other_claims: tuple[OtherClaim, ...] = (),
    decision_date: date | None = None,
) -> Assessment:
    """The eligibility of `personal_id` for a claim filed on `filing_date` (see module doc).

    The law is the one in force on `decision_date`; without it (an estimate, a claim not
    decided yet) the decision is taken to be made on its deadline (RULES.md's convention).

    `record` may be passed when the caller already read it (batch work reads many at once);
    `other_claims` are the person's other claims in the portal (claims.filing.duplicates).
    """
    if record is None:
        record = (registry or get_registry()).person_record(personal_id)
    if record is None:
        return Assessment(
            facts=None,
            result=None,
            flags=(),
            record_found=False,
            problem=gettext(
                "Không tìm thấy dữ liệu bảo hiểm xã hội của bạn. Nếu bạn đã từng đóng bảo hiểm, "
                "hãy liên hệ cơ quan bảo hiểm xã hội hoặc trung tâm dịch vụ việc làm."
            ),
        )
    facts, employer, problem = facts_for(record, declared, filing_date)
    if facts is None:
        return Assessment(
            facts=None, result=None, flags=(), record_found=True, problem=problem, employer=employer
        )
    contributions = contributions_for(record, facts.termination_date)
    try:
        # A missing rule value (no rule set, no wage for a date) is the administrators' to fix;
        # the person is told in plain words rather than shown an error page.
        if book is None:
            book = rulebook_for_claim(filing_date, decision_date)
        result = calculate(book, facts, contributions)
    except RulesError as error:
        return Assessment(
            facts=facts,
            result=None,
            flags=(),
            record_found=True,
            problem=str(error),
            employer=employer,
        )
    flags = cross_check(record, declared, facts, filing_date, book, other_claims)
    return Assessment(
        facts=facts,
        result=result,
        flags=flags,
        record_found=True,
        problem=None,
        employer=employer,
        rule_set_name=book.rule_set.name,
        legal_reference=book.rule_set.legal_reference,
        averaged=_averaged(contributions, book),
        cap_multiplier=book.rule_set.cap_multiplier,
        cap_base=book.rule_set.cap_base.get(facts.wage_regime, ""),
        cap_wage_day=_cap_wage_day(contributions, facts, book),
    )


# --- JSON (Claim.eligibility, the API) --------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    return value


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def assessment_to_json(a: Assessment) -> dict[str, Any]:
    """A JSON-safe dict of the assessment; `assessment_from_json` reads it back."""
    facts = a.facts
    result = a.result
    return {
        "version": 1,
        "record_found": a.record_found,
        "problem": a.problem,
        "eligible": a.eligible,
        "employer": _jsonable(a.employer.__dict__) if a.employer else None,
        "rule_set_name": a.rule_set_name,
        "legal_reference": a.legal_reference,
        "averaged": [[m.isoformat(), s] for m, s in a.averaged],
        "cap_multiplier": a.cap_multiplier,
        "cap_base": a.cap_base,
        "cap_wage_day": a.cap_wage_day.isoformat() if a.cap_wage_day else None,
        "facts": _jsonable(facts.__dict__) if facts else None,
        "result": (
            {
                **{k: _jsonable(v) for k, v in result.__dict__.items() if k != "checks"},
                "checks": [
                    {
                        "code": c.code,
                        "passed": c.passed,
                        "message_vi": c.message_vi,
                        "message_en": c.message_en,
                        "values": _jsonable(c.values),
                    }
                    for c in result.checks
                ],
            }
            if result
            else None
        ),
        "flags": [
            {
                "code": f.code,
                "severity": f.severity,
                "message_vi": f.message_vi,
                "message_en": f.message_en,
                "values": _jsonable(f.values),
            }
            for f in a.flags
        ],
    }


def assessment_from_json(data: dict[str, Any]) -> Assessment:
    """The Assessment stored by `assessment_to_json` (check and flag values stay JSON values)."""
    facts_data = data.get("facts")
    facts = None
    if facts_data:
        facts = ClaimFacts(
            **{
                **facts_data,
                "termination_date": date.fromisoformat(facts_data["termination_date"]),
                "filing_date": date.fromisoformat(facts_data["filing_date"]),
            }
        )
    result = None
    if data.get("result"):
        r = dict(data["result"])
        checks = tuple(Check(**c) for c in r.pop("checks"))
        result = CalculationResult(
            **{
                **r,
                "checks": checks,
                "entitlement_start": _day(r.get("entitlement_start")),
                "entitlement_end": _day(r.get("entitlement_end")),
                "installment_dates": tuple(
                    date.fromisoformat(d) for d in r.get("installment_dates", [])
                ),
                "decision_deadline": _day(r.get("decision_deadline")),
                "last_filing_day": _day(r.get("last_filing_day")),
                "decision_date": _day(r.get("decision_date")),
                "provisional_dates": tuple(r.get("provisional_dates", ())),
            }
        )
    employer = EmployerInfo(**data["employer"]) if data.get("employer") else None
    return Assessment(
        facts=facts,
        result=result,
        flags=tuple(Flag(**f) for f in data.get("flags", [])),
        record_found=data.get("record_found", False),
        problem=data.get("problem"),
        employer=employer,
        rule_set_name=data.get("rule_set_name", ""),
        legal_reference=data.get("legal_reference", ""),
        averaged=tuple((date.fromisoformat(m), s) for m, s in data.get("averaged", [])),
        cap_multiplier=data.get("cap_multiplier", 0),
        cap_base=data.get("cap_base", ""),
        cap_wage_day=_day(data.get("cap_wage_day")),
    )
