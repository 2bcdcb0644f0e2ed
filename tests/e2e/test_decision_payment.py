"""Browser: a signer approves; the worker sees and downloads the signed decision; the public
verification page confirms it; the first payment fails at the settlement office (a closed
account), the worker fixes the bank details, staff re-issue the order and it is paid.

Everything real but the broker: the portal is a live server, tasks run eagerly after commit,
the settlement-office simulator is its own process speaking signed HTTP and calling back.
axe on every page, in Vietnamese and in English.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

import claims.review.services as review
from claims.core.transitions import Status
from claims.decisions import signing
from claims.decisions.models import Decision
from claims.models import Claim
from claims.payments.models import PaymentInstallment, PaymentOrder
from identity.models import User
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import (  # noqa: F401 - submitted is a fixture
    PASSWORD,
    login_staff,
    staff_member,
    submitted,
    with_language,
)
from tests.settlement_office.support import settlement_office_running

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

#: Accounts starting with 999 are refused by the simulator (invalid_account) by default.
FAILING_ACCOUNT = "9990001112"
GOOD_ACCOUNT = "0011002233445"


def _wait_for(condition, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _citizen_cookie(page, base: str, citizen: User, *, vneid_now: bool = False) -> None:
    """Sign the phone in as the citizen; `vneid_now`: as if they had just signed in at VNeID,
    which a change of bank details asks for (identity.reauth)."""
    client = Client()
    client.force_login(citizen)
    if vneid_now:
        session = client.session
        # What allauth's record_authentication writes at a VNeID sign-in.
        session["account_authentication_methods_user"] = str(citizen.pk)
        session["account_authentication_methods"] = [
            {"method": "socialaccount", "at": time.time(), "provider": "vneid", "uid": "x"}
        ]
        session.save()
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


@pytest.fixture
def office(tmp_path, settings, live_server, tmp_path_factory):
    keys = tmp_path_factory.mktemp("decision-keys")
    signing.dev_keys_ensure(directory=keys)
    settings.DECISION_KEYS_DIR = keys
    settings.DECISION_SIGNING_PKCS12 = ""
    settings.DECISION_SIGNING_KEY = ""
    settings.DECISION_SIGNING_CERT = ""
    settings.DECISION_TRUST_ROOTS = []
    settings.SITE_URL = live_server.url
    settings.SETTLEMENT_CALLBACK_BASE_URL = live_server.url
    # The office pays two seconds after an order: its callbacks do not race the decision
    # being stored (an in-memory SQLite test database locks whole tables).
    with settlement_office_running(tmp_path, pay_delay=2.0) as url:
        settings.SETTLEMENT_OFFICE_URL = url
        yield url


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_signed_decision_download_verify_and_a_failed_payment_reissued(
    submitted,  # noqa: F811 - the fixture imported above
    office,
    live_server,
    new_page,
    assert_accessible,
    lang,
    tmp_path,
):
    base = live_server.url
    claim_url = f"{base}/can-bo/ho-so/{submitted.public_id}/"
    citizen_url = f"{base}/ho-so-cua-toi/{submitted.public_id}/"
    officer, _secret = staff_member("canbo.test", User.Role.OFFICER)
    signer, signer_secret = staff_member("lanhdao.test", User.Role.SIGNER)

    # The worker gave an account the paying bank will refuse.
    claim = Claim.objects.get(pk=submitted.pk)
    claim.answers["payment"] = {
        **claim.answers["payment"],
        "method": "bank",
        "bank_code": "VCB",
        "account_number": FAILING_ACCOUNT,
    }
    claim.save(update_fields=["answers"])
    claim = review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )
    review.claim_propose_approval(
        claim_id=claim.pk, officer=officer, expected_version=claim.version
    )

    def check(page, where: str) -> None:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == lang, where
        assert_accessible(page, f"{where} ({lang})")

    # The signer approves: the decision is rendered and signed, the first order goes out.
    staff_page = with_language(new_page(DESKTOP, lang), base, lang)
    login_staff(staff_page, base, signer.username, PASSWORD, signer_secret)
    staff_page.goto(claim_url)
    check(staff_page, "claim page (proposed)")
    staff_page.locator("main form[action$='/ky-duyet/'] button[type=submit]").first.click()
    staff_page.wait_for_load_state()
    decision = Decision.objects.get(claim_id=submitted.pk)
    _wait_for(lambda: Decision.objects.get(pk=decision.pk).sha256, "the signed decision")
    decision.refresh_from_db()
    staff_page.goto(claim_url)
    assert staff_page.get_by_text(decision.number).first.is_visible()
    check(staff_page, "claim page (decision issued)")

    # The worker, on a phone, sees the decision and downloads the signed PDF.
    phone = with_language(new_page(PHONE, lang), base, lang)
    _citizen_cookie(phone, base, submitted.citizen)
    phone.goto(citizen_url)
    check(phone, "citizen claim page (decision)")
    with phone.expect_download() as download_info:
        phone.locator(f"a[href$='/ho-so-cua-toi/{submitted.public_id}/quyet-dinh.pdf']").click()
    saved = tmp_path / "decision.pdf"
    download_info.value.save_as(saved)
    pdf = Path(saved).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == decision.sha256

    # Anyone can check it on the public verification page, prefilled by the QR's link.
    verifier = with_language(new_page(PHONE, lang), base, lang)
    verifier.goto(f"{base}/verify/?so={decision.number}&ma={decision.code_display}")
    check(verifier, "verify page (prefilled)")
    verifier.locator("input[type=file]").set_input_files(str(saved))
    verifier.locator("main form button[type=submit]").click()
    verifier.wait_for_load_state()
    check(verifier, "verify page (result)")
    results = verifier.locator(".notice--success")
    assert results.count() == 2, "the decision exists and the file checks out"
    assert decision.signer_name in verifier.locator("main").inner_text()

    # A changed byte is caught.
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(
        pdf.replace(b"/Type /Page", b"/Type /Pagf", 1)
        if b"/Type /Page" in pdf
        else pdf[:-10] + b"0" + pdf[-9:]
    )
    verifier.locator("input[type=file]").set_input_files(str(tampered))
    verifier.locator("main form button[type=submit]").click()
    verifier.wait_for_load_state()
    assert verifier.locator(".notice--error").count() == 1

    # The bank refuses the first month: the worker is told what to fix, and fixes it.
    first = PaymentInstallment.objects.get(claim_id=submitted.pk, number=1)
    _wait_for(
        lambda: PaymentInstallment.objects.get(pk=first.pk).status == "failed",
        "the settlement office's failure callback",
    )
    _citizen_cookie(phone, base, submitted.citizen, vneid_now=True)
    phone.goto(citizen_url)
    alert = phone.locator(".notice--error[role=alert]")
    assert alert.count() == 1
    check(phone, "citizen claim page (payment failed)")
    alert.locator("a.button").click()
    phone.wait_for_load_state()
    check(phone, "payment details")
    phone.locator("#id_account_number").fill("12")  # too short: error summary, nothing saved
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.locator(".error-summary").is_visible()
    check(phone, "payment details (error)")
    assert Claim.objects.get(pk=submitted.pk).answers["payment"]["account_number"] == (
        FAILING_ACCOUNT
    )
    phone.locator("#id_account_number").fill(GOOD_ACCOUNT)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.url.startswith(citizen_url)
    assert Claim.objects.get(pk=submitted.pk).answers["payment"]["account_number"] == (GOOD_ACCOUNT)

    # Staff see the failed order and re-issue it; the office pays the new order.
    staff_page.goto(claim_url)
    check(staff_page, "claim page (payment failed)")
    staff_page.locator(
        "main form[action*='/phat-lai/'] button[type=submit], "
        "main form[action*='reissue'] button[type=submit]"
    ).first.click()
    staff_page.wait_for_load_state()
    _wait_for(
        lambda: PaymentInstallment.objects.get(pk=first.pk).status == "paid",
        "the re-issued order paid",
    )
    orders = PaymentOrder.objects.filter(installment=first).order_by("id")
    assert [o.status for o in orders] == ["failed", "paid"]
    assert orders[1].account_number == GOOD_ACCOUNT
    assert orders[0].idempotency_key != orders[1].idempotency_key
    claim = Claim.objects.get(pk=submitted.pk)
    assert claim.status == Status.PAYING
    phone.goto(citizen_url)
    assert phone.locator(".notice--error[role=alert]").count() == 0
    check(phone, "citizen claim page (paid)")
