"""The center's view of a layoff announced by an employer's notice: who is listed, who has
filed, what the fast track can take, the decisions to expect and what it will cost."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from claims.core.transitions import Status
from claims.models import CounsellingBooking, EmployerReport
from claims.review.fasttrack import fasttrack_claims
from eligibility.exceptions import RulesError
from eligibility.selectors import rulebook_for
from identity.models import EmploymentServiceCenter

NOT_FILED = (Status.DRAFT, Status.WITHDRAWN)
DECIDED = (
    Status.APPROVED,
    Status.REJECTED,
    Status.DECISION_ISSUED,
    Status.PAYING,
    Status.SUSPENDED,
    Status.TERMINATED,
    Status.COMPLETED,
)
#: Without a rule set in force, decisions are spread over this many working days (Law 74/2025
#: Art. 38: the center decides within 10 working days of a complete dossier).
DEFAULT_DECISION_DAYS = 10


@dataclass(frozen=True)
class EventRow:
    notice_id: int
    employer_tax_code: str
    employer_name: str
    first_termination: date
    last_termination: date
    workers: int
    filed: int


def events_for_center(*, center: EmploymentServiceCenter | int) -> list[EventRow]:
    """The center's layoff events (one per employer notice), the latest terminations first."""
    rows = (
        EmployerReport.objects.filter(center=center)
        .values("notice_id")
        .annotate(
            tax_code=Max("employer_tax_code"),
            name=Max("employer_name"),
            first=Min("termination_date"),
            last=Max("termination_date"),
            workers=Count("id"),
            filed=Count("id", filter=Q(claim__isnull=False) & ~Q(claim__status__in=NOT_FILED)),
        )
        .order_by("-last", "-notice_id")
    )
    return [
        EventRow(
            notice_id=r["notice_id"],
            employer_tax_code=r["tax_code"],
            employer_name=r["name"],
            first_termination=r["first"],
            last_termination=r["last"],
            workers=r["workers"],
            filed=r["filed"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class DateGroup:
    """One termination date of the event: the fast track's batch key (employer + date)."""

    termination_date: date
    workers: int
    clean: int


@dataclass(frozen=True)
class LayoffEvent:
    notice_id: int
    employer_tax_code: str
    employer_name: str
    workers: int
    filed: int
    drafts: int
    decided: int
    clean: int
    confirmed: int
    eligible: int
    monthly_cost: int  # dong: the prefilled estimates of the workers expected to be eligible
    decision_days: int
    decisions_per_day: int
    due: list[tuple[date | None, int]] = field(
        default_factory=list
    )  # filed claims by legal deadline
    dates: list[DateGroup] = field(default_factory=list)

    @property
    def not_filed(self) -> int:
        return self.workers - self.filed


def event_reports(
    *, center: EmploymentServiceCenter | int, notice_id: int
) -> QuerySet[EmployerReport]:
    return EmployerReport.objects.filter(center=center, notice_id=notice_id)


def _decision_days(today: date) -> int:
    try:
        return int(rulebook_for(today).rule_set.decision_deadline_days) or DEFAULT_DECISION_DAYS
    except RulesError:
        return DEFAULT_DECISION_DAYS


def layoff_event(
    *, center: EmploymentServiceCenter | int, notice_id: int, today: date | None = None
) -> LayoffEvent | None:
    """The event's figures, or None when the notice is not one of this center's."""
    today = today or timezone.localdate()
    reports = event_reports(center=center, notice_id=notice_id)
    head = reports.aggregate(
        workers=Count("id"),
        tax_code=Max("employer_tax_code"),
        name=Max("employer_name"),
        filed=Count("id", filter=Q(claim__isnull=False) & ~Q(claim__status__in=NOT_FILED)),
        drafts=Count("id", filter=Q(claim__status=Status.DRAFT)),
        decided=Count("id", filter=Q(claim__status__in=DECIDED)),
        confirmed=Count("id", filter=Q(extract__isnull=False)),
        eligible=Count("id", filter=Q(estimate_eligible=True)),
        cost=Sum("estimate_monthly_benefit", filter=Q(estimate_eligible=True)),
    )
    if not head["workers"]:
        return None
    clean_claims = fasttrack_claims(center=center).filter(employer_report__notice_id=notice_id)
    clean_by_date = dict(
        clean_claims.values("termination_date")
        .annotate(n=Count("id"))
        .values_list("termination_date", "n")
    )
    dates = [
        DateGroup(
            termination_date=row["termination_date"],
            workers=row["n"],
            clean=clean_by_date.get(row["termination_date"], 0),
        )
        for row in reports.values("termination_date")
        .annotate(n=Count("id"))
        .order_by("termination_date")
    ]
    due = list(
        reports.filter(claim__decision_due__isnull=False)
        .exclude(claim__status__in=(*NOT_FILED, *DECIDED))
        .values("claim__decision_due")
        .annotate(n=Count("id"))
        .order_by("claim__decision_due")
        .values_list("claim__decision_due", "n")
    )
    days = _decision_days(today)
    # Every listed worker not yet decided will need a decision within the legal period: spread
    # evenly, this is what the center must decide each working day to keep every deadline.
    open_workers = head["workers"] - head["decided"]
    return LayoffEvent(
        notice_id=notice_id,
        employer_tax_code=head["tax_code"],
        employer_name=head["name"],
        workers=head["workers"],
        filed=head["filed"],
        drafts=head["drafts"],
        decided=head["decided"],
        clean=sum(clean_by_date.values()),
        confirmed=head["confirmed"],
        eligible=head["eligible"],
        monthly_cost=int(head["cost"] or 0),
        decision_days=days,
        decisions_per_day=math.ceil(open_workers / days) if open_workers > 0 else 0,
        due=due,
        dates=dates,
    )


def event_workers(
    *, center: EmploymentServiceCenter | int, notice_id: int, limit: int = 200
) -> list[EmployerReport]:
    """The listed workers with their claims (first `limit`, by name), for the event page."""
    return list(
        event_reports(center=center, notice_id=notice_id)
        .select_related("claim", "extract")
        .order_by("full_name", "id")[:limit]
    )


def counselling_bookings(
    *, center: EmploymentServiceCenter | int, today: date | None = None, limit: int = 500
) -> list[CounsellingBooking]:
    """The center's open counselling bookings from today on, in the order they come."""
    today = today or timezone.localdate()
    return list(
        CounsellingBooking.objects.filter(
            center=center, status=CounsellingBooking.Status.BOOKED, day__gte=today
        )
        .select_related("report")
        .order_by("day", "slot", "id")[:limit]
    )
