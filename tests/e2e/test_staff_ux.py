"""Browser: the staff pages of issue 13 at 360 px, in Vietnamese and English, with axe:
the queue searched without diacritics (the national ID never in the address bar), sorted, the
failed-payments worklist's re-issue, the signer's "Ký duyệt" and the officer's staff 403.

Screenshots of each state go to $TROCAP_SCREENSHOTS when it is set (to look at them)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.utils import timezone

from claims.core.transitions import Status
from claims.payments import client as office_client
from claims.payments import services
from claims.payments.models import PaymentOrder
from tests.claims.payments.helpers import (
    FakeOffice,
    callback_body,
    make_approved_claim,
    post_callback,
)
from tests.e2e.conftest import DESKTOP, PHONE, switch_language
from tests.e2e.helpers import login_staff, shot
from tests.factories import PASSWORD, CenterFactory, CitizenFactory, ClaimFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def staff(username: str, center, role: str = "officer") -> str:
    user = StaffFactory(username=username, center=center, role=role)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def queue_of(center) -> dict[str, object]:
    today = timezone.localdate()
    made = {}
    for i, (name, days) in enumerate(
        [("Nguyễn Thị Hoa", 5), ("Trần Văn Nam", 2), ("Lê Thị Mai", 12), ("Đặng Văn Đức", 8)]
    ):
        made[name] = ClaimFactory(
            citizen=CitizenFactory(full_name=name, province_code=center.province_code),
            center=center,
            status=Status.SUBMITTED,
            reference=f"TCTN-2026-{i + 1:06d}",
            decision_due=today + timedelta(days=days),
            submitted_at=timezone.now() - timedelta(days=3),
            employer_tax_code="2300987654",
            employer_name="Công ty TNHH May mặc Hanwoo Vina",
        )
    return made


def open_filters(page) -> None:
    fold = page.locator("details#queue-filters")
    if fold.get_attribute("open") is None:
        fold.locator("summary").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_queue_is_searched_without_diacritics_and_sorted(
    vneid_live, new_page, assert_accessible, lang, viewport
):
    center = CenterFactory(province_code="24")
    secret = staff("canbo.tim", center)
    made = queue_of(center)
    page = new_page(viewport=viewport, lang=lang)
    page.goto(f"{vneid_live.url}/")
    page.context.add_cookies([{"name": "trocap_language", "value": lang, "url": vneid_live.url}])
    login_staff(page, vneid_live.url, "canbo.tim", PASSWORD, secret)
    page.goto(f"{vneid_live.url}/can-bo/hang-doi/")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 4
    tag = f"{lang}-{viewport['width']}"
    shot(page, f"queue-{tag}")
    assert_accessible(page, "queue")

    # Typed as on a phone keyboard: no diacritics, no capitals.
    open_filters(page)
    page.locator("#id_q").fill("nguyen thi hoa")
    page.locator("main form.queue-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"tim="))
    assert "nguyen" not in page.url and "q=" not in page.url
    assert rows.count() == 1 and "Nguyễn Thị Hoa" in rows.first.inner_text()
    shot(page, f"queue-search-{tag}")
    assert_accessible(page, "queue searched")

    # A national ID searched stays out of the address bar.
    personal_id = made["Đặng Văn Đức"].personal_id  # type: ignore[attr-defined]
    open_filters(page)
    page.locator("#id_q").fill(personal_id)
    page.locator("main form.queue-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"tim="))
    assert personal_id not in page.url
    assert rows.count() == 1 and "Đặng Văn Đức" in rows.first.inner_text()

    # Sort by name, descending: on a phone from the form's select (the headers are stacked
    # away), on a wide screen by the column's sort button, twice.
    page.goto(f"{vneid_live.url}/can-bo/hang-doi/")
    if viewport == PHONE:
        open_filters(page)
        page.locator("#id_sap_xep").select_option("-ho_ten")
        page.locator("main form.queue-filters button[type=submit]").click()
        page.wait_for_url(re.compile(r"sap_xep=-ho_ten"))
    else:
        header = page.locator("main table thead th").nth(1)
        header.locator("a.sort-button").click()
        page.wait_for_url(re.compile(r"sap_xep=ho_ten"))
        assert page.locator("main table thead th").nth(1).get_attribute("aria-sort") == (
            "ascending"
        )
        page.locator("main table thead th").nth(1).locator("a.sort-button").click()
        page.wait_for_url(re.compile(r"sap_xep=-ho_ten"))
        assert page.locator("main table thead th").nth(1).get_attribute("aria-sort") == (
            "descending"
        )
    names = [rows.nth(i).inner_text() for i in range(rows.count())]
    order = ["Trần Văn Nam", "Nguyễn Thị Hoa", "Lê Thị Mai", "Đặng Văn Đức"]
    assert [next(n for n in order if n in text) for text in names] == order
    shot(page, f"queue-sorted-{tag}")
    assert_accessible(page, "queue sorted")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_fixed_failed_payment_is_reissued_from_the_worklist(
    vneid_live, new_page, assert_accessible, monkeypatch, lang
):
    office = FakeOffice()
    monkeypatch.setattr(office_client, "_session", office)
    center = CenterFactory(province_code="24")
    secret = staff("canbo.chi", center)
    claim = make_approved_claim(center, months=3, account="9990001111")
    services.payment_schedule_create(claim_id=claim.pk)
    order = PaymentOrder.objects.get(claim=claim)
    services.payment_order_send(order_id=order.pk)
    order.refresh_from_db()
    post_callback(
        Client(), callback_body(order, "failed", reason_code="invalid_account", reason="Sai số")
    )
    services.payment_details_change(
        claim_id=claim.pk,
        citizen=claim.citizen,
        details={
            **claim.answers["payment"],
            "bank_code": "BIDV",
            "account_number": "1234567890",
        },
    )
    page = new_page(viewport=PHONE, lang=lang)
    page.goto(f"{vneid_live.url}/")
    page.context.add_cookies([{"name": "trocap_language", "value": lang, "url": vneid_live.url}])
    login_staff(page, vneid_live.url, "canbo.chi", PASSWORD, secret)
    link = "Chi trả lỗi" if lang == "vi" else "Failed payments"
    page.locator("header").get_by_role("link", name=link).click()
    page.wait_for_url(re.compile(r"/can-bo/chi-tra-loi/$"))
    item = page.locator(f"#order-{order.pk}")
    assert claim.reference in item.inner_text()
    shot(page, f"worklist-{lang}-360")
    assert_accessible(page, "worklist")
    item.get_by_role("button").click()
    page.wait_for_url(re.compile(r"/can-bo/chi-tra-loi/$"))
    new = PaymentOrder.objects.get(reissue_of=order)
    assert new.account_number == "1234567890"
    assert page.locator(f"#order-{order.pk}").count() == 0
    assert new.reference in page.locator("main .notices").inner_text()
    shot(page, f"worklist-done-{lang}-360")
    assert_accessible(page, "worklist after the re-issue")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_signer_has_ky_duyet_and_an_officer_gets_the_staff_403(
    vneid_live, new_page, assert_accessible, lang
):
    center = CenterFactory(province_code="24")
    signer_secret = staff("lanhdao.nav", center, role="signer")
    officer_secret = staff("canbo.nav", center)
    page = new_page(viewport=PHONE, lang=lang)
    page.goto(f"{vneid_live.url}/")
    page.context.add_cookies([{"name": "trocap_language", "value": lang, "url": vneid_live.url}])
    login_staff(page, vneid_live.url, "lanhdao.nav", PASSWORD, signer_secret)
    link = "Ký duyệt" if lang == "vi" else "Sign proposals"
    page.locator("header").get_by_role("link", name=link).click()
    page.wait_for_url(re.compile(r"/can-bo/ky-duyet/$"))
    shot(page, f"signer-nav-{lang}-360")
    assert_accessible(page, "proposals")

    officer = new_page(viewport=PHONE, lang=lang)
    officer.goto(f"{vneid_live.url}/")
    officer.context.add_cookies([{"name": "trocap_language", "value": lang, "url": vneid_live.url}])
    login_staff(officer, vneid_live.url, "canbo.nav", PASSWORD, officer_secret)
    assert officer.locator("header").get_by_role("link", name=link).count() == 0
    response = officer.goto(f"{vneid_live.url}/can-bo/duyet-theo-lo/")
    assert response is not None and response.status == 403
    assert officer.locator("main a[href='/can-bo/hang-doi/']").count() == 1
    shot(officer, f"staff-403-{lang}-360")
    assert_accessible(officer, "staff 403")
    if lang == "vi":
        switch_language(officer, "en")
        assert officer.locator("html").get_attribute("lang") == "en"
