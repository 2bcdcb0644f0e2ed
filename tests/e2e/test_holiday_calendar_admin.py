"""Browser: the administrator sees each year of the holiday calendar with its status, opens a
provisional year, reads its days, and confirms it; phone and desktop, Vietnamese and English.

(The warning from 1 October is tested with a frozen clock in tests/eligibility/
test_holiday_calendar.py: a frozen clock and the live server's thread do not mix.)"""

from __future__ import annotations

import os

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from eligibility.models import HolidayYear
from tests.e2e.conftest import DESKTOP, PHONE
from tests.eligibility.rules_factories import StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

SHOTS = os.environ.get("TROCAP_SCREENSHOTS")


def _admin_page(new_page, live_server, viewport: dict, lang: str):
    client = Client()
    client.force_login(StaffUserFactory())
    page = new_page(viewport, lang=lang)
    cookies = [
        {
            "name": django_settings.SESSION_COOKIE_NAME,
            "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        },
        {"name": django_settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url},
    ]
    page.context.add_cookies(cookies)
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_administrator_confirms_a_provisional_year(
    live_server, new_page, assert_accessible, viewport, lang
):
    from eligibility.services import rules_seed

    rules_seed()  # a transactional test may start after a flush emptied the rules tables
    provisional = "provisional" if lang == "en" else "tạm tính"
    confirmed = "confirmed against" if lang == "en" else "đã xác nhận"
    year = str(timezone.localdate().year + 1)  # the migrations fill it, provisional
    page = _admin_page(new_page, live_server, viewport, lang)
    page.goto(f"{live_server.url}/admin/eligibility/holidayyear/")
    row = page.get_by_role("row").filter(has_text=year)
    assert provisional in row.text_content()
    assert_accessible(page, f"holiday years {lang}")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/holiday-years-{lang}-{viewport['width']}.png")

    row.get_by_role("link", name=year).click()
    page.wait_for_load_state()
    table = page.locator("table.holiday-calendar")
    caption = table.locator("caption").text_content()
    assert year in caption and provisional in caption
    assert f"01/01/{year}" in table.text_content()  # Tết Dương lịch
    assert_accessible(page, f"holiday year {year} {lang}")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/holiday-{year}-{lang}-{viewport['width']}.png")

    page.goto(f"{live_server.url}/admin/eligibility/holidayyear/")
    page.get_by_role("row").filter(has_text=year).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("confirm_years")
    page.locator("button[name=index]").click()  # the actions' "Go", not the header's log-out
    page.wait_for_load_state()
    assert confirmed in page.get_by_role("row").filter(has_text=year).text_content()
    assert_accessible(page, f"holiday years after confirming {lang}")
    assert HolidayYear.objects.get(year=int(year)).status == "confirmed"
