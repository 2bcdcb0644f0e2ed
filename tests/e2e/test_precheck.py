"""Browser: the citizen's "Am I eligible?" page, phone and desktop, Vietnamese and English, with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from eligibility.registry import add_months, month_start
from tests.e2e.conftest import DESKTOP, PHONE, switch_language
from tests.eligibility.assessment_builders import (
    FAKE_REGISTRY_PATH,
    GARMENT,
    FakeRegistry,
    months,
    record,
    spell,
)
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

ELIGIBLE_ID, SHORT_ID = "300000000001", "300000000002"


@pytest.fixture
def people(settings):
    """Two people who lost their job ten days ago: one with 30 months of UI, one with 8."""
    from eligibility.services import rules_seed

    rules_seed()  # a transactional test may start after a flush emptied the rules tables
    settings.SOCIAL_SECURITY_REGISTRY = FAKE_REGISTRY_PATH
    ended = timezone.localdate() - timedelta(days=10)
    last_month = month_start(ended)
    previous = FakeRegistry.records
    FakeRegistry.records = {
        ELIGIBLE_ID: record(
            personal_id=ELIGIBLE_ID,
            spells=(spell(GARMENT, add_months(last_month, -29), ended),),
            contributions=months(add_months(last_month, -29), 30, GARMENT, 7_000_000),
        ),
        SHORT_ID: record(
            personal_id=SHORT_ID,
            spells=(spell(GARMENT, add_months(last_month, -7), ended),),
            contributions=months(add_months(last_month, -7), 8, GARMENT, 7_000_000),
        ),
    }
    yield
    FakeRegistry.records = previous


def _logged_in_page(new_page, live_server, personal_id: str, viewport: dict):
    """A browser page whose context carries a session for this citizen (force_login's cookie)."""
    client = Client()
    client.force_login(CitizenFactory(personal_id=personal_id))
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page = new_page(viewport)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_eligible_worker_reads_the_estimate_in_both_languages(
    people, live_server, new_page, assert_accessible, viewport
):
    page = _logged_in_page(new_page, live_server, ELIGIBLE_ID, viewport)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Kiểm tra điều kiện").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tôi có đủ điều kiện không?"
    verdict = page.get_by_test_id("precheck-verdict").inner_text()
    assert "4.200.000" in verdict and "3 tháng" in verdict
    assert page.get_by_test_id("estimate-notice").is_visible()
    assert page.locator("[data-check=contribution_months]").inner_text().startswith("✓ Đạt")
    # Nothing overflows a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page, "precheck vi")

    switch_language(page, "en")
    assert (
        "You have 30 months of unemployment-insurance contributions"
        in page.get_by_test_id("checks").inner_text()
    )
    assert "4,200,000" in page.get_by_test_id("precheck-verdict").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page, "precheck en")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_worker_with_too_few_months_sees_which_check_failed(
    people, live_server, new_page, assert_accessible, viewport
):
    page = _logged_in_page(new_page, live_server, SHORT_ID, viewport)
    page.goto(f"{live_server.url}/kiem-tra-dieu-kien/")
    assert "chưa đủ điều kiện" in page.get_by_test_id("precheck-verdict").inner_text()
    assert "✗ Không đạt" in page.locator("[data-check=contribution_months]").inner_text()
    assert_accessible(page, "precheck not eligible vi")
    switch_language(page, "en")
    months_check = page.locator("[data-check=contribution_months]").inner_text()
    assert "8 months" in months_check and "at least 12 are needed" in months_check
    assert_accessible(page, "precheck not eligible en")
