"""Helpers for tests that log in for real: the portal talks to the mock VNeID over HTTP.

Use the `vneid_live` fixture (tests/e2e/conftest.py) in a live_server test, then
`login_citizen(page, live_server.url, personal_id, password)` or `login_staff(...)`.
"""

from __future__ import annotations

import copy
from typing import Any

#: The button on the home page (Vietnamese) and its English translation.
VNEID_BUTTON = r"Đăng nhập bằng VNeID|Log in with VNeID|Sign in with VNeID"


def vneid_point_at(settings: Any, base_url: str) -> None:
    """Point the portal's OIDC client and the mock issuer at `base_url` (a live server).

    `settings` is pytest-django's settings fixture, so everything is undone after the test;
    DOT reloads its cached settings on setting_changed. Also registers the portal's client.
    """
    from identity.mock_vneid.services import client_application_register

    base_url = base_url.rstrip("/")
    issuer = f"{base_url}/mock-vneid"
    callback = f"{base_url}/accounts/oidc/vneid/login/callback/"
    settings.SITE_URL = base_url
    settings.VNEID_ISSUER = issuer
    settings.MOCK_VNEID_REDIRECT_URIS = [callback]
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    for app in providers["openid_connect"]["APPS"]:
        if app["provider_id"] == "vneid":
            app["settings"]["server_url"] = issuer
    settings.SOCIALACCOUNT_PROVIDERS = providers
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": issuer}
    client_application_register(
        client_id=settings.VNEID_CLIENT_ID,
        client_secret=settings.VNEID_CLIENT_SECRET,
        redirect_uris=[callback],
    )


def login_citizen(
    page: Any, base_url: str, personal_id: str, password: str, *, check: Any = None
) -> None:
    """Drive the browser through the whole VNeID login, as a person would.

    Home -> "Đăng nhập bằng VNeID" -> mock sign-in -> consent -> back on the portal.
    `check(page)` (e.g. assert_accessible) runs on every page visited.
    """
    import re

    def visit() -> None:
        if check is not None:
            check(page)

    if not page.url.startswith(base_url):
        page.goto(f"{base_url}/")
    visit()
    page.get_by_role("button", name=re.compile(VNEID_BUTTON)).first.click()
    page.wait_for_url(re.compile(r"/mock-vneid/dang-nhap/"))
    visit()
    page.locator("#id_personal_id").fill(personal_id)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mock-vneid/authorize/"))
    visit()
    page.locator("main button[name=allow]").click()
    page.wait_for_url(
        lambda url: (
            url.startswith(base_url) and "/mock-vneid/" not in url and "/callback/" not in url
        )
    )
    visit()


def totp_code(secret: str) -> str:
    """The current TOTP code for a base32 secret, as the staff member's phone would show it."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def login_staff(
    page: Any, base_url: str, username: str, password: str, totp_secret: str, *, check: Any = None
) -> None:
    """Staff sign-in: username and password, then the authenticator code."""
    import re

    page.goto(f"{base_url}/accounts/login/")
    if check is not None:
        check(page)
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    if check is not None:
        check(page)
    page.locator("#id_code").fill(totp_code(totp_secret))
    page.locator("main form[action$='/2fa/authenticate/'] button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def login_employer(
    page: Any, base_url: str, tax_code: str, password: str, *, check: Any = None
) -> None:
    """An employer's sign-in with the enterprise's VNeID organisation account (tax code and
    password at the mock), through the consent page, to the employer's home."""
    import re

    page.goto(f"{base_url}/doanh-nghiep/")
    page.wait_for_url(re.compile(r"/doanh-nghiep/dang-nhap/"))
    if check is not None:
        check(page, "employer login")
    page.locator("#employer-login").click()
    page.wait_for_url(re.compile(r"/mock-vneid/to-chuc/dang-nhap/"))
    if check is not None:
        check(page, "mock organisation login")
    page.locator("#id_tax_code").fill(tax_code)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mock-vneid/authorize/"))
    if check is not None:
        check(page, "consent")
    assert tax_code in page.locator("main").inner_text()
    page.locator("main button[name=allow]").click()
    page.wait_for_url(re.compile(r"/doanh-nghiep/$"))
    if check is not None:
        check(page, "employer home")


def phone_check(assert_accessible: Any, prefix: str) -> Any:
    """A check for every page of a 360 px browser test: its language, no sideways scroll, axe,
    and a full-page screenshot in $TROCAP_VAR_DIR/screenshots/<prefix>-<where>-<lang>-360.png."""
    import re
    from pathlib import Path

    from django.conf import settings

    from tests.e2e.conftest import PHONE

    shots = Path(settings.VAR_DIR) / "screenshots"

    def check(page: Any, where: str, lang: str) -> None:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == lang, where
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{where} ({lang}) is {width}px wide"
        assert_accessible(page, f"{where} ({lang})")
        shots.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
        page.screenshot(path=str(shots / f"{prefix}-{name}-{lang}-360.png"), full_page=True)

    return check


def staff_page(new_page: Any, base: str, lang: str, user: Any, password: str, secret: str) -> Any:
    """A 360 px page in `lang` with `user` signed in (password, then the authenticator code)."""
    from django.conf import settings

    from tests.e2e.conftest import PHONE

    page = new_page(PHONE, lang)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base}])
    login_staff(page, base, user.username, password, secret)
    return page
