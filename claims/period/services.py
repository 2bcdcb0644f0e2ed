"""The only code that changes a benefit period (Law 74/2025 Art. 40-41; RULES.md "After the
decision"; docs/adr/0015-benefit-period.md).

- `period_lay_out`: at approval, one BenefitMonth per benefit month (the pure rules' dates).
- `notification_record`: the worker's monthly notification (online) or staff's (in person);
  refused outside a window with the next window's dates; resumes a suspended benefit.
- `exemption_record`: staff record why a worker need not come in person (the window stays).
- `event_report`: "I found a job" and the other events; an event that ends the benefit is
  proposed for termination at once (by the system), to be signed by a signer.
- `termination_propose` / `termination_sign` / `termination_return`: four eyes.
- `windows_close`: the beat task's work: a window closed without a notification suspends the
  month (and the benefit), the third in a row ends it (ground đ).
- `period_sweep`: finds again what a lost task left (months not laid out, windows not closed,
  installments not linked, periods run to their end).

Money: month k >= 2 is released by claims.payments only once month k is notified
(claims.period.selectors.release_gate); a suspended month's installment and every unpaid
installment after the end are cancelled (removed from the schedule, recorded as an event);
money paid after an unreported end becomes a Recovery.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, DateField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core import services as core_services
from claims.core import transitions
from claims.core.exceptions import ClaimError, ClaimPermissionError, ClaimStateError
from claims.core.services import actor_kind, claim_transition
from claims.core.transitions import Actor, Status
from claims.decisions.kinds import decision_kind_issue
from claims.decisions.models import Decision
from claims.models import Claim, ClaimDocument, ClaimEvent, Proposal
from claims.payments.models import PaymentInstallment
from claims.period import selectors
from claims.period.models import (
    BenefitMonth,
    MonthlyNotification,
    NotificationExemption,
    PeriodEvent,
    Recovery,
    ReservedMonths,
    Termination,
)
from common.tasks import task_after_commit
from eligibility.calculator import period as rules
from eligibility.calculator.text import date_vi
from identity.models import User

logger = logging.getLogger(__name__)

BM = BenefitMonth.Status
IS = PaymentInstallment.Status
#: Claim states in which the period runs.
IN_PERIOD = selectors.IN_PERIOD
#: Kinds of event a report may carry (every kind of the rules but the notification itself).
REPORTABLE = tuple(k for k in rules.EVENT_KINDS if k != "notification")
#: The job-search log: at most this many entries, each at most this long.
LOG_ENTRIES, LOG_TEXT = 20, 300
LOG_KINDS = ("employer", "job_fair", "application", "job_centre", "other")


class PeriodError(ClaimError):
    """A benefit-period action refused; the message is safe to show. Nothing changed."""


class PeriodInvalid(PeriodError):
    """The input is wrong; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Thông tin chưa hợp lệ: hãy sửa các lỗi được nêu."))
        self.errors = errors


class NotificationWindowClosed(PeriodError):
    """No notification window holds that day; `next_window_first/last` say when the next is."""

    def __init__(self, *, next_window_first: date | None, next_window_last: date | None) -> None:
        if next_window_first is not None and next_window_last is not None:
            message = _(
                "Hôm nay không phải thời hạn thông báo tìm kiếm việc làm. Lần thông báo tiếp "
                "theo: từ ngày %(first)s đến ngày %(last)s."
            ) % {"first": date_vi(next_window_first), "last": date_vi(next_window_last)}
        else:
            message = _("Không còn tháng hưởng nào cần thông báo tìm kiếm việc làm.")
        super().__init__(message)
        self.next_window_first = next_window_first
        self.next_window_last = next_window_last


class NotificationAlreadyMade(PeriodError):
    """This month's notification exists already; `notification` is it (its receipt)."""

    def __init__(self, notification: MonthlyNotification) -> None:
        super().__init__(_("Bạn đã thông báo tìm kiếm việc làm cho tháng này."))
        self.notification = notification


def _suspension_facts(month: BenefitMonth | dict[str, Any]) -> dict[str, Any]:
    """What a suspension decision prints (claims.decisions.kind_content), from a month row."""
    values: dict[str, Any] = (
        month
        if isinstance(month, dict)
        else {
            name: getattr(month, name)
            for name in ("index", "start", "end", "window_first", "window_last", "amount")
        }
    )
    return {
        "month": values["index"],
        "month_start": values["start"].isoformat(),
        "month_end": values["end"].isoformat(),
        "window_first": values["window_first"].isoformat(),
        "window_last": values["window_last"].isoformat(),
        "amount": values["amount"],
    }


# --- Laying out the months -------------------------------------------------------------------


def _approved(claim: Claim) -> Proposal | None:
    return (
        claim.proposals.filter(kind=Proposal.Kind.APPROVE, outcome=Proposal.Outcome.SIGNED)
        .order_by("-decided_at", "-id")
        .first()
    )


def period_lay_out(*, claim_id: int) -> list[BenefitMonth]:
    """Create an approved claim's benefit months (once; safe to call any number of times)."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        existing = list(claim.benefit_months.order_by("index"))
        if existing or claim.status not in IN_PERIOD:
            return existing
        proposal = _approved(claim)
        amount = (proposal.monthly_benefit if proposal else None) or claim.monthly_benefit
        months = (proposal.duration_months if proposal else None) or claim.duration_months
        if proposal is None or not amount or not months:
            return []
        decided = selectors.decided_on(claim)
        start = proposal.entitlement_start or decided
        plans = rules.benefit_months(
            entitlement_start=start,
            duration_months=months,
            decision_date=decided,
            calendar=selectors.period_calendar(),
            rules=selectors.period_rules(claim),
        )
        BenefitMonth.objects.bulk_create(
            [
                BenefitMonth(
                    claim=claim,
                    index=p.index,
                    start=p.start,
                    end=p.end,
                    window_first=p.window_first,
                    window_last=p.window_last,
                    payment_due_on=p.payment_due_on,
                    amount=amount,
                )
                for p in plans
            ]
        )
        ClaimEvent.objects.create(
            claim=claim,
            kind="period:laid_out",
            actor_role=Actor.SYSTEM,
            data={
                "months": months,
                "amount": amount,
                "windows": [[p.window_first.isoformat(), p.window_last.isoformat()] for p in plans],
            },
        )
        installments_link(claim_id=claim.pk)
        return list(claim.benefit_months.order_by("index"))


def installments_link(*, claim_id: int | None = None) -> int:
    """Link each benefit month to its installment and move the installment's due day to the
    month's payment day (day 7 for k >= 2). One UPDATE; safe to repeat."""
    sql = (
        "UPDATE claims_benefitmonth m SET installment_id = i.id "
        "FROM claims_paymentinstallment i "
        'WHERE i.claim_id = m.claim_id AND i.number = m."index" AND m.installment_id IS NULL'
    )
    params: list[Any] = []
    if claim_id is not None:
        sql += " AND m.claim_id = %s"
        params.append(claim_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        linked = cursor.rowcount
        due = (
            "UPDATE claims_paymentinstallment i SET due_on = m.payment_due_on "
            "FROM claims_benefitmonth m WHERE m.installment_id = i.id "
            "AND i.status = 'scheduled' AND i.due_on <> m.payment_due_on"
        )
        if claim_id is not None:
            due += " AND m.claim_id = %s"
        cursor.execute(due, params)
    return linked


def period_on_transition(claim_id: int, from_status: str, to_status: str) -> None:
    """Hook (claims.core.services.on_transition): an approval's decision lays out the months.

    Runs after commit; if it fails (or the process dies here) the sweep lays them out.
    """
    if to_status != Status.DECISION_ISSUED or from_status != Status.APPROVED:
        return
    try:
        period_lay_out(claim_id=claim_id)
    except Exception:
        logger.exception("benefit months of claim %s not laid out now; the sweep will", claim_id)


# --- Permissions -----------------------------------------------------------------------------


def _staff_of(claim: Claim, user: User, *, roles: frozenset[str] | None = None) -> None:
    roles = roles or frozenset({User.Role.OFFICER, User.Role.SIGNER})
    if user.role not in roles:
        raise ClaimPermissionError(_("Chỉ cán bộ của trung tâm được thực hiện thao tác này."))
    if user.center_id is None or user.center_id != claim.center_id:
        raise ClaimPermissionError(_("Hồ sơ này thuộc trung tâm khác."))


def _owner_or_staff(claim: Claim, user: User) -> str:
    """The actor kind of `user` on `claim`, or ClaimPermissionError."""
    if user.role == User.Role.CITIZEN:
        if claim.citizen_id != user.pk:
            raise ClaimPermissionError(_("Bạn chỉ có thể thao tác trên hồ sơ của chính mình."))
        return Actor.CITIZEN
    _staff_of(claim, user)
    return actor_kind(user)


def _in_period(claim: Claim) -> None:
    if claim.status not in IN_PERIOD:
        raise ClaimStateError(
            _("Hồ sơ đang ở trạng thái “%(status)s”: không trong thời gian hưởng trợ cấp.")
            % {"status": Status(claim.status).label},
            current_status=claim.status,
        )


# --- The monthly notification ----------------------------------------------------------------


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
        kind = _owner_or_staff(locked, by)
        if kind == Actor.CITIZEN and channel != MonthlyNotification.Channel.ONLINE:
            raise PeriodInvalid({"channel": [_("Bạn thông báo trực tuyến trên cổng.")]})
        if kind != Actor.CITIZEN and channel != MonthlyNotification.Channel.IN_PERSON:
            raise PeriodInvalid({"channel": [_("Cán bộ ghi nhận thông báo trực tiếp.")]})
        _in_period(locked)
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
        _staff_of(locked, by)
        _in_period(locked)
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


# --- Events and termination ------------------------------------------------------------------


def event_report(
    claim: Claim,
    *,
    by: User | None,
    kind: str,
    date: date,
    reported: bool = True,
    source: str | None = None,
    details: dict[str, Any] | None = None,
    proof: ClaimDocument | None = None,
) -> PeriodEvent:
    """Record an event of the period ("I found a job" from `date`, a refused offer...).

    `by` None is the system (the social-security store's new job: source "store", reported
    False). If the rules say the event ends the benefit, a termination is proposed at once
    (by the system for the worker's own report or the store's finding, by the officer who
    recorded it otherwise); a signer signs it (four eyes). Returns the event row.
    """
    if kind not in REPORTABLE:
        raise PeriodInvalid({"kind": [_("Loại sự kiện không hợp lệ.")]})
    if not isinstance(date, type(timezone.localdate())):
        raise PeriodInvalid({"date": [_("Hãy nhập ngày xảy ra sự kiện.")]})
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        actor = Actor.SYSTEM if by is None else _owner_or_staff(locked, by)
        _in_period(locked)
        months = list(locked.benefit_months.order_by("index"))
        if not months:
            raise ClaimStateError(_("Thời gian hưởng chưa được lập."), current_status=locked.status)
        if date > months[-1].end:
            raise PeriodInvalid(
                {
                    "date": [
                        _("Ngày này sau khi kết thúc thời gian hưởng (%(end)s).")
                        % {"end": date_vi(months[-1].end)}
                    ]
                }
            )
        if date > timezone.localdate() + timedelta(days=366):
            raise PeriodInvalid({"date": [_("Ngày này quá xa trong tương lai.")]})
        if source is None:
            sources: dict[str, str] = {
                Actor.CITIZEN: PeriodEvent.Source.WORKER,
                Actor.SYSTEM: PeriodEvent.Source.SYSTEM,
            }
            source = sources.get(actor, PeriodEvent.Source.OFFICER)
        event = PeriodEvent.objects.create(
            claim=locked,
            kind=kind,
            date=date,
            reported=reported,
            source=source,
            recorded_by=by,
            details=details or {},
            proof=proof,
        )
        ClaimEvent.objects.create(
            claim=locked,
            kind="period:event",
            actor=by,
            actor_role=actor,
            data={"event": event.pk, "kind": kind, "date": date.isoformat(), "reported": reported},
        )
        period = selectors.period_rules(locked)
        ends_here = kind != "job_offer_refused" or (
            PeriodEvent.objects.filter(claim=locked, kind="job_offer_refused").count()
            >= period.refusals_to_end
        )
        if ends_here and selectors.termination_open(locked) is None:
            termination_propose(
                locked,
                by=by if actor == Actor.OFFICER else None,
                ground=rules.GROUND_OF_KIND[kind],
                event_date=date,
                reported=reported,
                event=event,
            )
    return event


def _effective_on(ground: str, event_date: date) -> date:
    return event_date


def termination_propose(
    claim: Claim,
    *,
    by: User | None,
    ground: str,
    event_date: date,
    reported: bool,
    event: PeriodEvent | None = None,
    comment: str = "",
) -> Termination:
    """Propose the end of the benefit on `ground` (a letter of Art. 41.4) from `event_date`.

    `by` is the officer, or None for the system. Refused if a termination is already open.
    The reserved months and the months received are computed now and again at signature.
    """
    if ground not in rules.ENDING_GROUNDS or ground == "đ":
        raise PeriodInvalid({"ground": [_("Hãy chọn căn cứ chấm dứt hưởng.")]})
    if len(comment or "") > 4000:
        raise PeriodInvalid({"comment": [_("Nội dung dài quá %(max)s ký tự.") % {"max": 4000}]})
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if by is not None:
            _staff_of(locked, by, roles=frozenset({User.Role.OFFICER}))
        _in_period(locked)
        figures = end_figures(locked, ground=ground, event_date=event_date, reported=reported)
        try:
            with transaction.atomic():
                termination = Termination.objects.create(
                    claim=locked,
                    ground=ground,
                    event_date=event_date,
                    effective_on=_effective_on(ground, event_date),
                    reported_by_worker=reported,
                    event=event,
                    proposed_by=by,
                    comment=(comment or "").strip(),
                    **figures,
                )
        except IntegrityError:
            raise ClaimStateError(
                _("Hồ sơ này đã có đề xuất chấm dứt hưởng đang chờ ký hoặc đã ký."),
                current_status=locked.status,
            ) from None
        ClaimEvent.objects.create(
            claim=locked,
            kind="period:termination_proposed",
            actor=by,
            actor_role=actor_kind(by),
            reason=termination.comment,
            data={
                "termination": termination.pk,
                "ground": ground,
                "event_date": event_date.isoformat(),
                "reported": reported,
                **figures,
            },
        )
    return termination


def end_figures(claim: Claim, *, ground: str, event_date: date, reported: bool) -> dict[str, int]:
    """Months received, reserved months and the money paid after the end, if it ended so."""
    kind = next(k for k, g in rules.GROUND_OF_KIND.items() if g == ground)
    months = list(claim.benefit_months.select_related("installment").order_by("index"))
    position = next((i for i, m in enumerate(months) if event_date <= m.end), len(months) - 1)
    received = sum(1 for m in months[: position + 1] if m.status != BM.ENDED)
    n = selectors.contribution_months(claim)
    period = selectors.period_rules(claim)
    reserved = rules.reserved_at_approval(n, len(months), period)
    if reported and ground in period.reserving_grounds:
        reserved = max(reserved, n - period.contribution_months_per_benefit_month * received)
    overpaid = sum(
        m.installment.amount
        for m in months[position + 1 :]
        if m.installment is not None and m.installment.status in (IS.PAID, IS.ORDERED)
    )
    del kind
    return {
        "months_received": received,
        "reserved_months": max(0, min(reserved, n)),
        "overpaid_amount": overpaid,
    }


def termination_sign(termination: Termination, *, by: User, comment: str = "") -> Termination:
    """A signer signs a proposed termination (never the proposer): the benefit ends."""
    if by.role != User.Role.SIGNER:
        raise ClaimPermissionError(_("Chỉ lãnh đạo trung tâm được ký duyệt chấm dứt hưởng."))
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=termination.claim_id)
        _staff_of(claim, by, roles=frozenset({User.Role.SIGNER}))
        locked = Termination.objects.select_for_update().get(pk=termination.pk)
        if locked.state != Termination.State.PROPOSED:
            raise ClaimStateError(
                _("Đề xuất chấm dứt này đã được xử lý."), current_status=claim.status
            )
        if locked.proposed_by_id is not None and locked.proposed_by_id == by.pk:
            raise ClaimPermissionError(
                _("Người đề xuất không được tự ký duyệt (nguyên tắc bốn mắt).")
            )
        _in_period(claim)
        figures = end_figures(
            claim,
            ground=locked.ground,
            event_date=locked.event_date,
            reported=locked.reported_by_worker,
        )
        for name, value in figures.items():
            setattr(locked, name, value)
        locked.state = Termination.State.SIGNED
        locked.signed_by = by
        locked.signed_at = timezone.now()
        if comment:
            locked.comment = (locked.comment + "\n" + comment.strip()).strip()[:8000]
        locked.save()
        _period_end(claim, termination=locked, actor=by)
    return locked


def termination_return(termination: Termination, *, by: User, comment: str) -> Termination:
    """A signer returns a proposed termination with a written reason (the benefit goes on)."""
    note = (comment or "").strip()
    if not note:
        raise PeriodInvalid({"comment": [_("Hãy ghi lý do trả lại đề xuất.")]})
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=termination.claim_id)
        _staff_of(claim, by, roles=frozenset({User.Role.SIGNER}))
        locked = Termination.objects.select_for_update().get(pk=termination.pk)
        if locked.state != Termination.State.PROPOSED:
            raise ClaimStateError(
                _("Đề xuất chấm dứt này đã được xử lý."), current_status=claim.status
            )
        locked.state = Termination.State.RETURNED
        locked.signed_by = by
        locked.signed_at = timezone.now()
        locked.comment = (locked.comment + "\n" + note).strip()[:8000]
        locked.save()
        ClaimEvent.objects.create(
            claim=claim,
            kind="period:termination_returned",
            actor=by,
            actor_role=actor_kind(by),
            reason=note,
            data={"termination": locked.pk},
        )
    return locked


def _installments_cancel(claim: Claim, months: list[BenefitMonth], why: str) -> list[int]:
    """Remove the never-ordered installments of `months` from the schedule (recorded)."""
    ids = [m.installment_id for m in months if m.installment_id is not None]
    scheduled = list(
        PaymentInstallment.objects.select_for_update().filter(pk__in=ids, status=IS.SCHEDULED)
    )
    # Months not linked yet (the schedule came after the months): find them by number.
    unlinked = [m.index for m in months if m.installment_id is None]
    if unlinked:
        scheduled += list(
            PaymentInstallment.objects.select_for_update().filter(
                claim=claim, number__in=unlinked, status=IS.SCHEDULED
            )
        )
    if not scheduled:
        return []
    gone = {i.pk for i in scheduled}
    BenefitMonth.objects.filter(installment_id__in=gone).update(installment=None)
    ClaimEvent.objects.create(
        claim=claim,
        kind="payment:cancelled",
        actor_role=Actor.SYSTEM,
        data={
            "why": why,
            "installments": [
                {
                    "number": i.number,
                    "amount": i.amount,
                    "period_start": i.period_start.isoformat(),
                    "period_end": i.period_end.isoformat(),
                }
                for i in scheduled
            ],
        },
    )
    PaymentInstallment.objects.filter(pk__in=gone).delete()
    return sorted(i.number for i in scheduled)


def _period_end(
    claim: Claim, *, termination: Termination, actor: User | None, defer: bool = False
) -> None:
    """Apply a signed termination inside the caller's transaction (claim row locked).

    `defer` (the system's ends in the monthly cycle): the state change's hooks and the
    decisions are left to a worker (claim_transition_many, claims.tasks.period_decisions).
    """
    months = list(claim.benefit_months.order_by("index"))
    position = next(
        (i for i, m in enumerate(months) if termination.event_date <= m.end), len(months) - 1
    )
    after = months[position + 1 :]
    installments = {
        i.pk: i
        for i in PaymentInstallment.objects.filter(
            pk__in=[m.installment_id for m in after if m.installment_id]
        )
    }
    overpaid: list[dict[str, int]] = []
    for month in after:
        installment = installments.get(month.installment_id or 0)
        if installment is not None and installment.status in (IS.PAID, IS.ORDERED):
            month.overpaid = True
            overpaid.append({"index": month.index, "amount": installment.amount})
    now = timezone.now()
    BenefitMonth.objects.filter(pk__in=[m.pk for m in after]).update(
        status=BM.ENDED, updated_at=now
    )
    if overpaid:
        BenefitMonth.objects.filter(claim=claim, index__in=[m["index"] for m in overpaid]).update(
            overpaid=True
        )
    cancelled = _installments_cancel(claim, after, "terminated")
    ground_label = Termination.Ground(termination.ground).label
    if actor is not None:
        ClaimEvent.objects.create(
            claim=claim,
            kind="period:termination_signed",
            actor=actor,
            actor_role=actor_kind(actor),
            reason=termination.comment,
            data={"termination": termination.pk, "ground": termination.ground},
        )
    reason = _(
        "Chấm dứt hưởng từ ngày %(day)s: %(ground)s (Luật 74/2025/QH15 Điều 41.4.%(letter)s)."
    ) % {
        "day": date_vi(termination.effective_on),
        "ground": ground_label,
        "letter": termination.ground,
    }
    data = {
        "termination": termination.pk,
        "ground": termination.ground,
        "effective_on": termination.effective_on.isoformat(),
        "reserved_months": termination.reserved_months,
        "cancelled": cancelled,
    }
    # The system applies a signed termination (the signature is the event above).
    if defer:
        claim_transition_many(
            claim_ids=[claim.pk],
            from_status=claim.status,
            to_status=Status.TERMINATED,
            reasons={claim.pk: reason},
            data={claim.pk: data},
        )
    else:
        claim_transition(
            claim_id=claim.pk, to_status=Status.TERMINATED, actor=None, reason=reason, data=data
        )
    _reserve(claim, termination=termination)
    if overpaid:
        recovery = Recovery.objects.create(
            claim=claim,
            termination=termination,
            amount=sum(m["amount"] for m in overpaid),
            months=overpaid,
        )
        ClaimEvent.objects.create(
            claim=claim,
            kind="period:recovery",
            actor_role=Actor.SYSTEM,
            data={"recovery": recovery.pk, "amount": recovery.amount, "months": overpaid},
        )
    if defer:
        task_after_commit("claims.tasks.period_decisions", [claim.pk])
    else:
        _termination_decisions(claim, termination, by=actor)


def _termination_decisions(claim: Claim, termination: Termination, *, by: User | None) -> None:
    """The termination decision and, when money was paid after the end, the recovery decision
    (idempotent: keyed by the termination and the recovery)."""
    months = list(claim.benefit_months.order_by("index"))
    position = next(
        (i for i, m in enumerate(months) if termination.event_date <= m.end), len(months) - 1
    )
    recovery = Recovery.objects.filter(termination=termination).first()
    paid_months = sum(1 for m in months[: position + 1] if m.status != BM.SUSPENDED)
    decision = decision_kind_issue(
        claim=claim,
        kind="termination",
        facts={
            "ground": termination.ground,
            "effective_on": termination.effective_on.isoformat(),
            "event_date": termination.event_date.isoformat(),
            "reported": termination.reported_by_worker,
            "months_paid": paid_months,
            "reserved_months": termination.reserved_months or 0,
            "overpaid": recovery.amount if recovery else 0,
        },
        by=by,
        key=f"termination:{termination.pk}",
    )
    if recovery is None:
        return
    by_index = {m.index: m for m in months}
    decision_kind_issue(
        claim=claim,
        kind="recovery",
        facts={
            "amount": recovery.amount,
            "months": [
                {
                    "index": m["index"],
                    "start": by_index[m["index"]].start.isoformat(),
                    "end": by_index[m["index"]].end.isoformat(),
                    "amount": m["amount"],
                }
                for m in recovery.months
            ],
            "effective_on": termination.effective_on.isoformat(),
            "termination_number": decision.number,
            "ground": termination.ground,
        },
        by=by,
        key=f"recovery:{recovery.pk}",
    )


def period_decisions_issue(*, claim_ids: list[int]) -> int:
    """Issue every decision the period's rows call for and that is not issued yet: one per
    suspended month, the termination (and recovery) of a signed end. Idempotent (keys); run by
    a worker after the monthly cycle, and by the sweep for what was lost."""
    issued = 0
    for claim in Claim.objects.filter(pk__in=claim_ids).order_by("pk"):
        with transaction.atomic():
            have = set(Decision.objects.filter(case=claim).values_list("key", flat=True))
            # The third miss in a row is told by the termination decision, not a suspension.
            ended = set(
                Termination.objects.filter(
                    claim=claim, ground="đ", state=Termination.State.SIGNED
                ).values_list("effective_on", flat=True)
            )
            for month in claim.benefit_months.filter(status=BM.SUSPENDED).order_by("index"):
                key = f"suspension:{month.index}"
                if key not in have and month.window_last + timedelta(days=1) not in ended:
                    decision_kind_issue(
                        claim=claim, kind="suspension", facts=_suspension_facts(month), key=key
                    )
                    issued += 1
            for termination in Termination.objects.filter(
                claim=claim, state=Termination.State.SIGNED
            ):
                if f"termination:{termination.pk}" not in have:
                    _termination_decisions(claim, termination, by=termination.signed_by)
                    issued += 1
    return issued


def decisions_missing(*, limit: int = 2000) -> list[int]:
    """Claims whose suspended months or signed end have no decision yet (for the sweep; a
    month judged in the last 10 minutes is left to the cycle's own task)."""
    suspension = Decision.objects.filter(
        case_id=OuterRef("claim_id"),
        kind="suspension",
        key=Concat(Value("suspension:"), Cast(OuterRef("index"), CharField())),
    )
    months = (
        BenefitMonth.objects.filter(
            status=BM.SUSPENDED, closed_at__lt=timezone.now() - timedelta(minutes=10)
        )
        .exclude(Exists(suspension))
        .exclude(
            Exists(
                Termination.objects.filter(
                    claim_id=OuterRef("claim_id"),
                    ground="đ",
                    effective_on=ExpressionWrapper(
                        OuterRef("window_last") + timedelta(days=1), output_field=DateField()
                    ),
                )
            )
        )
        .values_list("claim_id", flat=True)
    )
    ended = (
        Termination.objects.filter(state=Termination.State.SIGNED)
        .exclude(Exists(Decision.objects.filter(case_id=OuterRef("claim_id"), kind="termination")))
        .values_list("claim_id", flat=True)
    )
    return sorted(set(months[:limit]) | set(ended[:limit]))


def _reserve(
    claim: Claim, *, termination: Termination | None, ended_on: date | None = None
) -> ReservedMonths:
    """Record the months reserved for the person's next claim (once per claim)."""
    n = selectors.contribution_months(claim)
    months = list(claim.benefit_months.order_by("index"))
    period = selectors.period_rules(claim)
    if termination is not None:
        received = termination.months_received or 0
        reserved = termination.reserved_months or 0
        ground, reported, day = (
            termination.ground,
            termination.reported_by_worker,
            termination.effective_on,
        )
    else:
        received = sum(1 for m in months if m.status != BM.ENDED)
        reserved = rules.reserved_at_approval(n, len(months), period)
        ground, reported, day = "", False, ended_on or months[-1].end
    row, _created = ReservedMonths.objects.get_or_create(
        claim=claim,
        defaults={
            "personal_id": claim.personal_id,
            "contribution_months": n,
            "months_received": received,
            "months": min(reserved, n),
            "ground": ground,
            "reported_by_worker": reported,
            "ended_on": day,
        },
    )
    return row


# --- Recovery --------------------------------------------------------------------------------


def recovery_settle(recovery: Recovery, *, by: User, repaid: int = 0, offset: int = 0) -> Recovery:
    """Staff record money repaid by the worker or offset; settled once nothing is owed."""
    if repaid < 0 or offset < 0 or repaid + offset == 0:
        raise PeriodInvalid({"amount": [_("Hãy nhập số tiền đã hoàn trả hoặc bù trừ.")]})
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=recovery.claim_id)
        _staff_of(claim, by)
        locked = Recovery.objects.select_for_update().get(pk=recovery.pk)
        if locked.state != Recovery.State.OPEN:
            raise ClaimStateError(_("Khoản thu hồi này đã xong."), current_status=claim.status)
        if repaid + offset > locked.outstanding:
            raise PeriodInvalid({"amount": [_("Số tiền lớn hơn số còn phải hoàn trả.")]})
        locked.repaid_amount += repaid
        locked.offset_amount += offset
        if locked.outstanding == 0:
            locked.state = (
                Recovery.State.OFFSET
                if locked.offset_amount >= locked.amount
                else Recovery.State.REPAID
            )
            locked.settled_at = timezone.now()
            locked.settled_by = by
        locked.save()
        ClaimEvent.objects.create(
            claim=claim,
            kind="period:recovery_settled",
            actor=by,
            actor_role=actor_kind(by),
            data={"recovery": locked.pk, "repaid": repaid, "offset": offset, "state": locked.state},
        )
    return locked


# --- The beat task's work --------------------------------------------------------------------


@dataclass(frozen=True)
class CloseResult:
    suspended: int
    kept: int
    ended: int
    resumed: int = 0


def windows_close(*, on: date | None = None, chunk: int = 5000) -> CloseResult:
    """Judge every window that closed before `on` (default today) and is not judged yet.

    Months 2.. without a notification are suspended (their installment cancelled: the month is
    lost, Art. 41.2), their claim moves to suspended (once), and the third miss in a row ends
    the benefit (ground đ, effective the day after that window). Month 1 and notified months
    are only marked judged. Idempotent: a judged month (closed_at set) is never judged again.

    Set-based (the monthly cycle of 100,000 periods, bench/benefit_month.py): one UPDATE marks
    the kept months; the missed ones are suspended, their installments cancelled, their events
    written and their claims moved in a few statements per chunk of claims. Only a claim whose
    miss is the third in a row goes through the per-claim path (`_claim_windows_close`).
    """
    on = on or timezone.localdate()
    now = timezone.now()
    base = BenefitMonth.objects.filter(
        closed_at__isnull=True, window_last__lt=on, claim__status__in=IN_PERIOD
    )
    # Month 1, and every notified month: just judged (one UPDATE).
    kept = base.filter(Q(index=1) | ~Q(status=BM.DUE)).update(closed_at=now)
    missed_claims = list(
        base.filter(status=BM.DUE, index__gte=2)
        .order_by("claim_id")
        .values_list("claim_id", flat=True)
        .distinct()
    )
    suspended = ended = 0
    for first in range(0, len(missed_claims), chunk):
        ids = missed_claims[first : first + chunk]
        s, ending = _windows_close_chunk(ids, on=on, now=now)
        suspended += s
        for claim_id in ending:
            s, e = _claim_windows_close(claim_id, on=on, now=now)
            suspended += s
            ended += e
    return CloseResult(suspended=suspended, kept=kept, ended=ended)


def _windows_close_chunk(claim_ids: list[int], *, on: date, now: datetime) -> tuple[int, list[int]]:
    """Suspend the missed months of these claims in bulk; returns (months suspended, the claims
    left to the per-claim path because their miss ends the benefit)."""
    with transaction.atomic():
        claims = {
            c.pk: c
            for c in Claim.objects.select_for_update(skip_locked=True)
            .filter(pk__in=claim_ids, status__in=IN_PERIOD)
            .only("pk", "status", "decided_at", "center_id")
        }
        rows = list(
            BenefitMonth.objects.filter(claim_id__in=list(claims))
            .order_by("claim_id", "index")
            .values(
                "id",
                "claim_id",
                "index",
                "status",
                "closed_at",
                "window_first",
                "window_last",
                "installment_id",
                "start",
                "end",
            )
        )
        by_claim: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            by_claim.setdefault(row["claim_id"], []).append(dict(row))
        calendar = selectors.period_calendar()
        to_suspend: list[dict[str, Any]] = []
        ending: list[int] = []
        for claim_id, months in by_claim.items():
            period = rules.period_rules_for(selectors.decided_on(claims[claim_id]))
            streak, missed, ends = 0, [], False
            for m in months:
                miss = (
                    m["closed_at"] is None
                    and m["window_last"] < on
                    and m["status"] == BM.DUE
                    and m["index"] >= 2
                )
                if m["status"] == BM.SUSPENDED or miss:
                    streak += 1
                    if miss:
                        missed.append(m)
                    if miss and streak >= period.misses_to_end:
                        ends = True
                        break
                elif m["closed_at"] is not None or m["status"] in (BM.NOTIFIED, BM.PAID):
                    streak = 0
                elif m["window_last"] >= on:
                    break
            if ends:
                ending.append(claim_id)
            else:
                to_suspend += [{**m, "rules": period} for m in missed]
        if not to_suspend:
            return 0, ending
        month_ids = [m["id"] for m in to_suspend]
        BenefitMonth.objects.filter(pk__in=month_ids).update(
            status=BM.SUSPENDED, closed_at=now, installment=None, updated_at=now
        )
        numbers = {(m["claim_id"], m["index"]) for m in to_suspend}
        scheduled = [
            i
            for i in PaymentInstallment.objects.filter(
                claim_id__in={m["claim_id"] for m in to_suspend}, status=IS.SCHEDULED
            ).only("pk", "claim_id", "number", "amount", "period_start", "period_end")
            if (i.claim_id, i.number) in numbers
        ]
        events = [
            ClaimEvent(
                claim_id=m["claim_id"],
                kind="period:missed",
                actor_role=Actor.SYSTEM,
                data={
                    "month": m["index"],
                    "window_first": m["window_first"].isoformat(),
                    "window_last": m["window_last"].isoformat(),
                    "decision_by": calendar.working_days_after(
                        m["window_last"], m["rules"].suspension_decision_working_days
                    ).isoformat(),
                },
            )
            for m in to_suspend
        ]
        events += [
            ClaimEvent(
                claim_id=i.claim_id,
                kind="payment:cancelled",
                actor_role=Actor.SYSTEM,
                data={
                    "why": "suspended",
                    "installments": [
                        {
                            "number": i.number,
                            "amount": i.amount,
                            "period_start": i.period_start.isoformat(),
                            "period_end": i.period_end.isoformat(),
                        }
                    ],
                },
            )
            for i in scheduled
        ]
        ClaimEvent.objects.bulk_create(events, batch_size=2000)
        PaymentInstallment.objects.filter(pk__in=[i.pk for i in scheduled]).delete()
        # The suspension decisions are made by a worker (a chunk of claims per task).
        suspended_claims = sorted({m["claim_id"] for m in to_suspend})
        for first in range(0, len(suspended_claims), 200):
            task_after_commit(
                "claims.tasks.period_decisions", suspended_claims[first : first + 200]
            )
        last_missed: dict[int, dict[str, Any]] = {}
        for m in to_suspend:
            last_missed[m["claim_id"]] = m
        paying = [cid for cid in last_missed if claims[cid].status == Status.PAYING]
        claim_transition_many(
            claim_ids=paying,
            from_status=Status.PAYING,
            to_status=Status.SUSPENDED,
            reasons={cid: _suspension_reason(last_missed[cid]) for cid in paying},
            data={cid: {"month": last_missed[cid]["index"]} for cid in paying},
        )
    return len(to_suspend), ending


def _suspension_reason(month: dict[str, Any]) -> str:
    return _(
        "Không thông báo tìm kiếm việc làm tháng thứ %(k)s (hạn %(first)s – %(last)s): "
        "tháng này không được chi trả (Luật 74/2025/QH15 Điều 41.2). Thông báo đúng hạn "
        "tháng sau để tiếp tục hưởng."
    ) % {
        "k": month["index"],
        "first": date_vi(month["window_first"]),
        "last": date_vi(month["window_last"]),
    }


def claim_transition_many(
    *,
    claim_ids: list[int],
    from_status: str,
    to_status: str,
    reasons: dict[int, str] | None = None,
    data: dict[int, dict[str, Any]] | None = None,
) -> list[int]:
    """The system moves many claims from one state to another at once (the caller's
    transaction): one UPDATE, one bulk insert of the status events, and every
    claims.core.services.on_transition hook after commit for each claim moved (the one route
    of a state change's side effects). Returns the ids moved (those still in `from_status`)."""
    if not claim_ids:
        return []
    if not transitions.allowed(from_status, to_status, Actor.SYSTEM):
        raise ClaimStateError(_("Không thể chuyển trạng thái hồ sơ."), current_status=from_status)
    reasons, data = reasons or {}, data or {}
    moved: list[int] = []
    for first in range(0, len(claim_ids), 5000):
        part = claim_ids[first : first + 5000]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE claims_claim SET status = %s, version = version + 1, updated_at = %s "
                "WHERE id = ANY(%s) AND status = %s RETURNING id",
                [to_status, timezone.now(), part, from_status],
            )
            moved += [row[0] for row in cursor.fetchall()]
    ClaimEvent.objects.bulk_create(
        [
            ClaimEvent(
                claim_id=cid,
                kind=f"status:{to_status}",
                actor_role=Actor.SYSTEM,
                from_status=from_status,
                to_status=to_status,
                reason=reasons.get(cid, ""),
                data=data.get(cid, {}),
            )
            for cid in moved
        ],
        batch_size=2000,
    )
    # Then what must commit with the change (claims.core.services.on_transition_in_transaction).
    steps = list(getattr(core_services, "_in_transition", []))
    if steps and moved:
        for claim in Claim.objects.filter(pk__in=moved):
            for step in steps:
                step(claim, from_status, to_status)
    # The hooks (notifications...) run on a worker, a chunk of claims per task on the bulk
    # queue, after commit: a cycle of 100,000 periods does not wait for 10,000 e-mails.
    for first in range(0, len(moved), 500):
        task_after_commit(
            "claims.tasks.period_transition_hooks",
            moved[first : first + 500],
            from_status,
            to_status,
        )
    return moved


def transition_hooks_run(claim_ids: list[int], from_status: str, to_status: str) -> int:
    """Run every claims.core.services.on_transition hook for claims already moved (the bulk
    transition's side effects, on a worker). Each hook logs its own failures."""
    hooks = list(core_services._after_transition)  # noqa: SLF001 - the registry of hooks
    for claim_id in claim_ids:
        for hook in hooks:
            try:
                hook(claim_id, from_status, to_status)
            except Exception:
                logger.exception("hook %s failed for claim %s", hook, claim_id)
    return len(claim_ids)


def _claim_windows_close(claim_id: int, *, on: date, now: datetime) -> tuple[int, int]:
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.status not in IN_PERIOD:
            return 0, 0
        months = list(claim.benefit_months.select_for_update().order_by("index"))
        missed = [
            m
            for m in months
            if m.closed_at is None and m.window_last < on and m.status == BM.DUE and m.index >= 2
        ]
        if not missed:
            return 0, 0
        period = selectors.period_rules(claim)
        ended_by: BenefitMonth | None = None
        for month in missed:
            month.status = BM.SUSPENDED
            month.closed_at = now
            month.save(update_fields=["status", "closed_at", "updated_at"])
            if (
                selectors.misses_in_row(months, before_index=month.index + 1)
                >= period.misses_to_end
            ):
                ended_by = month
                break
        _installments_cancel(
            claim,
            missed if ended_by is None else [m for m in missed if m.index <= ended_by.index],
            "suspended",
        )
        last = missed[-1] if ended_by is None else ended_by
        if ended_by is not None:
            effective = ended_by.window_last + timedelta(days=1)
            months_received = sum(1 for m in months if m.index <= ended_by.index)
            n = selectors.contribution_months(claim)
            termination = Termination.objects.create(
                claim=claim,
                ground="đ",
                event_date=effective,
                effective_on=effective,
                reported_by_worker=False,
                state=Termination.State.SIGNED,
                signed_at=now,
                months_received=months_received,
                reserved_months=min(n, rules.reserved_at_approval(n, len(months), period)),
            )
            if claim.status == Status.DECISION_ISSUED:
                claim_transition(claim_id=claim.pk, to_status=Status.PAYING, actor=None)
                claim.status = Status.PAYING
            _period_end(claim, termination=termination, actor=None, defer=True)
            return len([m for m in missed if m.index <= ended_by.index]), 1
        for month in missed:
            decision_kind_issue(
                claim=claim,
                kind="suspension",
                facts=_suspension_facts(month),
                key=f"suspension:{month.index}",
            )
            ClaimEvent.objects.create(
                claim=claim,
                kind="period:missed",
                actor_role=Actor.SYSTEM,
                data={
                    "month": month.index,
                    "window_first": month.window_first.isoformat(),
                    "window_last": month.window_last.isoformat(),
                    "decision_by": selectors.period_calendar()
                    .working_days_after(month.window_last, period.suspension_decision_working_days)
                    .isoformat(),
                },
            )
        if claim.status == Status.PAYING:
            claim_transition(
                claim_id=claim.pk,
                to_status=Status.SUSPENDED,
                actor=None,
                reason=_(
                    "Không thông báo tìm kiếm việc làm tháng thứ %(k)s (hạn %(first)s – %(last)s): "
                    "tháng này không được chi trả (Luật 74/2025/QH15 Điều 41.2). Thông báo đúng hạn "
                    "tháng sau để tiếp tục hưởng."
                )
                % {
                    "k": last.index,
                    "first": date_vi(last.window_first),
                    "last": date_vi(last.window_last),
                },
                data={"month": last.index},
            )
        return len(missed), 0


def periods_complete(*, on: date | None = None) -> int:
    """Periods whose last month has passed: record the reserved months (the remainder at
    approval), once. The claim's completion itself follows its last payment (claims.payments)."""
    on = on or timezone.localdate()
    done = 0
    claims = (
        Claim.objects.filter(status__in=[Status.COMPLETED, Status.PAYING, Status.SUSPENDED])
        .filter(benefit_months__isnull=False, reserved_months__isnull=True)
        .distinct()
    )
    for claim in claims[:5000]:
        months = list(claim.benefit_months.order_by("index"))
        if not months or months[-1].end >= on or claim.status != Status.COMPLETED:
            continue
        with transaction.atomic():
            _reserve(claim, termination=None, ended_on=months[-1].end)
            done += 1
    return done


def periods_finish(*, on: date | None = None) -> int:
    """Periods run to their end (the last month over, every window judged, nothing left to
    pay) whose claim is still paying or suspended: completed. The payments complete a claim
    at its last payment; a period whose last month was suspended has no last payment."""
    on = on or timezone.localdate()
    unpaid = PaymentInstallment.objects.filter(claim=OuterRef("pk")).exclude(status=IS.PAID)
    open_months = BenefitMonth.objects.filter(claim=OuterRef("pk")).filter(
        Q(end__gte=on) | Q(closed_at__isnull=True, index__gte=2)
    )
    finished = list(
        Claim.objects.filter(status__in=[Status.PAYING, Status.SUSPENDED])
        .filter(Exists(BenefitMonth.objects.filter(claim=OuterRef("pk"))))
        .exclude(Exists(unpaid))
        .exclude(Exists(open_months))
        .exclude(Exists(Termination.objects.filter(claim=OuterRef("pk"), state="proposed")))
        .values_list("pk", flat=True)[:5000]
    )
    done = 0
    for claim_id in finished:
        try:
            claim_transition(
                claim_id=claim_id,
                to_status=Status.COMPLETED,
                actor=None,
                reason=_("Đã hết thời gian hưởng trợ cấp."),
            )
            done += 1
        except ClaimError:
            logger.info("claim %s could not be completed now", claim_id, exc_info=True)
    return done


def months_paid_sync() -> int:
    """Mark months whose installment is paid (one UPDATE)."""
    return BenefitMonth.objects.filter(
        installment__status=IS.PAID, status__in=[BM.DUE, BM.NOTIFIED]
    ).update(status=BM.PAID, updated_at=timezone.now())


def period_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Find again what a lost task or a dead process left: months not laid out, installments
    not linked, windows not judged, paid months not marked, ended periods not reserved."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    laid = 0
    missing = (
        Claim.objects.filter(status__in=IN_PERIOD, benefit_months__isnull=True)
        .filter(proposals__kind=Proposal.Kind.APPROVE, proposals__outcome=Proposal.Outcome.SIGNED)
        .values_list("pk", flat=True)
        .distinct()[:1000]
    )
    for claim_id in list(missing):
        try:
            if period_lay_out(claim_id=claim_id):
                laid += 1
        except Exception:
            logger.exception("benefit months of claim %s could not be laid out", claim_id)
    linked = installments_link()
    closed = windows_close(on=today)
    decisions = period_decisions_issue(claim_ids=decisions_missing())
    return {
        "laid_out": laid,
        "linked": linked,
        "suspended": closed.suspended,
        "ended": closed.ended,
        "paid": months_paid_sync(),
        "finished": periods_finish(on=today),
        "decisions": decisions,
        "reserved": periods_complete(on=today),
    }
