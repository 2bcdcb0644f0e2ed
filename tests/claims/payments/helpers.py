"""Shared by the payment tests: approved claims built directly, a scripted fake office, and
signed callbacks."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.test import Client
from django.utils import timezone

from claims.core.transitions import Actor, Status
from claims.decisions.models import Decision
from claims.filing.forms import name_key
from claims.models import Claim, ClaimEvent, Proposal
from claims.payments.models import PaymentOrder
from common import signed_http
from eligibility.calculator.dates import add_months
from identity.models import EmploymentServiceCenter, User
from tests.factories import CenterFactory, CitizenFactory, ClaimFactory, StaffFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AMOUNT = 4_200_000
_counter = iter(range(1, 10**7))


def make_signer(province: str = "24", *, mfa: bool = False) -> User:
    staff = StaffFactory(role=User.Role.SIGNER, center=CenterFactory(province_code=province))
    if mfa:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(staff, generate_totp_secret())
    return staff


def make_approved_claim(
    center: EmploymentServiceCenter | None = None,
    *,
    signer: User | None = None,
    months: int = 3,
    amount: int = AMOUNT,
    start: date | None = None,
    decided_at: datetime | None = None,
    account: str = "0123456789",
    status: str = Status.DECISION_ISSUED,
    citizen: User | None = None,
    decision_state: str | None = "issued",
) -> Claim:
    """A claim as proposal_sign leaves an approval (decision issued), built in a few queries.

    Its decision is signed and stored (`decision_state` "issued") unless told otherwise ("pending":
    not rendered yet; None: no decision row): payments wait for the signed decision (ADR 0012).
    """
    n = next(_counter)
    center = center or CenterFactory()
    signer = signer or StaffFactory(role=User.Role.SIGNER, center=center)
    citizen = citizen or CitizenFactory(full_name=f"Nguyễn Văn {n:05d}")
    decided_at = decided_at or timezone.now()
    start = start or timezone.localdate(decided_at)
    claim = ClaimFactory(
        citizen=citizen,
        center=center,
        status=status,
        reference=f"TCTN-2026-{700000 + n:06d}",
        monthly_benefit=amount,
        duration_months=months,
        decided_at=decided_at,
        submitted_at=datetime.combine(date(2026, 3, 2), time(9), tzinfo=TZ),
        answers={
            "payment": {
                "method": "bank",
                "bank_code": "VCB",
                "account_number": account,
                "account_holder": name_key(citizen.full_name),
                "cash_province": "",
            }
        },
    )
    proposal = Proposal.objects.create(
        claim=claim,
        kind=Proposal.Kind.APPROVE,
        proposed_by=signer,
        monthly_benefit=amount,
        duration_months=months,
        entitlement_start=start,
        entitlement_end=add_months(start, months) - timedelta(days=1),
        outcome=Proposal.Outcome.SIGNED,
        decided_by=signer,
        decided_at=decided_at,
    )
    ClaimEvent.objects.create(
        claim=claim,
        kind=f"status:{status}",
        actor_role=Actor.SYSTEM,
        from_status=Status.APPROVED,
        to_status=status,
    )
    if decision_state is not None:
        Decision.objects.create(
            claim=claim,
            proposal=proposal,
            kind=Decision.Kind.APPROVAL,
            center=center,
            year=decided_at.year,
            sequence=500_000 + n,  # clear of the numbers decision_create allocates
            number=f"{500_000 + n}/QĐ-TTDVVL",
            issued_on=timezone.localdate(decided_at),
            signer=signer,
            signer_name=signer.full_name or signer.username,
            signer_title="GIÁM ĐỐC",
            verification_code=f"{n:010d}",
            state=decision_state,
            signed_at=decided_at if decision_state == "issued" else None,
        )
    return claim


# --- A scripted settlement office (monkeypatched into claims.payments.client) ----------------


@dataclass
class FakeOffice:
    """Answers each POST with the next scripted answer (then 202 for ever); records bodies.

    An answer is (status, json), an exception instance to raise (timeout, connection), or a
    callable given the order payload that returns one of those.
    """

    script: list[Any] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    @staticmethod
    def accept_all(payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The office's answer accepting an order, or every order of a batch (ADR 0026)."""
        if "orders" in payload:
            return 200, {"results": [FakeOffice.accept_all(o)[1] for o in payload["orders"]]}
        key = payload["idempotency_key"]
        return 202, {
            "status": "accepted",
            "idempotency_key": key,
            "office_order_id": f"SO-{key[:8]}",
        }

    def post(self, url: str, *, data: bytes, headers: dict[str, str], timeout: float):
        assert timeout == settings.SETTLEMENT_OFFICE_TIMEOUT
        signed_http.verify(secret=settings.SETTLEMENT_OFFICE_SECRET, headers=headers, body=data)
        payload = json.loads(data)
        self.posts.append(payload)
        self.headers.append(headers)
        answer = self.script.pop(0) if self.script else None
        if callable(answer):  # something happens while the office "works" (a callback...)
            answer = answer(payload)
        if isinstance(answer, Exception):
            raise answer
        code, body = answer or self.accept_all(payload)
        response = requests.Response()
        response.status_code = code
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        return response


# --- Signed callbacks ------------------------------------------------------------------------


def callback_body(
    order: PaymentOrder,
    status: str,
    *,
    event_id: str | None = None,
    reason_code: str = "",
    reason: str = "",
) -> dict[str, Any]:
    return {
        "event_id": event_id or str(uuid.uuid4()),
        "idempotency_key": str(order.idempotency_key),
        "office_order_id": order.office_order_id or "SO-1",
        "sequence": 1 if status == "processing" else 2,
        "status": status,
        "reason_code": reason_code,
        "reason": reason,
        "occurred_at": timezone.now().isoformat(),
    }


def post_callback(
    client: Client,
    payload: dict[str, Any] | bytes,
    *,
    secret: str | None = None,
    timestamp: int | None = None,
):
    body = payload if isinstance(payload, bytes) else signed_http.dumps(payload)
    headers = signed_http.sign(
        secret=secret or settings.SETTLEMENT_OFFICE_SECRET, body=body, timestamp=timestamp
    )
    return client.post(
        "/thanh-toan/callback/",
        data=body,
        content_type="application/json",
        headers=headers,
    )


def order_snapshot(order: PaymentOrder) -> tuple:
    order.refresh_from_db()
    installment = order.installment
    installment.refresh_from_db()
    claim = Claim.objects.get(pk=order.claim_id)
    return (order.status, order.last_sequence, installment.status, claim.status)
