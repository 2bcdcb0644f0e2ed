"""ADR 0012's guard kept by the database on its own table (ADR 0015, PostgreSQL): every
installment with a person has its row in InstallmentGuard, written only by the triggers, so the
exclusion constraint sees every installment while an installment's status changes never touch
it; the row moves with the installment's dates and goes with the installment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from claims.payments import client, services
from claims.payments.models import InstallmentGuard, PaymentInstallment
from identity.models import User
from tests.claims.payments.helpers import FakeOffice, make_approved_claim
from tests.claims.review.fasttrack_helpers import make_layoff, make_staff

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the guard table is PostgreSQL's (SQLite: triggers)",
    ),
]


@pytest.fixture(autouse=True)
def office(monkeypatch, settings) -> FakeOffice:
    settings.SETTLEMENT_CALLBACK_BASE_URL = "http://portal.test"
    fake = FakeOffice()
    monkeypatch.setattr(client, "_session", fake)
    return fake


def _guarded(claim) -> list[tuple[int, date, date]]:
    return sorted(
        (g.installment_id, g.period_start, g.period_end)
        for g in InstallmentGuard.objects.filter(installment__claim=claim)
    )


def _installments(claim) -> list[tuple[int, date, date]]:
    return sorted((i.pk, i.period_start, i.period_end) for i in claim.installments.all())


@pytest.fixture
def scheduled():
    signer = make_staff(User.Role.SIGNER, mfa=True, full_name="Phạm Minh Châu")
    later = make_layoff(signer.center, 1)[0]
    claim = make_approved_claim(
        signer.center, signer=signer, citizen=later.citizen, months=6, start=date(2026, 3, 17)
    )
    services.payment_schedule_create(claim_id=claim.pk)
    return claim, later


def test_every_installment_has_its_guard_row_and_a_status_change_keeps_it(scheduled):
    claim, _later = scheduled
    assert len(_installments(claim)) == 6
    assert _guarded(claim) == _installments(claim)
    PaymentInstallment.objects.filter(claim=claim).update(status="ordered")
    PaymentInstallment.objects.filter(claim=claim, number=1).update(status="paid")
    assert _guarded(claim) == _installments(claim)


def _free(claim, number: int, start: date) -> PaymentInstallment:
    return PaymentInstallment.objects.create(
        claim=claim,
        number=number,
        period_start=start,
        period_end=start + timedelta(days=29),
        amount=4_200_000,
        due_on=start,
    )


def test_the_guard_row_moves_with_the_dates_and_goes_with_the_installment(scheduled):
    claim, later = scheduled
    last = claim.installments.order_by("-number").first()
    PaymentInstallment.objects.filter(pk=last.pk).update(
        period_end=last.period_end - timedelta(days=5)
    )
    assert _guarded(claim) == _installments(claim)
    # The later claim's months after the first claim's end (no order yet): deleted by the ORM
    # or by SQL, each frees its time for another installment of the person.
    after = last.period_end + timedelta(days=1)
    one, two = _free(later, 1, after), _free(later, 2, after + timedelta(days=30))
    assert _guarded(later) == _installments(later)
    PaymentInstallment.objects.filter(pk=one.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_paymentinstallment WHERE id = %s", [two.pk])
    assert _guarded(later) == []
    again = _free(later, 3, after)
    assert (
        _guarded(later)
        == _installments(later)
        == [(again.pk, again.period_start, again.period_end)]
    )
    # ...but never the time an installment still holds.
    with pytest.raises(IntegrityError), transaction.atomic():
        _free(later, 4, date(2026, 4, 1))


def test_an_installment_without_a_person_stays_outside_the_guard(scheduled):
    claim, _later = scheduled
    first = claim.installments.order_by("number").first()
    PaymentInstallment.objects.filter(pk=first.pk).update(personal_id=None)
    assert not InstallmentGuard.objects.filter(installment=first).exists()
    PaymentInstallment.objects.filter(pk=first.pk).update(personal_id=claim.personal_id)
    assert InstallmentGuard.objects.filter(installment=first).exists()
