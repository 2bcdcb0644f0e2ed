# ruff: noqa: F811 - the fixtures imported from tests/e2e/helpers.py are test arguments
"""Browser: a citizen logs in with VNeID and reads their social-insurance record,
on a 360 px phone and on a desktop, in Vietnamese and English, with axe on every page."""

from __future__ import annotations

import pytest

from demo import dataset
from tests.e2e.conftest import DESKTOP, PHONE, switch_language
from tests.e2e.helpers import GARMENT_WORKER_ID, garment_worker, login_citizen  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_citizen_reads_their_record_in_both_languages(
    garment_worker, vneid_live, new_page, assert_accessible, viewport
):
    page = new_page(viewport)
    login_citizen(
        page, vneid_live.url, GARMENT_WORKER_ID, dataset.DEMO_PASSWORD, check=assert_accessible
    )

    page.get_by_role("link", name="Hồ sơ bảo hiểm xã hội").first.click()
    page.wait_for_url(f"{vneid_live.url}/ho-so-bhxh/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hồ sơ bảo hiểm xã hội"
    assert page.get_by_test_id("ui-24").locator(".figure__value").inner_text() == "24"
    assert page.get_by_test_id("ui-36").locator(".figure__value").inner_text() == "36"
    assert "02/2026" in page.get_by_test_id("count-convention").inner_text()
    assert page.locator(".timeline__year").count() == 7  # 2020..2026
    assert page.locator(".month--ui").count() >= 74
    assert "7.000.000\u00a0₫" in page.locator("main").inner_text()
    assert "Doanh nghiệp chấm dứt hoạt động" in page.get_by_test_id("spells-table").inner_text()
    assert _no_horizontal_scroll(page)
    assert_accessible(page, "record vi")

    # The month-by-month details open with the keyboard and list salaries.
    page.locator("details summary").focus()
    page.keyboard.press("Enter")
    assert page.get_by_test_id("months-table").locator("tbody tr").count() == 74
    assert_accessible(page, "record vi, details open")

    switch_language(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "7,000,000\u00a0₫" in page.locator("main").inner_text()
    assert "Feb 2026" in page.get_by_test_id("count-convention").inner_text()
    assert _no_horizontal_scroll(page)
    assert_accessible(page, "record en")
