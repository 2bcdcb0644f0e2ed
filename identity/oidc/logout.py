"""Logging out of the portal ends the VNeID session too (OpenID Connect RP-Initiated Logout).

At login the ID token VNeID gave us is kept in the session; at logout the browser is sent to
the issuer's `end_session_endpoint` (from the cached discovery document) with it as
`id_token_hint` and `post_logout_redirect_uri` back to the portal's home page, so a shared phone
or computer does not stay signed in at VNeID (issue 12). When the issuer has no such endpoint,
or cannot be reached, the portal's own logout still happens and the person lands on the home
page as before.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.http import HttpRequest
from requests import RequestException

from identity.oidc.metadata import discovery_document

log = logging.getLogger(__name__)

SESSION_KEY = "vneid_id_token"
PROVIDER_ID = "vneid"


def id_token_remember(request: HttpRequest, sociallogin: Any) -> None:
    """Keep the raw ID token of a VNeID login in the session (allauth's user_logged_in)."""
    raw = getattr(sociallogin, "vneid_id_token", None)
    if raw and getattr(sociallogin.account, "provider", "") == PROVIDER_ID:
        request.session[SESSION_KEY] = raw


def on_user_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None:
        id_token_remember(request, sociallogin)


def end_session_url(request: HttpRequest, *, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to end the VNeID session, or None (portal logout only)."""
    id_token = request.session.get(SESSION_KEY)
    if not id_token:
        return None
    try:
        provider = get_adapter(request).get_provider(request, provider=PROVIDER_ID)
        endpoint = discovery_document(provider.server_url).get("end_session_endpoint")
    except (RequestException, OAuth2Error) as exc:
        log.warning("VNeID logout skipped: the issuer did not answer (%s)", type(exc).__name__)
        return None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": provider.app.client_id,
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def post_logout_redirect_uri() -> str:
    """The portal's home page: registered with the issuer as the only place to come back to."""
    return f"{settings.SITE_URL}/"
