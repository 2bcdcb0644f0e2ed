"""Laying out a benefit period at approval: one BenefitMonth per month of the pure rules, linked
to the payment schedule."""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection, transaction

from claims.core.transitions import Actor, Status
from claims.models import Claim, ClaimEvent, Proposal
from claims.payments.models import PaymentInstallment
from claims.period import selectors
from claims.period.models import (
    BenefitMonth,
)
from eligibility.calculator import period as rules

logger = logging.getLogger(__name__)

IS = PaymentInstallment.Status
#: Claim states in which the period runs.
IN_PERIOD = selectors.IN_PERIOD


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
