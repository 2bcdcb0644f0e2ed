"""The unemployment-benefit calculator: one pure function from rules and facts to a result.

`calculate(book, facts, contributions)` reads nothing but its arguments (no database, no clock,
no settings) and explains every check in Vietnamese and English, citing the article. The rules
are /work/shared/RULES.md (Law 38/2013/QH13 Art. 49–53, Law 74/2025/QH15 Art. 38–41); the
numbers come from the RuleBook, so an administrator's dated change needs no code change.

Conventions (where the law leaves a detail open; docs/adr/0004-benefit-calculator.md):

- Contributions are per month; several rows for one month count as one month whose salary is
  the sum of the UI-paid rows. Rows with ui_paid=False never count. Months after the
  termination month are ignored (the cross-check flags them).
- Months used by an earlier benefit (`facts.months_used_by_earlier_benefit`) are the oldest
  UI-paid months: an earlier benefit consumed the months before its own termination. They are
  removed before counting both n and the months inside the window.
- The window is the 24 (or 36, by contract type) calendar months ending with the termination
  month.
- Average salary: the 6 most recent UI-paid months up to the termination month (gaps allowed,
  the used months included: the law takes the 6 months before termination). With fewer than
  6 such months (only possible for an ineligible claim) the months there are are averaged; with
  none, 0. `average_salary` is round_half_up(sum / k); the benefit is computed from the exact
  sum, not from the rounded average: round_half_up(sum x rate / k), then min(cap).
- Cap: 2013 law — cap_multiplier x (base salary for the State wage regime, regional minimum
  wage of the employer's region for the enterprise regime) in force on the termination date;
  2025 law — cap_multiplier x regional minimum wage in force on the first day of the last
  UI-paid month (minimum wages change on the first of a month, so this is the wage "applied in
  that month"); the termination month when no month was paid.
- Duration: n >= threshold -> min(max, base + floor((n - threshold) / step)); min <= n <
  threshold -> base. Used = n below the threshold, else threshold + step x (d - base);
  reserved = n - used.
- Dates: the filing day is never counted. Start = the (entitlement_start_days + 1)-th calendar
  or working day after filing; end = start + d months - 1 day (months clamp to the month's
  last day). One installment per benefit month, dated start + k months (k = 0..d-1, each
  computed from the start, so 31 January -> 28 February -> 31 March): the day the benefit month
  it pays for begins. Decision deadline = the decision_deadline_days-th day after filing
  (calendar or working). Last filing day = termination date + filing_deadline_months, clamped,
  inclusive; a filing before the termination date fails the same check.
- "Still unemployed" cannot be known at filing: it is reported as an informational check
  (`values["informational"] = True`, always passed) stating the condition and its period,
  which is entitlement_start_days in the unit of the rule set (15 days in 2013, 10 working
  days in 2025).
- An ineligible claim still gets the amounts it would have had (average, cap, monthly benefit)
  and its deadlines (last filing day, decision deadline: the centre still has to answer), but
  duration 0, reserved = n (nothing is used), no entitlement dates and no installments.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from eligibility.calculator import text
from eligibility.calculator.dates import (
    MissingRuleValue,
    WorkingCalendar,
    add_months,
    days_after,
    month_index,
    month_of_index,
    wage_on,
)
from eligibility.calculator.reasons import reason_en, reason_vi
from eligibility.calculator.types import (
    CalculationResult,
    Check,
    ClaimFacts,
    Contribution,
    DayUnit,
    LawChoice,
    RuleBook,
    RuleParameters,
)
from eligibility.exceptions import NoRuleSetInForce

__all__ = [
    "CHECK_CODES",
    "MissingRuleValue",
    "NoRuleSetInForce",
    "benefit_duration",
    "calculate",
    "choose_rule_set",
    "decision_deadline_for",
    "round_half_up",
    "select_rule_set",
]

#: The checks, in the order they are returned.
CHECK_CODES = (
    "termination_reason",
    "pension",
    "contribution_months",
    "filing_deadline",
    "still_unemployed",
    "applicable_law",
)

#: (article of the conditions, article of the amounts) per law; the conditions' article also
#: holds the filing deadline (2013 Art. 49.3, 2025 Art. 38.3).
_ARTICLES = {"2013": (49, 50), "2025": (38, 39)}
_ONE_DAY = timedelta(days=1)
_ONE = Decimal(1)


def round_half_up(value: Decimal) -> int:
    """Whole dong, halves rounded up (away from zero): 2.5 -> 3."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def select_rule_set(rule_sets: Sequence[RuleParameters], day: date) -> RuleParameters:
    """The rule set whose [valid_from, valid_until] holds `day` (both inclusive).

    `day` is the decision date (Law 74/2025 Art. 54.2, 55.4: the 2013 law governs decisions up
    to 2025-12-31, the 2025 law decisions from 2026-01-01, whenever the dossier was filed).
    valid_until None means open-ended. Raises NoRuleSetInForce when none does. Should two
    overlap (the rules tables prevent it), the one that started later wins.
    """
    chosen: RuleParameters | None = None
    for rule_set in rule_sets:
        if rule_set.valid_from <= day and (
            rule_set.valid_until is None or day <= rule_set.valid_until
        ):
            if chosen is None or rule_set.valid_from > chosen.valid_from:
                chosen = rule_set
    if chosen is None:
        raise NoRuleSetInForce(day)
    return chosen


def decision_deadline_for(rules: RuleParameters, filing: date, calendar: WorkingCalendar) -> date:
    """The decision_deadline_days-th (calendar or working) day after filing."""
    if rules.decision_deadline_unit == "working":
        return calendar.working_days_after(filing, rules.decision_deadline_days)
    return days_after(filing, rules.decision_deadline_days)


def choose_rule_set(
    rule_sets: Sequence[RuleParameters],
    filing_date: date,
    decision_date: date | None,
    calendar: WorkingCalendar,
) -> tuple[RuleParameters, LawChoice]:
    """The rule set a claim is decided under, and why (RULES.md: chosen by the decision date).

    The deadline is the one of the rule set in force on the filing day (20 working days under
    the 2013 law's rule as amended by Decree 61/2020). Without `decision_date` the decision is
    taken to be made on that deadline [convention]. A dossier filed while one law was in force
    and decided after the next took effect is decided under the next (Law 74/2025 Art. 55.4).
    """
    at_filing = select_rule_set(rule_sets, filing_date)
    deadline = decision_deadline_for(at_filing, filing_date, calendar)
    when = decision_date if decision_date is not None else deadline
    chosen = at_filing if when == filing_date else select_rule_set(rule_sets, when)
    return chosen, LawChoice(
        decision_date=when,
        assumed=decision_date is None,
        deadline=deadline,
        filing_rule_set=at_filing.identifier,
        filing_law=at_filing.law,
        transitional=chosen.law != at_filing.law,
        deadline_provisional=at_filing.decision_deadline_unit == "working"
        and calendar.is_provisional(filing_date, deadline),
    )


def benefit_duration(rules: RuleParameters, months: int) -> tuple[int, int, int]:
    """(benefit months, contribution months used, months reserved) for n contribution months.

    n below the minimum gives (0, 0, n): no benefit, everything kept.
    """
    if months < rules.min_contribution_months:
        return 0, 0, months
    base = rules.duration_base_months
    if months < rules.duration_base_threshold:
        return base, months, 0
    steps = (months - rules.duration_base_threshold) // rules.duration_step_months
    duration = min(rules.duration_max_months, base + steps)
    used = rules.duration_base_threshold + rules.duration_step_months * (duration - base)
    return duration, used, months - used


def _day_after(day: date, count: int, unit: DayUnit, calendar: WorkingCalendar) -> date:
    if unit == "working":
        return calendar.working_days_after(day, count)
    return days_after(day, count)


def _share(total: int, rate: Decimal, count: int) -> int:
    """round_half_up(total x rate / count) in exact integer arithmetic (no Decimal context
    limit, so a salary of any size is computed right)."""
    numerator, denominator = rate.as_integer_ratio()
    num = total * numerator
    den = denominator * count
    return (2 * num + den) // (2 * den)


def calculate(
    book: RuleBook, facts: ClaimFacts, contributions: Sequence[Contribution]
) -> CalculationResult:
    """Judge one claim under `book.rule_set` (see the module doc for every convention)."""
    rules = book.rule_set
    law = rules.law
    art_conditions = _ARTICLES.get(law, (0, 0))[0]
    cite_vi = text.article_vi(art_conditions, law)
    cite_en = text.article_en(art_conditions, law)
    termination = facts.termination_date
    filing = facts.filing_date
    last_index = month_index(termination)

    # One salary per UI-paid month up to the termination month.
    # (month_index inlined: this loop is the calculator's hot path, see bench/eligibility.py.)
    salaries: dict[int, int] = {}
    for contribution in contributions:
        if contribution.ui_paid:
            month = contribution.month
            index = month.year * 12 + month.month - 1
            if index <= last_index:
                salaries[index] = salaries.get(index, 0) + contribution.insured_salary
    paid = sorted(salaries)
    used_before = min(max(facts.months_used_by_earlier_benefit, 0), len(paid))
    months = len(paid) - used_before

    window = rules.window_months.get(facts.contract_type)
    if window is None:
        raise MissingRuleValue(f"số tháng xét đóng cho loại hợp đồng {facts.contract_type}")
    window_first = last_index - window + 1
    in_window = len(paid) - bisect_left(paid, window_first, lo=used_before)

    # Amounts.
    recent = paid[-rules.averaged_months :] if rules.averaged_months > 0 else []
    total = sum(salaries[index] for index in recent)
    if recent:
        average_salary = _share(total, _ONE, len(recent))
        raw_benefit = _share(total, rules.replacement_rate, len(recent))
    else:
        average_salary = raw_benefit = 0
    if rules.cap_wage_date == "termination_date":
        cap_day = termination
    else:
        cap_day = month_of_index(paid[-1] if paid else last_index)
    cap_base = rules.cap_base.get(facts.wage_regime)
    if cap_base == "base_salary":
        cap_wage = wage_on(book.base_salaries, cap_day, what="lương cơ sở")
    elif cap_base == "regional_minimum_wage":
        wages = book.regional_minimum_wages.get(facts.region)
        if wages is None:
            raise MissingRuleValue(f"lương tối thiểu vùng {facts.region}")
        cap_wage = wage_on(wages, cap_day, what=f"lương tối thiểu vùng {facts.region}")
    else:
        raise MissingRuleValue(f"mức trần cho chế độ tiền lương {facts.wage_regime}")
    cap = rules.cap_multiplier * cap_wage
    monthly_benefit = min(raw_benefit, cap)

    last_filing_day = add_months(termination, rules.filing_deadline_months)
    calendar = book.calendar or WorkingCalendar(book.holidays)  # __post_init__ builds one
    choice = book.law_choice
    provisional: list[str] = []
    if choice is not None:
        decision_deadline = choice.deadline
        if choice.deadline_provisional:
            provisional.append("decision_deadline")
    else:
        decision_deadline = _day_after(
            filing, rules.decision_deadline_days, rules.decision_deadline_unit, calendar
        )
        if rules.decision_deadline_unit == "working" and calendar.is_provisional(
            filing, decision_deadline
        ):
            provisional.append("decision_deadline")

    checks = (
        _reason_check(rules, facts, cite_vi, cite_en),
        _pension_check(facts, cite_vi, cite_en),
        _months_check(
            rules,
            months=months,
            in_window=in_window,
            used_before=used_before,
            window=window,
            window_first=month_of_index(window_first),
            window_last=month_of_index(last_index),
            cite_vi=cite_vi,
            cite_en=cite_en,
        ),
        _filing_check(rules, termination, filing, last_filing_day, cite_vi, cite_en),
        _unemployed_check(rules, cite_vi, cite_en),
        _law_check(rules, choice, filing),
    )
    eligible = all(check.passed for check in checks)

    if eligible:
        duration, _used, reserved = benefit_duration(rules, months)
        start = _day_after(
            filing, rules.entitlement_start_days + 1, rules.entitlement_start_unit, calendar
        )
        if rules.entitlement_start_unit == "working" and calendar.is_provisional(filing, start):
            provisional += ["entitlement_start", "entitlement_end"]
        end: date | None = add_months(start, duration) - _ONE_DAY
        installments = tuple(add_months(start, k) for k in range(duration))
        entitlement_start: date | None = start
    else:
        duration, reserved = 0, months
        entitlement_start = end = None
        installments = ()

    return CalculationResult(
        eligible=eligible,
        checks=checks,
        average_salary=average_salary,
        cap=cap,
        monthly_benefit=monthly_benefit,
        duration_months=duration,
        reserved_months=reserved,
        contribution_months=months,
        entitlement_start=entitlement_start,
        entitlement_end=end,
        installment_dates=installments,
        rule_set=rules.identifier,
        decision_deadline=decision_deadline,
        last_filing_day=last_filing_day,
        decision_date=choice.decision_date if choice else None,
        decision_date_assumed=choice.assumed if choice else True,
        law_reason=_law_reason(choice),
        provisional_dates=tuple(provisional),
    )


def _law_reason(choice: LawChoice | None) -> str:
    if choice is None:
        return ""
    if choice.transitional:
        return "article_55_4"
    return "decision_deadline" if choice.assumed else "decision_date"


# --- the checks ----------------------------------------------------------------------------


def _reason_check(rules: RuleParameters, facts: ClaimFacts, cite_vi: str, cite_en: str) -> Check:
    reason = facts.termination_reason
    label_vi = reason_vi(reason)
    label_en = reason_en(reason)
    excluded = reason in rules.excluded_reasons
    values: dict[str, object] = {"termination_reason": reason, "excluded": excluded}
    if excluded:
        return Check(
            code="termination_reason",
            passed=False,
            message_vi=(
                f"Không được hưởng trợ cấp thất nghiệp vì lý do chấm dứt hợp đồng là "
                f"{label_vi} ({cite_vi})."
            ),
            message_en=(f"No unemployment benefit: the contract ended by {label_en} ({cite_en})."),
            values=values,
        )
    return Check(
        code="termination_reason",
        passed=True,
        message_vi=(
            f"Lý do chấm dứt hợp đồng ({label_vi}) không thuộc trường hợp bị loại trừ ({cite_vi})."
        ),
        message_en=(
            f"The contract ended by {label_en}, which does not exclude benefit ({cite_en})."
        ),
        values=values,
    )


def _pension_check(facts: ClaimFacts, cite_vi: str, cite_en: str) -> Check:
    values: dict[str, object] = {"receiving_pension": facts.receiving_pension}
    if facts.receiving_pension:
        return Check(
            code="pension",
            passed=False,
            message_vi=(
                "Không được hưởng trợ cấp thất nghiệp vì bạn đang hưởng lương hưu hoặc trợ cấp "
                f"mất sức lao động hằng tháng ({cite_vi})."
            ),
            message_en=(
                "No unemployment benefit: you receive a monthly pension or working-capacity-loss "
                f"allowance ({cite_en})."
            ),
            values=values,
        )
    return Check(
        code="pension",
        passed=True,
        message_vi=(
            f"Bạn không hưởng lương hưu hay trợ cấp mất sức lao động hằng tháng ({cite_vi})."
        ),
        message_en=(
            f"You do not receive a monthly pension or working-capacity-loss allowance ({cite_en})."
        ),
        values=values,
    )


def _months_check(
    rules: RuleParameters,
    *,
    months: int,
    in_window: int,
    used_before: int,
    window: int,
    window_first: date,
    window_last: date,
    cite_vi: str,
    cite_en: str,
) -> Check:
    required = rules.min_contribution_months
    passed = in_window >= required
    span_vi = f"{text.month_vi(window_first)}–{text.month_vi(window_last)}"
    span_en = f"{text.month_en(window_first)} – {text.month_en(window_last)}"
    used_vi = (
        f" (chưa tính {text.months_vi(used_before)} đã dùng cho lần hưởng trước)"
        if used_before
        else ""
    )
    used_en = (
        f" (not counting {text.months_en(used_before)} used by an earlier benefit)"
        if used_before
        else ""
    )
    values: dict[str, object] = {
        "contribution_months": months,
        "months_in_window": in_window,
        "window_months": window,
        "window_start": window_first,
        "window_end": window_last,
        "required": required,
        "months_used_by_earlier_benefit": used_before,
    }
    if passed:
        message_vi = (
            f"Bạn có {text.months_vi(months)} đóng BHTN{used_vi}, trong đó "
            f"{text.months_vi(in_window)} trong {window} tháng trước khi nghỉ việc ({span_vi}); "
            f"cần ít nhất {text.months_vi(required)} ({cite_vi})."
        )
        message_en = (
            f"You have {text.months_en(months)} of unemployment-insurance contributions"
            f"{used_en}, {in_window} of them in the {window} months before your job ended "
            f"({span_en}); at least {required} are needed ({cite_en})."
        )
    elif in_window == months:
        message_vi = (
            f"Bạn chỉ có {text.months_vi(months)} đóng BHTN{used_vi} trong {window} tháng trước "
            f"khi nghỉ việc ({span_vi}); cần ít nhất {text.months_vi(required)} ({cite_vi})."
        )
        message_en = (
            f"You have only {text.months_en(months)} of unemployment-insurance contributions"
            f"{used_en} in the {window} months before your job ended ({span_en}); at least "
            f"{required} are needed ({cite_en})."
        )
    else:
        message_vi = (
            f"Bạn có {text.months_vi(months)} đóng BHTN{used_vi}, nhưng chỉ "
            f"{text.months_vi(in_window)} trong {window} tháng trước khi nghỉ việc ({span_vi}); "
            f"cần ít nhất {text.months_vi(required)} ({cite_vi})."
        )
        message_en = (
            f"You have {text.months_en(months)} of unemployment-insurance contributions"
            f"{used_en}, but only {in_window} in the {window} months before your job ended "
            f"({span_en}); at least {required} are needed ({cite_en})."
        )
    return Check(
        code="contribution_months",
        passed=passed,
        message_vi=message_vi,
        message_en=message_en,
        values=values,
    )


def _filing_check(
    rules: RuleParameters,
    termination: date,
    filing: date,
    last_day: date,
    cite_vi: str,
    cite_en: str,
) -> Check:
    period_vi = text.months_vi(rules.filing_deadline_months)
    period_en = text.months_en(rules.filing_deadline_months)
    values: dict[str, object] = {
        "termination_date": termination,
        "filing_date": filing,
        "last_filing_day": last_day,
        "deadline_months": rules.filing_deadline_months,
    }
    if filing < termination:
        return Check(
            code="filing_deadline",
            passed=False,
            message_vi=(
                f"Ngày nộp hồ sơ {text.date_vi(filing)} trước ngày chấm dứt hợp đồng "
                f"{text.date_vi(termination)}: chỉ nộp hồ sơ sau khi hợp đồng đã chấm dứt "
                f"({cite_vi})."
            ),
            message_en=(
                f"The filing date {text.date_en(filing)} is before the contract ended on "
                f"{text.date_en(termination)}: a claim can only be filed after it ends "
                f"({cite_en})."
            ),
            values=values,
        )
    if filing > last_day:
        return Check(
            code="filing_deadline",
            passed=False,
            message_vi=(
                f"Bạn nộp hồ sơ ngày {text.date_vi(filing)}, sau hạn cuối "
                f"{text.date_vi(last_day)} ({period_vi} kể từ ngày chấm dứt hợp đồng "
                f"{text.date_vi(termination)}) ({cite_vi})."
            ),
            message_en=(
                f"You filed on {text.date_en(filing)}, after the last day "
                f"{text.date_en(last_day)} ({period_en} from the end of the contract on "
                f"{text.date_en(termination)}) ({cite_en})."
            ),
            values=values,
        )
    return Check(
        code="filing_deadline",
        passed=True,
        message_vi=(
            f"Bạn nộp hồ sơ ngày {text.date_vi(filing)}, trong thời hạn {period_vi} kể từ ngày "
            f"chấm dứt hợp đồng {text.date_vi(termination)} (hạn cuối "
            f"{text.date_vi(last_day)}) ({cite_vi})."
        ),
        message_en=(
            f"You filed on {text.date_en(filing)}, within {period_en} of the end of the "
            f"contract on {text.date_en(termination)} (last day {text.date_en(last_day)}) "
            f"({cite_en})."
        ),
        values=values,
    )


def _unemployed_check(rules: RuleParameters, cite_vi: str, cite_en: str) -> Check:
    days = rules.entitlement_start_days
    # The 2013 law's own condition is 15 days (Art. 49.4); Decree 61/2020 changed only the
    # day the benefit starts to the 16th working day.
    unit: DayUnit = "calendar" if rules.law == "2013" else rules.entitlement_start_unit
    if rules.law == "2013":
        condition_vi = (
            f"sau {text.days_vi(days, unit)} kể từ ngày nộp hồ sơ, bạn vẫn chưa tìm được việc làm"
        )
        condition_en = f"{text.days_en(days, unit)} after filing, you have still not found a job"
    else:
        condition_vi = (
            f"trong {text.days_vi(days, unit)} kể từ ngày nộp đủ hồ sơ, bạn chưa có việc làm "
            "thuộc diện đóng bảo hiểm xã hội bắt buộc"
        )
        condition_en = (
            f"within {text.days_en(days, unit)} of filing a complete dossier, you have not "
            "started a job covered by compulsory social insurance"
        )
    return Check(
        code="still_unemployed",
        passed=True,
        message_vi=(
            f"Điều kiện còn lại: {condition_vi} ({cite_vi}). Điều kiện này được xác minh sau "
            "khi nộp hồ sơ, nên chưa thể đánh giá lúc này."
        ),
        message_en=(
            f"One more condition: {condition_en} ({cite_en}). It is checked after filing, so it "
            "cannot be judged yet."
        ),
        values={"informational": True, "days": days, "unit": unit},
    )


def _law_check(rules: RuleParameters, choice: LawChoice | None, filing: date) -> Check:
    """Which law applies and why (informational: always passed)."""
    law_vi = f"{rules.name} ({rules.identifier})"
    values: dict[str, object] = {"informational": True, "rule_set": rules.identifier}
    if choice is None:
        return Check(
            code="applicable_law",
            passed=True,
            message_vi=f"Hồ sơ được xét theo {law_vi}.",
            message_en=f"The claim is judged under {law_vi}.",
            values=values,
        )
    values |= {
        "decision_date": choice.decision_date,
        "decision_date_assumed": choice.assumed,
        "reason": _law_reason(choice),
    }
    if choice.assumed:
        when_vi = (
            f"chưa có quyết định nên ngày quyết định được tính là hạn giải quyết "
            f"{text.date_vi(choice.decision_date)}"
        )
        when_en = (
            "no decision yet, so the decision is taken to be made on its deadline, "
            f"{text.date_en(choice.decision_date)}"
        )
    else:
        when_vi = f"quyết định ngày {text.date_vi(choice.decision_date)}"
        when_en = f"decided on {text.date_en(choice.decision_date)}"
    if choice.transitional:
        return Check(
            code="applicable_law",
            passed=True,
            message_vi=(
                f"Áp dụng {law_vi}: hồ sơ nộp ngày {text.date_vi(filing)}, trước khi luật này "
                f"có hiệu lực ({text.date_vi(rules.valid_from)}), nhưng {when_vi}; hồ sơ nộp "
                "trước ngày đó mà chưa được giải quyết thì giải quyết theo luật mới (Điều 55 "
                "khoản 4, Điều 54 khoản 2 Luật Việc làm 74/2025/QH15)."
            ),
            message_en=(
                f"{law_vi} applies: the dossier was filed on {text.date_en(filing)}, before "
                f"this law took effect ({text.date_en(rules.valid_from)}), but {when_en}; a "
                "dossier filed before then and not yet decided is decided under the new law "
                "(Article 55.4 and 54.2, Law on Employment 74/2025/QH15)."
            ),
            values=values,
        )
    return Check(
        code="applicable_law",
        passed=True,
        message_vi=(
            f"Áp dụng {law_vi}, bộ quy định có hiệu lực vào ngày quyết định ({when_vi}); luật "
            "được chọn theo ngày quyết định (Điều 54 khoản 2, Điều 55 khoản 4 Luật Việc làm "
            "74/2025/QH15)."
        ),
        message_en=(
            f"{law_vi} applies, the rules in force on the decision date ({when_en}); the law "
            "is chosen by the decision date (Articles 54.2 and 55.4, Law on Employment "
            "74/2025/QH15)."
        ),
        values=values,
    )
