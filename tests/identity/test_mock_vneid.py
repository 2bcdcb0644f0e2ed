"""The mock VNeID provider: key, client registration, claims, discovery, its own session."""

from __future__ import annotations

import stat
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from identity.mock_vneid.keys import signing_key_ensure
from identity.mock_vneid.middleware import COOKIE_NAME, mock_sign_in
from identity.mock_vneid.models import Application
from identity.mock_vneid.validator import MockVneidValidator
from tests.factories import PopulationRecordFactory


def test_signing_key_is_generated_once_and_private(tmp_path):
    path = tmp_path / "keys" / "k.pem"
    pem, created = signing_key_ensure(path=path)
    again, created_again = signing_key_ensure(path=path)

    assert created and not created_again
    assert pem == again and "PRIVATE KEY" in pem
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.django_db
def test_dev_keys_registers_the_portal_client_idempotently(settings, tmp_path):
    settings.MOCK_VNEID_REDIRECT_URIS = [
        "http://127.0.0.1:8000/accounts/oidc/vneid/login/callback/"
    ]
    call_command("dev_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("dev_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    app = Application.objects.get()
    assert app.client_id == settings.VNEID_CLIENT_ID
    assert app.client_type == Application.CLIENT_CONFIDENTIAL
    assert app.authorization_grant_type == Application.GRANT_AUTHORIZATION_CODE
    assert app.algorithm == Application.RS256_ALGORITHM
    assert not app.skip_authorization
    assert app.redirect_uris == settings.MOCK_VNEID_REDIRECT_URIS[0]
    # Stored as given, so the token endpoint does not run PBKDF2 at every login (issue 11).
    assert app.hash_client_secret is False
    assert app.client_secret == settings.VNEID_CLIENT_SECRET


def _claims(person, scopes):
    validator = MockVneidValidator()
    request = SimpleNamespace(user=person, scopes=scopes)
    return validator.get_oidc_claims(None, None, request)


@pytest.mark.django_db
def test_claims_carry_the_population_record():
    person = PopulationRecordFactory(personal_id="079190001234", identity_level=1, sex="M")

    claims = _claims(person, ["openid", "profile", "phone", "vneid"])

    assert claims["sub"] == "079190001234"
    assert claims["personal_id"] == "079190001234"
    assert claims["identity_level"] == 1
    assert claims["name"] == "Nguyễn Thị Lan"
    assert claims["birthdate"] == "1990-05-17"
    assert claims["gender"] == "male"
    assert claims["phone_number"] == "0912345678"
    assert claims["address"]["province_code"] == "79"
    assert claims["address"]["region"] == "Thành phố Hồ Chí Minh"


@pytest.mark.django_db
def test_claims_are_limited_to_the_granted_scopes():
    claims = _claims(PopulationRecordFactory(), ["openid"])

    assert set(claims) == {"sub"}


def test_discovery_and_jwks_are_published(client, settings):
    discovery = client.get("/mock-vneid/.well-known/openid-configuration").json()
    jwks = client.get(discovery["jwks_uri"].removeprefix("http://127.0.0.1:8000")).json()

    assert discovery["issuer"] == settings.OAUTH2_PROVIDER["OIDC_ISS_ENDPOINT"]
    assert discovery["authorization_endpoint"].endswith("/mock-vneid/authorize/")
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert {"personal_id", "identity_level", "birthdate"} <= set(discovery["claims_supported"])
    assert jwks["keys"][0]["kty"] == "RSA" and jwks["keys"][0]["alg"] == "RS256"
    assert "d" not in jwks["keys"][0]  # the private exponent is never published


@pytest.mark.django_db
def test_mock_pages_see_the_mock_person_not_the_portal_account(client, django_user_model):
    staff = django_user_model.objects.create_user("canbo", password="x" * 12, role="officer")
    client.force_login(staff)
    person = PopulationRecordFactory()

    anonymous = client.get(reverse("oauth2_provider:mock_index"))
    response = client.get("/")  # any response object will do to mint the cookie
    mock_sign_in(response, person)
    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    signed_in = client.get(reverse("oauth2_provider:mock_index"))

    assert "Bạn chưa đăng nhập VNeID" in anonymous.content.decode()
    assert person.full_name in signed_in.content.decode()
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["path"] == "/mock-vneid/" and cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_forged_mock_cookie_is_ignored(client):
    person = PopulationRecordFactory()
    client.cookies[COOKIE_NAME] = f"{person.pk}:forged:signature"

    page = client.get(reverse("oauth2_provider:mock_index"))

    assert "Bạn chưa đăng nhập VNeID" in page.content.decode()


@pytest.mark.django_db
def test_consent_without_a_valid_request_shows_an_error_not_a_500(client):
    person = PopulationRecordFactory()
    response = client.get("/")
    mock_sign_in(response, person)
    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value

    bad_get = client.get("/mock-vneid/authorize/?client_id=nope&response_type=code")
    bad_post = client.post("/mock-vneid/authorize/", {"client_id": "nope", "allow": "Authorize"})

    assert bad_get.status_code == 400 and "không hợp lệ" in bad_get.content.decode()
    assert bad_post.status_code == 400 and "không hợp lệ" in bad_post.content.decode()


@pytest.mark.django_db
def test_mock_login_rejects_an_offsite_next(client):
    person = PopulationRecordFactory()
    from tests.factories import PASSWORD

    answer = client.post(
        reverse("oauth2_provider:mock_login"),
        {"personal_id": person.personal_id, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert answer.status_code == 302
    assert answer["Location"] == reverse("oauth2_provider:mock_index")


def _code_exchange(client, settings, person, *, verifier="v" * 50):
    """The portal's side of a login at the mock: consent, then the code and its PKCE verifier."""
    import base64
    import hashlib
    import re
    from urllib.parse import parse_qs, urlsplit

    call_command("dev_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    redirect_uri = settings.MOCK_VNEID_REDIRECT_URIS[0]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(b"v" * 50).digest()).rstrip(b"=")
    response = client.get("/")
    mock_sign_in(response, person)
    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    query = {
        "client_id": settings.VNEID_CLIENT_ID,
        "response_type": "code",
        "scope": "openid profile vneid",
        "redirect_uri": redirect_uri,
        "state": "s",
        "nonce": "n-123",
        "code_challenge": challenge.decode(),
        "code_challenge_method": "S256",
    }
    page = client.get("/mock-vneid/authorize/", query)
    fields = dict(
        re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page.content.decode())
    )
    fields = {k: v.replace("&amp;", "&") for k, v in fields.items()}
    consented = client.post("/mock-vneid/authorize/", {**fields, "allow": "Authorize"})
    code = parse_qs(urlsplit(consented["Location"]).query)["code"][0]
    return {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": settings.VNEID_CLIENT_ID,
        "client_secret": settings.VNEID_CLIENT_SECRET,
        "code_verifier": verifier,
    }


@pytest.mark.django_db
def test_the_code_exchange_reads_its_grant_once_and_keeps_every_check(client, settings):
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from jwcrypto import jwt

    person = PopulationRecordFactory()
    exchange = _code_exchange(client, settings, person)

    with CaptureQueriesContext(connection) as queries:
        answer = client.post("/mock-vneid/token/", exchange)

    assert answer.status_code == 200
    # DOT's seven reads of the grant (scopes, grant, redirect URI, PKCE challenge and method,
    # nonce, our organisation) are one; DOT's resource check inside the save reads it again.
    grant_reads = [q for q in queries if q["sql"].startswith('SELECT "mock_vneid_grant"')]
    assert len(grant_reads) == 2
    assert len(queries) <= 16
    claims = json.loads(jwt.JWT(jwt=answer.json()["id_token"]).token.objects["payload"])
    assert claims["sub"] == person.personal_id and claims["nonce"] == "n-123"
    # The code is spent: a second exchange is refused.
    assert client.post("/mock-vneid/token/", exchange).json()["error"] == "invalid_grant"


@pytest.mark.django_db
def test_the_code_exchange_still_refuses_a_wrong_verifier_or_redirect(client, settings):
    person = PopulationRecordFactory()
    wrong_verifier = _code_exchange(client, settings, person, verifier="w" * 50)
    assert client.post("/mock-vneid/token/", wrong_verifier).json()["error"] == "invalid_grant"

    exchange = _code_exchange(client, settings, person)
    other_uri = {**exchange, "redirect_uri": "http://127.0.0.1:9/elsewhere/"}
    assert client.post("/mock-vneid/token/", other_uri).json()["error"] == "invalid_request"
    assert client.post("/mock-vneid/token/", exchange).status_code == 200
