"""In a real browser: logging out of the portal ends the VNeID session too (RP-initiated logout),
and the mock's "sign out of VNeID?" page passes axe in both languages."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import login_citizen
from tests.factories import PASSWORD, PopulationRecordFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def test_logout_in_the_browser_ends_the_vneid_session(vneid_live, new_page):
    person = PopulationRecordFactory(full_name="Nguyễn Thị Lan")
    page = new_page(viewport=PHONE)
    login_citizen(page, vneid_live.url, person.personal_id, PASSWORD)

    page.locator("form[action*='/accounts/logout/'] button").first.click()
    page.wait_for_url(f"{vneid_live.url}/")

    names = {c["name"] for c in page.context.cookies()}
    assert "mock_vneid_session" not in names
    assert page.get_by_role("button", name=re.compile("Đăng nhập bằng VNeID")).first.is_visible()
    # Logging in again asks for the VNeID password: nobody stays signed in on a shared phone.
    page.get_by_role("button", name=re.compile("Đăng nhập bằng VNeID")).first.click()
    page.wait_for_url(re.compile(r"/mock-vneid/dang-nhap/"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sign_out_question_at_vneid_is_accessible(
    vneid_live, new_page, assert_accessible, lang
):
    person = PopulationRecordFactory()
    page = new_page(viewport=PHONE, lang=lang)
    login_citizen(page, vneid_live.url, person.personal_id, PASSWORD)
    if lang == "en":
        page.context.add_cookies(
            [{"name": "trocap_language", "value": "en", "url": vneid_live.url}]
        )

    page.goto(f"{vneid_live.url}/mock-vneid/dang-xuat-phien/")  # no id_token_hint: it asks

    heading = "Đăng xuất khỏi VNeID?" if lang == "vi" else "Sign out of VNeID?"
    assert page.locator("h1").inner_text() == heading
    assert_accessible(page)
    page.locator("main button[name=allow]").click()
    page.wait_for_load_state()
    assert "mock_vneid_session" not in {c["name"] for c in page.context.cookies()}
