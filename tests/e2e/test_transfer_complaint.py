"""Browser test (issue 16): on a 360 px phone, in Vietnamese and in English, the worker asks
for a transfer and files a complaint, one question per page; the old center hands the file
over and the new one takes it; the deciding center sees the complaint in its queue. axe-core
checks every page."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from claims.complaints.models import Complaint
from claims.decisions import signing
from claims.models import Claim
from claims.transfers.models import Transfer
from identity.models import User
from tests.claims.transfers.support import center, claim_in_period
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import PASSWORD, login_staff, with_language
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
SHOTS = os.environ.get("P3_SHOTS", "")


def staff(where, username: str, role: str = User.Role.OFFICER) -> tuple[User, str]:
    user = StaffFactory(username=username, role=role, center=where)
    user.set_password(PASSWORD)
    user.save()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def citizen_signed_in(page, base: str, citizen: User) -> None:
    client = Client()
    client.force_login(citizen)
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
def world(settings, live_server, tmp_path_factory):
    keys = tmp_path_factory.mktemp("decision-keys")
    signing.dev_keys_ensure(directory=keys)
    settings.DECISION_KEYS_DIR = keys
    settings.DECISION_SIGNING_PKCS12 = ""
    settings.DECISION_SIGNING_KEY = ""
    settings.DECISION_SIGNING_CERT = ""
    settings.DECISION_TRUST_ROOTS = []
    settings.SITE_URL = live_server.url
    hanoi = center("01")
    bac_ninh = center("24")
    old, old_secret = staff(hanoi, "canbo.hanoi")
    signer, _ = staff(hanoi, "lanhdao.hanoi", User.Role.SIGNER)
    new, new_secret = staff(bac_ninh, "canbo.bacninh")
    decided = timezone.now() - timedelta(days=12)
    start = timezone.localdate(decided) + timedelta(days=5)
    claim = claim_in_period(
        where=hanoi,
        signer=signer,
        officer=old,
        decided=decided,
        start=start,
        terminated=start - timedelta(days=30),
    )
    return {
        "claim": claim,
        "old": (old, old_secret),
        "new": (new, new_secret),
        "base": live_server.url,
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_transfer_request_and_a_complaint_on_a_phone(world, new_page, assert_accessible, lang):
    base, claim = world["base"], world["claim"]
    mine = f"{base}/ho-so-cua-toi/{claim.public_id}"

    def check(page, where: str) -> None:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == lang, where
        # Nothing wider than the phone: no sideways scrolling.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{where}: {width}px wide"
        assert_accessible(page, f"{where} ({lang})")
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{lang}-{where.replace(' ', '-')}.png", full_page=True)

    phone = with_language(new_page(PHONE, lang), base, lang)
    citizen_signed_in(phone, base, claim.citizen)

    # The transfer: where to, then the new address, then check and send.
    phone.goto(f"{mine}/chuyen-noi-huong/noi-chuyen-den/")
    check(phone, "transfer province")
    phone.locator("main form button[type=submit]").click()  # nothing chosen
    check(phone, "transfer province error")
    assert phone.locator(".error-summary").is_visible()
    phone.locator("#id_province").select_option("24")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/noi-cu-tru/$"))
    check(phone, "transfer address")
    phone.locator("#id_new_address").fill("12 Ly Thai To, Suoi Hoa, Bac Ninh")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/kiem-tra/$"))
    check(phone, "transfer check")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/chuyen-noi-huong/$"))
    check(phone, "transfer status")
    transfer = Transfer.objects.get(claim=claim)
    assert phone.get_by_text(transfer.handover_due.strftime("%d/%m/%Y")).first.is_visible()

    # The complaint against the approval: which decision, what is wrong, check, receipt.
    phone.goto(f"{mine}/khieu-nai/")
    check(phone, "complaints")
    phone.locator("main a.button").click()
    phone.wait_for_url(re.compile(r"/khieu-nai/quyet-dinh/$"))
    check(phone, "complaint decision")
    phone.locator("main input[type=radio]").first.check()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/khieu-nai/noi-dung/$"))
    phone.locator("main form button[type=submit]").click()  # empty
    check(phone, "complaint text error")
    phone.locator("#id_text").fill("Muc huong tinh thieu thang luong cuoi cung.")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/khieu-nai/kiem-tra/$"))
    check(phone, "complaint check")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/khieu-nai/KN-"))
    check(phone, "complaint receipt")
    complaint = Complaint.objects.get(claim=claim)
    assert phone.get_by_text(complaint.reference).first.is_visible()

    # The old center hands over; the new one takes over (desktop); the queues pass axe too.
    old, old_secret = world["old"]
    desk = with_language(new_page(DESKTOP, lang), base, lang)
    login_staff(desk, base, old.username, PASSWORD, old_secret)
    desk.goto(f"{base}/can-bo/khieu-nai/")
    assert_accessible(desk, f"complaints queue ({lang})")
    assert desk.get_by_text(complaint.reference).first.is_visible()
    desk.goto(f"{base}/can-bo/chuyen-noi-huong/")
    assert_accessible(desk, f"transfers queue ({lang})")
    desk.goto(f"{base}/can-bo/chuyen-noi-huong/{transfer.pk}/")
    assert_accessible(desk, f"transfer, old center ({lang})")
    desk.locator("main form button[type=submit]").click()
    desk.wait_for_load_state()
    new, new_secret = world["new"]
    desk2 = with_language(new_page(DESKTOP, lang), base, lang)
    login_staff(desk2, base, new.username, PASSWORD, new_secret)
    desk2.goto(f"{base}/can-bo/chuyen-noi-huong/{transfer.pk}/")
    assert_accessible(desk2, f"transfer, new center ({lang})")
    desk2.locator("main form button[type=submit]").click()
    desk2.wait_for_load_state()
    assert Claim.objects.get(pk=claim.pk).center_id == new.center_id
    phone.goto(f"{mine}/chuyen-noi-huong/")
    check(phone, "transfer accepted")
