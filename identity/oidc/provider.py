"""allauth's OpenID Connect provider, sending a nonce and using the stricter adapter."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest, HttpResponse
from requests import RequestException

from identity.oidc.views import VneidOAuth2Adapter


class VneidOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = VneidOAuth2Adapter
    # allauth imports "<package>.urls" for the login and callback URLs.
    package = "identity.oidc"

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce
        try:
            # The nonce is kept in the stashed state (the session), checked at the callback.
            return super().redirect(
                request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
            )
        except (RequestException, OAuth2Error) as exc:
            # The issuer's discovery document could not be fetched (or names another issuer):
            # say so, never a 500.
            return render_authentication_error(request, self, exception=exc)
