"""Read queries of enrolments: the institution's list, the worker's summary, the staff view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest

from claims.core.access_log import staff_view_record
from training.catalogue.models import Institution
from training.enrolment.models import (
    AttendanceReport,
    Completion,
    Enrolment,
    TrainingPaymentOrder,
)
from training.support.models import TrainingApplication

OS = TrainingPaymentOrder.Status


def enrolments_for_institution(institution: Institution) -> list[dict[str, Any]]:
    """What an institution may read back: its enrolments and what it reported (one query)."""
    rows = (
        Enrolment.objects.filter(institution=institution)
        .prefetch_related(
            Prefetch("attendance", queryset=AttendanceReport.objects.order_by("month"))
        )
        .order_by("pk")
    )
    return [
        {
            "enrolment_id": str(e.public_id),
            "state": e.state,
            "start_date": e.start_date.isoformat(),
            "months": e.months,
            "ended_on": e.ended_on.isoformat() if e.ended_on else None,
            "months_reported": [a.month for a in e.attendance.all()],
        }
        for e in rows
    ]


@dataclass(frozen=True)
class MonthRow:
    month: int
    attendance: AttendanceReport | None
    orders: list[TrainingPaymentOrder]


@dataclass(frozen=True)
class EnrolmentSummary:
    enrolment: Enrolment
    months: list[MonthRow]
    completion: Completion | None
    months_attended: int
    paid_to_worker: int
    paid_to_institution: int

    @property
    def orders(self) -> list[TrainingPaymentOrder]:
        return [o for row in self.months for o in row.orders]

    @property
    def reissuable(self) -> set[int]:
        """Failed orders whose money has no open or paid order since: staff may re-issue them."""
        taken = {(o.month, o.payee) for o in self.orders if o.status != OS.FAILED}
        latest: dict[tuple[int, str], TrainingPaymentOrder] = {}
        for o in self.orders:
            key = (o.month, o.payee)
            if key not in latest or o.issue > latest[key].issue:
                latest[key] = o
        return {o.pk for k, o in latest.items() if o.status == OS.FAILED and k not in taken}


def _summary(enrolment: Enrolment) -> EnrolmentSummary:
    attendance = {a.month: a for a in enrolment.attendance.all()}
    orders: dict[int, list[TrainingPaymentOrder]] = {}
    for order in enrolment.orders.all():
        orders.setdefault(order.month, []).append(order)
    completion = (
        Completion.objects.filter(enrolment=enrolment).first()
        if (enrolment.state == Enrolment.State.COMPLETED)
        else None
    )
    paid = [o for os_ in orders.values() for o in os_ if o.status == OS.PAID]
    return EnrolmentSummary(
        enrolment=enrolment,
        months=[
            MonthRow(month=m, attendance=attendance.get(m), orders=orders.get(m, []))
            for m in range(1, enrolment.months + 1)
        ],
        completion=completion,
        months_attended=sum(1 for a in attendance.values() if a.days_attended > 0),
        paid_to_worker=sum(o.amount for o in paid if o.payee == o.Payee.WORKER),
        paid_to_institution=sum(o.amount for o in paid if o.payee == o.Payee.INSTITUTION),
    )


def _enrolment(application: TrainingApplication) -> Enrolment | None:
    return (
        Enrolment.objects.filter(application_id=application.pk)
        .select_related("institution")
        .prefetch_related(
            Prefetch("attendance", queryset=AttendanceReport.objects.order_by("month")),
            Prefetch("orders", queryset=TrainingPaymentOrder.objects.order_by("month", "payee")),
        )
        .first()
    )


def enrolment_summary(*, application: TrainingApplication) -> EnrolmentSummary | None:
    """The worker's view of the course (templates/training/enrolment/_summary.html); None
    before the enrolment exists. The caller has checked the application is the worker's."""
    enrolment = _enrolment(application)
    return _summary(enrolment) if enrolment is not None else None


def enrolment_for_staff(
    *, request: HttpRequest, application: TrainingApplication
) -> EnrolmentSummary | None:
    """The same for center staff (templates/training/enrolment/_staff.html), access-logged.
    The caller has checked the application belongs to the staff member's center."""
    enrolment = _enrolment(application)
    if enrolment is None:
        return None
    staff_view_record(request=request, claim=application.claim, page="training:enrolment")
    return _summary(enrolment)
