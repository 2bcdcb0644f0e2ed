"""The payment sections of the claim pages, the worker's bank-details fix and the staff re-issue."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from claims.models import ClaimEvent, Notification, StaffAccessLog
from claims.payments import services
from claims.payments.models import PaymentOrder
from identity.models import User
from tests.claims.payments.helpers import (
    callback_body,
    make_approved_claim,
    order_snapshot,
    post_callback,
)
from tests.factories import CenterFactory, CitizenFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


def client_for(user, lang: str = "vi", *, vneid_at: float | None = None) -> Client:
    """A signed-in client; `vneid_at`: when the session last signed in at VNeID (epoch)."""
    c = Client(headers={"accept-language": lang})
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if vneid_at is not None:
        session = c.session
        # What allauth's record_authentication writes at a VNeID sign-in (identity.reauth).
        session["account_authentication_methods_user"] = str(user.pk)
        session["account_authentication_methods"] = [
            {"method": "socialaccount", "at": vneid_at, "provider": "vneid", "uid": "x"}
        ]
        session.save()
    return c


def with_mfa(user: User) -> User:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


def send_all(claim) -> list[PaymentOrder]:
    orders = list(PaymentOrder.objects.filter(claim=claim).order_by("id"))
    for order in orders:
        services.payment_order_send(order_id=order.pk)
        order.refresh_from_db()
    return orders


@pytest.fixture
def failed():
    """A claim whose first month failed at the office (invalid account)."""
    claim = make_approved_claim(months=3, account="9990001111")
    services.payment_schedule_create(claim_id=claim.pk)
    (order,) = send_all(claim)
    post_callback(
        Client(),
        callback_body(
            order, "failed", reason_code="invalid_account", reason="Số tài khoản không tồn tại"
        ),
    )
    order.refresh_from_db()
    assert order.status == "failed"
    return claim, order


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_citizen_sees_the_schedule_and_what_to_fix(failed, lang):
    claim, order = failed
    page = client_for(claim.citizen, lang).get(
        reverse("claims:claim_detail", args=[claim.public_id])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="payments"' in html
    assert "Số tài khoản không tồn tại" in html
    assert reverse("claims:claim_payment_details", args=[claim.public_id]) in html
    if lang == "vi":
        assert "Chưa chuyển được tiền: Số tài khoản không tồn tại" in html
        assert "Hãy kiểm tra và sửa thông tin tài khoản" in html
        # The timeline tells the failure once, not every technical step of the order.
        assert "Chưa chuyển được tiền trợ cấp: Số tài khoản không tồn tại" in html
        # "What you need to do" says it too; the benefit is the decision's, not an estimate.
        assert "Một khoản trợ cấp chưa chuyển được" in html
        assert "Mức hưởng theo quyết định" in html and "Mức hưởng ước tính" not in html


def test_fix_then_staff_reissue_then_paid(failed, office):
    claim, order = failed
    citizen = claim.citizen
    c = client_for(citizen, vneid_at=time.time())  # a fresh VNeID sign-in (identity.reauth)
    url = reverse("claims:claim_payment_details", args=[claim.public_id])
    form = c.get(url)
    assert form.status_code == 200 and "9990001111" in form.content.decode()
    # A wrong answer is shown next to the field and changes nothing.
    bad = c.post(url, {"method": "bank", "bank_code": "VCB", "account_number": "12ab"})
    assert bad.status_code == 400
    assert "error-summary" in bad.content.decode()
    claim.refresh_from_db()
    assert claim.answers["payment"]["account_number"] == "9990001111"
    holder = claim.answers["payment"]["account_holder"]
    ok = c.post(
        url,
        {
            "method": "bank",
            "bank_code": "BIDV",
            "account_number": "1234 5678 90",
            "account_holder": holder,
        },
    )
    assert ok.status_code == 302
    claim.refresh_from_db()
    assert claim.answers["payment"]["account_number"] == "1234567890"
    event = ClaimEvent.objects.get(claim=claim, kind="payment_details_changed")
    assert event.data["changed"]["account_number"] == {"from": "••••••1111", "to": "••••••7890"}
    assert event.data["changed"]["bank_code"] == {"from": "VCB", "to": "BIDV"}
    assert "1234567890" not in str(event.data)

    # Staff of the center re-issue: a new order with a new key, to the new account.
    officer = with_mfa(StaffFactory(center=claim.center))
    staff = client_for(officer)
    page = staff.get(reverse("staff:claim", args=[claim.public_id]))
    assert page.status_code == 200
    assert "Phát lại lệnh chi" in page.content.decode()
    assert StaffAccessLog.objects.filter(user=officer, claim=claim).exists()
    r = staff.post(reverse("staff:payment_reissue", args=[claim.public_id, order.pk]))
    assert r.status_code == 302
    new = PaymentOrder.objects.filter(installment=order.installment).exclude(pk=order.pk).get()
    assert new.idempotency_key != order.idempotency_key
    assert (new.account_number, new.bank_code, new.reissue_of_id) == (
        "1234567890",
        "BIDV",
        order.pk,
    )
    assert new.reference.endswith("-01-L2")
    assert ClaimEvent.objects.filter(claim=claim, kind="payment:reissued", actor=officer).exists()
    assert Notification.objects.filter(claim=claim, kind="payment_reissued").exists()
    # A second click changes nothing (the failed order was already re-issued).
    staff.post(reverse("staff:payment_reissue", args=[claim.public_id, order.pk]))
    assert PaymentOrder.objects.filter(installment=order.installment).count() == 2

    services.payment_order_send(order_id=new.pk)
    assert post_callback(Client(), callback_body(new, "paid")).status_code == 200
    assert order_snapshot(new) == ("paid", 2, "paid", "paying")
    assert office.posts[-1]["account_number"] == "1234567890"


def test_reissue_without_a_fix_needs_a_written_reason(failed):
    claim, order = failed
    officer = with_mfa(StaffFactory(center=claim.center))
    staff = client_for(officer)
    url = reverse("staff:payment_reissue", args=[claim.public_id, order.pk])
    staff.post(url)
    assert PaymentOrder.objects.filter(claim=claim).count() == 1
    staff.post(url, {f"reissue-{order.pk}-reason": "Ngân hàng xác nhận tài khoản đã mở lại"})
    new = PaymentOrder.objects.filter(claim=claim).exclude(pk=order.pk).get()
    assert new.reissue_reason == "Ngân hàng xác nhận tài khoản đã mở lại"


def test_other_people_get_nothing(failed):
    claim, order = failed
    other_citizen = CitizenFactory()
    assert (
        client_for(other_citizen)
        .get(reverse("claims:claim_payment_details", args=[claim.public_id]))
        .status_code
        == 404
    )
    other_center = with_mfa(StaffFactory(center=CenterFactory(province_code="01")))
    r = client_for(other_center).post(
        reverse("staff:payment_reissue", args=[claim.public_id, order.pk]),
        {f"reissue-{order.pk}-reason": "x"},
    )
    assert r.status_code == 404
    # The citizen may not re-issue; an order of another claim is not found.
    assert (
        client_for(claim.citizen)
        .post(reverse("staff:payment_reissue", args=[claim.public_id, order.pk]))
        .status_code
        == 403
    )
    officer = with_mfa(StaffFactory(center=claim.center))
    other_claim = make_approved_claim(center=claim.center)
    assert (
        client_for(officer)
        .post(reverse("staff:payment_reissue", args=[other_claim.public_id, order.pk]))
        .status_code
        == 404
    )
    assert PaymentOrder.objects.filter(claim=claim).count() == 1


def test_the_service_refuses_another_centers_staff_and_citizens(failed):
    claim, order = failed
    other = StaffFactory(center=CenterFactory(province_code="01"))
    with pytest.raises(services.ClaimPermissionError):
        services.payment_order_reissue(order_id=order.pk, actor=other, reason="x")
    with pytest.raises(services.ClaimPermissionError):
        services.payment_order_reissue(order_id=order.pk, actor=claim.citizen, reason="x")
    with pytest.raises(services.ClaimPermissionError):
        services.payment_details_change(claim_id=claim.pk, citizen=CitizenFactory(), details={})


def test_the_staff_section_shows_orders_with_attempts_and_errors(failed):
    claim, order = failed
    officer = with_mfa(StaffFactory(center=claim.center))
    html = client_for(officer).get(reverse("staff:claim", args=[claim.public_id])).content.decode()
    assert order.reference in html
    assert "invalid_account" in html
    assert "1 lần gửi" in html
