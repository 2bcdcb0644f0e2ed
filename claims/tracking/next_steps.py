"""What the worker reads on their claim page after a decision or an information request.

A refusal: the reasons, the officer's explanation, and how and until when to complain. An
approval: what happens next, with dates (the decision, the first payment, the monthly
notification). An information request: the day by which to reply. The dates are computed here
from the decision date and the holiday calendar (docs/adr/0014-what-the-worker-sees.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from claims.core.transitions import Status
from claims.decisions.models import Decision
from claims.models import Claim, ClaimEvent
from claims.payments.models import PaymentInstallment
from claims.review.models import REFUSAL_REASONS
from eligibility.calculator.dates import working_days_after
from eligibility.selectors import working_calendar

#: A complaint against a decision: within 90 days of receiving it (Law on Complaints 02/2011
#: Art. 9). The portal counts from the decision's date, the earliest day it can be received.
COMPLAINT_DAYS = 90
#: The head of the deciding body answers a first complaint within 30 days, 45 when complex
#: (Law on Complaints 02/2011 Art. 28).
COMPLAINT_ANSWER_DAYS = 30
COMPLAINT_ANSWER_DAYS_COMPLEX = 45
#: The first month's job-search notification: within 3 working days of the decision
#: (Decree 374/2025 Art. 21, RULES.md "After the decision").
NOTIFICATION_WORKING_DAYS = 3
#: The first payment is made within 5 working days of its due day (RULES.md, convention from
#: Decree 28/2015 Art. 18.2).
PAYMENT_WORKING_DAYS = 5
#: Our convention for an information request: the worker is asked to reply within 10 working
#: days (the law sets no figure; the center may still decide on what it has afterwards).
INFO_REPLY_WORKING_DAYS = 10


def _holidays() -> frozenset[date]:
    # eligibility's one working-day calendar (cached with the rules), not a query of our own.
    return working_calendar().holidays


def _last_of_window(first: date, count: int, holidays: frozenset[date]) -> date:
    """The `count`-th working day of a window that starts on `first` (included when working)."""
    return working_days_after(first - timedelta(days=1), count, holidays)


@dataclass(frozen=True)
class Refusal:
    reasons: list[str]
    explanation: str
    decided_on: date
    complaint_until: date
    center_name: str
    center_address: str
    center_phone: str
    answer_days: int = COMPLAINT_ANSWER_DAYS
    answer_days_complex: int = COMPLAINT_ANSWER_DAYS_COMPLEX


@dataclass(frozen=True)
class Approval:
    decided_on: date
    first_payment_due: date | None
    first_payment_by: date | None
    first_amount: int | None
    notify_first_by: date
    #: The first day of each later benefit month (month 2 onwards): a notification is due then.
    later_months: list[date] = field(default_factory=list)


def claim_refusal(*, claim: Claim) -> Refusal | None:
    """The refusal as the worker reads it, once the refusal decision exists (else None)."""
    decision = (
        Decision.objects.filter(claim=claim, kind=Decision.Kind.REFUSAL)
        .select_related("proposal")
        .first()
    )
    if decision is None or decision.proposal is None:
        return None
    proposal = decision.proposal
    codes = list(proposal.refusal_codes or [])
    center = claim.center
    return Refusal(
        reasons=[str(REFUSAL_REASONS.get(code, REFUSAL_REASONS["other"])) for code in codes],
        explanation=proposal.explanation,
        decided_on=decision.issued_on,
        complaint_until=decision.issued_on + timedelta(days=COMPLAINT_DAYS),
        center_name=center.name if center else "",
        center_address=center.address if center else "",
        center_phone=center.phone if center else "",
    )


def claim_approval(*, claim: Claim) -> Approval | None:
    """What happens after an approval decision, with dates (None before one exists)."""
    decision = Decision.objects.filter(claim=claim, kind=Decision.Kind.APPROVAL).first()
    if decision is None:
        return None
    holidays = _holidays()
    installments = list(PaymentInstallment.objects.filter(claim=claim).order_by("number"))
    first = installments[0] if installments else None
    return Approval(
        decided_on=decision.issued_on,
        first_payment_due=first.due_on if first else None,
        first_payment_by=working_days_after(first.due_on, PAYMENT_WORKING_DAYS, holidays)
        if first
        else None,
        first_amount=first.amount if first else None,
        notify_first_by=_last_of_window(decision.issued_on, NOTIFICATION_WORKING_DAYS, holidays),
        later_months=[i.period_start for i in installments[1:]],
    )


def info_request_deadline(*, claim: Claim) -> date | None:
    """The day by which the worker is asked to answer the open information request."""
    if claim.status != Status.INFO_REQUESTED:
        return None
    event = (
        ClaimEvent.objects.filter(claim=claim, to_status=Status.INFO_REQUESTED)
        .order_by("-id")
        .first()
    )
    if event is None:
        return None
    asked = timezone.localdate(event.created_at)
    return working_days_after(asked, INFO_REPLY_WORKING_DAYS, _holidays())
