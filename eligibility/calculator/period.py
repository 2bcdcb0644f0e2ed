"""The benefit period's rules (RULES.md "After the decision"): pure, no database, no clock.

Law 74/2025 Art. 40 (monthly notification) and 41 (suspension, resumption, termination,
reserved time), Decree 374/2025 Art. 21 (windows), Decree 28/2015 Art. 18-22 for claims decided
under the 2013 law. Every number is dated data with its reference (`PeriodRules`, selected by
the decision date like the benefit's rule sets, docs/adr/0005); the conventions RULES.md marks
as such are named so in the references.

`judge_period` is the whole period at once: the months (dates, window, payment day), what each
month became given the events, the end and its ground, the months reserved for a later claim
and what was overpaid. The live engine (claims.period.services) lays out the months with
`benefit_months` and asks `judge_period` what the recorded events mean; the command
`manage.py benefit_period` prints its result.

Conventions where the texts are silent (docs/adr/0015-benefit-period.md):
- Month 1 is paid with the decision (its window is the worker's confirmation of the decision);
  it is never suspended and is not counted as a missed window.
- An event that ends the benefit makes its own month paid in full unless that month's window
  had already closed without a notification before the event (then it stays suspended).
- Events dated after `as_of` are not known yet; months whose window has not closed by `as_of`
  (as_of <= window_last) are `not_due`.
- The first event that ends the benefit (by date) is the ground; three missed windows end it
  the day after the third window closes, if that comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from eligibility.calculator.dates import WorkingCalendar, add_months

__all__ = [
    "ENDING_GROUNDS",
    "EVENT_KINDS",
    "PERIOD_RULES",
    "GROUND_OF_KIND",
    "MonthPlan",
    "MonthResult",
    "PeriodEvent",
    "PeriodResult",
    "PeriodRules",
    "benefit_months",
    "judge_period",
    "law_for_decision",
    "notification_window",
    "period_rules_for",
    "reserved_at_approval",
]

Law = Literal["2013", "2025"]
MonthStatus = Literal["paid", "suspended", "ended", "not_due"]

#: Every kind of event the period knows; all but "notification" may end the benefit.
EVENT_KINDS = (
    "notification",
    "job_started",
    "military_service",
    "pension",
    "job_offer_refused",
    "emigration",
    "study",
    "fine",
    "death",
    "detention",
    "missing",
    "rehabilitation",
    "worker_request",
)

#: The letter of Law 74/2025 Art. 41.4 each event kind ends the benefit on ("đ": three misses).
GROUND_OF_KIND: dict[str, str] = {
    "job_started": "a",
    "military_service": "b",
    "pension": "c",
    "job_offer_refused": "d",
    "emigration": "e",
    "study": "g",
    "fine": "h",
    "death": "i",
    "rehabilitation": "k",
    "missing": "l",
    "detention": "m",
    "worker_request": "n",
}
ENDING_GROUNDS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n")


@dataclass(frozen=True)
class PeriodRules:
    """The period's numbers under one law, each with its reference (`references[name]`)."""

    identifier: str
    law: Law
    #: Applies to benefits decided from this day (the decision date chooses, Art. 54.2, 55.4).
    valid_from: date
    #: Working days of each notification window (Decree 374 Art. 21; Decree 28 Art. 19).
    window_working_days: int
    #: Day of benefit month k (k >= 2) on which its payment is due (day 7).
    payment_day: int
    #: The payment is made within this many working days of its due day.
    payment_within_working_days: int
    #: A suspension decision is issued this many working days after the missed window.
    suspension_decision_working_days: int
    #: Consecutive missed windows that end the benefit (Art. 41.4.đ).
    misses_to_end: int
    #: Job offers refused without good reason that end the benefit (Art. 41.4.d).
    refusals_to_end: int
    #: Contribution months one benefit month uses up (reserved = n - this x months received).
    contribution_months_per_benefit_month: int
    #: Grounds on which the months not received are reserved, when the worker reported (41.5).
    reserving_grounds: frozenset[str]
    references: dict[str, str] = field(default_factory=dict)


_REFS_2025 = {
    "window_working_days": "Nghị định 374/2025/NĐ-CP Điều 21 (bản dịch): 3 ngày làm việc kể từ "
    "ngày đầu tiên của tháng hưởng; tháng 1: 3 ngày làm việc kể từ ngày nhận quyết định "
    "[quy ước]",
    "payment_day": "Nghị định 28/2015/NĐ-CP Điều 18.2: chi trả từ tháng thứ 2 trong 5 ngày làm "
    "việc kể từ ngày thứ 07 của tháng hưởng [quy ước]",
    "payment_within_working_days": "Nghị định 28/2015/NĐ-CP Điều 18.2 [quy ước]",
    "suspension_decision_working_days": "Nghị định 374/2025/NĐ-CP Điều 21 (bản dịch): quyết định "
    "tạm dừng 2 ngày làm việc sau khi hết hạn thông báo",
    "misses_to_end": "Luật 74/2025/QH15 Điều 41.4.đ: 3 tháng liên tục không thông báo; chấm dứt "
    "từ ngày sau ngày cuối của lần thứ ba [quy ước]",
    "refusals_to_end": "Luật 74/2025/QH15 Điều 41.4.d: 2 lần từ chối việc làm không có lý do "
    "chính đáng",
    "contribution_months_per_benefit_month": "Luật 74/2025/QH15 Điều 39.2, 41.5: 12 tháng đóng "
    "cho mỗi tháng hưởng",
    "reserving_grounds": "Luật 74/2025/QH15 Điều 41.5: bảo lưu khi chấm dứt theo điểm a, b, g, "
    "k, l, m, n và người lao động tự thông báo",
}

_REFS_2013 = {
    "window_working_days": "Nghị định 28/2015/NĐ-CP Điều 19 (sửa bởi Nghị định 61/2020/NĐ-CP): "
    "thông báo hằng tháng trong 3 ngày làm việc [quy ước]",
    "payment_day": _REFS_2025["payment_day"],
    "payment_within_working_days": _REFS_2025["payment_within_working_days"],
    "suspension_decision_working_days": "Nghị định 28/2015/NĐ-CP Điều 20 [quy ước]",
    "misses_to_end": "Luật 38/2013/QH13 Điều 53.3.b; Nghị định 28/2015/NĐ-CP Điều 21: 3 tháng "
    "liên tục không thông báo",
    "refusals_to_end": "Luật 38/2013/QH13 Điều 53.3; Nghị định 28/2015/NĐ-CP Điều 21: 2 lần từ "
    "chối việc làm",
    "contribution_months_per_benefit_month": "Luật 38/2013/QH13 Điều 50.2, 53.4",
    "reserving_grounds": "Luật 38/2013/QH13 Điều 53.4; Nghị định 28/2015/NĐ-CP Điều 21.2 [quy "
    "ước: cùng các căn cứ của Luật 74/2025 Điều 41.5]",
}

_RESERVING = frozenset({"a", "b", "g", "k", "l", "m", "n"})

#: Oldest first; `period_rules_for` picks the one in force on the decision date.
PERIOD_RULES: tuple[PeriodRules, ...] = (
    PeriodRules(
        identifier="thoi-gian-huong-2013",
        law="2013",
        valid_from=date(2015, 1, 1),
        window_working_days=3,
        payment_day=7,
        payment_within_working_days=5,
        suspension_decision_working_days=2,
        misses_to_end=3,
        refusals_to_end=2,
        contribution_months_per_benefit_month=12,
        reserving_grounds=_RESERVING,
        references=_REFS_2013,
    ),
    PeriodRules(
        identifier="thoi-gian-huong-2025",
        law="2025",
        valid_from=date(2026, 1, 1),
        window_working_days=3,
        payment_day=7,
        payment_within_working_days=5,
        suspension_decision_working_days=2,
        misses_to_end=3,
        refusals_to_end=2,
        contribution_months_per_benefit_month=12,
        reserving_grounds=_RESERVING,
        references=_REFS_2025,
    ),
)


def law_for_decision(decision_date: date) -> Law:
    """The law a benefit decided on that day follows (Law 74/2025 Art. 54.2, 55.4)."""
    return period_rules_for(decision_date).law


def period_rules_for(decision_date: date | None = None, *, law: str | None = None) -> PeriodRules:
    """The period rules of `law`, or else those in force on `decision_date`."""
    if law is not None:
        for rules in reversed(PERIOD_RULES):
            if rules.law == law:
                return rules
        raise ValueError(f"unknown law {law!r}")
    if decision_date is None:
        return PERIOD_RULES[-1]
    chosen = PERIOD_RULES[0]
    for rules in PERIOD_RULES:
        if rules.valid_from <= decision_date:
            chosen = rules
    return chosen


@dataclass(frozen=True)
class MonthPlan:
    """Benefit month `index`: its dates, its notification window and its payment day."""

    index: int
    start: date
    end: date
    window_first: date
    window_last: date
    payment_due_on: date


@dataclass(frozen=True)
class PeriodEvent:
    """One event of the period (a notification, a new job, ...)."""

    date: date
    kind: str
    reported: bool = True


@dataclass(frozen=True)
class MonthResult:
    plan: MonthPlan
    status: MonthStatus
    amount: int
    #: The window holds a notification (the worker notified that month).
    notified: bool
    #: Paid at the time although after an unreported end: to be recovered.
    overpaid: bool = False
    #: A suspended month: the day the suspension decision is issued by.
    suspension_decision_by: date | None = None


@dataclass(frozen=True)
class PeriodResult:
    rules: PeriodRules
    months: tuple[MonthResult, ...]
    ended_on: date | None
    end_ground: str | None
    end_event_date: date | None
    end_reported: bool | None
    #: Benefit months received (paid or suspended, the event's month included).
    months_received: int
    paid_total: int
    overpaid: int
    reserved_months: int

    @property
    def overpaid_months(self) -> tuple[MonthResult, ...]:
        return tuple(m for m in self.months if m.overpaid)


def notification_window(start: date, count: int, calendar: WorkingCalendar) -> tuple[date, date]:
    """The `count` working days counted from `start`, `start` included when it is one."""
    first = start if calendar.is_working_day(start) else calendar.working_days_after(start, 1)
    last = first if count == 1 else calendar.working_days_after(first, count - 1)
    return first, last


def benefit_months(
    *,
    entitlement_start: date,
    duration_months: int,
    decision_date: date,
    calendar: WorkingCalendar,
    rules: PeriodRules,
) -> tuple[MonthPlan, ...]:
    """The months of a period: month k runs from start + (k-1) months to start + k months - 1.

    Month 1's window counts from the decision day; month k's from its first day. Month 1 is due
    on the decision day (never before), month k on its `payment_day`-th day.
    """
    plans = []
    for index in range(1, duration_months + 1):
        start = add_months(entitlement_start, index - 1)
        end = add_months(entitlement_start, index) - timedelta(days=1)
        opens = decision_date if index == 1 else start
        first, last = notification_window(opens, rules.window_working_days, calendar)
        if index == 1:
            due = decision_date
        else:
            due = max(start + timedelta(days=rules.payment_day - 1), decision_date)
        plans.append(MonthPlan(index, start, end, first, last, due))
    return tuple(plans)


def reserved_at_approval(contribution_months: int, duration_months: int, rules: PeriodRules) -> int:
    """The contribution months a benefit of `duration_months` leaves unused (at least 0)."""
    return max(
        0, contribution_months - rules.contribution_months_per_benefit_month * duration_months
    )


def _month_of(day: date, plans: Sequence[MonthPlan]) -> int:
    """The position in `plans` of the month holding `day` (before month 1: month 1)."""
    for position, plan in enumerate(plans):
        if day <= plan.end:
            return position
    return len(plans)  # after the period


def judge_period(
    *,
    entitlement_start: date,
    duration_months: int,
    monthly_benefit: int,
    contribution_months: int,
    decision_date: date,
    events: Iterable[PeriodEvent],
    calendar: WorkingCalendar,
    rules: PeriodRules | None = None,
    as_of: date | None = None,
) -> PeriodResult:
    """What the rules make of a period given its events (see the module doc)."""
    rules = rules or period_rules_for(decision_date)
    plans = benefit_months(
        entitlement_start=entitlement_start,
        duration_months=duration_months,
        decision_date=decision_date,
        calendar=calendar,
        rules=rules,
    )
    known = sorted(
        (e for e in events if as_of is None or e.date <= as_of), key=lambda e: (e.date, e.kind)
    )
    notified = [False] * len(plans)
    for event in known:
        if event.kind != "notification":
            continue
        for position, plan in enumerate(plans):
            if plan.window_first <= event.date <= plan.window_last:
                notified[position] = True
                break

    # The first event that ends the benefit (a refused offer only at the n-th refusal).
    ending: PeriodEvent | None = None
    refusals = 0
    for event in known:
        if event.kind == "notification":
            continue
        if event.date > plans[-1].end:
            break  # after the period: nothing left to end
        if event.kind == "job_offer_refused":
            refusals += 1
            if refusals < rules.refusals_to_end:
                continue
        ending = event
        break
    event_position = _month_of(ending.date, plans) if ending is not None else None

    def closed(plan: MonthPlan) -> bool:
        return as_of is None or as_of > plan.window_last

    statuses: list[MonthStatus] = []
    ended_on: date | None = None
    ground: str | None = None
    misses = 0
    end_position: int | None = None  # months from here on are after the end
    for position, plan in enumerate(plans):
        if event_position is not None and position == event_position and ending is not None:
            # The event's month: paid in full (its report stands for the month's notification),
            # unless its window had closed without a notification before the event.
            missed_before = (
                position > 0 and not notified[position] and plan.window_last < ending.date
            )
            end_position = position + 1
            if not missed_before:
                statuses.append("paid")
            else:
                statuses.append("suspended")
                misses += 1
                if misses >= rules.misses_to_end:  # the third miss came before the event
                    ended_on, ground, ending = plan.window_last + timedelta(days=1), "đ", None
                    break
            ended_on = ending.date
            ground = GROUND_OF_KIND[ending.kind]
            break
        if not closed(plan):
            statuses.append("not_due")
            continue
        if position == 0 or notified[position]:
            statuses.append("paid")
            misses = 0
            continue
        statuses.append("suspended")
        misses += 1
        if misses >= rules.misses_to_end:
            ended_on = plan.window_last + timedelta(days=1)
            ground = "đ"
            end_position = position + 1
            ending = None  # a later event no longer matters
            break
    if end_position is not None:
        statuses.extend(["ended"] * (len(plans) - end_position))

    months: list[MonthResult] = []
    unreported_end = ending is not None and not ending.reported and ground != "đ"
    for position, (plan, status) in enumerate(zip(plans, statuses, strict=True)):
        overpaid = (
            unreported_end
            and end_position is not None
            and position >= end_position
            and notified[position]
            and (as_of is None or as_of >= plan.payment_due_on)
        )
        decision_by = (
            calendar.working_days_after(plan.window_last, rules.suspension_decision_working_days)
            if status == "suspended"
            else None
        )
        months.append(
            MonthResult(
                plan=plan,
                status=status,
                amount=monthly_benefit if status == "paid" else 0,
                notified=notified[position],
                overpaid=bool(overpaid),
                suspension_decision_by=decision_by,
            )
        )

    received = sum(1 for m in months if m.status in ("paid", "suspended"))
    reserved = reserved_at_approval(contribution_months, duration_months, rules)
    if (
        ground is not None
        and ending is not None
        and ending.reported
        and ground in rules.reserving_grounds
    ):
        per = rules.contribution_months_per_benefit_month
        reserved = max(reserved, contribution_months - per * received)
    reserved = min(reserved, contribution_months)
    return PeriodResult(
        rules=rules,
        months=tuple(months),
        ended_on=ended_on,
        end_ground=ground,
        end_event_date=ending.date if ending is not None else ended_on,
        end_reported=ending.reported if ending is not None else (False if ground else None),
        months_received=received,
        paid_total=sum(m.amount for m in months),
        overpaid=sum(monthly_benefit for m in months if m.overpaid),
        reserved_months=max(0, reserved),
    )
