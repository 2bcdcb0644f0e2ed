"""Browser: the main pages of every role work under the Content-Security-Policy, with no
violation in the console (citizen login through the mock VNeID, staff queue and claim page,
the admin and its search, the API docs), in both languages."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from claims.core.transitions import Status
from tests.e2e.helpers import login_citizen, login_staff
from tests.factories import (
    PASSWORD,
    CenterFactory,
    CitizenFactory,
    ClaimFactory,
    PopulationRecordFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def watch(page) -> list[str]:
    """Console messages and page errors that mean the policy blocked something."""
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def with_language(page, base_url: str, lang: str) -> None:
    page.context.add_cookies([{"name": "trocap_language", "value": lang, "url": base_url}])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_citizen_logs_in_and_reads_their_pages_without_a_csp_violation(
    vneid_live, new_page, lang
):
    person = PopulationRecordFactory(full_name="Nguyễn Thị Lan")
    page = new_page(lang=lang)
    problems = watch(page)
    with_language(page, vneid_live.url, lang)
    login_citizen(page, vneid_live.url, person.personal_id, PASSWORD)
    for path in [
        "/ho-so-bhxh/",
        "/kiem-tra-dieu-kien/",
        "/nop-ho-so/",
        "/ho-so-cua-toi/",
        "/verify/",
    ]:
        page.goto(f"{vneid_live.url}{path}")
        page.wait_for_load_state("networkidle")
    assert problems == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_staff_and_the_admin_work_without_a_csp_violation(vneid_live, new_page, lang):
    center = CenterFactory(province_code="24")
    officer = StaffFactory(username="canbo.csp", role="officer", center=center)
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    claim = ClaimFactory(
        citizen=CitizenFactory(full_name="Trần Văn Nam", personal_id="079123456789"),
        center=center,
        status=Status.SUBMITTED,
        personal_id="079123456789",
        reference="TCTN-2026-000601",
    )
    page = new_page(lang=lang)
    problems = watch(page)
    with_language(page, vneid_live.url, lang)
    login_staff(page, vneid_live.url, "canbo.csp", PASSWORD, secret)
    for path in ["/can-bo/hang-doi/", f"/can-bo/ho-so/{claim.public_id}/", "/can-bo/tong-quan/"]:
        page.goto(f"{vneid_live.url}{path}")
        page.wait_for_load_state("networkidle")
    assert problems == []

    admin = StaffFactory(
        username="quantri.csp", role="admin", center=None, is_staff=True, is_superuser=True
    )
    admin_secret = generate_totp_secret()
    TOTP.activate(admin, admin_secret)
    page = new_page(lang=lang)
    problems = watch(page)
    with_language(page, vneid_live.url, lang)
    login_staff(page, vneid_live.url, "quantri.csp", PASSWORD, admin_secret)
    page.goto(f"{vneid_live.url}/admin/claims/claim/")
    page.locator("#searchbar").fill("079123456789")
    page.locator("#changelist-search input[type=submit]").click()
    page.wait_for_url(re.compile(r"_tim="))
    assert "079123456789" not in page.url
    assert page.get_by_role("link", name="TCTN-2026-000601").count() == 1
    page.get_by_role("link", name="TCTN-2026-000601").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{vneid_live.url}/admin/identity/user/")
    page.wait_for_load_state("networkidle")
    assert problems == []


def test_the_api_docs_render_under_the_policy(live_server, new_page):
    page = new_page()
    problems = watch(page)
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "TroCap API" in page.locator(".swagger-ui .info .title").inner_text()
    assert problems == []
