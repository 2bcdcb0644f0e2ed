"""Browser: the benefit period at 360 px in Vietnamese and English, every page scanned with axe:
the worker's monthly notification (one question a page, check, receipt), "I found a job" with
the months reserved, the officer's notification queue and a termination proposed by the
officer and signed by the signer. Screenshots land in $TROCAP_VAR_DIR/screenshots."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.conf import settings as django_settings

import claims.tasks  # noqa: F401 - registers the tasks the fixtures' on_commit callbacks send
from claims.models import Claim, MonthlyNotification, Termination
from identity.models import User
from tests.claims.period.support import at, period_claim
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import PASSWORD, login_staff, phone_check, staff_member, travel, worker_page

pytestmark = [
    pytest.mark.django_db(transaction=True, databases="__all__"),
]


@pytest.fixture
def look(assert_accessible):
    return phone_check(assert_accessible, "period")


@pytest.fixture(autouse=True)
def no_settlement_office(settings):
    """No settlement office here: an order is refused at once and waits for a retry."""
    settings.SETTLEMENT_OFFICE_URL = "http://127.0.0.1:9498"
    settings.SETTLEMENT_MAX_ATTEMPTS = 1


@pytest.fixture
def claim():
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        return period_claim()


def submit(page) -> None:
    page.locator("main form button[value=continue], main form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_worker_notifies_this_month_on_a_phone(claim, live_server, new_page, look, lang):
    base = f"{live_server.url}/ho-so-cua-toi/{claim.public_id}"
    # The fixture's eligibility holds only n; the claim page reads a whole assessment.
    Claim.objects.filter(pk=claim.pk).update(eligibility={})
    with travel(date(2026, 4, 20)):
        page = worker_page(new_page, live_server, claim.citizen, lang)
        page.goto(f"{base}/")
        look(page, "claim page with this month's card", lang)
        card = page.locator("main .period-card").inner_text()
        assert "21/04/2026" in card and "4.200.000" in card.replace(",", ".")
        if lang == "en":
            assert "Benefit month 2 of 6" in card
        page.goto(f"{base}/thoi-gian-huong/")
        look(page, "period page", lang)
        page.locator("main a[href$='/thong-bao-tim-viec/']").first.click()
        look(page, "notification start", lang)
        page.locator("main a.button").click()
        look(page, "still without a job", lang)
        page.locator("main form button[type=submit]").click()  # nothing chosen
        look(page, "still without a job with an error", lang)
        assert page.locator(".error-summary").is_visible()
        page.locator("input[name=still_unemployed][value=yes]").check()
        submit(page)
        look(page, "job search log", lang)
        page.locator("input[name=kind][value=employer]").check()
        page.locator("#id_place").fill("Công ty May Việt Tiến")
        page.locator("#id_on").fill("2026-04-15")
        page.locator("main form button[value=add]").click()
        page.wait_for_load_state()
        look(page, "job search log with an entry", lang)
        page.locator("main form button[value=continue]").click()
        page.wait_for_load_state()
        look(page, "available for work", lang)
        page.locator("input[name=available][value=yes]").check()
        submit(page)
        look(page, "event to report", lang)
        page.locator("input[name=event][value=none]").check()
        submit(page)
        look(page, "proof", lang)
        page.locator("main form button[value=continue]").click()
        page.wait_for_load_state()
        look(page, "check your answers", lang)
        assert "Công ty May Việt Tiến" in page.locator("main").inner_text()
        page.locator("#id_confirm").check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/bien-nhan/2/$"))
        look(page, "notification receipt", lang)
    notification = MonthlyNotification.objects.get()
    assert notification.month.index == 2 and notification.channel == "online"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_i_found_a_job_on_a_phone(claim, live_server, new_page, look, lang):
    base = f"{live_server.url}/ho-so-cua-toi/{claim.public_id}"
    with travel(date(2026, 5, 25)):
        page = worker_page(new_page, live_server, claim.citizen, lang)
        page.goto(f"{base}/bao-thay-doi/")
        look(page, "i found a job", lang)
        page.locator("input[name=ground][value=job_started]").check()
        page.locator("#id_on").fill("2026-06-01")
        page.locator("#id_employer").fill("Công ty Giày Thái Bình")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/bao-thay-doi/kiem-tra/$"))
        look(page, "i found a job check", lang)
        assert "01/06/2026" in page.locator("main").inner_text()
        page.locator("#id_confirm").check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/bao-thay-doi/ket-qua/$"))
        look(page, "i found a job result", lang)
        assert "38" in page.locator("main").inner_text()  # 74 - 12 x 3 months reserved
    assert Termination.objects.get().ground == "a"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_officer_queue_and_a_termination_signed_by_the_signer(
    live_server, new_page, look, lang
):
    officer, officer_secret = staff_member("canbo.period", User.Role.OFFICER)
    signer, signer_secret = staff_member("lanhdao.period", User.Role.SIGNER)
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        claims = [period_claim(center=officer.center) for _ in range(2)]
    base = live_server.url
    with travel(date(2026, 4, 21)):  # month 2's last day
        page = new_page(PHONE, lang)
        page.context.add_cookies(
            [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base}]
        )
        login_staff(page, base, officer.username, PASSWORD, officer_secret)
        page.goto(f"{base}/can-bo/thong-bao-hang-thang/")
        look(page, "notification queue", lang)
        text = page.locator("main").inner_text()
        assert claims[0].reference in text and claims[1].reference in text
        page.locator("#id_tinh_trang").select_option("het-han-hom-nay")
        page.locator("main form.queue-filters button[type=submit]").click()
        page.wait_for_load_state()
        look(page, "queue closing today", lang)
        page.locator(f"main a:text('{claims[0].reference}')").click()
        page.wait_for_load_state()
        look(page, "staff claim period", lang)
        # The officer proposes the end on another ground (military service, reported).
        page.locator("input[name=cd-ground][value=military_service]").check()
        page.locator("#id_cd-on").fill("2026-04-20")
        page.locator("#id_cd-reported").check()
        page.locator("#id_cd-explanation").fill("Lệnh gọi nhập ngũ số 45/LGNN ngày 10/04/2026.")
        page.locator("form[action$='/de-xuat-cham-dut/'] button[type=submit]").click()
        page.wait_for_load_state()
        look(page, "termination proposed", lang)
        signer_page = new_page(PHONE, lang)
        signer_page.context.add_cookies(
            [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base}]
        )
        login_staff(signer_page, base, signer.username, PASSWORD, signer_secret)
        signer_page.goto(f"{base}/can-bo/cham-dut-cho-ky/")
        look(signer_page, "terminations to sign", lang)
        signer_page.locator(f"main a:text('{claims[0].reference}')").click()
        signer_page.wait_for_load_state()
        look(signer_page, "termination to sign", lang)
        signer_page.locator("button[name=ky-action][value=sign]").click()
        signer_page.wait_for_load_state()
        look(signer_page, "termination signed", lang)
    termination = Termination.objects.get()
    assert termination.state == "signed" and termination.signed_by == signer
    assert termination.proposed_by == officer
