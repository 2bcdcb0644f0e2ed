"""The ID token check of a VNeID login (identity.oidc.views.VneidOAuth2Adapter._decode_id_token):
the key its header names, then signature, algorithm, issuer, audience, expiry and nonce."""

from __future__ import annotations

import base64
import time

import jwt
import pytest
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives.asymmetric import rsa

from identity.oidc import views

ISSUER = "http://vneid.example/mock-vneid"
NONCE = "nonce-of-this-login"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def keys() -> dict[str, rsa.RSAPrivateKey]:
    return {kid: rsa.generate_private_key(public_exponent=65537, key_size=2048) for kid in "ab"}


@pytest.fixture
def adapter(rf, monkeypatch, keys):
    def signing_key(url: str, kid: str):
        if kid not in keys:
            raise OAuth2Error(f"Invalid 'kid': {kid!r}")
        return keys[kid].public_key()

    monkeypatch.setattr(views, "signing_key", signing_key)
    adapter = views.VneidOAuth2Adapter(rf.get("/"), "vneid")
    adapter._openid_config = {
        "issuer": ISSUER,
        "jwks_uri": f"{ISSUER}/jwks/",
        "id_token_signing_alg_values_supported": ["RS256"],
    }
    adapter.state = {"nonce": NONCE}
    return adapter


def _claims(adapter, **changes) -> dict:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": adapter.get_provider().app.client_id,
        "sub": "subject-1",
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def _token(keys, adapter, *, kid: str = "a", signed_by: str | None = None, **changes) -> str:
    return jwt.encode(
        _claims(adapter, **changes),
        keys[signed_by or kid],
        algorithm="RS256",
        headers={"kid": kid},
    )


def _decode(adapter, token: str) -> dict:
    return adapter._decode_id_token(adapter.get_provider().app, token)


def test_a_token_signed_with_the_key_its_header_names_is_accepted(adapter, keys):
    assert _decode(adapter, _token(keys, adapter, kid="b"))["sub"] == "subject-1"
    assert _decode(adapter, _token(keys, adapter, kid="a"))["sub"] == "subject-1"


def test_a_header_naming_another_key_than_the_signers_is_refused(adapter, keys):
    with pytest.raises(OAuth2Error):
        _decode(adapter, _token(keys, adapter, kid="a", signed_by="b"))


@pytest.mark.parametrize(
    "header",
    [
        b"!!!",  # not base64url
        base64.urlsafe_b64encode(b"not json").rstrip(b"="),
        base64.urlsafe_b64encode(b'["kid", "a"]').rstrip(b"="),  # JSON, not an object
        base64.urlsafe_b64encode(b'{"kid": "\xff"}').rstrip(b"="),  # not UTF-8
    ],
)
def test_a_token_whose_header_cannot_be_read_is_refused(adapter, keys, header):
    _, payload, signature = _token(keys, adapter).split(".")
    with pytest.raises(OAuth2Error):
        _decode(adapter, ".".join([header.decode(), payload, signature]))


def test_an_unsigned_or_shared_secret_token_is_refused(adapter, keys):
    unsigned = jwt.encode(_claims(adapter), None, algorithm="none", headers={"kid": "a"})
    with pytest.raises(OAuth2Error):
        _decode(adapter, unsigned)
    # HS256 keyed with the public key's bytes: the token must not choose how it is checked.
    with pytest.raises(OAuth2Error):
        _decode(adapter, jwt.encode(_claims(adapter), "a" * 32, headers={"kid": "a"}))


@pytest.mark.parametrize(
    "changes",
    [
        {"nonce": "a-nonce-from-another-login"},
        {"nonce": None},
        {"aud": "another-client"},
        {"iss": "http://another-issuer.example"},
        {"exp": int(time.time()) - 3600},
        {"sub": None},
    ],
)
def test_a_token_for_another_login_client_issuer_or_time_is_refused(adapter, keys, changes):
    with pytest.raises(OAuth2Error):
        _decode(adapter, _token(keys, adapter, **changes))
