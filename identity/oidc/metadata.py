"""The issuer's discovery document and signing keys (JWKS), fetched once and kept in the cache.

allauth fetches discovery twice per login (at the start and at the callback) and the JWKS once,
each a blocking HTTP call with a timeout; with 2,600 logins in a minute that was thousands of
calls to an identity provider whose answers change a few times a year (issue 11). Both are kept
in Django's cache (Redis in production, so one fetch serves every web process), for
VNEID_METADATA_CACHE_SECONDS. A failed fetch is never cached: the next login tries again.
The JWKS is fetched again when a token names a key id the cached set does not have (the issuer
rotated its key), at most once per JWKS_REFRESH_MIN_INTERVAL seconds so that tokens naming
unknown keys cannot make the portal hammer the issuer.
"""

from __future__ import annotations

import hashlib
from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.core.cache import cache

JWKS_REFRESH_MIN_INTERVAL = 30


def _ttl() -> int:
    return int(getattr(settings, "VNEID_METADATA_CACHE_SECONDS", 3600))


def _key(kind: str, url: str) -> str:
    return f"oidc:{kind}:{hashlib.sha256(url.encode()).hexdigest()[:32]}"


def _fetch_json(url: str) -> dict[str, Any]:
    # allauth's session: the same timeout (SOCIALACCOUNT_REQUESTS_TIMEOUT) as its own calls.
    with get_adapter().get_requests_session() as session:
        response = session.get(url)
        response.raise_for_status()
        data = response.json()
    if not isinstance(data, dict):
        raise OAuth2Error(f"{url} did not answer a JSON object")
    return data


def discovery_document(url: str) -> dict[str, Any]:
    """The discovery document at `url` (".../.well-known/openid-configuration")."""
    key = _key("discovery", url)
    document = cache.get(key)
    if document is None:
        document = _fetch_json(url)
        cache.set(key, document, _ttl())
    return document


def jwks_document(url: str, *, refresh: bool = False) -> dict[str, Any]:
    key = _key("jwks", url)
    document = None if refresh else cache.get(key)
    if document is None:
        document = _fetch_json(url)
        if not isinstance(document.get("keys"), list):
            raise OAuth2Error("JWKS without a key list")
        cache.set(key, document, _ttl())
    return document


def _lookup(document: dict[str, Any], kid: str) -> Any:
    try:
        return jwtkit.lookup_kid_jwk(document, kid)
    except (KeyError, TypeError, ValueError) as exc:
        raise OAuth2Error("malformed JWKS") from exc


def signing_key(url: str, kid: str) -> Any:
    """The public key `kid` from the issuer's JWKS at `url`; refetched once for an unknown kid."""
    key = _lookup(jwks_document(url), kid)
    if key is None and cache.add(_key("jwks-refresh", url), 1, JWKS_REFRESH_MIN_INTERVAL):
        key = _lookup(jwks_document(url, refresh=True), kid)
    if key is None:
        raise OAuth2Error(f"Invalid 'kid': {kid!r}")
    return key
