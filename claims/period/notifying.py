"""The monthly notification (online or in person) and the exemptions staff record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core.services import actor_kind, claim_transition
from claims.core.transitions import Actor, Status
from claims.decisions.kinds import decision_kind_issue
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.period import selectors
from claims.period.ending import REPORTABLE, event_report
from claims.period.errors import NotificationAlreadyMade, NotificationWindowClosed, PeriodInvalid
from claims.period.guards import in_period, owner_or_staff, staff_of
from claims.period.models import (
    BenefitMonth,
    MonthlyNotification,
    NotificationExemption,
)
from identity.models import User

#: The job-search log: at most this many entries, each at most this long.
LOG_ENTRIES, LOG_TEXT = 20, 300
LOG_KINDS = ("employer", "job_fair", "application", "job_centre", "other")

BM = BenefitMonth.Status


def _log_clean(entries: Any) -> list[dict[str, str]]:
    if entries in (None, ""):
        return []
    if not isinstance(entries, (list, tuple)) or len(entries) > LOG_ENTRIES:
        raise PeriodInvalid(
            {"job_search_log": [_("Nhật ký tìm việc có tối đa %(n)s dòng.") % {"n": LOG_ENTRIES}]}
        )
    cleaned = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise PeriodInvalid({"job_search_log": [_("Mỗi dòng nhật ký phải có nơi tìm việc.")]})
        kind = str(entry.get("kind") or "other")
        where = str(entry.get("where") or "").strip()
        when = str(entry.get("date") or "")
        if kind not in LOG_KINDS:
            raise PeriodInvalid({"job_search_log": [_("Hình thức tìm việc không hợp lệ.")]})
        if not where or len(where) > LOG_TEXT:
            raise PeriodInvalid(
                {
                    "job_search_log": [
                        _("Hãy ghi nơi đã tìm việc (tối đa %(n)s ký tự).") % {"n": LOG_TEXT}
                    ]
                }
            )
        if when:
            try:
                date.fromisoformat(when)
            except ValueError:
                raise PeriodInvalid({"job_search_log": [_("Ngày không hợp lệ.")]}) from None
        cleaned.append({"kind": kind, "where": where, "date": when})
    return cleaned


def notification_record(
    claim: Claim,
    *,
    by: User,
    channel: str = MonthlyNotification.Channel.ONLINE,
    looked_for_work: bool,
    available: bool,
    job_search_log: Any = (),
    still_unemployed: bool = True,
    event_kind: str = "",
    event_date: date | None = None,
    proof: ClaimDocument | None = None,
    note: str = "",
    at: datetime | None = None,
) -> MonthlyNotification:
    """Record this month's job-search notification (the worker online, or staff in person).

    Refused (NotificationWindowClosed, with the next window's dates) when no window holds the
    day, NotificationAlreadyMade when the month is notified already. A suspended benefit is
    resumed (Art. 41.3). An event given with it (a job found...) is reported too
    (`event_report`); "no longer unemployed" without a kind is a job found on `event_date`.
    """
    at = at or timezone.now()
    on = timezone.localdate(at)
    if channel not in MonthlyNotification.Channel.values:
        raise PeriodInvalid({"channel": [_("Hình thức thông báo không hợp lệ.")]})
    log = _log_clean(job_search_log)
    if len(note or "") > 4000:
        raise PeriodInvalid({"note": [_("Nội dung dài quá %(max)s ký tự.") % {"max": 4000}]})
    if not still_unemployed and not event_kind:
        event_kind = "job_started"
    if event_kind and event_kind not in REPORTABLE:
        raise PeriodInvalid({"event_kind": [_("Loại sự kiện không hợp lệ.")]})
    if event_kind and event_date is None:
        raise PeriodInvalid({"event_date": [_("Hãy nhập ngày xảy ra sự kiện.")]})
    if proof is not None and proof.claim_id != claim.pk:
        raise PeriodInvalid({"proof": [_("Giấy tờ không thuộc hồ sơ này.")]})
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        kind = owner_or_staff(locked, by)
        if kind == Actor.CITIZEN and channel != MonthlyNotification.Channel.ONLINE:
            raise PeriodInvalid({"channel": [_("Bạn thông báo trực tuyến trên cổng.")]})
        if kind != Actor.CITIZEN and channel != MonthlyNotification.Channel.IN_PERSON:
            raise PeriodInvalid({"channel": [_("Cán bộ ghi nhận thông báo trực tiếp.")]})
        in_period(locked)
        months = list(locked.benefit_months.select_for_update().order_by("index"))
        month = selectors.month_for_window(months, on)
        if month is None or month.status not in (BM.DUE, BM.NOTIFIED):
            after = selectors.window_next(months, on)
            raise NotificationWindowClosed(
                next_window_first=after.window_first if after else None,
                next_window_last=after.window_last if after else None,
            )
        existing = MonthlyNotification.objects.filter(month=month).first()
        if existing is not None:
            raise NotificationAlreadyMade(existing)
        notification = MonthlyNotification.objects.create(
            claim=locked,
            month=month,
            channel=channel,
            still_unemployed=still_unemployed,
            looked_for_work=looked_for_work,
            job_search_log=log,
            available=available,
            event_kind=event_kind,
            event_date=event_date,
            proof=proof,
            note=(note or "").strip(),
            recorded_by=by,
            notified_at=at,
        )
        month.status = BM.NOTIFIED
        month.save(update_fields=["status", "updated_at"])
        ClaimEvent.objects.create(
            claim=locked,
            kind="period:notified",
            actor=by,
            actor_role=kind,
            data={
                "month": month.index,
                "channel": channel,
                "looked_for_work": looked_for_work,
                "available": available,
                "entries": len(log),
            },
        )
        if locked.status == Status.SUSPENDED and not event_kind:
            claim_transition(
                claim_id=locked.pk,
                to_status=Status.PAYING,
                actor=None,
                reason=_("Đã thông báo tìm kiếm việc làm tháng thứ %(k)s: tiếp tục hưởng.")
                % {"k": month.index},
                data={"month": month.index, "resumed_from": month.start.isoformat()},
            )
            decision_kind_issue(
                claim=locked,
                kind="resumption",
                facts={
                    "month": month.index,
                    "resumed_from": month.start.isoformat(),
                    "amount": month.amount,
                    "entitlement_end": months[-1].end.isoformat(),
                },
                key=f"resumption:{month.index}",
            )
        if event_kind:
            event_report(
                locked,
                by=by,
                kind=event_kind,
                date=event_date,  # type: ignore[arg-type]
                reported=True,
                proof=proof,
            )
    return notification


def exemption_record(
    claim: Claim,
    *,
    by: User,
    reason: str,
    note: str = "",
    document: ClaimDocument | None = None,
    month_index: int | None = None,
    on: date | None = None,
) -> NotificationExemption:
    """Staff: the worker need not come in person this month (illness, maternity...).

    RULES.md: the reason is recorded and the window still applies (an online notification
    remains possible). The month is `month_index`, or the one whose window holds `on`, or the
    next window's.
    """
    if reason not in NotificationExemption.Reason.values:
        raise PeriodInvalid({"reason": [_("Hãy chọn lý do miễn thông báo trực tiếp.")]})
    if document is not None and document.claim_id != claim.pk:
        raise PeriodInvalid({"document": [_("Giấy tờ không thuộc hồ sơ này.")]})
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        staff_of(locked, by)
        in_period(locked)
        months = list(locked.benefit_months.order_by("index"))
        if month_index is not None:
            month = next((m for m in months if m.index == month_index), None)
        else:
            month = selectors.month_for_window(months, on) or selectors.window_next(months, on)
        if month is None or month.status not in (BM.DUE, BM.NOTIFIED):
            raise PeriodInvalid({"month_index": [_("Tháng này không còn cần thông báo.")]})
        try:
            with transaction.atomic():
                exemption = NotificationExemption.objects.create(
                    claim=locked,
                    month=month,
                    reason=reason,
                    note=(note or "").strip()[:4000],
                    document=document,
                    recorded_by=by,
                )
        except IntegrityError:
            raise PeriodInvalid(
                {"month_index": [_("Tháng này đã được ghi nhận miễn thông báo trực tiếp.")]}
            ) from None
        ClaimEvent.objects.create(
            claim=locked,
            kind="period:exempted",
            actor=by,
            actor_role=actor_kind(by),
            data={"month": month.index, "reason": reason},
        )
    return exemption
