"""A claim prefilled from the employer's layoff notice: when it opens, what the officer must
see, the agency's confirmation shown on the claim pages, the worker's notice, and job
counselling booked before the last day (issue #17).

The drafts themselves are made by employers.prefill (which reads the notice); everything the
claim side needs to know about them is here, so claims never import employers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.core.exceptions import ClaimError
from claims.core.transitions import Actor
from claims.models import (
    Claim,
    ClaimEvent,
    ClaimFlag,
    CounsellingBooking,
    EmployerReport,
    Notification,
)
from claims.notifications.services import render
from claims.prefill.sms import SMS_TASK
from common.tasks import task_after_commit
from eligibility.calculator.text import date_vi
from eligibility.signed_extract import (
    ExtractRefused,
    extract_verify,
)
from eligibility.signed_extract import (
    SignedExtract as SignedPayload,
)
from eligibility.signed_extract import (
    enabled as confirmation_enabled,
)
from identity.models import User

logger = logging.getLogger(__name__)

#: Where a prefilled draft keeps which notice it came from (Claim.answers).
PREFILL_KEY = "_prefill"
#: The worker's notification (claims.notifications.services.MESSAGES) and its e-mail task.
PREFILLED_KIND = "claim_prefilled"
EMAIL_TASK = "claims.tasks.notification_email"
#: The flag an officer sees when the worker gives another reason than the employer reported.
DISPUTED_FLAG = "employer_reason_disputed"
#: Counselling slots a worker can book (the center's morning and afternoon sessions).
SLOTS = (
    ("morning", gettext_lazy("Buổi sáng (8:00–11:00)")),
    ("afternoon", gettext_lazy("Buổi chiều (13:30–16:30)")),
)
#: How many working days ahead counselling can be booked.
BOOKING_DAYS = 20


def report_for(claim: Claim) -> EmployerReport | None:
    try:
        return claim.employer_report
    except EmployerReport.DoesNotExist:
        return None


# --- When the claim opens ----------------------------------------------------------------------


def opens_on(claim: Claim) -> date | None:
    """The day a prefilled claim can be submitted: the termination date the employer reported
    (before it the contract still runs: Law 74/2025 pays for losing a job, not for notice)."""
    report = report_for(claim)
    return report.termination_date if report is not None else None


def prefill_open_check(*, claim: Claim, today: date | None = None) -> None:
    """Refuse to submit a prefilled claim before its termination date (ClaimError says when)."""
    day = opens_on(claim)
    today = today or timezone.localdate()
    if day is not None and today < day:
        raise ClaimError(
            _(
                "Hợp đồng của bạn chấm dứt ngày %(date)s: từ ngày đó bạn mới nộp được hồ sơ. "
                "Trước ngày đó bạn có thể xem dữ liệu, mức hưởng dự kiến và đặt lịch tư vấn việc làm."
            )
            % {"date": date_vi(day)}
        )


def termination_proven(claim: Claim) -> bool:
    """The employer's confirmed notice is the proof of the termination (Decree 28/2015 Art. 32:
    the employer reports the workforce change to the center): no upload is asked for."""
    return report_for(claim) is not None


# --- At submission -------------------------------------------------------------------------------


def reason_disputed(claim: Claim) -> bool:
    """The worker's reason for the termination is not the one the employer reported."""
    report = report_for(claim)
    job = (claim.answers or {}).get("job") or {}
    reason = claim.termination_reason or job.get("termination_reason", "")
    return report is not None and bool(reason) and reason != report.termination_reason


@dataclass(frozen=True)
class Dispute:
    employer_reason: str
    worker_reason: str
    explanation: str


def dispute_for(claim: Claim) -> Dispute | None:
    """What the officer's review page shows when the worker disagrees with the employer."""
    report = report_for(claim)
    if report is None or not reason_disputed(claim):
        return None
    job = (claim.answers or {}).get("job") or {}
    return Dispute(
        employer_reason=report.termination_reason,
        worker_reason=claim.termination_reason or job.get("termination_reason", ""),
        explanation=claim.correction_reason or job.get("correction_reason", ""),
    )


def dispute_record(*, claim: Claim, dispute: Dispute) -> None:
    """Flag a submission whose worker gives another reason than their employer reported.

    Called by the submission (claims.filing.services), inside its transaction, when
    `dispute_for` finds a disagreement: the worker keeps their answer (it is their claim) and
    the officer is told, by the flag `employer_reason_disputed` (needs review) the queue
    filters on and an event on the timeline. The submission also leaves the fast track
    (is_clean false; the fast track refuses any flagged claim at approval as well).
    """
    ClaimFlag.objects.bulk_create(
        [ClaimFlag(claim=claim, code=DISPUTED_FLAG, severity=ClaimFlag.Severity.NEEDS_REVIEW)],
        ignore_conflicts=True,
    )
    ClaimEvent.objects.create(
        claim=claim,
        kind="employer_reason_disputed",
        actor=None,
        actor_role=Actor.SYSTEM,
        data={"employer_reason": dispute.employer_reason, "worker_reason": dispute.worker_reason},
    )


# --- The agency's confirmation, as the claim pages show it -------------------------------------


@dataclass(frozen=True)
class Confirmation:
    confirmed: bool
    issued_at: datetime | None = None
    problem: str = ""
    ui_paid_months: int | None = None


def confirmation_for(claim: Claim) -> Confirmation | None:
    """The signed extract kept with the claim, verified again now (a changed row is not believed).

    None when the claim has none to show (not prefilled, or the deployment has no such service).
    """
    report = report_for(claim)
    if report is None or report.extract is None or not confirmation_enabled():
        return None
    kept = report.extract
    try:
        verified = extract_verify(
            SignedPayload(kept.payload.encode(), kept.signature), personal_id=claim.personal_id
        )
    except ExtractRefused as refused:
        logger.warning("kept extract %s of claim %s refused: %s", kept.pk, claim.pk, refused.code)
        return Confirmation(confirmed=False, problem=refused.code)
    return Confirmation(
        confirmed=True,
        issued_at=verified.issued_at,
        ui_paid_months=verified.data.get("ui_paid_months"),
    )


# --- Telling the worker --------------------------------------------------------------------------


def prefill_page(report: EmployerReport) -> str:
    return reverse("claims:prefilled", kwargs={"report_id": report.pk})


def prefill_notify_many(*, reports: Iterable[EmployerReport], users: Mapping[str, User]) -> int:
    """Tell each worker their claim is ready: the portal inbox and, after commit, e-mail (the
    claims notifications' task) and an SMS when their phone number is known. One insert for
    all (a notice may list thousands); a report already notified is skipped. Returns how many."""
    todo = [r for r in reports if r.notified_at is None and r.personal_id in users]
    if not todo:
        return 0
    notes = []
    for report in todo:
        params: dict[str, Any] = {
            "employer": report.employer_name,
            "date": date_vi(report.termination_date),
            "path": prefill_page(report),
        }
        notes.append(
            Notification(
                user=users[report.personal_id],
                claim=report.claim,
                kind=PREFILLED_KIND,
                params=params,
            )
        )
    render(PREFILLED_KIND, notes[0].params)  # fail now, inside the transaction, if it cannot
    Notification.objects.bulk_create(notes)
    now = timezone.now()
    EmployerReport.objects.filter(pk__in=[r.pk for r in todo]).update(notified_at=now)
    for report, note in zip(todo, notes, strict=True):
        report.notified_at = now
        user = users[report.personal_id]
        if user.email:
            task_after_commit(EMAIL_TASK, note.pk)
        if user.phone:
            # The report's SMS columns are its record: a lost task is sent by the sweep
            # (claims.prefill.sms.prefill_sms_sweep).
            task_after_commit(SMS_TASK, report.pk)
    return len(todo)


# --- Help before the last day: job counselling ----------------------------------------------------


class BookingError(ClaimError):
    """The counselling booking cannot be made (a day not offered, one already booked)."""


def booking_days(*, report: EmployerReport, today: date | None = None) -> list[date]:
    """The days counselling can be booked: working days (Mon-Fri) from tomorrow, up to
    BOOKING_DAYS of them, and never after the termination date plus a month."""
    today = today or timezone.localdate()
    last = report.termination_date + timedelta(days=30)
    days: list[date] = []
    day = today + timedelta(days=1)
    while len(days) < BOOKING_DAYS and day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def own_report(*, report_id: int, citizen: User) -> EmployerReport:
    report = (
        EmployerReport.objects.select_related("center", "claim", "extract")
        .filter(pk=report_id, personal_id=citizen.personal_id or "")
        .first()
    )
    if report is None or not citizen.personal_id:
        raise ClaimError(_("Không tìm thấy thông tin doanh nghiệp báo về bạn."))
    return report


def counselling_book(
    *, report_id: int, citizen: User, day: date, slot: str, today: date | None = None
) -> CounsellingBooking:
    """Book job counselling with the notice's center (one open booking per worker)."""
    report = own_report(report_id=report_id, citizen=citizen)
    if slot not in dict(SLOTS):
        raise BookingError(_("Hãy chọn buổi sáng hoặc buổi chiều."))
    if day not in booking_days(report=report, today=today):
        raise BookingError(_("Trung tâm không nhận lịch tư vấn vào ngày này. Hãy chọn ngày khác."))
    try:
        with transaction.atomic():
            booking = CounsellingBooking.objects.create(
                report=report, center=report.center, citizen=citizen, day=day, slot=slot
            )
            if report.claim is not None:
                ClaimEvent.objects.create(
                    claim=report.claim,
                    kind="counselling_booked",
                    actor=citizen,
                    actor_role="citizen",
                    data={"day": day.isoformat(), "slot": slot, "booking": booking.pk},
                )
    except IntegrityError:
        raise BookingError(
            _("Bạn đã có một lịch tư vấn. Hãy hủy lịch đó trước khi đặt lịch khác.")
        ) from None
    return booking


def counselling_cancel(*, booking_id: int, citizen: User) -> CounsellingBooking:
    with transaction.atomic():
        booking = (
            CounsellingBooking.objects.select_for_update()
            .filter(pk=booking_id, citizen=citizen, status=CounsellingBooking.Status.BOOKED)
            .select_related("report__claim")
            .first()
        )
        if booking is None:
            raise BookingError(_("Không tìm thấy lịch tư vấn này (có thể bạn đã hủy rồi)."))
        booking.status = CounsellingBooking.Status.CANCELLED
        booking.save(update_fields=["status"])
        if booking.report.claim is not None:
            ClaimEvent.objects.create(
                claim=booking.report.claim,
                kind="counselling_cancelled",
                actor=citizen,
                actor_role="citizen",
                data={"booking": booking.pk},
            )
    return booking
