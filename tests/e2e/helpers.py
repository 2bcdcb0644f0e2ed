"""What the browser tests share: sign-ins, pages with a session, staff accounts, the page
check, and the people and claims several tests start from (as fixtures: a test module imports
the fixture it uses from here).

Tests that log in for real (the portal talks to the mock VNeID over HTTP) use the `vneid_live`
fixture (tests/e2e/conftest.py) in a live_server test, then
`login_citizen(page, live_server.url, personal_id, password)` or `login_staff(...)`.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

import claims.filing.services as filing
from claims.models import Claim
from demo import dataset
from eligibility.records.models import Contribution
from eligibility.registry import add_months, month_start
from identity.mock_vneid.models import PopulationRecord
from identity.models import User
from tests.claims.filing.helpers import ANSWERS, FakeRegistry, pdf_upload
from tests.e2e.conftest import PHONE
from tests.eligibility.assessment_builders import GARMENT, months, record, spell
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment, snapshot
from tests.factories import CenterFactory, CitizenFactory, StaffFactory

#: The password of the staff accounts made by `staff_member`.
PASSWORD = "CanBo@TroCap2026"  # noqa: S105 - a test account's password
#: The personal IDs of the people the fixtures below make (each its own, so they can meet).
SUBMITTED_ID = "024188900888"
WORKER_ID = "024188900777"
GARMENT_WORKER_ID = "024188000777"
#: Where `shot` writes its screenshots when set (to look at them).
SHOTS = os.environ.get("TROCAP_SCREENSHOTS", "")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

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
    and a full-page screenshot in $TROCAP_VAR_DIR/screenshots/<prefix>-<where>-<lang>-360.png
    (<where>-<lang>-360.png for an empty prefix)."""
    import re
    from pathlib import Path

    shots = Path(django_settings.VAR_DIR) / "screenshots"

    def check(page: Any, where: str, lang: str) -> None:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == lang, where
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{where} ({lang}) is {width}px wide"
        assert_accessible(page, f"{where} ({lang})")
        shots.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
        if prefix:
            name = f"{prefix}-{name}"
        page.screenshot(path=str(shots / f"{name}-{lang}-360.png"), full_page=True)

    return check


def staff_page(new_page: Any, base: str, lang: str, user: Any, password: str, secret: str) -> Any:
    """A 360 px page in `lang` with `user` signed in (password, then the authenticator code)."""
    page = with_language(new_page(PHONE, lang), base, lang)
    login_staff(page, base, user.username, password, secret)
    return page


def with_language(page: Any, base_url: str, lang: str) -> Any:
    """`page` with the language cookie set to `lang` for the portal at `base_url`."""
    page.context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base_url}]
    )
    return page


def worker_page(
    new_page: Any, live_server: Any, user: User | None, lang: str, viewport: dict | None = None
) -> Any:
    """A page (360 px unless `viewport`) in `lang`, carrying `user`'s session from a
    force-login (no VNeID sign-in); nobody signed in for `user=None`."""
    page = with_language(new_page(viewport or PHONE, lang), live_server.url, lang)
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                }
            ]
        )
    return page


def staff_member(username: str, role: str) -> tuple[User, str]:
    """A staff member of the Bắc Ninh center (a new center each call) with `role`, who signs
    in with PASSWORD and the TOTP secret returned with them."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = StaffFactory(username=username, role=role, center=CenterFactory(province_code="24"))
    user.set_password(PASSWORD)
    user.save()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def travel(day: date, hour: int = 9) -> Any:
    """The server's clock on a day of the period (ticking: the browser waits in real time)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=True)


def shot(page: Any, name: str) -> None:
    """A full-page screenshot in $TROCAP_SCREENSHOTS, when it is set."""
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _garment_record(personal_id: str) -> None:
    """The fake registry's record of a garment worker whose factory closed ten days ago, with
    30 months of UI."""
    ended = timezone.localdate() - timedelta(days=10)
    first = add_months(month_start(ended), -29)
    FakeRegistry.records = {
        personal_id: record(
            personal_id=personal_id,
            spells=(spell(GARMENT, first, ended),),
            contributions=months(first, 30, GARMENT, 7_000_000),
        )
    }


@pytest.fixture
def worker(settings: Any) -> Iterator[User]:
    """A garment worker whose factory closed ten days ago, with 30 months of UI."""
    from eligibility.services import rules_seed

    rules_seed()  # a transactional test may start after a flush emptied the rules tables
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.filing.helpers.FakeRegistry"
    CenterFactory(province_code="24", name="Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh")
    CenterFactory(province_code="01", name="Trung tâm Dịch vụ việc làm Hà Nội")
    _garment_record(WORKER_ID)
    user = CitizenFactory(
        personal_id=WORKER_ID,
        full_name="Nguyễn Thị Hoa",
        phone="0912345001",
        email="hoa@example.vn",
        province_code="24",
    )
    yield user
    FakeRegistry.records = {}


@pytest.fixture
def submitted(settings: Any) -> Iterator[Claim]:
    """A garment worker's claim, submitted to the Bắc Ninh center ten days after the closure."""
    from eligibility.services import rules_seed

    rules_seed()
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.filing.helpers.FakeRegistry"
    CenterFactory(province_code="24", name="Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh")
    _garment_record(SUBMITTED_ID)
    ended = timezone.localdate() - timedelta(days=10)
    citizen = CitizenFactory(
        personal_id=SUBMITTED_ID, full_name="Nguyễn Thị Hoa", province_code="24"
    )
    claim = filing.draft_get_or_create(citizen=citizen)
    answers = {
        **ANSWERS,
        "job": {
            **ANSWERS["job"],
            "employer_tax_code": GARMENT.tax_code,
            "employer_name": GARMENT.name,
            "termination_date": ended.isoformat(),
        },
    }
    for step, data in answers.items():
        if step == "documents":
            filing.draft_document_add(
                claim_id=claim.pk, citizen=citizen, upload=pdf_upload(), kind="termination_proof"
            )
        filing.draft_save_step(claim_id=claim.pk, citizen=citizen, step=step, data=data)
    yield filing.claim_submit(claim_id=claim.pk, citizen=citizen)
    FakeRegistry.records = {}


@pytest.fixture
def garment_worker() -> Any:
    """The garment worker of RULES.md example 1, known to VNeID and to social security."""
    citizen = PopulationRecord(
        personal_id=GARMENT_WORKER_ID,
        full_name="Nguyễn Thị Hoa",
        birth_date=date(1988, 5, 14),
        sex="F",
        address="Số 12, đường Lý Thái Tổ, Tỉnh Bắc Ninh",
        province_code="24",
        phone="0912345001",
        identity_level=2,
    )
    citizen.set_password(dataset.DEMO_PASSWORD)
    citizen.save()
    person = PersonFactory(
        personal_id=GARMENT_WORKER_ID,
        full_name="Nguyễn Thị Hoa",
        birth_date=date(1988, 5, 14),
        sex="F",
    )
    factory = EmployerFactory(name=dataset.FACTORY_NAME, tax_code="2300987654", ownership="foreign")
    employment(
        person,
        factory,
        start=date(2020, 1, 1),
        end=date(2026, 2, 27),
        months=68,
        salary=6_500_000,
        reason="business_closure",
    )
    # 2025-09..2026-02 at 7,000,000: the spell above covered 2020-01..2025-08.
    Contribution.objects.using("social_security").bulk_create(
        Contribution(
            person=person,
            employer=factory,
            month=add_months(date(2025, 9, 1), i),
            insured_salary=7_000_000,
        )
        for i in range(6)
    )
    snapshot(date(2026, 4, 1))
    return person
