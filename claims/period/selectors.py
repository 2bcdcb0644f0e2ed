"""Reading the benefit period: the worker's "this month" card, the center's notification queue,
the period judged by the rules, the months reserved for a person's next claim.

No writes here (STYLE.md): claims.period.services changes the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from claims.core.transitions import Status
from claims.models import Claim
from claims.period.models import (
    BenefitMonth,
    MonthlyNotification,
    PeriodEvent,
    Recovery,
    ReservedMonths,
    Termination,
)
from eligibility.calculator import period as rules
from eligibility.calculator.dates import WorkingCalendar
from eligibility.registry import PastBenefit, PersonRecord, get_registry
from eligibility.selectors import working_calendar
from identity.models import EmploymentServiceCenter

#: Claim states in which the period runs (notifications are expected and recorded).
IN_PERIOD = frozenset({Status.DECISION_ISSUED, Status.PAYING, Status.SUSPENDED})

BM = BenefitMonth.Status


def period_calendar() -> WorkingCalendar:
    """The working-day calendar the windows are counted on (the one of the project)."""
    return working_calendar()


def decided_on(claim: Claim) -> date:
    return timezone.localdate(claim.decided_at) if claim.decided_at else timezone.localdate()


def period_rules(claim: Claim) -> rules.PeriodRules:
    """The period rules in force for the claim's decision date."""
    return rules.period_rules_for(decided_on(claim))


def contribution_months(claim: Claim) -> int:
    """n: the contribution months the claim's benefit was computed on (0 if unknown)."""
    result = (claim.eligibility or {}).get("result") or {}
    value = result.get("contribution_months")
    return int(value) if isinstance(value, int) and value >= 0 else 0


def period_months(claim: Claim) -> list[BenefitMonth]:
    """The claim's benefit months, month 1 first (empty before approval)."""
    return list(
        BenefitMonth.objects.filter(claim=claim)
        .select_related("installment", "notification")
        .order_by("index")
    )


def month_for_window(months: list[BenefitMonth], on: date) -> BenefitMonth | None:
    """The month whose notification window holds `on`."""
    return next((m for m in months if m.window_first <= on <= m.window_last), None)


def month_current(months: list[BenefitMonth], on: date) -> BenefitMonth | None:
    """The month the worker is in on `on`: the one whose window holds it, else whose dates do
    (before month 1: month 1; after the last: the last)."""
    if not months:
        return None
    in_window = month_for_window(months, on)
    if in_window is not None:
        return in_window
    for month in months:
        if on <= month.end:
            return month
    return months[-1]


def window_next(months: list[BenefitMonth], on: date) -> BenefitMonth | None:
    """The next month whose window opens after `on` and that may still be notified."""
    return next(
        (m for m in months if m.window_first > on and m.status in (BM.DUE, BM.NOTIFIED)), None
    )


def misses_in_row(months: list[BenefitMonth], *, before_index: int | None = None) -> int:
    """Consecutive suspended months ending at the last judged month (before `before_index`)."""
    count = 0
    for month in months:
        if before_index is not None and month.index >= before_index:
            break
        if month.status == BM.SUSPENDED:
            count += 1
        elif month.closed_at is not None or month.status in (BM.NOTIFIED, BM.PAID):
            count = 0
    return count


@dataclass(frozen=True)
class MonthCard:
    """What the worker's "this month" card shows (claim page and API)."""

    index: int
    months_total: int
    start: date
    end: date
    window_first: date
    window_last: date
    #: The window holds `on` (the notification can be made now).
    window_open: bool
    window_closes_today: bool
    notified: bool
    notified_at: object | None
    status: str
    next_payment_amount: int | None
    next_payment_on: date | None
    #: The next payment needs this month's notification first (k >= 2, not notified yet).
    next_payment_needs_notification: bool
    #: Months still to come after this one (not ended).
    months_left: int
    #: Consecutive missed windows so far.
    misses_in_row: int
    #: What missing this window means: "suspend" (not paid, lost) or "end" (the third miss).
    miss_means: str
    #: When the window is not open: the next window's first day.
    next_window_first: date | None
    next_window_last: date | None
    #: Contribution months kept for a later claim as things stand (the remainder at approval).
    reserved_months: int
    claim_status: str
    terminated: bool = False
    ended_on: date | None = None
    open_recovery: int = 0
    history: tuple[BenefitMonth, ...] = field(default_factory=tuple)


def this_month(claim: Claim, *, on: date | None = None) -> MonthCard | None:
    """The worker's month on `on` (default today), or None before the months are laid out."""
    on = on or timezone.localdate()
    months = period_months(claim)
    month = month_current(months, on)
    if month is None:
        return None
    period = period_rules(claim)
    window_open = month.window_first <= on <= month.window_last
    notified = _has_notification(month)
    upcoming = next(
        (
            m
            for m in months
            if m.index >= month.index
            and m.status in (BM.DUE, BM.NOTIFIED)
            and not (m.installment_id and m.installment and m.installment.status == "paid")
        ),
        None,
    )
    after = window_next(months, on) if not window_open else None
    misses = misses_in_row(months, before_index=month.index)
    termination = (
        Termination.objects.filter(claim=claim, state=Termination.State.SIGNED)
        .order_by("-signed_at")
        .first()
    )
    recovery_due = sum(r.outstanding for r in Recovery.objects.filter(claim=claim, state="open"))
    n = contribution_months(claim)
    reserved = ReservedMonths.objects.filter(claim=claim).values_list("months", flat=True).first()
    if reserved is None:
        reserved = rules.reserved_at_approval(n, len(months), period)
    return MonthCard(
        index=month.index,
        months_total=len(months),
        start=month.start,
        end=month.end,
        window_first=month.window_first,
        window_last=month.window_last,
        window_open=window_open,
        window_closes_today=on == month.window_last,
        notified=notified,
        notified_at=month.notification.notified_at if notified else None,
        status=month.status,
        next_payment_amount=upcoming.amount if upcoming else None,
        next_payment_on=upcoming.payment_due_on if upcoming else None,
        next_payment_needs_notification=bool(
            upcoming and upcoming.index >= 2 and upcoming.status == BM.DUE
        ),
        months_left=sum(1 for m in months if m.index > month.index and m.status != BM.ENDED),
        misses_in_row=misses,
        miss_means="end" if misses + 1 >= period.misses_to_end and month.index >= 2 else "suspend",
        next_window_first=after.window_first if after else None,
        next_window_last=after.window_last if after else None,
        reserved_months=reserved,
        claim_status=claim.status,
        terminated=claim.status == Status.TERMINATED,
        ended_on=termination.effective_on if termination else None,
        open_recovery=recovery_due,
        history=tuple(months),
    )


def _has_notification(month: BenefitMonth) -> bool:
    try:
        return month.notification is not None
    except MonthlyNotification.DoesNotExist:
        return False


@dataclass(frozen=True)
class QueueRow:
    claim: Claim
    month: BenefitMonth
    notified: bool
    closes_today: bool


@dataclass(frozen=True)
class NotificationQueue:
    """A center's notifications on one day: the months whose window holds that day."""

    on: date
    notified: list[QueueRow]
    not_yet: list[QueueRow]
    closing_today: list[QueueRow]


def months_in_window(center: EmploymentServiceCenter, on: date) -> QuerySet[BenefitMonth]:
    """The center's benefit months whose window holds `on`, of claims still in their period."""
    return (
        BenefitMonth.objects.filter(
            claim__center=center,
            claim__status__in=IN_PERIOD,
            window_first__lte=on,
            window_last__gte=on,
        )
        .exclude(status=BM.ENDED)
        .annotate(has_notification=Exists(MonthlyNotification.objects.filter(month=OuterRef("pk"))))
        .select_related("claim", "claim__citizen")
        .order_by("window_last", "claim__reference", "id")
    )


def notification_queue(
    center: EmploymentServiceCenter, on: date | None = None
) -> NotificationQueue:
    """Who notified, who did not yet, whose window closes today (`on`, default today)."""
    on = on or timezone.localdate()
    notified: list[QueueRow] = []
    not_yet: list[QueueRow] = []
    closing: list[QueueRow] = []
    for month in months_in_window(center, on)[:2000]:
        done = bool(month.has_notification)  # type: ignore[attr-defined]
        row = QueueRow(month.claim, month, done, month.window_last == on)
        (notified if done else not_yet).append(row)
        if row.closes_today and not done:
            closing.append(row)
    return NotificationQueue(on=on, notified=notified, not_yet=not_yet, closing_today=closing)


def period_events(claim: Claim, *, as_of: date | None = None) -> list[rules.PeriodEvent]:
    """The claim's recorded notifications and events, as the pure rules read them."""
    events = [
        rules.PeriodEvent(
            date=n.month.window_first
            if timezone.localdate(n.notified_at) < n.month.window_first
            else timezone.localdate(n.notified_at),
            kind="notification",
        )
        for n in MonthlyNotification.objects.filter(claim=claim).select_related("month")
    ]
    events += [
        rules.PeriodEvent(date=e.date, kind=e.kind, reported=e.reported)
        for e in PeriodEvent.objects.filter(claim=claim)
    ]
    return [e for e in events if as_of is None or e.date <= as_of]


def period_judged(claim: Claim, *, as_of: date | None = None) -> rules.PeriodResult | None:
    """The pure rules' verdict on the claim's period from its recorded notifications and events
    (eligibility.calculator.period.judge_period; `as_of` None: as if the period were over)."""
    months = list(BenefitMonth.objects.filter(claim=claim).order_by("index"))
    if not months:
        return None
    return rules.judge_period(
        entitlement_start=months[0].start,
        duration_months=len(months),
        monthly_benefit=months[0].amount,
        contribution_months=contribution_months(claim),
        decision_date=decided_on(claim),
        events=period_events(claim, as_of=as_of),
        calendar=period_calendar(),
        rules=period_rules(claim),
        as_of=as_of,
    )


def terminations_pending(center: EmploymentServiceCenter) -> QuerySet[Termination]:
    """Proposed terminations of a center, waiting for a signer (oldest first)."""
    return (
        Termination.objects.filter(claim__center=center, state=Termination.State.PROPOSED)
        .select_related("claim", "claim__citizen", "proposed_by", "event")
        .order_by("proposed_at", "id")
    )


def termination_open(claim: Claim) -> Termination | None:
    """The claim's proposed or signed termination, if any."""
    return (
        Termination.objects.filter(
            claim=claim, state__in=[Termination.State.PROPOSED, Termination.State.SIGNED]
        )
        .order_by("-proposed_at")
        .first()
    )


def recoveries_of(claim: Claim) -> list[Recovery]:
    return list(Recovery.objects.filter(claim=claim).order_by("-created_at"))


def reserved_for_person(personal_id: str) -> int:
    """Contribution months reserved for the person's next claim by their latest ended benefit."""
    return (
        ReservedMonths.objects.filter(personal_id=personal_id)
        .order_by("-ended_on", "-id")
        .values_list("months", flat=True)
        .first()
        or 0
    )


def release_gate(*, today: date) -> Q:
    """Which installments (a PaymentInstallment queryset's filter) may be released today.

    Month 1, and every month of a claim laid out before the period existed (no benefit months),
    follow the schedule; month k >= 2 of a period only once month k is notified and its
    payment day has come (RULES.md: nothing suspends or ends the benefit).
    """
    has_months = Exists(BenefitMonth.objects.filter(claim_id=OuterRef("claim_id")))
    notified = Exists(
        BenefitMonth.objects.filter(
            claim_id=OuterRef("claim_id"),
            index=OuterRef("number"),
            status=BM.NOTIFIED,
            payment_due_on__lte=today,
        )
    )
    # The notified month first: PostgreSQL tests an OR's arms in this order, and the notified
    # months are one hashed look-up, whereas `~has_months` probes the months of each row
    # (the monthly cycle's 100,000 installments, ADR 0015).
    return Q(number=1) | notified | ~has_months


def past_benefits_in_portal(
    personal_id: str, *, exclude_claim_id: int | None = None
) -> tuple[PastBenefit, ...]:
    """The person's benefits that ended in the portal, as the calculator's past benefits: each
    used `n - reserved` contribution months, up to its termination month (RULES.md: the next
    claim's calculator starts from the reserved months, ADR 0015)."""
    rows = ReservedMonths.objects.filter(personal_id=personal_id)
    if exclude_claim_id is not None:
        rows = rows.exclude(claim_id=exclude_claim_id)
    # The six values used, not two model instances per row joined over every column of the
    # claim: every new draft asks this (nearly always of no row), and building that SELECT
    # over the claim's columns cost ~1,650 function calls of this read's ~2,900 (issue 11).
    values: list[tuple[int, str | None, date | None, date, int, int]] = list(
        rows.order_by("ended_on", "id").values_list(
            "claim_id", "claim__reference", "claim__termination_date", "ended_on",
            "contribution_months", "months",
        )
    )  # fmt: skip
    # Each claim's first month's start and its number of months, read in one query for every
    # row (not one query per past benefit), and not at all when there is no row.
    first_and_count: dict[int, tuple[date, int]] = {}
    if values:
        for claim_id, start in (
            BenefitMonth.objects.filter(claim_id__in=[row[0] for row in values])
            .order_by("claim_id", "index")
            .values_list("claim_id", "start")
        ):
            first, count = first_and_count.get(claim_id, (start, 0))
            first_and_count[claim_id] = (first, count + 1)
    benefits = []
    for claim_id, reference, termination_date, ended_on, contribution_months, reserved in values:
        if claim_id not in first_and_count or termination_date is None:
            continue
        first_start, months_granted = first_and_count[claim_id]
        benefits.append(
            PastBenefit(
                decision_number=reference or str(claim_id),
                start_date=first_start,
                end_date=ended_on,
                months_granted=months_granted,
                contribution_months_used=max(0, contribution_months - reserved),
                contributions_used_through=termination_date.replace(day=1),
            )
        )
    return tuple(benefits)


def record_with_portal_benefits(
    personal_id: str, *, exclude_claim_id: int | None = None
) -> PersonRecord | None:
    """The person's record in the social-security store, with the benefits that ended in the
    portal added to its past benefits (those the store already lists are not added twice)."""
    record = get_registry().person_record(personal_id)
    if record is None:
        return None
    ours = past_benefits_in_portal(personal_id, exclude_claim_id=exclude_claim_id)
    known = {b.decision_number for b in record.benefits}
    extra = tuple(b for b in ours if b.decision_number not in known)
    if not extra:
        return record
    merged = tuple(sorted(record.benefits + extra, key=lambda b: b.start_date))
    return replace(record, benefits=merged)
