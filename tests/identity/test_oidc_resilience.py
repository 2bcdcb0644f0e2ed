"""The OIDC client caches discovery and JWKS, and a VNeID that does not answer at any step of
the login ends on the login-error page with a retry button (logged), never a 500."""

from __future__ import annotations

import copy
import logging
import time

import jwt
import pytest
import requests
import time_machine
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache

from identity.models import User
from identity.oidc import metadata
from tests.factories import PASSWORD, PopulationRecordFactory
from tests.identity import browserless as b
from tests.identity.faulty_server import faulty_server

LOGIN_STEPS = ["discovery at login start", "discovery at callback", "token", "userinfo", "jwks"]
OVERRIDDEN_ENDPOINT = {
    "token": "token_endpoint",
    "userinfo": "userinfo_endpoint",
    "jwks": "jwks_uri",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fetches(monkeypatch):
    """The URLs the portal fetched discovery or JWKS from."""
    seen: list[str] = []
    real = metadata._fetch_json

    def spy(url: str):
        seen.append(url)
        return real(url)

    monkeypatch.setattr(metadata, "_fetch_json", spy)
    return seen


def _vneid_settings(settings, **changes):
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    for app in providers["openid_connect"]["APPS"]:
        if app["provider_id"] == "vneid":
            app["settings"].update(changes)
    settings.SOCIALACCOUNT_PROVIDERS = providers


def _callback_url(session: requests.Session, base_url: str, person) -> str:
    page = b.sign_in_at_mock(
        session, b.start_login(session, base_url), person.personal_id, PASSWORD
    )
    redirect = b.consent(session, page, follow=False)
    assert redirect.status_code == 302
    return redirect.headers["Location"]


def _assert_unreachable_page(answer: requests.Response) -> None:
    assert answer.status_code == 503, answer.text[:500]
    assert answer.headers["Retry-After"] == "30"
    assert "Đăng nhập bằng VNeID không thành công" in answer.text
    assert "VNeID đang không trả lời" in answer.text
    retry = b.form_to(answer, "/accounts/oidc/vneid/login/")
    assert retry.fields["process"] == "login"


@pytest.mark.django_db(transaction=True, databases="__all__")
@pytest.mark.parametrize("fault", ["timeout", "dropped"])
@pytest.mark.parametrize("step", LOGIN_STEPS)
def test_vneid_not_answering_at_a_step_shows_the_error_page_with_a_retry(
    step, fault, vneid_live, settings, caplog
):
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = (
        3  # the real calls to the mock must fit, on a loaded machine too
    )
    caplog.set_level(logging.WARNING, logger="identity.adapters")
    person = PopulationRecordFactory()
    session = requests.Session()
    with faulty_server(fault) as server:
        if step == "discovery at login start":
            _vneid_settings(settings, server_url=f"{server.url}/mock-vneid")
            answer = b.start_login(session, vneid_live.url)
        else:
            if step in OVERRIDDEN_ENDPOINT:
                _vneid_settings(
                    settings,
                    openid_configuration_overrides={OVERRIDDEN_ENDPOINT[step]: f"{server.url}/x"},
                )
            callback = _callback_url(session, vneid_live.url, person)
            if step == "discovery at callback":
                # The document cached at the start has expired (only it: with Redis the
                # sessions are in the cache too).
                discovery = f"{vneid_live.url}/mock-vneid/.well-known/openid-configuration"
                cache.delete(metadata._key("discovery", discovery))
                _vneid_settings(settings, server_url=f"{server.url}/mock-vneid")
            answer = session.get(callback, timeout=20)
        assert server.requests >= 1  # the failing call was really made

    _assert_unreachable_page(answer)
    assert not User.objects.exists()
    assert "Xin chào" not in session.get(f"{vneid_live.url}/", timeout=20).text
    assert any("did not answer" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_retry_button_after_a_timeout_logs_the_citizen_in(vneid_live, settings):
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = (
        3  # the real calls to the mock must fit, on a loaded machine too
    )
    person = PopulationRecordFactory()
    session = requests.Session()
    with faulty_server("timeout") as server:
        _vneid_settings(settings, openid_configuration_overrides={"token_endpoint": server.url})
        answer = session.get(_callback_url(session, vneid_live.url, person), timeout=20)
    _assert_unreachable_page(answer)
    _vneid_settings(settings, openid_configuration_overrides={})

    # Still signed in at the mock: the retry goes straight to the consent page.
    page = b.submit(session, b.form_to(answer, "/accounts/oidc/vneid/login/"))
    landing = b.consent(session, page)

    assert "Xin chào" in landing.text
    assert User.objects.filter(personal_id=person.personal_id).count() == 1


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_discovery_and_jwks_are_fetched_once_for_many_logins(vneid_live, fetches):
    for _ in range(3):
        person = PopulationRecordFactory()
        landing = b.full_login(requests.Session(), vneid_live.url, person.personal_id, PASSWORD)
        assert "Xin chào" in landing.text

    assert len(fetches) == 2
    assert fetches[0].endswith("/mock-vneid/.well-known/openid-configuration")
    assert fetches[1].endswith("/mock-vneid/.well-known/jwks.json")


def _jwk(kid: str) -> dict:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def test_an_unknown_key_id_fetches_the_jwks_again_once(monkeypatch):
    old, new = _jwk("old"), _jwk("new")
    answers = [{"keys": [old]}, {"keys": [old, new]}]
    calls: list[str] = []

    def fake_fetch(url: str) -> dict:
        calls.append(url)
        return answers[min(len(calls), len(answers)) - 1]

    monkeypatch.setattr(metadata, "_fetch_json", fake_fetch)
    url = "http://127.0.0.1:1/jwks.json"

    assert metadata.signing_key(url, "old") is not None
    assert metadata.signing_key(url, "old") is not None
    assert len(calls) == 1  # cached

    assert metadata.signing_key(url, "new") is not None  # the issuer rotated its key
    assert len(calls) == 2
    assert metadata.signing_key(url, "new") is not None
    assert len(calls) == 2

    # A key id nobody has, right after a refetch: refused without another fetch.
    with pytest.raises(OAuth2Error):
        metadata.signing_key(url, "forged")
    assert len(calls) == 2
    # Later: one refetch at most per interval, however many unknown key ids come.
    with time_machine.travel(time.time() + metadata.JWKS_REFRESH_MIN_INTERVAL + 1, tick=False):
        for kid in ("forged", "forged-again", "forged-a-third-time"):
            with pytest.raises(OAuth2Error):
                metadata.signing_key(url, kid)
    assert len(calls) == 3


def test_a_failed_fetch_is_not_cached(monkeypatch):
    outcomes: list[object] = [requests.ConnectionError("dropped"), {"issuer": "x"}]

    def flaky(url: str) -> dict:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome  # type: ignore[return-value]

    monkeypatch.setattr(metadata, "_fetch_json", flaky)
    with pytest.raises(requests.ConnectionError):
        metadata.discovery_document("http://127.0.0.1:1/.well-known/openid-configuration")
    assert metadata.discovery_document("http://127.0.0.1:1/.well-known/openid-configuration") == {
        "issuer": "x"
    }


def test_a_malformed_jwks_is_refused(monkeypatch):
    monkeypatch.setattr(metadata, "_fetch_json", lambda url: {"keys": [{"kty": "RSA"}]})
    with pytest.raises(OAuth2Error):
        metadata.signing_key("http://127.0.0.1:1/jwks", "k")


@pytest.mark.django_db
def test_finding_the_vneid_provider_reads_no_database(rf, django_assert_num_queries):
    from allauth.socialaccount.adapter import get_adapter

    request = rf.get("/")
    with django_assert_num_queries(0):
        provider = get_adapter(request).get_provider(request, provider="vneid")
    assert provider.app.client_id == "trocap-portal"
