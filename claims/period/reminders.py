"""Reminders of the monthly notification: when a month's window opens and on its last day, by
e-mail and in the portal (claims.notifications.services) and by SMS (claims.sms).

Each reminder is a Notification row (kind, claim, month): the row is what makes it happen once.
The hourly beat task finds the months that need one and writes the missing rows; the SMS leaves
after commit through its own task, and the row remembers it was sent (`params["sms_sent_at"]`),
so a lost task is sent again by the next sweep and a sent one never twice. Nothing goes out at
night: reminders are sent within the SMS channel's hours (claims.sms.sms_hours, docs/adr/0020).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone, translation

from claims.models import BenefitMonth, Claim, MonthlyNotification, Notification
from claims.notifications.services import claim_params, notify, render
from claims.period.selectors import IN_PERIOD
from claims.sms import SMS_RETRY_FOR, SMS_SWEEP_AFTER, SmsError, sms_hours, sms_send
from common.formatting import day_label
from common.tasks import task_after_commit

logger = logging.getLogger(__name__)

OPENS, LAST_DAY = "period_window_open", "period_window_last_day"
KINDS = (OPENS, LAST_DAY)


def _candidates(kind: str, on: date) -> QuerySet[BenefitMonth]:
    """The months that need the `kind` reminder on `on` and have not had it."""
    qs = BenefitMonth.objects.filter(
        status=BenefitMonth.Status.DUE,
        claim__status__in=IN_PERIOD,
        window_first__lte=on,
        window_last__gte=on,
    ).exclude(Exists(MonthlyNotification.objects.filter(month=OuterRef("pk"))))
    if kind == LAST_DAY:
        qs = qs.filter(window_last=on)
    else:
        # The opening reminder is due from the window's first day on, so a missed hour (or
        # day) is made up; not on the last day, which has its own reminder.
        qs = qs.exclude(window_last=on)
    # The month is a number inside the row's JSON: compared as text on every database.
    sent = (
        Notification.objects.filter(claim_id=OuterRef("claim_id"), kind=kind)
        .annotate(month_text=KT("params__month"))
        .filter(month_text=Cast(OuterRef("index"), output_field=CharField()))
    )
    return qs.exclude(Exists(sent)).order_by("claim_id", "index")


def _phone(claim: Claim) -> str:
    contact = (claim.answers or {}).get("contact") or {}
    return str(contact.get("phone") or claim.citizen.phone or "")


def _params(claim: Claim, month: BenefitMonth) -> dict[str, Any]:
    params = claim_params(claim)
    params.update(
        {
            "month": month.index,
            "first": day_label(month.window_first),
            "last": day_label(month.window_last),
            "path": reverse("claims:period_notify_start", kwargs={"public_id": claim.public_id}),
        }
    )
    phone = _phone(claim)
    if phone:
        params["sms_to"] = phone
    return params


def reminder_send(*, month_id: int, kind: str, on: date | None = None) -> Notification | None:
    """Write one month's reminder (and schedule its SMS) unless it exists or is no longer due."""
    on = on or timezone.localdate()
    with transaction.atomic():
        month = (
            BenefitMonth.objects.select_related("claim", "claim__citizen")
            .filter(pk=month_id)
            .first()
        )
        if month is None:
            return None
        # Of two sweeps at once, the second waits here and then finds the first one's row.
        claim = Claim.objects.select_for_update().select_related("citizen").get(pk=month.claim_id)
        if not _candidates(kind, on).filter(pk=month.pk).exists():
            return None
        note = notify(user=claim.citizen, kind=kind, params=_params(claim, month), claim=claim)
        if note.params.get("sms_to"):
            task_after_commit("claims.tasks.period_reminder_sms", note.pk)
    return note


@dataclass(frozen=True)
class ReminderRun:
    opened: int = 0
    last_day: int = 0
    sms_again: int = 0
    skipped_hours: bool = False


def reminders_send(*, now: datetime | None = None) -> ReminderRun:
    """The hourly run: every reminder due now, once; SMS not yet sent are tried again."""
    now = now or timezone.now()
    if not sms_hours(now):
        return ReminderRun(skipped_hours=True)
    on = timezone.localdate(now)
    counts = {}
    for kind in KINDS:
        done = 0
        for month_id in list(_candidates(kind, on).values_list("pk", flat=True)[:5000]):
            try:
                if reminder_send(month_id=month_id, kind=kind, on=on) is not None:
                    done += 1
            except Exception:  # one claim's trouble must not stop the others' reminders
                logger.exception("reminder %s for benefit month %s not sent", kind, month_id)
        counts[kind] = done
    again = 0
    for note_id in _sms_pending(now):
        task_after_commit("claims.tasks.period_reminder_sms", note_id)
        again += 1
    return ReminderRun(opened=counts[OPENS], last_day=counts[LAST_DAY], sms_again=again)


def _sms_pending(now: datetime) -> list[int]:
    """Reminders whose SMS has not gone yet (a lost task, a gateway that was down)."""
    return list(
        Notification.objects.filter(
            kind__in=KINDS,
            params__has_key="sms_to",
            created_at__gte=now - SMS_RETRY_FOR,
            created_at__lte=now - SMS_SWEEP_AFTER,
        )
        .exclude(params__has_key="sms_sent_at")
        .exclude(params__has_key="sms_error")
        .values_list("pk", flat=True)[:5000]
    )


def sms_text(note: Notification) -> str:
    """The SMS: the reminder's words in Vietnamese (the worker's phone) with the page's link."""
    with translation.override("vi"):
        _subject, body = render(note.kind, note.params)
    return f"{body} {settings.SITE_URL}{note.params.get('path', '')}"


def reminder_sms_send(*, notification_id: int) -> bool:
    """Send one reminder's SMS once; True if this call sent it."""
    with transaction.atomic():
        note = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if note is None or note.kind not in KINDS:
            return False
        params = dict(note.params)
        if not params.get("sms_to") or params.get("sms_sent_at") or params.get("sms_error"):
            return False
        try:
            result = sms_send(
                to=params["sms_to"], text=sms_text(note), reference=f"period-reminder:{note.pk}"
            )
        except SmsError as error:
            params["sms_error"] = str(error)[:200]
            note.params = params
            note.save(update_fields=["params"])
            return False
        if not result.sent:
            logger.warning("reminder SMS %s not sent: %s", note.pk, result.error)
            return False  # the sweep tries again
        params["sms_sent_at"] = timezone.now().isoformat()
        note.params = params
        note.save(update_fields=["params"])
    return True
