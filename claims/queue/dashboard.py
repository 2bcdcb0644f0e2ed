"""A center's dashboard: backlog by status, deadline breaches, time from submission to decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F

from claims.core.transitions import Status
from claims.queue.selectors import OPEN_STATUSES, queue_base
from identity.models import EmploymentServiceCenter

#: Decisions looked at for the durations: those of the last year, at most this many (newest).
DURATION_WINDOW_DAYS = 365
DURATION_SAMPLE_LIMIT = 50_000


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    backlog: list[StatusCount]
    open_total: int
    #: Undecided claims whose legal deadline has passed.
    open_overdue: int
    #: Undecided claims due within the next five calendar days (today included).
    due_soon: int
    #: Decided (in the window) after their legal deadline.
    decided_late: int
    decided_count: int
    median_days: float | None
    p90_days: float | None
    window_start: date


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (the usual spreadsheet PERCENTILE.INC)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def center_dashboard(*, center: EmploymentServiceCenter, today: date) -> Dashboard:
    """Counts on the database; the two percentiles in Python over a bounded list of durations."""
    claims = queue_base(center=center)
    by_status = dict(
        claims.values("status").annotate(n=Count("id")).values_list("status", "n").order_by()
    )
    backlog = [
        StatusCount(status=value, label=str(label), count=by_status.get(value, 0))
        for value, label in Status.choices
        if value != Status.DRAFT and by_status.get(value, 0)
    ]
    open_claims = claims.filter(status__in=OPEN_STATUSES)
    window_start = today - timedelta(days=DURATION_WINDOW_DAYS)
    decided = claims.filter(
        decided_at__isnull=False, submitted_at__isnull=False, decided_at__date__gte=window_start
    )
    durations = [
        (decided_at - submitted_at).total_seconds() / 86400
        for submitted_at, decided_at in decided.order_by("-decided_at").values_list(
            "submitted_at", "decided_at"
        )[:DURATION_SAMPLE_LIMIT]
        if submitted_at is not None and decided_at is not None
    ]
    return Dashboard(
        backlog=backlog,
        open_total=sum(by_status.get(s, 0) for s in OPEN_STATUSES),
        open_overdue=open_claims.filter(decision_due__lt=today).count(),
        due_soon=open_claims.filter(
            decision_due__gte=today, decision_due__lt=today + timedelta(days=5)
        ).count(),
        decided_late=decided.filter(decided_at__date__gt=F("decision_due")).count(),
        decided_count=len(durations),
        median_days=percentile(durations, 0.5),  # the median, by the same interpolation
        p90_days=percentile(durations, 0.9),
        window_start=window_start,
    )
