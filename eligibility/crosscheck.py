"""The cross-check of a claim against the social-security record: one pure function, no database.

`cross_check` compares what the worker declared and the facts the calculation used with the
person's record and returns flags for the officer (and, in plain words, for the worker):

| code | severity | when |
|---|---|---|
| employer_differs | needs_review | the declared employer has no ended contract in the record |
| termination_date_differs | needs_review | the declared termination date is not the recorded one |
| contract_type_differs | needs_review | the declared contract type is not the recorded one |
| termination_reason_differs | needs_review | the declared reason is not the recorded one |
| contributions_after_termination | needs_review | contributions for months after the termination month (re-employed?) |
| other_employer_paying | needs_review | another contract still runs, or another employer paid for the termination month |
| receiving_pension | blocking | the record shows a monthly pension on the filing date |
| benefit_active | blocking | an earlier benefit still runs on, or after, the termination date |
| benefit_recent | info | an earlier benefit ended within the 12 months before the termination |
| reason_excluded | blocking | the termination reason excludes benefit under the rule set |
| filed_after_deadline | blocking | the filing date is after the last filing day |
| salary_above_ceiling | needs_review | a declared (or recorded) insured salary above 20 x the regional minimum wage |
| claim_same_termination | blocking | another claim of the person in the portal is about the same termination |
| claim_open | needs_review | another claim of the person is still open (a different termination, ADR 0012) |
| claim_benefit_overlap | blocking | a benefit approved on another claim runs on, or after, this termination date |

Severity: "blocking" means the claim cannot succeed as it stands, "needs_review" that an
officer must look before deciding, "info" that the officer should know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from eligibility.calculator.dates import MissingRuleValue, add_months, wage_on
from eligibility.calculator.reasons import reason_en, reason_vi
from eligibility.calculator.types import ClaimFacts, DatedAmount, RuleBook
from eligibility.registry import PersonRecord, Spell, month_start

Severity = Literal["blocking", "needs_review", "info"]

#: The insured salary on which UI is paid is at most this many regional minimum wages
#: (Law on Employment 2013 Art. 58; 2025 Art. 34): a fixed number of the law, not a rule-set value.
SALARY_CEILING_MULTIPLIER = 20
#: An earlier benefit that ended this many months (or fewer) before the termination is "recent".
RECENT_BENEFIT_MONTHS = 12

_CONTRACT_TYPES_VI = {
    "indefinite": "không xác định thời hạn",
    "fixed_term": "xác định thời hạn",
    "seasonal": "mùa vụ / dưới 12 tháng",
}
_CONTRACT_TYPES_EN = {
    "indefinite": "indefinite-term",
    "fixed_term": "fixed-term",
    "seasonal": "seasonal / under 12 months",
}
_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class Flag:
    code: str
    severity: Severity
    message_vi: str
    message_en: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class OtherClaim:
    """Another claim of the same person in the portal (the social-security store does not know
    the portal's claims, so claims.filing.duplicates passes them in)."""

    reference: str
    status: str
    employer_tax_code: str
    termination_date: date
    #: Undecided, or an approval still paying (claims.filing.duplicates.open_q).
    is_open: bool
    #: The approved benefit period, when there is one.
    entitlement_start: date | None = None
    entitlement_end: date | None = None


@dataclass(frozen=True)
class Declared:
    """What the worker declared on a claim; an empty field means "as in my record"."""

    employer_tax_code: str = ""
    contract_type: str = ""
    termination_date: date | None = None
    termination_reason: str = ""
    #: The monthly insured salary the worker says they had (optional).
    insured_salary: int | None = None


# --- Small pure helpers, shared with eligibility.assessment ---------------------------------


# The calculator's month arithmetic (same day N months later, clamped to the month's end),
# under the name the assessment and the filing code know it by.
add_months_clamped = add_months


def last_filing_day(termination_date: date, book: RuleBook) -> date:
    """RULES.md [convention]: the same day N months later (inclusive), clamped to month end."""
    return add_months_clamped(termination_date, book.rule_set.filing_deadline_months)


def amount_on(rows: tuple[DatedAmount, ...], day: date) -> int | None:
    """The amount in force on `day` (the calculator's binary search), or None before the first."""
    try:
        return wage_on(rows, day)
    except MissingRuleValue:
        return None


def select_spell(record: PersonRecord, declared: Declared | None) -> Spell | None:
    """The ended contract the claim is about: the declared one if the record has it, else the latest.

    With a declared employer, its ended contract ending on the declared date (or its latest
    ended one) is chosen; a declared date alone picks the contract ending that day.
    """
    ended = [s for s in record.spells if s.end_date is not None]
    if not ended:
        return None

    def latest(spells: list[Spell]) -> Spell:
        return max(spells, key=lambda s: (s.end_date, s.start_date))

    if declared is not None:
        candidates = ended
        if declared.employer_tax_code:
            candidates = [s for s in ended if s.employer.tax_code == declared.employer_tax_code]
        if declared.termination_date is not None:
            on_day = [s for s in candidates if s.end_date == declared.termination_date]
            if on_day:
                return latest(on_day)
        if candidates and declared.employer_tax_code:
            return latest(candidates)
    return latest(ended)


def money_vi(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def money_en(amount: int) -> str:
    return f"{amount:,} ₫"


def date_vi(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def date_en(day: date) -> str:
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def month_vi(month: date) -> str:
    return month.strftime("%m/%Y")


def month_en(month: date) -> str:
    return f"{_MONTHS_EN[month.month - 1]} {month.year}"


# --- The cross-check -------------------------------------------------------------------------


def cross_check(
    record: PersonRecord,
    declared: Declared | None,
    facts: ClaimFacts,
    filing_date: date,
    book: RuleBook,
    other_claims: tuple[OtherClaim, ...] = (),
) -> tuple[Flag, ...]:
    """Every difference or warning sign between the claim and the record, most serious first."""
    spell = select_spell(record, declared)
    flags: list[Flag] = []
    flags += _declared_differences(record, declared, spell)
    # The claim's employer: the declared one and the one of the recorded contract (they may differ,
    # which is flagged above and must not count again as "another employer").
    claim_employers = {spell.employer.tax_code} if spell else set()
    if declared is not None and declared.employer_tax_code:
        claim_employers.add(declared.employer_tax_code)
    flags += _after_termination(record, facts, claim_employers, spell)
    flags += _pension(record, facts, filing_date)
    flags += _benefits(record, facts)
    flags += _other_claims(other_claims, facts, claim_employers)
    flags += _reason(facts, book)
    flags += _deadline(facts, filing_date, book)
    flags += _salary(record, declared, facts, book)
    order = {"blocking": 0, "needs_review": 1, "info": 2}
    return tuple(sorted(flags, key=lambda f: order[f.severity]))


def _declared_differences(
    record: PersonRecord, declared: Declared | None, spell: Spell | None
) -> list[Flag]:
    if declared is None:
        return []
    flags: list[Flag] = []
    if declared.employer_tax_code and (
        spell is None or spell.employer.tax_code != declared.employer_tax_code
    ):
        known = {e.tax_code: e for e in record.employers}
        running = known.get(declared.employer_tax_code)
        recorded = spell.employer if spell else None
        if running is not None:
            detail_vi = " Theo dữ liệu BHXH, hợp đồng với đơn vị này chưa chấm dứt."
            detail_en = " The record shows the contract with this employer still running."
        else:
            detail_vi = " Đơn vị này không có trong quá trình đóng bảo hiểm."
            detail_en = " This employer does not appear in the insurance history."
        flags.append(
            Flag(
                "employer_differs",
                "needs_review",
                f"Đơn vị kê khai (mã số thuế {declared.employer_tax_code}) khác với dữ liệu "
                f"BHXH{f' ({recorded.name}, mã số thuế {recorded.tax_code})' if recorded else ''}."
                + detail_vi,
                f"The declared employer (tax code {declared.employer_tax_code}) differs from the "
                f"social-security record{f' ({recorded.name}, tax code {recorded.tax_code})' if recorded else ''}."
                + detail_en,
                {
                    "declared": declared.employer_tax_code,
                    "recorded": recorded.tax_code if recorded else None,
                    "recorded_name": recorded.name if recorded else None,
                    "in_record": running is not None,
                },
            )
        )
    if spell is None:
        return flags
    same_employer = (
        not declared.employer_tax_code or spell.employer.tax_code == declared.employer_tax_code
    )
    if not same_employer:
        return flags  # the other fields would be compared with a different contract
    if declared.termination_date is not None and declared.termination_date != spell.end_date:
        assert spell.end_date is not None  # noqa: S101 - select_spell only returns ended contracts
        flags.append(
            Flag(
                "termination_date_differs",
                "needs_review",
                f"Ngày chấm dứt hợp đồng kê khai ({date_vi(declared.termination_date)}) khác với "
                f"dữ liệu BHXH ({date_vi(spell.end_date)}).",
                f"The declared termination date ({date_en(declared.termination_date)}) differs "
                f"from the social-security record ({date_en(spell.end_date)}).",
                {"declared": declared.termination_date, "recorded": spell.end_date},
            )
        )
    if declared.contract_type and declared.contract_type != spell.contract_type:
        flags.append(
            Flag(
                "contract_type_differs",
                "needs_review",
                f"Loại hợp đồng kê khai ({_CONTRACT_TYPES_VI.get(declared.contract_type, declared.contract_type)}) "
                f"khác với dữ liệu BHXH ({_CONTRACT_TYPES_VI.get(spell.contract_type, spell.contract_type)}).",
                f"The declared contract type ({_CONTRACT_TYPES_EN.get(declared.contract_type, declared.contract_type)}) "
                f"differs from the record ({_CONTRACT_TYPES_EN.get(spell.contract_type, spell.contract_type)}).",
                {"declared": declared.contract_type, "recorded": spell.contract_type},
            )
        )
    if declared.termination_reason and declared.termination_reason != spell.termination_reason:
        flags.append(
            Flag(
                "termination_reason_differs",
                "needs_review",
                f"Lý do chấm dứt kê khai ({reason_vi(declared.termination_reason)}) khác với "
                f"dữ liệu BHXH ({reason_vi(spell.termination_reason)}).",
                f"The declared termination reason ({reason_en(declared.termination_reason)}) "
                f"differs from the record ({reason_en(spell.termination_reason)}).",
                {"declared": declared.termination_reason, "recorded": spell.termination_reason},
            )
        )
    return flags


def _after_termination(
    record: PersonRecord, facts: ClaimFacts, claim_employers: set[str], spell: Spell | None
) -> list[Flag]:
    """Two different stories, flagged once each.

    - Another contract was already running when this one ended and still runs (or that employer
      paid for the termination month): "other_employer_paying".
    - Contributions for months after the termination month by anyone else (the same employer
      again, or a job that started after the termination): "contributions_after_termination".
    """
    flags: list[Flag] = []
    termination = facts.termination_date
    termination_month = month_start(termination)
    started_later = {
        s.employer.tax_code
        for s in record.spells
        if s.start_date > termination and s.employer.tax_code not in claim_employers
    }
    others: dict[str, str] = {}
    for s in record.spells:
        if s.employer.tax_code in claim_employers or s is spell or s.start_date > termination:
            continue
        if s.end_date is None or s.end_date > termination:
            others[s.employer.tax_code] = s.employer.name
    for c in record.contributions_in(termination_month):
        if c.employer_tax_code not in claim_employers and c.employer_tax_code not in started_later:
            others[c.employer_tax_code] = c.employer_name
    if others:
        names = sorted(others.values())
        flags.append(
            Flag(
                "other_employer_paying",
                "needs_review",
                f"Đơn vị khác vẫn đóng bảo hiểm hoặc hợp đồng khác vẫn còn hiệu lực: {', '.join(names)}.",
                f"Another employer is still paying contributions or another contract is still "
                f"running: {', '.join(names)}.",
                {"employers": sorted(others)},
            )
        )
    later = [
        c
        for c in record.contributions
        if c.month > termination_month and c.employer_tax_code not in others
    ]
    if later:
        months = sorted({c.month for c in later})
        names = sorted({c.employer_name for c in later})
        flags.append(
            Flag(
                "contributions_after_termination",
                "needs_review",
                f"Có {len(months)} tháng đóng bảo hiểm sau tháng chấm dứt hợp đồng "
                f"(từ {month_vi(months[0])}, đơn vị: {', '.join(names)}). "
                "Người lao động có thể đã có việc làm mới.",
                f"{len(months)} month(s) of contributions after the termination month "
                f"(from {month_en(months[0])}, employer: {', '.join(names)}). "
                "The worker may have found a new job.",
                {"months": months, "employers": names},
            )
        )
    return flags


def _pension(record: PersonRecord, facts: ClaimFacts, filing_date: date) -> list[Flag]:
    if not (record.receiving_pension(filing_date) or facts.receiving_pension):
        return []
    since = record.pension_since
    return [
        Flag(
            "receiving_pension",
            "blocking",
            "Người lao động đang hưởng lương hưu hằng tháng"
            + (f" (từ {date_vi(since)})" if since else "")
            + " nên không thuộc diện hưởng trợ cấp thất nghiệp.",
            "The worker receives a monthly pension"
            + (f" (since {date_en(since)})" if since else "")
            + ", which excludes unemployment benefit.",
            {"pension_since": since},
        )
    ]


def _benefits(record: PersonRecord, facts: ClaimFacts) -> list[Flag]:
    flags: list[Flag] = []
    recent_from = add_months_clamped(facts.termination_date, -RECENT_BENEFIT_MONTHS)
    for benefit in record.benefits:
        values: dict[str, object] = {
            "decision_number": benefit.decision_number,
            "start_date": benefit.start_date,
            "end_date": benefit.end_date,
            "contribution_months_used": benefit.contribution_months_used,
        }
        if benefit.end_date >= facts.termination_date:
            flags.append(
                Flag(
                    "benefit_active",
                    "blocking",
                    f"Đã có quyết định hưởng trợ cấp thất nghiệp số {benefit.decision_number} "
                    f"từ {date_vi(benefit.start_date)} đến {date_vi(benefit.end_date)}, "
                    "còn hiệu lực vào hoặc sau ngày chấm dứt hợp đồng này.",
                    f"Unemployment benefit decision {benefit.decision_number} runs from "
                    f"{date_en(benefit.start_date)} to {date_en(benefit.end_date)}, on or after "
                    "this termination date.",
                    values,
                )
            )
        elif benefit.end_date >= recent_from:
            flags.append(
                Flag(
                    "benefit_recent",
                    "info",
                    f"Đã hưởng trợ cấp thất nghiệp gần đây (quyết định {benefit.decision_number}, "
                    f"đến {date_vi(benefit.end_date)}); {benefit.contribution_months_used} tháng "
                    "đóng đã được dùng và không tính lại.",
                    f"Unemployment benefit was paid recently (decision {benefit.decision_number}, "
                    f"until {date_en(benefit.end_date)}); {benefit.contribution_months_used} "
                    "contribution months were used and are not counted again.",
                    values,
                )
            )
    return flags


def _other_claims(
    others: tuple[OtherClaim, ...], facts: ClaimFacts, claim_employers: set[str]
) -> list[Flag]:
    """Overlaps with the person's other claims in the portal: never paid twice for one time."""
    flags: list[Flag] = []
    same = [
        o
        for o in others
        if o.termination_date == facts.termination_date and o.employer_tax_code in claim_employers
    ]
    if same:
        refs = ", ".join(o.reference for o in same)
        flags.append(
            Flag(
                "claim_same_termination",
                "blocking",
                f"Đã có hồ sơ {refs} về cùng lần chấm dứt hợp đồng này "
                f"({date_vi(facts.termination_date)}).",
                f"Claim {refs} is already about this same termination "
                f"({date_en(facts.termination_date)}).",
                {"references": [o.reference for o in same]},
            )
        )
    still_open = [o for o in others if o.is_open and o not in same]
    if still_open:
        refs = ", ".join(o.reference for o in still_open)
        flags.append(
            Flag(
                "claim_open",
                "needs_review",
                f"Người lao động đang có hồ sơ khác chưa kết thúc ({refs}, chấm dứt hợp đồng "
                f"ngày {', '.join(date_vi(o.termination_date) for o in still_open)}). "
                "Hai hồ sơ không được chi trả cho cùng một khoảng thời gian.",
                f"The worker has another claim still open ({refs}, termination on "
                f"{', '.join(date_en(o.termination_date) for o in still_open)}). "
                "The two must never pay for the same time.",
                {"references": [o.reference for o in still_open]},
            )
        )
    running = [
        o
        for o in others
        if o not in same
        and o.entitlement_end is not None
        and o.entitlement_end >= facts.termination_date
    ]
    for o in running:
        assert o.entitlement_end is not None  # noqa: S101 - filtered above
        start = o.entitlement_start or o.entitlement_end
        flags.append(
            Flag(
                "claim_benefit_overlap",
                "blocking",
                f"Hồ sơ {o.reference} đã được duyệt hưởng từ {date_vi(start)} đến "
                f"{date_vi(o.entitlement_end)}, còn hiệu lực vào hoặc sau ngày chấm dứt hợp "
                "đồng này: cần chấm dứt hưởng hồ sơ đó trước khi giải quyết hồ sơ này.",
                f"Claim {o.reference} was approved from {date_en(start)} to "
                f"{date_en(o.entitlement_end)}, on or after this termination date: that benefit "
                "must be ended before this claim is decided.",
                {"reference": o.reference, "start_date": start, "end_date": o.entitlement_end},
            )
        )
        break  # one flag row per code (ClaimFlag); the first such claim is named
    return flags


def _reason(facts: ClaimFacts, book: RuleBook) -> list[Flag]:
    if facts.termination_reason not in book.rule_set.excluded_reasons:
        return []
    return [
        Flag(
            "reason_excluded",
            "blocking",
            f"Lý do chấm dứt hợp đồng ({reason_vi(facts.termination_reason)}) không thuộc "
            f"diện được hưởng trợ cấp thất nghiệp ({book.rule_set.legal_reference}).",
            f"The termination reason ({reason_en(facts.termination_reason)}) excludes "
            f"unemployment benefit ({book.rule_set.legal_reference}).",
            {"reason": facts.termination_reason},
        )
    ]


def _deadline(facts: ClaimFacts, filing_date: date, book: RuleBook) -> list[Flag]:
    last_day = last_filing_day(facts.termination_date, book)
    if filing_date <= last_day:
        return []
    return [
        Flag(
            "filed_after_deadline",
            "blocking",
            f"Hồ sơ nộp ngày {date_vi(filing_date)}, sau hạn cuối {date_vi(last_day)} "
            f"({book.rule_set.filing_deadline_months} tháng kể từ ngày chấm dứt hợp đồng).",
            f"Filed on {date_en(filing_date)}, after the last filing day {date_en(last_day)} "
            f"({book.rule_set.filing_deadline_months} months from the termination date).",
            {"filing_date": filing_date, "last_filing_day": last_day},
        )
    ]


def _salary(
    record: PersonRecord, declared: Declared | None, facts: ClaimFacts, book: RuleBook
) -> list[Flag]:
    flags: list[Flag] = []
    if declared is not None and declared.insured_salary is not None:
        wage = amount_on(
            book.regional_minimum_wages.get(facts.region, ()), month_start(facts.termination_date)
        )
        if wage is not None and declared.insured_salary > SALARY_CEILING_MULTIPLIER * wage:
            ceiling = SALARY_CEILING_MULTIPLIER * wage
            flags.append(
                Flag(
                    "salary_above_ceiling",
                    "needs_review",
                    f"Tiền lương kê khai {money_vi(declared.insured_salary)} cao hơn mức tối đa "
                    f"đóng bảo hiểm thất nghiệp {money_vi(ceiling)} (20 lần lương tối thiểu vùng "
                    f"{facts.region}); mức hưởng chỉ tính trên tiền lương đã đóng.",
                    f"The declared salary {money_en(declared.insured_salary)} is above the most "
                    f"unemployment insurance is paid on, {money_en(ceiling)} (20 x the region "
                    f"{facts.region} minimum wage); benefit uses the salaries actually insured.",
                    {"declared": declared.insured_salary, "ceiling": ceiling, "source": "declared"},
                )
            )
    above = []
    for c in record.contributions:
        wage = amount_on(book.regional_minimum_wages.get(c.wage_region, ()), c.month)
        if wage is not None and c.insured_salary > SALARY_CEILING_MULTIPLIER * wage:
            above.append(c.month)
    if above:
        flags.append(
            Flag(
                "salary_above_ceiling",
                "needs_review",
                f"Dữ liệu BHXH ghi tiền lương đóng cao hơn 20 lần lương tối thiểu vùng trong "
                f"{len(above)} tháng (từ {month_vi(above[0])}); cần kiểm tra với cơ quan BHXH.",
                f"The record shows an insured salary above 20 x the regional minimum wage in "
                f"{len(above)} month(s) (from {month_en(above[0])}); check with social security.",
                {"months": above, "source": "record"},
            )
        )
    return flags
