"""A citizen logs in through the mock VNeID in a real browser; every page passes axe."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import login_citizen, login_staff
from tests.factories import PASSWORD, PopulationRecordFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_citizen_logs_in_with_vneid(vneid_live, new_page, assert_accessible, viewport, lang):
    person = PopulationRecordFactory(full_name="Nguyễn Thị Lan")
    page = new_page(viewport=viewport, lang=lang)
    page.goto(f"{vneid_live.url}/")
    if lang == "en":
        page.context.add_cookies(
            [{"name": "trocap_language", "value": "en", "url": vneid_live.url}]
        )
        page.goto(f"{vneid_live.url}/")

    login_citizen(page, vneid_live.url, person.personal_id, PASSWORD, check=assert_accessible)

    assert page.locator("main").get_by_text("Nguyễn Thị Lan").count() >= 1
    assert page.locator("html").get_attribute("lang") == lang


def test_level1_citizen_sees_how_to_upgrade(vneid_live, new_page, assert_accessible):
    person = PopulationRecordFactory(identity_level=1)
    page = new_page(viewport=PHONE)

    login_citizen(page, vneid_live.url, person.personal_id, PASSWORD, check=assert_accessible)

    assert page.get_by_role(
        "heading", name="Tài khoản VNeID của bạn cần định danh mức độ 2"
    ).is_visible()


def test_wrong_password_at_the_mock_shows_the_error_summary(
    vneid_live, new_page, assert_accessible
):
    person = PopulationRecordFactory()
    page = new_page(viewport=PHONE)
    page.goto(f"{vneid_live.url}/")
    page.get_by_role("button", name="Đăng nhập bằng VNeID").click()
    page.locator("#id_personal_id").fill(person.personal_id)
    page.locator("#id_password").fill("sai-mat-khau")
    page.locator("main form button[type=submit]").click()

    assert page.get_by_role("alert").get_by_text("mật khẩu không đúng").is_visible()
    assert_accessible(page)


def test_staff_logs_in_with_password_and_totp(vneid_live, new_page, assert_accessible):
    staff = StaffFactory(username="canbo")
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    page = new_page(viewport=PHONE)

    login_staff(page, vneid_live.url, "canbo", PASSWORD, secret, check=assert_accessible)

    assert page.get_by_role("heading", name="Trang cán bộ").is_visible()
    assert_accessible(page)
