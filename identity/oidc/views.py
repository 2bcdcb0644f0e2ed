"""OIDC adapter and views for VNeID: ID token signature, issuer and nonce always checked."""

from __future__ import annotations

import hmac
from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponse


class VneidOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    #: The state stashed when the login started (set by VneidCallbackView before the code
    #: is exchanged); it carries the nonce sent in the authorization request.
    state: dict[str, Any] | None = None

    @property
    def openid_config(self) -> dict[str, Any]:
        config = super().openid_config
        # OIDC Discovery 4.3: the document must name the issuer we asked for.
        expected = self.get_provider().app.settings["server_url"].rstrip("/")
        expected = expected.removesuffix("/.well-known/openid-configuration")
        if config.get("issuer", "").rstrip("/") != expected:
            raise OAuth2Error("Discovery document names another issuer")
        return config

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        # Always verify the signature against the issuer's JWKS, even though the token
        # came straight from the token endpoint.
        data = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
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
        return login


class VneidCallbackView(OAuth2CallbackView):
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
