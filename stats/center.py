"""The center's dashboard at /can-bo/tong-quan/, from the same summaries as the statistics.

It moved here from claims (issue 19: "the center dashboard moves to the same summaries"): the
backlog by status, the open claims past or near their deadline, and the time from filing to
decision of the last year, read from stats' summary rows of the center's province (one center
per province) instead of counting the center's claims at every view. The figures are those
of the last refresh (every few minutes), whose time the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from claims.models import Claim
from eligibility.registry import month_start
from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import EmploymentServiceCenter
from stats.models import DecisionDays, Summary
from stats.refresh import OPEN_STATES
from stats.selectors import percentile_of_counts, refresh_state

#: Decisions looked at for the durations: those of the last year (whole months, from the
#: month the window starts in).
DURATION_WINDOW_DAYS = 365

_STATUS_LABELS = dict(Claim._meta.get_field("status").flatchoices)  # type: ignore[arg-type]
_STATUS_ORDER = [value for value, _label in _STATUS_LABELS.items()]


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    backlog: list[StatusCount]
    open_total: int
    open_overdue: int
    due_soon: int
    decided_late: int
    decided_count: int
    median_days: float | None
    p90_days: float | None
    window_start: date
    refreshed_at: datetime | None


def center_dashboard(*, center: EmploymentServiceCenter, today: date) -> Dashboard:
    province = center.province_code
    cells = Summary.objects.filter(province_code=province)
    by_status = dict(
        cells.filter(dimension="status")
        .values("value")
        .order_by()
        .annotate(n=Sum("filed"))
        .values_list("value", "n")
    )
    deadline = dict(
        cells.filter(dimension="deadline")
        .values("value")
        .order_by()
        .annotate(n=Sum("filed"))
        .values_list("value", "n")
    )
    window_start = today - timedelta(days=DURATION_WINDOW_DAYS)
    first = f"{month_start(window_start):%Y-%m}"
    decided = (
        cells.filter(dimension="month", value__gte=first)
        .exclude(value="")
        .aggregate(decided=Sum("decided"), in_time=Sum("decided_in_time"))
    )
    counts: dict[int, int] = {}
    for days, n in (
        DecisionDays.objects.filter(dimension="month", province_code=province, value__gte=first)
        .values("days")
        .order_by()
        .annotate(n=Sum("count"))
        .values_list("days", "n")
    ):
        counts[days] = n
    decided_count = decided["decided"] or 0
    state = refresh_state()
    return Dashboard(
        backlog=[
            StatusCount(status=value, label=str(_STATUS_LABELS[value]), count=by_status[value])
            for value in _STATUS_ORDER
            if value != "draft" and by_status.get(value)
        ],
        open_total=sum(by_status.get(s, 0) for s in OPEN_STATES),
        open_overdue=deadline.get("overdue", 0),
        due_soon=deadline.get("due_soon", 0),
        decided_late=decided_count - (decided["in_time"] or 0),
        decided_count=decided_count,
        median_days=percentile_of_counts(counts, 0.5),
        p90_days=percentile_of_counts(counts, 0.9),
        window_start=window_start,
        refreshed_at=state.refreshed_at if state else None,
    )


@staff_role_required("officer", "signer")
def dashboard_view(request: AuthedRequest) -> HttpResponse:
    center = request.user.center
    if center is None:  # staff_role_required lets only staff with a center through
        raise PermissionDenied
    figures = center_dashboard(center=center, today=timezone.localdate())
    return render(request, "stats/center_dashboard.html", {"d": figures, "center": center})
