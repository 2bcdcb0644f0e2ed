# ruff: noqa: F811 - the fixtures imported from tests/e2e/helpers.py are test arguments
"""Browser: the worker's pages of issue 13 at 360 px in both languages, each scanned with axe:
help, privacy, accessibility, an information request with its deadline and a reply with
several files, the refusal with its reasons and complaint deadline, the approval's "what
happens next", the printable receipt, the session-timeout warning and the back button after
logging out. A 4,000-character word goes into every free-text field a worker or an officer
writes; no page gets wider than the phone's screen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

import claims.filing.services as filing
import claims.review.services as review
from claims.core.transitions import Status
from claims.decisions import signing
from identity.models import User
from tests.claims.filing.helpers import ANSWERS, pdf_bytes, pdf_upload
from tests.e2e.conftest import DESKTOP
from tests.e2e.helpers import (  # noqa: F401 - garment_worker and submitted are fixtures
    GARMENT_WORKER_ID,
    garment_worker,
    phone_check,
    staff_member,
    submitted,
    worker_page,
)

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

#: One unbroken word as long as the longest free text the portal takes.
WORD = "A" * 4000
SCREENSHOTS = Path(django_settings.VAR_DIR) / "screenshots"


@pytest.fixture
def decisions(settings, tmp_path_factory, live_server):
    keys = tmp_path_factory.mktemp("decision-keys")
    signing.dev_keys_ensure(directory=keys)
    settings.DECISION_KEYS_DIR = keys
    settings.DECISION_SIGNING_PKCS12 = ""
    settings.DECISION_SIGNING_KEY = ""
    settings.DECISION_SIGNING_CERT = ""
    settings.DECISION_TRUST_ROOTS = []
    settings.SITE_URL = live_server.url
    # No settlement office in these tests: an order is refused at once and waits for a retry.
    settings.SETTLEMENT_OFFICE_URL = "http://127.0.0.1:9698"
    settings.SETTLEMENT_MAX_ATTEMPTS = 1


@pytest.fixture
def look(assert_accessible):
    """look(page, where, lang): right language, no wider than the phone, axe-clean; a PNG."""
    return phone_check(assert_accessible, "")


def wide(page, where: str, lang: str) -> None:
    """At 1280 px: nothing wider than the window either; a PNG to look at."""
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"], where
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{lang}-1280.png"), full_page=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_information_pages_on_a_phone(live_server, new_page, look, lang):
    page = worker_page(new_page, live_server, None, lang)
    for path, where in (
        ("/tro-giup/", "help"),
        ("/quyen-rieng-tu/", "privacy"),
        ("/kha-nang-tiep-can/", "accessibility"),
        ("/khong-co-trang-nay/", "not found"),
    ):
        page.goto(f"{live_server.url}{path}")
        look(page, where, lang)
    desktop = new_page(DESKTOP, lang)
    for path in ("/tro-giup/", "/quyen-rieng-tu/", "/kha-nang-tiep-can/"):
        desktop.goto(f"{live_server.url}{path}")
        wide(desktop, path, lang)
    page.goto(f"{live_server.url}/")
    footer = page.locator("footer")
    for path in ("/tro-giup/", "/quyen-rieng-tu/", "/kha-nang-tiep-can/"):
        assert footer.locator(f"a[href='{path}']").count() == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_request_reply_and_refusal_with_long_words_on_a_phone(
    submitted, decisions, live_server, new_page, look, lang
):
    officer, _ = staff_member("canbo.w", User.Role.OFFICER)
    signer, _ = staff_member("lanhdao.w", User.Role.SIGNER)
    claim = submitted
    citizen = claim.citizen
    base = f"{live_server.url}/ho-so-cua-toi/{claim.public_id}/"
    claim = review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )
    claim = review.claim_request_info(
        claim_id=claim.pk, officer=officer, message=WORD, expected_version=claim.version
    )
    page = worker_page(new_page, live_server, citizen, lang)
    page.goto(base)
    look(page, "claim with an information request", lang)
    assert page.locator("main blockquote.free-text").first.is_visible()
    page.goto(f"{base}bo-sung/")
    look(page, "reply page", lang)
    # The reply: a 4,000-character word and two files in one go.
    page.locator("#id_message").fill(WORD)
    page.locator("#id_attachments").set_input_files(
        files=[
            {"name": f"giay-{n}.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
            for n in (1, 2)
        ]
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base)
    look(page, "claim after the reply", lang)
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW
    assert claim.documents.filter(kind="info_reply").count() == 2
    # The refusal, explained with another long word; the claim page says how to complain.
    claim = review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )
    review.claim_propose_refusal(
        claim_id=claim.pk,
        officer=officer,
        reason_codes=["re_employed"],
        explanation=WORD,
        expected_version=claim.version,
    )
    claim.refresh_from_db()
    review.proposal_sign(claim_id=claim.pk, signer=signer, expected_version=claim.version)
    page.goto(base)
    look(page, "refused claim", lang)
    text = page.locator("main").inner_text()
    assert "90" in text and re.search(r"\d\d/\d\d/\d{4}", text)
    assert page.locator("#complaint").is_visible()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_approval_receipt_and_what_happens_next_on_a_phone(
    submitted, decisions, live_server, new_page, look, lang
):
    officer, _ = staff_member("canbo.w2", User.Role.OFFICER)
    signer, _ = staff_member("lanhdao.w2", User.Role.SIGNER)
    claim = review.claim_assign(
        claim_id=submitted.pk,
        actor=officer,
        assignee=officer,
        expected_version=submitted.version,
    )
    review.claim_propose_approval(
        claim_id=claim.pk, officer=officer, expected_version=claim.version
    )
    claim.refresh_from_db()
    review.proposal_sign(claim_id=claim.pk, signer=signer, expected_version=claim.version)
    page = worker_page(new_page, live_server, claim.citizen, lang)
    page.goto(f"{live_server.url}/ho-so-cua-toi/{claim.public_id}/")
    look(page, "approved claim", lang)
    desktop = worker_page(new_page, live_server, claim.citizen, lang, viewport=DESKTOP)
    desktop.goto(page.url)
    wide(desktop, "approved claim", lang)
    assert page.locator("#next-title").is_visible()
    assert page.locator("main ol.next-steps li").count() >= 3
    page.locator(f"main a[href$='/ho-so-cua-toi/{claim.public_id}/bien-nhan/']").click()
    page.wait_for_url("**/bien-nhan/")
    look(page, "receipt", lang)
    assert page.locator("button[data-print]").is_visible()  # the script showed it
    page.emulate_media(media="print")
    assert not page.locator(".site-footer").is_visible()
    page.emulate_media(media="screen")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_long_free_text_while_filing_keeps_the_page_narrow(
    submitted, live_server, new_page, look, lang
):
    """The withdrawal's reason, then a new claim's "why it differs from the record"."""
    citizen = submitted.citizen
    page = worker_page(new_page, live_server, citizen, lang)
    base = f"{live_server.url}/ho-so-cua-toi/{submitted.public_id}/"
    page.goto(f"{base}rut/")
    page.locator("#id_confirm").check()
    page.locator("#id_reason").fill(WORD)  # the field's maxlength keeps the first 1,000
    page.locator("main form button.button--warning").click()
    page.wait_for_url(base)
    look(page, "withdrawn claim with a long reason", lang)
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    draft = filing.draft_get_or_create(citizen=citizen)
    page.goto(f"{live_server.url}/nop-ho-so/job/don-vi/")
    page.locator("#id_employer_name").fill(WORD[:300])
    for following in ("loai-hop-dong", "ngay-cham-dut", "ly-do"):
        page.locator("main button[name=action][value=continue]").click()
        page.wait_for_url(f"**/{following}/")
    page.locator("#id_termination_reason").select_option("mutual_agreement")  # differs
    page.locator("main button[name=action][value=continue]").click()
    page.wait_for_url("**/giai-thich/")
    page.locator("#id_correction_reason").fill(WORD)  # maxlength: the first 2,000 stay
    look(page, "why it differs", lang)
    page.locator("main button[name=action][value=continue]").click()
    page.wait_for_url("**/nop-ho-so/center/")
    draft.refresh_from_db()
    assert draft.answers["job"]["correction_reason"] == WORD[:2000]
    for step, data in ANSWERS.items():
        if step == "job":
            continue
        if step == "documents":
            filing.draft_document_add(
                claim_id=draft.pk, citizen=citizen, upload=pdf_upload(), kind="termination_proof"
            )
        filing.draft_save_step(claim_id=draft.pk, citizen=citizen, step=step, data=data)
    page.goto(f"{live_server.url}/nop-ho-so/kiem-tra/")
    look(page, "check your answers with long text", lang)
    assert WORD[:2000] in page.locator("main").inner_text()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_session_warning_before_the_end_and_stay_signed_in(
    submitted, settings, live_server, new_page, look, lang
):
    settings.SESSION_COOKIE_AGE = 12  # the warning shows 6 seconds before the end
    page = worker_page(new_page, live_server, submitted.citizen, lang)
    page.goto(f"{live_server.url}/ho-so-cua-toi/")
    banner = page.locator("#session-warning")
    assert not banner.is_visible()
    banner.wait_for(state="visible", timeout=12_000)
    look(page, "session warning", lang)
    page.locator("#session-warning button").click()
    banner.wait_for(state="hidden", timeout=5_000)
    page.wait_for_timeout(7_000)  # past the first end: the renewed session still holds
    page.goto(f"{live_server.url}/ho-so-cua-toi/")
    assert page.url.endswith("/ho-so-cua-toi/")


def test_back_after_logout_leads_a_citizen_to_the_vneid_sign_in(
    submitted, live_server, new_page, look
):
    page = worker_page(new_page, live_server, submitted.citizen, "vi")
    page.goto(f"{live_server.url}/ho-so-cua-toi/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(lambda url: "/ho-so-cua-toi/" not in url)
    page.go_back()
    page.wait_for_load_state()
    assert "/accounts/oidc/vneid/login/" in page.url, page.url
    assert "/accounts/login/" not in page.url
    look(page, "vneid sign-in after back", "vi")


def test_the_salary_tile_fits_a_phone(garment_worker, live_server, new_page, look):
    from tests.factories import CitizenFactory

    citizen = CitizenFactory(personal_id=GARMENT_WORKER_ID, full_name="Nguyễn Thị Hoa")
    page = worker_page(new_page, live_server, citizen, "vi")
    page.goto(f"{live_server.url}/ho-so-bhxh/")
    tile = page.get_by_test_id("salary-tile")
    value = tile.locator(".figure__value")
    assert value.inner_text() == "7.000.000\u00a0₫"
    fits = value.evaluate("e => e.scrollWidth <= e.clientWidth")
    box, text_box = tile.bounding_box(), value.bounding_box()
    assert fits and text_box["x"] + text_box["width"] <= box["x"] + box["width"]
    assert text_box["height"] < 40  # one line
    look(page, "record with the salary tile", "vi")
    assert page.get_by_test_id("start-claim").is_visible()
