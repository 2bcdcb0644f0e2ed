"""Shared by the transfer, complaint and new-job tests: a claim in its benefit period, built
directly (signed approval, its decision signed by the real pipeline, installments, months)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from claims.core.transitions import Status
from claims.decisions import services as decisions
from claims.decisions.models import Decision
from claims.models import Claim, PaymentInstallment, Proposal
from claims.payments.services import payment_schedule_create
from claims.period.services import period_lay_out
from eligibility.calculator.dates import add_months
from identity.models import EmploymentServiceCenter, User
from tests.factories import CenterFactory, CitizenFactory, ClaimFactory, StaffFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_references = itertools.count(900001)


def center(province: str) -> EmploymentServiceCenter:
    return CenterFactory(province_code=province, name=f"Trung tâm Dịch vụ việc làm tỉnh {province}")


def staff_of(where: EmploymentServiceCenter, role: str = User.Role.OFFICER, **kw) -> User:
    return StaffFactory(role=role, center=where, **kw)


def claim_in_period(
    *,
    where: EmploymentServiceCenter,
    signer: User,
    officer: User,
    citizen: User | None = None,
    start: date = date(2026, 5, 20),
    months: int = 12,
    amount: int = 26_550_000,
    n: int = 148,
    terminated: date = date(2026, 4, 30),
    employer: str = "0101234567",
    decided: datetime = datetime(2026, 5, 15, 10, 0, tzinfo=VN),
    render: bool = False,
) -> Claim:
    """RULES.md example 2 by default: region I, 12 months of 26,550,000 from 2026-05-20,
    built on its decision day (so only month 1 is due: later months are paid by the test)."""
    with time_machine.travel(decided, tick=False):
        return _claim_in_period(
            where=where,
            signer=signer,
            officer=officer,
            citizen=citizen,
            start=start,
            months=months,
            amount=amount,
            n=n,
            terminated=terminated,
            employer=employer,
            decided=decided,
            render=render,
        )


def _claim_in_period(
    *,
    where: EmploymentServiceCenter,
    signer: User,
    officer: User,
    citizen: User | None,
    start: date,
    months: int,
    amount: int,
    n: int,
    terminated: date,
    employer: str,
    decided: datetime,
    render: bool,
) -> Claim:
    citizen = citizen or CitizenFactory(full_name="Lê Văn Cường")
    claim = ClaimFactory(
        citizen=citizen,
        center=where,
        status=Status.PAYING,
        reference=f"TCTN-2026-{next(_references):06d}",
        employer_tax_code=employer,
        employer_name="Công ty Cổ phần Cơ khí Đông Anh",
        contract_type="fixed_term",
        termination_date=terminated,
        termination_reason="contract_expired",
        eligibility={"result": {"contribution_months": n}},
        rule_set="luat-viec-lam-2025",
        monthly_benefit=amount,
        duration_months=months,
        submitted_at=decided - timedelta(days=10),
        decided_at=decided,
        answers={"payment": {"method": "bank", "bank_code": "VCB", "account_number": "0123456789"}},
    )
    proposal = Proposal.objects.create(
        claim=claim,
        kind=Proposal.Kind.APPROVE,
        proposed_by=officer,
        monthly_benefit=amount,
        duration_months=months,
        entitlement_start=start,
        entitlement_end=add_months(start, months) - timedelta(days=1),
        outcome=Proposal.Outcome.SIGNED,
        decided_by=signer,
        decided_at=decided,
    )
    decision = decisions.decision_create(
        claim=claim, proposal=proposal, signer=signer, issued_on=decided.date()
    )
    if render:
        decisions.decision_issue(decision_id=decision.pk)
    else:  # as issued, without the cost of a PDF: the tests that read one render it
        Decision.objects.filter(pk=decision.pk).update(
            state=Decision.State.ISSUED, signed_at=decided
        )
    payment_schedule_create(claim_id=claim.pk)
    period_lay_out(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def mark_paid(claim: Claim, *numbers: int) -> None:
    PaymentInstallment.objects.filter(claim=claim, number__in=numbers).update(
        status=PaymentInstallment.Status.PAID
    )
