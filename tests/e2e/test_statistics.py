"""Browser: an analyst reads the statistics (dashboard, a chart's table, a CSV download) and
anyone reads the public open data; Vietnamese and English, phone and desktop, axe on each page.

Screenshots go to $TROCAP_SHOTS when it is set (e.g. /tmp/s1-shots)."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from stats.refresh import summaries_refresh
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import login_staff
from tests.factories import PASSWORD
from tests.stats.support import TODAY, analyst, claim

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def _shot(page, name: str) -> None:
    folder = os.environ.get("TROCAP_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def make_figures() -> None:
    for i in range(6):
        claim(
            status="paying",
            sex="F",
            filed=date(2026, 9, 1 + i),
            decided=date(2026, 9, 15),
            benefit=5_000_000 + i * 100_000,
            months=3,
        )
    for i in range(5):
        claim(
            status="paying",
            sex="M",
            filed=date(2026, 10, 1 + i),
            decided=date(2026, 10, 9),
            benefit=6_000_000,
            months=4,
            sector="Điện tử",
        )
    claim(
        status="rejected",
        sex="F",
        province="01",
        filed=date(2026, 10, 3),
        decided=date(2026, 10, 20),
        refusal_codes=["not_enough_months"],
    )
    claim(
        status="in_review",
        sex="M",
        province="01",
        filed=date(2026, 11, 20),
        benefit=4_000_000,
        months=3,
    )
    summaries_refresh(today=TODAY)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_analyst_reads_the_statistics_and_downloads_a_table(
    vneid_live, new_page, assert_accessible, viewport, lang
):
    make_figures()
    user = analyst(username="phantich.bo")
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, secret)
    page = new_page(viewport=viewport, lang=lang)
    page.goto(f"{vneid_live.url}/")
    page.context.add_cookies([{"name": "trocap_language", "value": lang, "url": vneid_live.url}])
    login_staff(page, vneid_live.url, "phantich.bo", PASSWORD, secret)

    page.goto(f"{vneid_live.url}/thong-ke/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    assert page.locator("#refreshed").is_visible()
    assert page.locator("svg[role=img]").count() >= 2
    assert_accessible(page, "dashboard")
    _shot(page, f"dashboard-{lang}-{viewport['width']}")

    # The chart's table alternative: reached by keyboard from the chart's caption.
    link = page.locator("figure figcaption a").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#bang-theo-thang'")
    table = page.locator("table:has(#bang-theo-thang)")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 3  # September, October, November
    assert_accessible(page, "chart table")

    # A table page and its CSV download.
    page.goto(f"{vneid_live.url}/thong-ke/theo-nganh/")
    assert_accessible(page, "sector table")
    _shot(page, f"sector-{lang}-{viewport['width']}")
    with page.expect_download() as info:
        page.locator("a[href$='tai-ve.csv']").first.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    assert "Điện tử" in text and "Dệt may" in text

    page.goto(f"{vneid_live.url}/thong-ke/chi-tra/")
    assert_accessible(page, "spending")
    page.goto(f"{vneid_live.url}/thong-ke/kich-ban-dong-cua/?so_nguoi=x&tinh_thanh=24&ma_so_thue=1")
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "scenario with errors")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_anyone_reads_the_public_figures(live_server, new_page, assert_accessible, viewport, lang):
    make_figures()
    page = new_page(viewport=viewport, lang=lang)
    page.goto(f"{live_server.url}/")
    page.context.add_cookies([{"name": "trocap_language", "value": lang, "url": live_server.url}])
    page.goto(f"{live_server.url}/thong-ke/cong-khai/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("#phuong-phap").is_visible()
    assert page.get_by_text("<5", exact=True).count() > 0
    assert_accessible(page, "public page")
    _shot(page, f"public-{lang}-{viewport['width']}")
    page.locator("#id_thang").select_option("2026-09")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"thang=2026-09"))
    assert_accessible(page, "public page, September")
