"""A fresh VNeID sign-in before a change that could divert a citizen's money (their bank details).

allauth's `reauthentication_required` offers password, code and MFA flows: a citizen has none of
them (VNeID only, no password: allauth issue #3030, "social only accounts won't play nice with
@reauthentication_required"). So the same idea is built on allauth's own pieces: the session's
authentication records (`record_authentication`, written at every VNeID sign-in) say when the
person last signed in at VNeID, and a sign-in started here asks VNeID to ask for the
credentials again (OpenID Connect `prompt=login`, `max_age=0`; allauth's
`action=reauthenticate`). A change is accepted only within REAUTH_SECONDS of such a sign-in.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

#: How long a VNeID sign-in counts as fresh (allauth's own reauthentication window).
REAUTH_SECONDS = int(getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300))
PROVIDER_ID = "vneid"


def vneid_signed_in_at(request: HttpRequest) -> float | None:
    """When this session last signed in at VNeID (epoch seconds), or None."""
    records = get_authentication_records(request, getattr(request, "user", None))
    times = [
        float(r["at"])
        for r in records
        if isinstance(r, dict) and r.get("method") == "socialaccount" and "at" in r
    ]
    return max(times) if times else None


def vneid_signed_in_recently(request: HttpRequest, *, seconds: int | None = None) -> bool:
    at = vneid_signed_in_at(request)
    return at is not None and time.time() - at < (seconds or REAUTH_SECONDS)


def vneid_reauth_action(next_url: str) -> str:
    """Where the "sign in again" form posts: the VNeID login, forcing the credentials again and
    coming back to `next_url`."""
    query = urlencode(
        {
            "process": "login",
            "action": "reauthenticate",
            "next": next_url,
            "auth_params": urlencode({"prompt": "login", "max_age": "0"}),
        }
    )
    return f"{reverse('openid_connect_login', args=[PROVIDER_ID])}?{query}"


def reauthentication_page(request: HttpRequest) -> HttpResponse:
    """ "Sign in again with VNeID", coming back to this page; a POST that came too late is
    answered 403 with the same page (nothing was changed)."""
    return render(
        request,
        "identity/reauthenticate.html",
        {
            "action": vneid_reauth_action(request.path),
            "minutes": max(1, REAUTH_SECONDS // 60),
            "expired": request.method == "POST",
        },
        status=403 if request.method == "POST" else 200,
    )
