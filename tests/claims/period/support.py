"""Shared by the benefit-period tests: an approved claim with its schedule and its months."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from claims.core.transitions import Status
from claims.models import Claim, Proposal
from claims.payments import services as payments
from claims.period import services as period
from identity.models import User
from tests.claims.payments.helpers import make_approved_claim
from tests.factories import CenterFactory, StaffFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def period_claim(
    *,
    start: date = date(2026, 3, 17),
    decided: date = date(2026, 3, 13),
    months: int = 6,
    amount: int = 4_200_000,
    n: int = 74,
    status: str = Status.PAYING,
    center=None,
) -> Claim:
    """RULES.md example 1 by default: start 2026-03-17, 6 months of 4,200,000, n = 74."""
    center = center or CenterFactory()
    claim = make_approved_claim(
        center,
        months=months,
        amount=amount,
        start=start,
        decided_at=at(decided, 10),
        status=Status.DECISION_ISSUED,
    )
    claim.eligibility = {"result": {"contribution_months": n}}
    claim.save(update_fields=["eligibility"])
    payments.payment_schedule_create(claim_id=claim.pk)
    if status != Status.DECISION_ISSUED:
        Claim.objects.filter(pk=claim.pk).update(status=status)
    period.period_lay_out(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def officer_of(claim: Claim) -> User:
    return StaffFactory(role=User.Role.OFFICER, center=claim.center)


def signer_of(claim: Claim) -> User:
    return StaffFactory(role=User.Role.SIGNER, center=claim.center)


def approval(claim: Claim) -> Proposal:
    return claim.proposals.get(kind=Proposal.Kind.APPROVE)
