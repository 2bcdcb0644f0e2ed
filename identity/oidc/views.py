"""OIDC adapter and views for VNeID: ID token signature, issuer and nonce always checked."""

from __future__ import annotations

import binascii
import hmac
import json
from typing import Any

import jwt
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.internal import jwtkit  # internal: verify_jti (_decode_id_token)
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from jwt.utils import base64url_decode
from requests import RequestException

from identity.oidc.metadata import discovery_document, signing_key


def _unverified_kid(id_token: str) -> str:
    """The key id the token's header names, to pick the key that jwt.decode then checks with.

    Only the header segment is read: jwt.get_unverified_header checks every character of the
    whole token's encoding, which jwt.decode then does again (about 3% of the callback's CPU,
    bench/filing_profile.py --profile callback). Nothing here is trusted: a header that lies
    about its key fails jwt.decode's signature check, one that cannot be read is refused.
    """
    try:
        header = json.loads(base64url_decode(id_token.split(".", 1)[0]))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise jwt.DecodeError("unreadable header") from exc
    if not isinstance(header, dict):
        raise jwt.DecodeError("header is not an object")
    return str(header.get("kid", ""))


class VneidOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    #: The state stashed when the login started (set by VneidCallbackView before the code
    #: is exchanged); it carries the nonce sent in the authorization request.
    state: dict[str, Any] | None = None

    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            provider = self.get_provider()
            # Cached across logins and processes (identity.oidc.metadata); allauth's own
            # property fetches the document at the start and again at the callback.
            config = dict(discovery_document(provider.server_url))
            config.update(provider.app.settings.get("openid_configuration_overrides", {}))
            # OIDC Discovery 4.3: the document must name the issuer we asked for.
            expected = provider.app.settings["server_url"].rstrip("/")
            expected = expected.removesuffix("/.well-known/openid-configuration")
            if str(config.get("issuer", "")).rstrip("/") != expected:
                raise OAuth2Error("Discovery document names another issuer")
            self._openid_config = config
        return self._openid_config

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        # Not allauth's check (jwtkit.verify_and_decode, an internal function too): it skips the
        # signature when the token came from the token endpoint, takes the algorithm from the
        # token's own header, fetches the JWKS at every login and checks no nonce. Its public
        # API offers no stricter check, so only its jti replay guard (verify_jti) is reused.
        # Always verify the signature against the issuer's JWKS (cached; fetched again for a
        # key id it does not hold), even though the token came straight from the token endpoint.
        config = self.openid_config
        # The algorithms the issuer announces, never "none" or a shared-secret HMAC: the
        # token's own header must not choose how it is checked.
        algorithms = [
            alg
            for alg in config.get("id_token_signing_alg_values_supported") or ["RS256"]
            if isinstance(alg, str) and alg != "none" and not alg.startswith("HS")
        ]
        try:
            kid = _unverified_kid(id_token)
            data = jwt.decode(
                id_token,
                key=signing_key(config["jwks_uri"], kid),
                algorithms=algorithms,
                options={
                    "verify_signature": True,
                    "require": ["exp", "iss", "aud", "sub"],
                },
                issuer=config["issuer"],
                audience=app.client_id,
            )
        except jwt.PyJWTError as exc:
            raise OAuth2Error("Invalid id_token") from exc
        jwtkit.verify_jti(data)
        expected_nonce = (self.state or {}).get("nonce")
        if not expected_nonce or not hmac.compare_digest(
            str(data.get("nonce", "")), str(expected_nonce)
        ):
            raise OAuth2Error("ID token nonce does not match the login request")
        return data

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ):
        login = super().complete_login(request, app, token, **kwargs)
        extra = login.account.extra_data
        userinfo, id_token = extra.get("userinfo"), extra.get("id_token")
        if not id_token:
            raise OAuth2Error("No ID token in the token response")
        # OIDC Core 5.3.2: userinfo must be about the same subject as the ID token.
        if userinfo is not None and str(userinfo.get("sub")) != str(id_token.get("sub")):
            raise OAuth2Error("userinfo subject differs from the ID token's")
        # Kept in the session at login for the RP-initiated logout (identity.oidc.logout).
        login.vneid_id_token = kwargs["response"].get("id_token")
        return login


class VneidCallbackView(OAuth2CallbackView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)
        except (RequestException, OAuth2Error) as exc:
            # allauth catches these around the token exchange only: the discovery fetch for
            # the token endpoint (get_client) came before it and ended in a 500 (issue 11).
            state = getattr(self.adapter, "state", None)
            return render_authentication_error(
                request,
                self.adapter.get_provider(),
                exception=exc,
                extra_context={"state": state} if state else None,
            )

    def _get_state(self, request: HttpRequest, provider: Any):
        state, response = super()._get_state(request, provider)
        if isinstance(self.adapter, VneidOAuth2Adapter):
            self.adapter.state = state
        return state, response


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2LoginView.adapter_view(VneidOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = VneidCallbackView.adapter_view(VneidOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
