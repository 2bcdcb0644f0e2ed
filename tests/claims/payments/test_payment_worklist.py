"""The center's worklist of failed payments: what it lists, in which order, and the re-issue."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import StaffAccessLog
from claims.payments import services
from claims.payments.models import PaymentOrder
from tests.claims.payments.helpers import (
    callback_body,
    make_approved_claim,
    post_callback,
)
from tests.claims.payments.test_payments_views import client_for, send_all, with_mfa
from tests.factories import CenterFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


def failed_claim(**kwargs):
    claim = make_approved_claim(months=3, account="9990001111", **kwargs)
    services.payment_schedule_create(claim_id=claim.pk)
    (order,) = send_all(claim)
    post_callback(
        Client(),
        callback_body(order, "failed", reason_code="invalid_account", reason="Sai số tài khoản"),
    )
    order.refresh_from_db()
    assert order.status == "failed"
    return claim, order


def fix_details(claim) -> None:
    holder = claim.answers["payment"]["account_holder"]
    services.payment_details_change(
        claim_id=claim.pk,
        citizen=claim.citizen,
        details={
            "method": "bank",
            "bank_code": "BIDV",
            "account_number": "1234567890",
            "account_holder": holder,
        },
    )


def worklist_refs(response) -> list[str]:
    return [row.order.reference for row in response.context["rows"]]


def test_the_worklist_lists_failures_fixed_first_and_logs_the_view():
    center = CenterFactory()
    first, first_order = failed_claim(center=center)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        second, second_order = failed_claim(center=center)
        fix_details(second)
    officer = with_mfa(StaffFactory(center=second.center))
    assert first.center_id == second.center_id
    response = client_for(officer).get(reverse("staff:payment_failures"))
    assert response.status_code == 200
    assert worklist_refs(response) == [second_order.reference, first_order.reference]
    html = response.content.decode()
    assert "Người lao động đã sửa" in html and "Chưa sửa" in html
    assert "Sai số tài khoản" in html and second.citizen.full_name in html
    # The unfixed one asks for a reason; the fixed one is one press.
    assert f'name="reissue-{first_order.pk}-reason"' in html
    assert f'name="reissue-{second_order.pk}-reason"' not in html
    assert StaffAccessLog.objects.filter(user=officer, page="payment_failures").exists()


def test_a_fixed_failure_is_reissued_from_the_worklist_and_leaves_it(office):
    claim, order = failed_claim()
    fix_details(claim)
    officer = with_mfa(StaffFactory(center=claim.center))
    c = client_for(officer)
    response = c.post(reverse("staff:payment_failure_reissue", args=[order.pk]), follow=True)
    assert response.status_code == 200
    new = PaymentOrder.objects.get(reissue_of=order)
    assert (new.account_number, new.bank_code, new.created_by) == ("1234567890", "BIDV", officer)
    assert f"Đã phát lại lệnh chi {order.reference}" in response.content.decode()
    assert worklist_refs(response) == []
    # A second press (another tab) changes nothing and says why.
    again = c.post(reverse("staff:payment_failure_reissue", args=[order.pk]), follow=True)
    assert PaymentOrder.objects.filter(reissue_of=order).count() == 1
    assert "có thể đã được phát lại" in again.content.decode()


def test_an_unfixed_failure_needs_a_reason_named_in_the_message():
    claim, order = failed_claim()
    officer = with_mfa(StaffFactory(center=claim.center))
    c = client_for(officer)
    url = reverse("staff:payment_failure_reissue", args=[order.pk])
    refused = c.post(url, follow=True)
    assert not PaymentOrder.objects.filter(reissue_of=order).exists()
    assert f"{order.reference}: Người lao động chưa sửa thông tin" in refused.content.decode()
    c.post(url, {f"reissue-{order.pk}-reason": "Ngân hàng đã mở lại tài khoản"})
    assert PaymentOrder.objects.get(reissue_of=order).reissue_reason == (
        "Ngân hàng đã mở lại tài khoản"
    )


def test_another_centers_staff_neither_see_nor_reissue():
    claim, order = failed_claim()
    other = with_mfa(StaffFactory(center=CenterFactory(province_code="01")))
    c = client_for(other)
    assert worklist_refs(c.get(reverse("staff:payment_failures"))) == []
    response = c.post(
        reverse("staff:payment_failure_reissue", args=[order.pk]),
        {f"reissue-{order.pk}-reason": "x"},
    )
    assert response.status_code == 404
    assert not PaymentOrder.objects.filter(reissue_of=order).exists()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_citizens_are_refused_and_the_page_speaks_both_languages(lang):
    claim, _order = failed_claim()
    assert client_for(claim.citizen).get(reverse("staff:payment_failures")).status_code == 403
    officer = with_mfa(StaffFactory(center=claim.center))
    response = client_for(officer, lang).get(reverse("staff:payment_failures"))
    assert response.status_code == 200 and f'lang="{lang}"' in response.content.decode()
