"""Browser: a worker listed in the employer's notice signs in with VNeID on a 360 px phone, finds
the claim prepared for them, adds bank details and submits it themselves in under ten steps;
the center's officer then sees the layoff event. Vietnamese and English, axe on every page."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from claims.core.transitions import Status
from claims.models import Claim, EmployerReport
from eligibility.services import rules_seed
from employers.models import NoticeWorker
from employers.prefill import notice_prefill
from identity.models import User
from tests.claims.prefill.support import SigningRegistry, notice_make, worker_record
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import login_citizen, login_staff
from tests.factories import PASSWORD, CenterFactory, PopulationRecordFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

PERSONAL_ID = "024190000555"
STAFF_PASSWORD = "CanBo@TroCap2026"
SHOTS = Path("/tmp/e2-shots")  # noqa: S108 - the report's screenshots


@pytest.fixture
def listed_worker(settings, tmp_path):
    """A notice confirmed a month ago; the worker's last day was yesterday."""
    rules_seed()
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.prefill.support.SigningRegistry"
    settings.SOCIAL_SECURITY_EXTRACT_KEYS_DIR = str(tmp_path / "agency")
    settings.SMS_BACKEND = "claims.sms.client.MemoryBackend"
    last_day = timezone.localdate() - timedelta(days=1)
    center = CenterFactory(province_code="24", name="Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh")
    SigningRegistry.records = {
        PERSONAL_ID: worker_record(PERSONAL_ID, name="Nguyễn Thị Lan", ended=True)
    }
    notice = notice_make(workers=((PERSONAL_ID, "Nguyễn Thị Lan"),), center=center)
    NoticeWorker.objects.filter(notice=notice).update(termination_date=last_day)
    notice_prefill(notice_id=notice.pk)
    PopulationRecordFactory(
        personal_id=PERSONAL_ID,
        full_name="Nguyễn Thị Lan",
        phone="0912345001",
        email="lan@example.vn",
        province_code="24",
    )
    yield notice
    SigningRegistry.records = {}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_listed_worker_submits_the_prefilled_claim_in_under_ten_steps(
    listed_worker, vneid_live, new_page, assert_accessible, lang
):
    page = new_page(PHONE, lang)
    if lang == "en":
        page.context.add_cookies(
            [{"name": "trocap_language", "value": "en", "url": vneid_live.url}]
        )
    steps = 0

    def check(where: str) -> None:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where
        assert_accessible(page, f"{where} ({lang})")

    def tap(locator) -> None:
        nonlocal steps
        steps += 1
        locator.click()

    login_citizen(page, vneid_live.url, PERSONAL_ID, PASSWORD, check=lambda p: check("login"))
    assert page.evaluate("document.documentElement.lang") == lang
    # The notice in the inbox leads to the prepared claim.
    page.goto(f"{vneid_live.url}/thong-bao/")
    check("inbox")
    report = EmployerReport.objects.get(personal_id=PERSONAL_ID)
    tap(page.locator(f"main a[href$='/ho-so-dien-san/{report.pk}/']").first)
    page.wait_for_url(re.compile(rf"/ho-so-dien-san/{report.pk}/$"))
    check("prefilled claim")
    main = page.locator("main").inner_text()
    assert "Hanwoo Vina" in main
    assert page.locator("[data-agency-confirmation]").count() == 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"prefilled-{lang}.png"), full_page=True)
    tap(page.locator("main form[data-prefill-file] button"))
    # Only what the employer cannot know: how to be paid, contact, the declaration.
    page.wait_for_url("**/nop-ho-so/payment/cach-nhan/")
    check("payment choice")
    page.locator("#id_method_0").check()
    tap(page.locator("main button[name=action][value=continue]"))
    page.wait_for_url("**/nop-ho-so/payment/ngan-hang/")
    page.locator("#id_bank_code").select_option("VCB")
    page.locator("#id_account_number").fill("0123456789")
    check("bank")
    tap(page.locator("main button[name=action][value=continue]"))
    page.wait_for_url("**/nop-ho-so/contact/")
    check("contact")
    tap(page.locator("main button[name=action][value=continue]"))
    # The employer's notice proves the termination: nothing to upload.
    page.wait_for_url("**/nop-ho-so/documents/")
    assert page.locator("[data-notice-proof]").count() == 1
    check("documents")
    tap(page.locator("main button[name=action][value=continue]"))
    page.wait_for_url("**/nop-ho-so/declaration/")
    page.locator("#id_truthful").check()
    page.locator("#id_consent").check()
    check("declaration")
    tap(page.locator("main button[name=action][value=continue]"))
    page.wait_for_url("**/nop-ho-so/kiem-tra/")
    check("check answers")
    assert "Hanwoo Vina" in page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / f"check-{lang}.png"), full_page=True)
    tap(page.locator("form[data-submit-once] button"))
    page.wait_for_url("**/bien-nhan/")
    check("receipt")
    assert steps < 10, steps
    claim = Claim.objects.get(personal_id=PERSONAL_ID)
    assert claim.status == Status.SUBMITTED and claim.reference in page.locator("main").inner_text()
    assert claim.events.get(to_status=Status.SUBMITTED).actor == User.objects.get(
        personal_id=PERSONAL_ID
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_officer_sees_the_layoff_event(
    listed_worker, live_server, new_page, assert_accessible, lang
):
    officer = StaffFactory(
        username="canbo.test", full_name="Trần Văn An", center=listed_worker.center
    )
    officer.set_password(STAFF_PASSWORD)
    officer.save()
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    page = new_page(PHONE, lang)
    if lang == "en":
        page.context.add_cookies(
            [{"name": "trocap_language", "value": "en", "url": live_server.url}]
        )
    login_staff(
        page, live_server.url, "canbo.test", STAFF_PASSWORD, secret, check=assert_accessible
    )
    page.goto(f"{live_server.url}/can-bo/dot-cat-giam/")
    assert_accessible(page, f"events ({lang})")
    page.get_by_role("link", name="Công ty TNHH May mặc Hanwoo Vina").click()
    page.wait_for_url(re.compile(rf"/can-bo/dot-cat-giam/{listed_worker.pk}/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, f"event ({lang})")
    figures = page.locator(".figures").inner_text()
    assert "1" in figures
    assert "Nguyễn Thị Lan" in page.locator("main").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"event-{lang}.png"), full_page=True)
