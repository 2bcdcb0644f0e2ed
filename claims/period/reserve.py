"""What is left after a period: the months reserved for the next claim, and the recovery of
money paid after the end."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimStateError
from claims.core.services import actor_kind
from claims.models import Claim, ClaimEvent
from claims.period import selectors
from claims.period.errors import PeriodInvalid
from claims.period.guards import staff_of
from claims.period.models import (
    BenefitMonth,
    Recovery,
    ReservedMonths,
    Termination,
)
from eligibility.calculator import period as rules
from identity.models import User

BM = BenefitMonth.Status


def months_reserve(
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


def recovery_settle(recovery: Recovery, *, by: User, repaid: int = 0, offset: int = 0) -> Recovery:
    """Staff record money repaid by the worker or offset; settled once nothing is owed."""
    if repaid < 0 or offset < 0 or repaid + offset == 0:
        raise PeriodInvalid({"amount": [_("Hãy nhập số tiền đã hoàn trả hoặc bù trừ.")]})
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=recovery.claim_id)
        staff_of(claim, by)
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
