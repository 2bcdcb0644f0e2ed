"""The period's money: the release gate (month k >= 2 only once notified, on its payment day),
the set-based release (same orders as the row-by-row path, once), the months ended in the
portal as the next claim's past benefits."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from claims.models import ClaimEvent
from claims.payments import release
from claims.payments.models import PaymentInstallment, PaymentOrder
from claims.payments.services import PAYABLE
from claims.period import selectors
from claims.period import services as period
from tests.claims.period.support import at, period_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    with time_machine.travel(at(date(2026, 3, 13)), tick=False):
        return period_claim()


def gated(day: date) -> list[int]:
    return sorted(
        PaymentInstallment.objects.filter(status="scheduled", due_on__lte=day)
        .filter(selectors.release_gate(today=day))
        .values_list("number", flat=True)
    )


def test_month_2_is_released_only_once_notified_and_on_its_payment_day(claim):
    assert gated(date(2026, 4, 30)) == []  # month 2 due on 04-23, not notified
    period.notification_record(
        claim, by=claim.citizen, looked_for_work=True, available=True, at=at(date(2026, 4, 17))
    )
    assert gated(date(2026, 4, 22)) == []  # notified, but its payment day is 04-23
    assert gated(date(2026, 4, 23)) == [2]


def test_a_claim_without_months_keeps_its_schedule(claim):
    claim.benefit_months.all().delete()
    assert gated(date(2026, 4, 23)) == [2]


def test_bulk_release_makes_one_order_per_installment_once(claim):
    period.notification_record(
        claim, by=claim.citizen, looked_for_work=True, available=True, at=at(date(2026, 4, 17))
    )
    installment = PaymentInstallment.objects.get(claim=claim, number=2)
    made = release.release_bulk([installment.pk], payable=PAYABLE, now=timezone.now())
    assert len(made) == 1
    order = PaymentOrder.objects.get(pk=made[0])
    assert order.reference == f"{claim.reference}-02"
    assert order.amount == installment.amount and order.status == "pending"
    assert order.account_number == "0123456789" and order.method == "bank"
    assert order.beneficiary_name == claim.citizen.full_name
    assert order.callback_url.endswith("/thanh-toan/callback/")
    installment.refresh_from_db()
    assert installment.status == "ordered"
    event = ClaimEvent.objects.get(claim=claim, kind="payment:ordered", data__order=order.pk)
    assert event.data["installment"] == 2 and event.data["key"] == str(order.idempotency_key)
    # Again: nothing (the installment is ordered; the open-order index would refuse anyway).
    assert release.release_bulk([installment.pk], payable=PAYABLE, now=timezone.now()) == []
    assert PaymentOrder.objects.filter(installment=installment).count() == 1


def test_bulk_release_skips_a_claim_that_stopped(claim):
    claim.status = "suspended"
    claim.save(update_fields=["status"])
    installment = PaymentInstallment.objects.get(claim=claim, number=2)
    assert release.release_bulk([installment.pk], payable=PAYABLE, now=timezone.now()) == []


def test_an_ended_period_is_the_next_claims_past_benefit(claim):
    for day in (date(2026, 4, 22), date(2026, 5, 21), date(2026, 6, 20)):
        period.windows_close(on=day)
    claim.termination_date = date(2026, 2, 27)
    claim.save(update_fields=["termination_date"])
    (benefit,) = selectors.past_benefits_in_portal(claim.personal_id)
    # n = 74, reserved 2: 72 contribution months used, through the termination month.
    assert benefit.contribution_months_used == 72
    assert benefit.contributions_used_through == date(2026, 2, 1)
    assert benefit.start_date == date(2026, 3, 17) and benefit.end_date == date(2026, 6, 20)
    assert selectors.past_benefits_in_portal(claim.personal_id, exclude_claim_id=claim.pk) == ()
