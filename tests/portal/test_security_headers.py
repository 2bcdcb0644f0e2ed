"""Security headers on every page: a Content-Security-Policy without 'unsafe-inline' (and no
inline script, style or event handler that would need it), Permissions-Policy, Referrer-Policy;
the language cookie Secure and SameSite in production (issue 12)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from identity.models import User
from tests.claims.queue.test_queue import staff_with_mfa
from tests.claims.review.helpers import make_staff
from tests.factories import CitizenFactory, ClaimFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

ANONYMOUS = [
    "/",
    "/verify/",
    "/accounts/login/",
    "/can-bo/dang-nhap/",
    "/api/docs/",
    "/mock-vneid/",
    "/mock-vneid/dang-nhap/",
    "/khong-co-trang-nay/",
    "/admin/login/",
]
CITIZEN = [
    "/",
    "/ho-so-bhxh/",
    "/kiem-tra-dieu-kien/",
    "/nop-ho-so/",
    "/ho-so-cua-toi/",
    "/thong-bao/",
]
OFFICER = ["/can-bo/", "/can-bo/hang-doi/", "/can-bo/tong-quan/", "/can-bo/chi-tra-loi/"]
SIGNER = ["/can-bo/ky-duyet/", "/can-bo/duyet-theo-lo/"]
ADMIN = [
    "/admin/",
    "/admin/claims/claim/",
    "/admin/identity/user/",
    "/admin/claims/staffaccesslog/",
    "/admin/eligibility/ruleset/",
    "/admin/eligibility/publicholiday/",
]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=\"", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_page_is_safe(response, url):
    assert response.status_code in {200, 302, 404}, (url, response.status_code)
    csp = policy(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"], url
    assert csp["script-src"][0] == "'self'" and csp["style-src"] == ["'self'"], url
    assert csp["frame-ancestors"] == ["'self'"] and csp["base-uri"] == ["'self'"], url
    assert "camera=()" in response["Permissions-Policy"], url
    assert "geolocation=()" in response["Permissions-Policy"], url
    assert response["Referrer-Policy"] == "same-origin", url
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for tag in INLINE_SCRIPT.findall(html):
            assert nonce and f'nonce="{nonce.group(1)}"' in tag, (url, tag)
        assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html))
        assert not EVENT_HANDLER.search(html), (url, EVENT_HANDLER.search(html))


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_main_page_has_the_headers_and_nothing_inline(language, settings):
    citizen = CitizenFactory()
    officer = make_staff(mfa=True)
    signer = make_staff(User.Role.SIGNER, mfa=True)
    admin = staff_with_mfa(role=User.Role.ADMIN, center=None, is_staff=True, is_superuser=True)
    claim = ClaimFactory(citizen=citizen, center=officer.center, status="submitted")
    pages = [
        (None, ANONYMOUS),
        (citizen, [*CITIZEN, f"/ho-so-cua-toi/{claim.public_id}/"]),
        (officer, [*OFFICER, f"/can-bo/ho-so/{claim.public_id}/"]),
        (signer, SIGNER),
        (admin, [*ADMIN, f"/admin/claims/claim/{claim.pk}/change/"]),
    ]
    for user, urls in pages:
        c = client_for(user)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            assert_page_is_safe(c.get(url), url)


def test_the_api_docs_script_is_served_from_a_url_not_inline():
    c = Client()
    page = c.get("/api/docs/")
    assert not INLINE_SCRIPT.search(page.content.decode())
    script = re.search(r'<script src="(/api/docs/\?[^"]+)"', page.content.decode())
    assert script, "the initialisation script"
    js = c.get(script.group(1).replace("&amp;", "&"))
    assert js.status_code == 200 and js["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in js.content.decode()


def test_an_api_answer_has_the_policy_too():
    response = Client().get("/api/v1/claims/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_language_cookie_is_secure_and_same_site_in_production(settings):
    settings.LANGUAGE_COOKIE_SECURE = True  # what DJANGO_ENV=production sets (portal/settings.py)
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"] and cookie["samesite"] == "Lax" and cookie["httponly"]


def test_production_settings_make_the_language_cookie_secure():
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; import django; django.setup();"
            " print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE,"
            " 'upgrade-insecure-requests' in s.CONTENT_SECURITY_POLICY['DIRECTIVES'])",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "VNEID_CLIENT_SECRET": "y" * 40,
            "SETTLEMENT_OFFICE_SECRET": "z" * 40,
            "SITE_URL": "https://trocap.example.vn",
            "DATABASE_URL": "sqlite:////tmp/s-prod.sqlite3",
        },
    )
    assert out.stdout.split() == ["True", "Lax", "True"]
