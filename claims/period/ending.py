"""Events of the period and its end: "I found a job" and the other events, the termination
proposed, signed (four eyes) or returned, and a signed end applied (months ended, unpaid
installments cancelled, money paid after it recovered)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.core.services import actor_kind, claim_transition
from claims.core.transitions import Actor, Status
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.payments.models import PaymentInstallment
from claims.period import selectors
from claims.period.bulk import claim_transition_many
from claims.period.decisions import termination_decisions
from claims.period.errors import PeriodInvalid
from claims.period.guards import in_period, owner_or_staff, staff_of
from claims.period.models import (
    BenefitMonth,
    PeriodEvent,
    Recovery,
    Termination,
)
from claims.period.reserve import months_reserve
from common.tasks import task_after_commit
from eligibility.calculator import period as rules
from eligibility.calculator.text import date_vi
from identity.models import User

#: Kinds of event a report may carry (every kind of the rules but the notification itself).
REPORTABLE = tuple(k for k in rules.EVENT_KINDS if k != "notification")

BM = BenefitMonth.Status
IS = PaymentInstallment.Status


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
        actor = Actor.SYSTEM if by is None else owner_or_staff(locked, by)
        in_period(locked)
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
        event_logged(event, actor=actor).save()
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
            staff_of(locked, by, roles=frozenset({User.Role.OFFICER}))
        in_period(locked)
        figures = end_figures(locked, ground=ground, event_date=event_date, reported=reported)
        try:
            with transaction.atomic():
                termination = termination_row(
                    locked,
                    by=by,
                    ground=ground,
                    event_date=event_date,
                    reported=reported,
                    event=event,
                    comment=comment,
                    figures=figures,
                )
                termination.save()
        except IntegrityError:
            raise ClaimStateError(
                _("Hồ sơ này đã có đề xuất chấm dứt hưởng đang chờ ký hoặc đã ký."),
                current_status=locked.status,
            ) from None
        proposal_logged(termination, figures=figures).save()
    return termination


def event_logged(event: PeriodEvent, *, actor: str) -> ClaimEvent:
    """The claim event of a recorded period event (unsaved: saved alone or in bulk)."""
    return ClaimEvent(
        claim_id=event.claim_id,
        kind="period:event",
        actor=event.recorded_by,
        actor_role=actor,
        data={
            "event": event.pk,
            "kind": event.kind,
            "date": event.date.isoformat(),
            "reported": event.reported,
        },
    )


def termination_row(
    claim: Claim,
    *,
    by: User | None,
    ground: str,
    event_date: date,
    reported: bool,
    event: PeriodEvent | None,
    figures: dict[str, int],
    comment: str = "",
) -> Termination:
    """A proposed termination (unsaved: saved alone or in bulk)."""
    return Termination(
        claim=claim,
        ground=ground,
        event_date=event_date,
        effective_on=_effective_on(ground, event_date),
        reported_by_worker=reported,
        event=event,
        proposed_by=by,
        comment=(comment or "").strip(),
        **figures,
    )


def proposal_logged(termination: Termination, *, figures: dict[str, int]) -> ClaimEvent:
    """The claim event of a proposed termination (unsaved: saved alone or in bulk)."""
    return ClaimEvent(
        claim_id=termination.claim_id,
        kind="period:termination_proposed",
        actor=termination.proposed_by,
        actor_role=actor_kind(termination.proposed_by),
        reason=termination.comment,
        data={
            "termination": termination.pk,
            "ground": termination.ground,
            "event_date": termination.event_date.isoformat(),
            "reported": termination.reported_by_worker,
            **figures,
        },
    )


def end_figures(claim: Claim, *, ground: str, event_date: date, reported: bool) -> dict[str, int]:
    """Months received, reserved months and the money paid after the end, if it ended so."""
    months = list(claim.benefit_months.select_related("installment").order_by("index"))
    return figures_of(claim, months, ground=ground, event_date=event_date, reported=reported)


def figures_of(
    claim: Claim, months: list[BenefitMonth], *, ground: str, event_date: date, reported: bool
) -> dict[str, int]:
    """end_figures from the claim's months (index order, installments selected)."""
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
    return {
        "months_received": received,
        "reserved_months": max(0, min(reserved, n)),
        "overpaid_amount": overpaid,
    }


def _proposed_locked(termination: Termination, *, by: User) -> tuple[Claim, Termination]:
    """The claim and the termination, locked, for a signer of its center; refused unless the
    termination is still proposed (the caller's transaction)."""
    claim = Claim.objects.select_for_update().get(pk=termination.claim_id)
    staff_of(claim, by, roles=frozenset({User.Role.SIGNER}))
    locked = Termination.objects.select_for_update().get(pk=termination.pk)
    if locked.state != Termination.State.PROPOSED:
        raise ClaimStateError(_("Đề xuất chấm dứt này đã được xử lý."), current_status=claim.status)
    return claim, locked


def termination_sign(termination: Termination, *, by: User, comment: str = "") -> Termination:
    """A signer signs a proposed termination (never the proposer): the benefit ends."""
    if by.role != User.Role.SIGNER:
        raise ClaimPermissionError(_("Chỉ lãnh đạo trung tâm được ký duyệt chấm dứt hưởng."))
    with transaction.atomic():
        claim, locked = _proposed_locked(termination, by=by)
        if locked.proposed_by_id is not None and locked.proposed_by_id == by.pk:
            raise ClaimPermissionError(
                _("Người đề xuất không được tự ký duyệt (nguyên tắc bốn mắt).")
            )
        in_period(claim)
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
        end_apply(claim, termination=locked, actor=by)
    return locked


def termination_return(termination: Termination, *, by: User, comment: str) -> Termination:
    """A signer returns a proposed termination with a written reason (the benefit goes on)."""
    note = (comment or "").strip()
    if not note:
        raise PeriodInvalid({"comment": [_("Hãy ghi lý do trả lại đề xuất.")]})
    with transaction.atomic():
        claim, locked = _proposed_locked(termination, by=by)
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


def installments_cancel(claim: Claim, months: list[BenefitMonth], why: str) -> list[int]:
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


def end_apply(
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
    cancelled = installments_cancel(claim, after, "terminated")
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
    months_reserve(claim, termination=termination)
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
        termination_decisions(claim, termination, by=actor)
