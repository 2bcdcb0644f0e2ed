"""The waiting room and the "VNeID is not answering" page on a phone, in both languages, pass axe."""

from __future__ import annotations

import os

import pytest

from portal.overload import IN_FLIGHT
from tests.e2e.conftest import PHONE
from tests.identity.faulty_server import faulty_server

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

SHOTS = os.environ.get("TROCAP_SCREENSHOTS")  # a folder: save what the test saw, to look at


def _english(page, base_url: str) -> None:
    page.context.add_cookies([{"name": "trocap_language", "value": "en", "url": base_url}])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_waiting_room_on_a_phone(live_server, settings, new_page, assert_accessible, lang):
    settings.PORTAL_MAX_IN_FLIGHT = 1
    page = new_page(viewport=PHONE, lang=lang)
    if lang == "en":
        _english(page, live_server.url)
    IN_FLIGHT.enter(limit=0, force=True)  # the process is busy with another request
    try:
        answer = page.goto(f"{live_server.url}/nop-ho-so/")
        assert answer is not None and answer.status == 503
        heading = "Rất nhiều người đang nộp hồ sơ" if lang == "vi" else "Very many people"
        assert heading in page.locator("h1").inner_text()
        assert page.locator("html").get_attribute("lang") == lang
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/waiting-room-{lang}.png", full_page=True)
        assert_accessible(page)
    finally:
        IN_FLIGHT.leave()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_vneid_not_answering_on_a_phone(vneid_live, settings, new_page, assert_accessible, lang):
    from tests.identity.test_oidc_resilience import _vneid_settings

    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = (
        3  # the real calls to the mock must fit, on a loaded machine too
    )
    page = new_page(viewport=PHONE, lang=lang)
    if lang == "en":
        _english(page, vneid_live.url)
    with faulty_server("timeout") as server:
        _vneid_settings(settings, server_url=f"{server.url}/mock-vneid")
        page.goto(f"{vneid_live.url}/")
        page.locator("form[action*='/accounts/oidc/vneid/login/'] button").first.click()
        expected = "VNeID đang không trả lời" if lang == "vi" else "VNeID is not answering"
        assert expected in page.locator("main").inner_text()
    assert page.locator("main form button[type=submit]").is_visible()  # the retry
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/vneid-unreachable-{lang}.png", full_page=True)
    assert_accessible(page)
