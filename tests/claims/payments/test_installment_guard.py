"""The guard at the money (ADR 0012): never two installments of one person for the same time,
whatever the claims say; tried directly at the database and through every path that creates
installments or orders (web signature, API signature, fast track, re-issue, sweep)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

import claims.review.fasttrack as fasttrack
from claims.core.transitions import Status
from claims.models import Claim, ClaimFlag, Proposal
from claims.payments import client, services
from claims.payments.models import PaymentInstallment, PaymentOrder
from identity.models import User
from tests.claims.filing.helpers import CLOSURE
from tests.claims.payments.helpers import FakeOffice, make_approved_claim
from tests.claims.review.fasttrack_helpers import TAX_CODE, make_layoff, make_staff

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


@pytest.fixture(autouse=True)
def office(monkeypatch, settings) -> FakeOffice:
    settings.SETTLEMENT_CALLBACK_BASE_URL = "http://portal.test"
    fake = FakeOffice()
    monkeypatch.setattr(client, "_session", fake)
    return fake


@pytest.fixture
def signer():
    return make_staff(User.Role.SIGNER, mfa=True, full_name="Phạm Minh Châu")


@pytest.fixture
def paid_claim(signer):
    """Claim A: approved, scheduled from 2026-03-17 for six months (the first month ordered).

    Claim B of the same person (below) is clean and about the closure on 2026-02-27, which the
    record shows; A names no termination at all, so nothing in the claims links the two: only
    the guard at the money does.
    """
    b = make_layoff(signer.center, 1)[0]
    a = make_approved_claim(
        signer.center, signer=signer, citizen=b.citizen, months=6, start=date(2026, 3, 17)
    )
    services.payment_schedule_create(claim_id=a.pk)
    assert a.installments.count() == 6
    return a, b


def _propose(claim: Claim, officer: User) -> Claim:
    """B with an officer's approval waiting for the signer (from 2026-03-25, six months)."""
    Proposal.objects.create(
        claim=claim,
        kind=Proposal.Kind.APPROVE,
        proposed_by=officer,
        monthly_benefit=4_200_000,
        duration_months=6,
        entitlement_start=date(2026, 3, 25),
        entitlement_end=date(2026, 9, 24),
    )
    Claim.objects.filter(pk=claim.pk).update(status=Status.PROPOSED)
    claim.refresh_from_db()
    return claim


def _refused(a: Claim, b: Claim) -> None:
    b.refresh_from_db()
    assert b.installments.count() == 0
    assert ClaimFlag.objects.filter(
        claim=b, code=services.OVERLAP_FLAG, severity="blocking"
    ).exists()
    assert not b.is_clean
    flag = next(f for f in b.eligibility["flags"] if f["code"] == services.OVERLAP_FLAG)
    assert a.reference in flag["message_vi"] and a.reference in flag["message_en"]
    assert b.events.filter(kind="payment:schedule_refused").exists()
    assert PaymentOrder.objects.filter(claim=b).count() == 0
    # A is untouched, and the sweep does not try B again and again.
    assert a.installments.count() == 6
    assert b.pk not in services.claims_without_schedule()


# --- At the database ------------------------------------------------------------------------


def _row(claim: Claim, start: date, end: date, number: int = 1) -> PaymentInstallment:
    return PaymentInstallment(
        claim=claim,
        personal_id=claim.personal_id,
        number=number,
        period_start=start,
        period_end=end,
        amount=4_200_000,
        due_on=start,
    )


def test_the_database_refuses_a_second_installment_for_the_same_person_and_time(paid_claim):
    a, b = paid_claim
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(b, date(2026, 4, 1), date(2026, 4, 30)).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentInstallment.objects.bulk_create([_row(b, date(2026, 9, 16), date(2026, 10, 15))])
    with pytest.raises(IntegrityError), transaction.atomic():
        # The personal id is copied from the claim when the caller does not give it.
        PaymentInstallment.objects.create(
            claim=b,
            number=1,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 3, 17),
            amount=1,
            due_on=date(2026, 3, 1),
        )
    assert b.installments.count() == 0


def test_the_database_allows_the_next_months_and_other_people(paid_claim, signer):
    a, b = paid_claim
    last = a.installments.order_by("-number").first()
    _row(b, last.period_end + timedelta(days=1), last.period_end + timedelta(days=30)).save()
    stranger = make_approved_claim(signer.center, signer=signer, start=date(2026, 3, 17))
    services.payment_schedule_create(claim_id=stranger.pk)
    assert stranger.installments.count() == 3


def test_the_database_refuses_moving_an_installment_onto_another(paid_claim):
    a, b = paid_claim
    row = _row(b, date(2026, 12, 1), date(2026, 12, 31))
    row.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentInstallment.objects.filter(pk=row.pk).update(period_start=date(2026, 9, 1))


# --- Through every path ---------------------------------------------------------------------


def _client(user: User) -> Client:
    web = Client()
    web.force_login(user)
    return web


def test_web_signature_of_an_overlapping_claim_schedules_nothing(
    paid_claim, signer, django_capture_on_commit_callbacks
):
    a, b = paid_claim
    b = _propose(b, make_staff(User.Role.OFFICER))
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(signer).post(
            reverse("staff:claim_action", args=[b.public_id, "ky-duyet"]), {"version": b.version}
        )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == Status.DECISION_ISSUED
    _refused(a, b)


def test_api_signature_of_an_overlapping_claim_schedules_nothing(
    paid_claim, signer, django_capture_on_commit_callbacks
):
    a, b = paid_claim
    b = _propose(b, make_staff(User.Role.OFFICER))
    api = APIClient()
    api.force_login(signer)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/staff/claims/{b.public_id}/sign/", {"version": b.version}, format="json"
        )
    assert response.status_code == 200, response.content
    _refused(a, b)


def test_the_fast_track_approves_but_schedules_nothing_twice(
    paid_claim, signer, django_capture_on_commit_callbacks
):
    a, b = paid_claim
    seen = fasttrack.layoff_batch(
        center=signer.center, employer_tax_code=TAX_CODE, termination_date=CLOSURE
    )
    assert set(seen.versions) == {b.pk}
    with django_capture_on_commit_callbacks(execute=True):
        batch = fasttrack.batch_start(
            signer=signer,
            employer_tax_code=TAX_CODE,
            termination_date=CLOSURE,
            seen_fingerprint=seen.fingerprint,
        )
    batch.refresh_from_db()
    assert batch.approved == 1 and batch.failed == 0
    _refused(a, b)


def test_reissue_and_the_sweep_pay_each_month_once(paid_claim, signer):
    a, b = paid_claim
    b = _propose(b, make_staff(User.Role.OFFICER))
    Claim.objects.filter(pk=b.pk).update(status=Status.DECISION_ISSUED)
    Proposal.objects.filter(claim=b).update(outcome=Proposal.Outcome.SIGNED, decided_by=signer)
    # The sweep finds B without a schedule and is refused once; later sweeps leave it alone.
    assert services.payments_sweep()["schedules"] == 0
    _refused(a, b)
    assert services.payments_sweep()["schedules"] == 0
    assert b.events.filter(kind="payment:schedule_refused").count() == 1
    # A's first order fails and is re-issued: a new order for the same installment, no new
    # installment, and nothing for B.
    order = PaymentOrder.objects.get(claim=a, installment__number=1)
    PaymentOrder.objects.filter(pk=order.pk).update(status="failed")
    PaymentInstallment.objects.filter(pk=order.installment_id).update(status="failed")
    order.refresh_from_db()
    reissued = services.payment_order_reissue(
        order_id=order.pk, actor=signer, reason="Tài khoản đã được mở lại"
    )
    assert reissued.installment_id == order.installment_id
    assert PaymentInstallment.objects.filter(personal_id=a.personal_id).count() == 6
    assert PaymentOrder.objects.filter(claim=b).count() == 0
