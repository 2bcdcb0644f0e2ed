"""The worker's SMS about their prefilled claim: sent once, remembered on the report, and sent
by the sweep when its task was lost (a broker down at the commit, ADR 0027) or the gateway
could not take it.

The report is the record (`sms_sent_at`, `sms_error`): `prefill_notify_many` schedules the SMS
after commit; `prefill_sms_send` locks the report, sends, and marks it sent, so a redelivered
task sends nothing; `prefill_sms_sweep` (beat) schedules again the SMS of recently notified
reports that never went, within the SMS channel's hours (claims.sms.sms_hours). The gateway
also drops a second message with the same reference (`prefill:<report id>`). ADR 0016.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from claims.models import EmployerReport
from claims.sms import SMS_RETRY_FOR, SMS_SWEEP_AFTER, SmsError, sms_hours, sms_send
from common.tasks import task_send_committed
from eligibility.calculator.text import date_vi
from identity.models import User

logger = logging.getLogger(__name__)

#: The task that sends one report's SMS (claims.prefill.tasks.prefill_sms).
SMS_TASK = "claims.tasks.prefill_sms"
#: At most this many SMS queued per run (the sweep runs every ten minutes).
SMS_SWEEP_LIMIT = 1000


def prefill_sms_text(report: EmployerReport) -> str:
    """The SMS, in Vietnamese (the worker's phone; claims.sms takes the marks off)."""
    with translation.override("vi"):
        return _(
            "%(employer)s đã báo chấm dứt hợp đồng của bạn ngày %(date)s. Hồ sơ trợ cấp thất "
            "nghiệp của bạn đã được điền sẵn: đăng nhập VNeID trên cổng để kiểm tra và tự nộp."
        ) % {"employer": report.employer_name, "date": date_vi(report.termination_date)}


def prefill_sms_send(*, report_id: int) -> bool:
    """Send one report's SMS once; True if this call sent it.

    A number that can never receive one (SmsError) is recorded and not tried again; a gateway
    that refuses or cannot be reached leaves the report unsent, for the sweep.
    """
    with transaction.atomic():
        # Of two deliveries of the task at once, the second waits here and finds the mark.
        report = EmployerReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.sms_sent_at is not None or report.sms_error:
            return False
        user = User.objects.filter(personal_id=report.personal_id).first()
        if user is None or not user.phone:
            return False
        try:
            result = sms_send(
                to=user.phone, text=prefill_sms_text(report), reference=f"prefill:{report.pk}"
            )
        except SmsError as exc:
            logger.info("no SMS for report %s: %s", report.pk, exc)
            report.sms_error = str(exc)[:200]
            report.save(update_fields=["sms_error"])
            return False
        if not result.sent:
            logger.warning("SMS for report %s not sent: %s", report.pk, result.error)
            return False  # the sweep tries again
        report.sms_sent_at = timezone.now()
        report.save(update_fields=["sms_sent_at"])
    return True


def prefill_sms_unsent(*, now: datetime) -> list[int]:
    """Ids of reports notified within SMS_RETRY_FOR (and not in the last SMS_SWEEP_AFTER) whose
    worker has a phone and whose SMS has neither gone nor been refused for good; oldest first,
    at most SMS_SWEEP_LIMIT."""
    with_phone = User.objects.filter(personal_id=OuterRef("personal_id")).exclude(phone="")
    return list(
        EmployerReport.objects.filter(
            notified_at__gte=now - SMS_RETRY_FOR,
            notified_at__lt=now - SMS_SWEEP_AFTER,
            sms_sent_at__isnull=True,
            sms_error="",
        )
        .filter(Exists(with_phone))
        .order_by("notified_at", "pk")
        .values_list("pk", flat=True)[:SMS_SWEEP_LIMIT]
    )


def prefill_sms_sweep(*, now: datetime | None = None) -> int:
    """The periodic run: queue again the SMS not yet sent (none outside the SMS hours).

    Returns how many were queued. A broker that cannot take one stops the run (the next run
    finds the same reports): each refused send would wait out kombu's publish retries.
    """
    now = now or timezone.now()
    if not sms_hours(now):
        return 0
    queued = 0
    for report_id in prefill_sms_unsent(now=now):
        if not task_send_committed(SMS_TASK, report_id):
            break
        queued += 1
    return queued
