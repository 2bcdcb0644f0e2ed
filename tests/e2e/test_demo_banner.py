"""Browser: a demo stack's "demo data" banner, at 360 px and 1280 px, Vietnamese and English,
with axe; no page is wider than the viewport because of it."""

from __future__ import annotations

import os
import re

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, switch_language

BANNER_NAME = re.compile("Dữ liệu mẫu|Demo data")
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, databases="__all__")]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_demo_banner_is_on_the_page_in_both_languages(
    settings, live_server, new_page, assert_accessible, viewport
):
    settings.DEMO_STACK = True
    page = new_page(viewport)
    for path in ("/", "/verify/"):
        page.goto(f"{live_server.url}{path}")
        banner = page.get_by_role("region", name=BANNER_NAME)
        assert "Dữ liệu mẫu" in banner.text_content()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert_accessible(page, f"demo banner vi {path}")
    switch_language(page, "en")
    assert "Demo data" in page.get_by_role("region", name=BANNER_NAME).text_content()
    assert_accessible(page, "demo banner en")
    if viewport is PHONE and (shots := os.environ.get("TROCAP_SCREENSHOTS")):
        page.screenshot(path=f"{shots}/demo-banner-phone.png", full_page=True)
