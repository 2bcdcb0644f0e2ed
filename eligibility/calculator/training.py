"""Training support (hỗ trợ học nghề, Law 74/2025 Art. 37; RULES.md "training support"): who
qualifies, for how many months, and how much tuition and meal money. Pure: no database, no
settings, no active language; the dated values come in as `TrainingRules` (read from
training.support.models.TrainingSupportRule by training.support.rules), the person's facts as
`TrainingFacts`, and the explanations are written in both languages as the benefit calculator's.

Conventions (docs/adr/0022):
- Path 1, a benefit recipient (a claim whose benefit was granted and has not ended) qualifies
  with no further condition on contributions or on the date.
- Path 2, anyone else: an ended contract, at least `min_contribution_months` UI-paid months in
  the `window_months` calendar months ending with the termination month (as the benefit's
  window), and an application at most `apply_within_months` after the termination date
  (that day included).
- At most `max_months` in all: months granted by earlier approved applications count; the
  months granted are the course's length, cut to what is left.
- Tuition: at most `tuition_cap_short_course` for up to `short_course_months` months and
  `tuition_per_further_month` for each further month granted; a course cut by the cap is
  supported for its share of the tuition (tuition x granted / course months, rounded half up).
- Meal money: `meal_money_per_day` x `meal_days_per_month` per month attended, provisional
  while the rule says so (the pages say "tạm tính").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from eligibility.calculator import text
from eligibility.calculator.dates import add_months, month_index
from eligibility.calculator.types import Check

PATH_RECIPIENT = "recipient"
PATH_CONTRIBUTOR = "contributor"
PATH_NONE = "none"

_CITE_VI = "Điều 37 Luật Việc làm 74/2025/QH15"
_CITE_EN = "Article 37, Law on Employment 74/2025/QH15"


@dataclass(frozen=True)
class TrainingRules:
    identifier: str
    max_months: int
    min_contribution_months: int
    window_months: int
    apply_within_months: int
    short_course_months: int
    tuition_cap_short_course: int
    tuition_per_further_month: int
    meal_money_per_day: int
    meal_days_per_month: int
    meal_money_provisional: bool = True
    tuition_reference: str = ""
    meal_money_reference: str = ""


@dataclass(frozen=True)
class TrainingFacts:
    application_date: date
    course_months: int
    course_tuition: int  # dong, the whole course
    #: A claim whose benefit was granted and has not ended (path 1).
    receiving_benefit: bool = False
    #: The end of the last contract (None while still employed or when the record has none).
    termination_date: date | None = None
    #: The months (any day of them) with UI paid, from the social-security record.
    ui_months: Collection[date] = ()
    #: Support months granted by earlier approved applications.
    months_used_before: int = 0


@dataclass(frozen=True)
class TrainingResult:
    eligible: bool
    path: str
    checks: tuple[Check, ...]
    months: int  # granted (0 when not eligible)
    months_left_before: int
    tuition_cap: int
    tuition: int  # supported, dong
    meal_money_per_day: int
    meal_money_per_month: int
    meal_money_provisional: bool
    rule: str
    last_application_day: date | None = None
    months_in_window: int | None = None


def tuition_cap(rules: TrainingRules, months: int) -> int:
    """The most tuition supported for `months` months of training (0 for none)."""
    if months <= 0:
        return 0
    further = max(0, months - rules.short_course_months)
    return rules.tuition_cap_short_course + further * rules.tuition_per_further_month


def months_in_window(ui_months: Collection[date], termination_date: date, window: int) -> int:
    """Distinct UI-paid months among the `window` months ending with the termination month."""
    last = month_index(termination_date)
    first = last - window + 1
    return len({month_index(m) for m in ui_months if first <= month_index(m) <= last})


def _recipient_check(facts: TrainingFacts) -> Check:
    if facts.receiving_benefit:
        return Check(
            code="recipient",
            passed=True,
            message_vi=f"Bạn đang hưởng trợ cấp thất nghiệp nên được xét hỗ trợ học nghề ({_CITE_VI}).",
            message_en=(
                f"You receive unemployment benefit, so you can get training support ({_CITE_EN})."
            ),
        )
    return Check(
        code="recipient",
        passed=False,
        message_vi=(
            "Bạn không đang hưởng trợ cấp thất nghiệp: cần đủ thời gian đóng bảo hiểm thất "
            "nghiệp và nộp đơn đúng hạn (xem dưới đây)."
        ),
        message_en=(
            "You do not receive unemployment benefit: you need enough unemployment-insurance "
            "contributions and to apply in time (see below)."
        ),
        # Not a failure in itself: the second path may still qualify.
        values={"informational": True},
    )


def _contributor_checks(rules: TrainingRules, facts: TrainingFacts) -> list[Check]:
    ended = facts.termination_date
    if ended is None:
        return [
            Check(
                code="terminated",
                passed=False,
                message_vi=(
                    "Dữ liệu bảo hiểm xã hội không có hợp đồng lao động nào của bạn đã chấm dứt: "
                    f"hỗ trợ học nghề dành cho người đã nghỉ việc ({_CITE_VI})."
                ),
                message_en=(
                    "The social-insurance record shows no ended employment contract of yours: "
                    f"training support is for people whose job has ended ({_CITE_EN})."
                ),
            )
        ]
    window = rules.window_months
    required = rules.min_contribution_months
    count = months_in_window(facts.ui_months, ended, window)
    months_ok = count >= required
    months_check = Check(
        code="contribution_months",
        passed=months_ok,
        message_vi=(
            f"Bạn có {text.months_vi(count)} đóng bảo hiểm thất nghiệp trong {window} tháng "
            f"trước khi nghỉ việc ngày {text.date_vi(ended)}; cần ít nhất "
            f"{text.months_vi(required)} ({_CITE_VI})."
        ),
        message_en=(
            f"You have {text.months_en(count)} of unemployment-insurance contributions in the "
            f"{window} months before your job ended on {text.date_en(ended)}; at least "
            f"{required} are needed ({_CITE_EN})."
        ),
        values={"months_in_window": count, "window_months": window, "required": required},
    )
    last_day = add_months(ended, rules.apply_within_months)
    in_time = facts.application_date <= last_day
    within = rules.apply_within_months
    date_check = Check(
        code="applied_in_time",
        passed=in_time,
        message_vi=(
            f"Đơn phải nộp trong {text.months_vi(within)} kể từ ngày nghỉ việc, chậm nhất ngày "
            f"{text.date_vi(last_day)}; bạn nộp ngày {text.date_vi(facts.application_date)} "
            f"({_CITE_VI})."
        ),
        message_en=(
            f"The application must be made within {text.months_en(within)} of the end of your "
            f"job, by {text.date_en(last_day)} at the latest; you apply on "
            f"{text.date_en(facts.application_date)} ({_CITE_EN})."
        ),
        values={"last_application_day": last_day},
    )
    return [months_check, date_check]


def _cap_check(rules: TrainingRules, facts: TrainingFacts, left: int, granted: int) -> Check:
    used = facts.months_used_before
    if left <= 0:
        return Check(
            code="months_cap",
            passed=False,
            message_vi=(
                f"Bạn đã được hỗ trợ {text.months_vi(used)}, đủ mức tối đa "
                f"{text.months_vi(rules.max_months)} ({_CITE_VI})."
            ),
            message_en=(
                f"You have already had {text.months_en(used)} of support, the most there is "
                f"({rules.max_months} months, {_CITE_EN})."
            ),
            values={"used": used, "left": 0, "granted": 0},
        )
    cut_vi = (
        f"; khóa học dài {text.months_vi(facts.course_months)} nên chỉ được hỗ trợ "
        f"{text.months_vi(granted)}"
        if granted < facts.course_months
        else ""
    )
    cut_en = (
        f"; the course lasts {text.months_en(facts.course_months)}, so only "
        f"{text.months_en(granted)} can be supported"
        if granted < facts.course_months
        else ""
    )
    return Check(
        code="months_cap",
        passed=True,
        message_vi=(
            f"Thời gian hỗ trợ tối đa {text.months_vi(rules.max_months)}; bạn đã được hỗ trợ "
            f"{text.months_vi(used)}, còn {text.months_vi(left)}{cut_vi} ({_CITE_VI})."
        ),
        message_en=(
            f"Support lasts at most {text.months_en(rules.max_months)}; you have had "
            f"{text.months_en(used)}, {text.months_en(left)} are left{cut_en} ({_CITE_EN})."
        ),
        values={"used": used, "left": left, "granted": granted},
    )


def judge_training(rules: TrainingRules, facts: TrainingFacts) -> TrainingResult:
    """Whether `facts` qualify for training support under `rules`, and the amounts."""
    if facts.course_months < 1 or facts.course_tuition < 0 or facts.months_used_before < 0:
        raise ValueError("a course lasts at least a month and costs 0 dong or more")
    checks = [_recipient_check(facts)]
    path = PATH_RECIPIENT
    count: int | None = None
    last_day: date | None = None
    if not facts.receiving_benefit:
        more = _contributor_checks(rules, facts)
        checks += more
        path = PATH_CONTRIBUTOR if all(c.passed for c in more) else PATH_NONE
        if facts.termination_date is not None:
            count = more[0].values["months_in_window"]  # type: ignore[assignment]
            last_day = more[1].values["last_application_day"]  # type: ignore[assignment]
    left = max(0, rules.max_months - facts.months_used_before)
    granted = min(facts.course_months, left)
    checks.append(_cap_check(rules, facts, left, granted))
    eligible = path != PATH_NONE and granted > 0
    if not eligible:
        granted = 0
    cap = tuition_cap(rules, granted)
    share = facts.course_tuition
    if 0 < granted < facts.course_months:
        share = (2 * facts.course_tuition * granted + facts.course_months) // (
            2 * facts.course_months
        )
    tuition = min(share, cap) if eligible else 0
    meal_month = rules.meal_money_per_day * rules.meal_days_per_month
    if eligible:
        checks.append(
            Check(
                code="amounts",
                passed=True,
                message_vi=(
                    f"Học phí được hỗ trợ {text.money_vi(tuition)} (tối đa "
                    f"{text.money_vi(cap)} cho {text.months_vi(granted)}, "
                    f"{rules.tuition_reference or 'Quyết định 17/2021/QĐ-TTg'}); tiền ăn "
                    f"{text.money_vi(meal_month)} mỗi tháng đi học"
                    + (" (tạm tính, chờ xác nhận)" if rules.meal_money_provisional else "")
                    + "."
                ),
                message_en=(
                    f"Tuition supported: {text.money_en(tuition)} (at most "
                    f"{text.money_en(cap)} for {text.months_en(granted)}, "
                    f"{rules.tuition_reference or 'Decision 17/2021/QĐ-TTg'}); meal money "
                    f"{text.money_en(meal_month)} per month attended"
                    + (" (provisional, to be confirmed)" if rules.meal_money_provisional else "")
                    + "."
                ),
                values={"tuition": tuition, "cap": cap, "meal_money_per_month": meal_month},
            )
        )
    return TrainingResult(
        eligible=eligible,
        path=path if eligible else PATH_NONE,
        checks=tuple(checks),
        months=granted,
        months_left_before=left,
        tuition_cap=cap,
        tuition=tuition,
        meal_money_per_day=rules.meal_money_per_day if eligible else 0,
        meal_money_per_month=meal_month if eligible else 0,
        meal_money_provisional=rules.meal_money_provisional,
        rule=rules.identifier,
        last_application_day=last_day,
        months_in_window=count,
    )
