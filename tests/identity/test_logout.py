"""Logging out of the portal ends the mock VNeID session too (OpenID Connect RP-Initiated
Logout), and django-oauth-toolkit's deploy checks find nothing to warn about."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.core.cache import cache

from identity.mock_vneid.models import AccessToken, IDToken, RefreshToken
from tests.factories import PASSWORD, PopulationRecordFactory
from tests.identity import browserless as b
from tests.identity.faulty_server import faulty_server
from tests.identity.test_oidc_resilience import _vneid_settings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _logout(session: requests.Session, base_url: str, **kwargs) -> requests.Response:
    return session.post(
        f"{base_url}/accounts/logout/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=20,
        **kwargs,
    )


def _signed_in(session: requests.Session, base_url: str) -> bool:
    return "Xin chào" in session.get(f"{base_url}/", timeout=20).text


def test_discovery_names_the_end_session_endpoint(vneid_live):
    document = requests.get(
        f"{vneid_live.url}/mock-vneid/.well-known/openid-configuration", timeout=20
    ).json()
    assert document["end_session_endpoint"] == f"{vneid_live.url}/mock-vneid/dang-xuat-phien/"


def test_logging_out_of_the_portal_ends_the_vneid_session(vneid_live):
    person = PopulationRecordFactory()
    session = requests.Session()
    b.full_login(session, vneid_live.url, person.personal_id, PASSWORD)
    assert _signed_in(session, vneid_live.url)
    assert "mock_vneid_session" in session.cookies
    assert AccessToken.objects.filter(user=person).exists()

    first = _logout(session, vneid_live.url, allow_redirects=False)

    # The portal sends the browser to VNeID's end_session_endpoint with the ID token it got.
    assert first.status_code == 302
    target = urlsplit(first.headers["Location"])
    assert target.path == "/mock-vneid/dang-xuat-phien/"
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == [f"{vneid_live.url}/"]
    assert query["client_id"] == ["trocap-portal"]
    assert IDToken.objects.filter(user=person).count() == 1
    assert query["id_token_hint"][0].count(".") == 2  # a JWT

    landing = session.get(first.headers["Location"], timeout=20)

    assert landing.status_code == 200
    assert landing.url == f"{vneid_live.url}/"
    assert "mock_vneid_session" not in session.cookies
    assert not _signed_in(session, vneid_live.url)
    # What the mock issued to the portal for that person is revoked.
    assert not AccessToken.objects.filter(user=person).exists()
    assert not IDToken.objects.filter(user=person).exists()
    assert not RefreshToken.objects.filter(user=person, revoked__isnull=True).exists()
    # The next login asks for the password again (no VNeID session left on this device).
    page = b.start_login(session, vneid_live.url)
    assert "/mock-vneid/dang-nhap/" in page.url


def test_logout_still_happens_when_vneid_does_not_answer(vneid_live, settings):
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = (
        3  # the real calls to the mock must fit, on a loaded machine too
    )
    person = PopulationRecordFactory()
    session = requests.Session()
    b.full_login(session, vneid_live.url, person.personal_id, PASSWORD)
    with faulty_server("dropped") as server:
        cache.clear()  # discovery must be fetched again, from an issuer that drops the line
        _vneid_settings(settings, server_url=f"{server.url}/mock-vneid")

        answer = _logout(session, vneid_live.url)

    assert answer.status_code == 200
    assert answer.url == f"{vneid_live.url}/"
    assert not _signed_in(session, vneid_live.url)


def test_the_mock_refuses_to_send_the_browser_to_an_unregistered_address(vneid_live):
    person = PopulationRecordFactory()
    session = requests.Session()
    b.full_login(session, vneid_live.url, person.personal_id, PASSWORD)
    hint = IDToken.objects.get(user=person)
    first = _logout(session, vneid_live.url, allow_redirects=False)
    query = parse_qs(urlsplit(first.headers["Location"]).query)
    forged = urlencode(
        {
            "id_token_hint": query["id_token_hint"][0],
            "client_id": "trocap-portal",
            "post_logout_redirect_uri": "https://attacker.example/",
        }
    )

    answer = session.get(
        f"{vneid_live.url}/mock-vneid/dang-xuat-phien/?{forged}",
        timeout=20,
        allow_redirects=False,
    )

    assert answer.status_code == 400
    assert "Yêu cầu đăng xuất không hợp lệ" in answer.text
    assert "attacker.example" not in answer.headers.get("Location", "")
    assert IDToken.objects.filter(pk=hint.pk).exists()  # nothing revoked for a forged request


def test_without_an_id_token_hint_the_mock_asks_before_signing_out(vneid_live):
    person = PopulationRecordFactory()
    session = requests.Session()
    b.full_login(session, vneid_live.url, person.personal_id, PASSWORD)

    page = session.get(f"{vneid_live.url}/mock-vneid/dang-xuat-phien/", timeout=20)

    assert page.status_code == 200
    assert "Đăng xuất khỏi VNeID?" in page.text
    confirm = b.form_to(page, "/mock-vneid/dang-xuat-phien/")
    done = session.post(confirm.action, data={**confirm.fields, "allow": "on"}, timeout=20)
    assert done.status_code == 200
    assert "mock_vneid_session" not in session.cookies


@pytest.mark.django_db(transaction=False)
def test_check_deploy_in_production_has_no_oauth_toolkit_warning(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL"))
    }
    environment |= {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "a-production-secret-key-of-fifty-characters-or-more-0123456789",
        "VNEID_CLIENT_SECRET": "a-real-client-secret",
        "SETTLEMENT_OFFICE_SECRET": "a-real-settlement-secret",
        "SITE_URL": "https://trocap.example.gov.vn",
        "ALLOWED_HOSTS": "trocap.example.gov.vn",
        "TROCAP_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    report = out.stdout + out.stderr
    assert "System check identified" in report or out.returncode == 0, report
    assert "oauth2_provider." not in report, report
    assert "RFC 9700" not in report, report


def test_a_login_still_works_with_every_rfc9700_gate_on(vneid_live, settings):
    gates = {k: v for k, v in settings.OAUTH2_PROVIDER.items() if k.startswith("COMPLIANT_BCP")}
    assert gates and all(
        gates[k] for k in gates if k != "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME"
    )
    person = PopulationRecordFactory()
    session = requests.Session()
    page = b.sign_in_at_mock(
        session, b.start_login(session, vneid_live.url), person.personal_id, PASSWORD
    )
    redirect = b.consent(session, page, follow=False)
    # RFC 9207: the authorization response names the issuer.
    assert parse_qs(urlsplit(redirect.headers["Location"]).query)["iss"] == [
        f"{vneid_live.url}/mock-vneid"
    ]
    landing = session.get(redirect.headers["Location"], timeout=20)
    assert "Xin chào" in landing.text
    # Tokens are stored hashed: the raw access token is nowhere in the table.
    token = AccessToken.objects.get(user=person)
    assert len(token.token_checksum) == 64
