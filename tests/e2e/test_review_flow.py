# ruff: noqa: F811 - the fixtures imported from tests/e2e/helpers.py are test arguments
"""Browser: officer requests information, the citizen answers, the officer proposes, a signer
approves; the claim ends with its decision issued. axe on every staff page, in vi and in en."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from claims.core.transitions import Status
from claims.models import Claim
from identity.models import User
from tests.e2e.conftest import DESKTOP
from tests.e2e.helpers import (  # noqa: F401 - submitted is a fixture
    PASSWORD,
    login_staff,
    staff_member,
    submitted,
    with_language,
)

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_request_info_answer_propose_and_sign(
    submitted, live_server, new_page, assert_accessible, lang
):
    base = live_server.url
    claim_url = f"{base}/can-bo/ho-so/{submitted.public_id}/"
    officer, officer_secret = staff_member("canbo.test", User.Role.OFFICER)
    signer, signer_secret = staff_member("lanhdao.test", User.Role.SIGNER)

    def check(page, where: str) -> None:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == lang, where
        assert_accessible(page, f"{where} ({lang})")

    def submit(page, action: str) -> None:
        page.locator(f"main form[action$='/{action}/'] button[type=submit]").first.click()
        page.wait_for_load_state()

    # The officer signs in, opens the claim, takes it and asks for information.
    page = with_language(new_page(DESKTOP, lang), base, lang)
    login_staff(page, base, officer.username, PASSWORD, officer_secret)
    page.goto(claim_url)
    check(page, "claim page (submitted)")
    submit(page, "giao")
    check(page, "claim page (taken)")
    assert page.locator("[data-status=in_review]").is_visible()
    submit(page, "yeu-cau-bo-sung")  # empty: the error summary, nothing sent
    assert page.locator(".error-summary").is_visible()
    check(page, "request info error")
    page.locator("#id_info-message").fill("Hãy gửi bản chụp quyết định thôi việc có dấu đỏ.")
    submit(page, "yeu-cau-bo-sung")
    assert page.locator("[data-status=info_requested]").is_visible()
    check(page, "claim page (info requested)")

    # The citizen answers on their claim page (session cookie of a force-login).
    client = Client()
    client.force_login(submitted.citizen)
    citizen_page = with_language(new_page(DESKTOP, lang), base, lang)
    citizen_page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    citizen_page.goto(f"{base}/ho-so-cua-toi/{submitted.public_id}/bo-sung/")
    citizen_page.locator("#id_message").fill("Tôi đã gửi bản chụp quyết định.")
    citizen_page.locator("main form button[type=submit]").first.click()
    citizen_page.wait_for_load_state()
    assert Claim.objects.get(pk=submitted.pk).status == Status.IN_REVIEW

    # The officer sees the answer and proposes the engine's figures.
    page.goto(claim_url)
    assert page.get_by_text("Tôi đã gửi bản chụp quyết định.").first.is_visible()
    check(page, "claim page (answered)")
    submit(page, "de-xuat-huong")
    assert page.locator("[data-status=proposed]").is_visible()
    check(page, "claim page (proposed)")

    # A signer signs in, finds the proposal and approves it.
    signer_page = with_language(new_page(DESKTOP, lang), base, lang)
    login_staff(signer_page, base, signer.username, PASSWORD, signer_secret)
    signer_page.goto(f"{base}/can-bo/ky-duyet/")
    check(signer_page, "proposals")
    signer_page.locator(f"main a[href='/can-bo/ho-so/{submitted.public_id}/']").click()
    signer_page.wait_for_url(claim_url)
    check(signer_page, "claim page (signer)")
    submit(signer_page, "ky-duyet")
    assert signer_page.locator("[data-status=decision_issued]").is_visible()
    check(signer_page, "claim page (decision issued)")
    claim = Claim.objects.get(pk=submitted.pk)
    assert claim.status == Status.DECISION_ISSUED and claim.decided_at is not None
