"""Changing where the money goes: a fresh VNeID sign-in first, an alert to the worker after, and
the failed-payment warning gone once the order is re-issued (issue 13)."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from claims.models import ClaimEvent, Notification
from claims.payments import services
from identity.reauth import REAUTH_SECONDS
from tests.claims.payments.test_payments_views import client_for, failed  # noqa: F401 - fixtures
from tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

NEW_ACCOUNT = {"method": "bank", "bank_code": "BIDV", "account_number": "1234567890"}


def _url(claim) -> str:
    return reverse("claims:claim_payment_details", args=[claim.public_id])


def _new_details(claim) -> dict:
    return {**NEW_ACCOUNT, "account_holder": claim.answers["payment"]["account_holder"]}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_form_asks_for_a_fresh_vneid_sign_in_first(failed, lang):  # noqa: F811
    claim, _order = failed
    page = client_for(claim.citizen, lang).get(_url(claim))
    assert page.status_code == 200
    assert page.templates[0].name == "identity/reauthenticate.html"
    html = page.content.decode()
    assert 'data-testid="reauthenticate"' in html
    assert ("Đăng nhập lại bằng VNeID" if lang == "vi" else "Sign in with VNeID again") in html
    assert 'name="account_number"' not in html  # the form itself is not shown yet


def test_a_sign_in_older_than_the_window_does_not_count_and_nothing_changes(failed):  # noqa: F811
    claim, _order = failed
    stale = client_for(claim.citizen, vneid_at=time.time() - REAUTH_SECONDS - 1)
    response = stale.post(_url(claim), _new_details(claim))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.answers["payment"]["account_number"] == "9990001111"
    assert not ClaimEvent.objects.filter(claim=claim, kind="payment_details_changed").exists()


def test_a_change_alerts_the_worker_in_the_portal_and_by_email(
    failed,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    claim, _order = failed
    claim.answers = {**claim.answers, "contact": {"email": "hoa@example.vn"}}
    claim.save(update_fields=["answers"])
    web = client_for(claim.citizen, vneid_at=time.time())
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(_url(claim), _new_details(claim))
    assert response.status_code == 302
    note = Notification.objects.get(claim=claim, kind="payment_details_changed")
    assert note.user == claim.citizen
    assert note.params["details"] == "BIDV ••••••7890"
    (email,) = [m for m in mail.outbox if "hoa@example.vn" in m.to]
    assert "BIDV ••••••7890" in email.body and "1234567890" not in email.body
    assert "liên hệ ngay trung tâm" in email.body


def test_the_failed_payment_warning_goes_once_the_order_is_reissued(failed):  # noqa: F811
    claim, order = failed
    detail = reverse("claims:claim_detail", args=[claim.public_id])
    web = client_for(claim.citizen, vneid_at=time.time())
    assert "Chưa chuyển được tiền: Số tài khoản không tồn tại" in web.get(detail).content.decode()
    web.post(_url(claim), _new_details(claim))
    fixed = web.get(detail).content.decode()
    # Fixed but not re-issued yet: still shown, with "the center will pay it again".
    assert "Chưa chuyển được tiền: Số tài khoản không tồn tại" in fixed
    assert "Trung tâm sẽ chuyển lại khoản tiền này" in fixed
    officer = StaffFactory(center=claim.center)
    services.payment_order_reissue(order_id=order.pk, actor=officer)
    after = web.get(detail).content.decode()
    assert "Chưa chuyển được tiền: Số tài khoản không tồn tại" not in after
    assert "notice--error" not in after
    assert "Một khoản trợ cấp chưa chuyển được" not in after
