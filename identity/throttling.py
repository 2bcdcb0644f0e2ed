"""Login throttling with django-axes: by account *and* address, plus a higher address-only limit.

A failed sign-in is counted for the pair (username, client address) and for the address alone
(AXES_LOCKOUT_PARAMETERS). The pair is locked after AXES_FAILURE_LIMIT failures, so a mistyped
password locks that one account from that one address, never the colleagues behind the same
NAT, and never the account from everywhere (which would let anyone lock a signer out).
The address alone is locked only after LOGIN_FAILURES_PER_IP failures (many accounts tried from
one place: a password-spraying attack). Both end AXES_COOLOFF_TIME after the last failure.

The same handler guards the mock VNeID's sign-in (its usernames are prefixed ``vneid:`` so a
personal ID never meets a staff username).

A login of an account without a usable password (a citizen or an organisation, created by
their VNeID login: identity.services) checked no password here, so it has no failed password
sign-ins to forget: axes' own receiver would still clean expired attempts and reset the
failures of that username *and of the whole address* (three queries at every VNeID login,
issue 11), which would also let anyone lift an address's password-spraying lock by logging in
through VNeID from it. Such a login only gets its row in axes' access log (who, from where,
when; its logout time is filled in as for staff). Staff, who sign in with a password, keep
axes' whole handling.
"""

from __future__ import annotations

from typing import Any

from axes.conf import settings as axes_settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_session_hash, get_cool_off, get_failure_limit
from axes.models import AccessLog
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _failures(attempts: Any) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for the address alone."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        pair, *address = self.get_user_attempts(request, credentials)
        limit = get_failure_limit(request, credentials)
        if address and _failures(address[0]) >= settings.LOGIN_FAILURES_PER_IP:
            return max(limit, _failures(pair))
        return _failures(pair)

    def user_logged_in(self, sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
        if user.has_usable_password():
            super().user_logged_in(sender, request, user, **kwargs)
            return
        # A VNeID login (no password to protect): the access log only, as axes writes it.
        if not axes_settings.AXES_DISABLE_ACCESS_LOG:
            AccessLog.objects.create(
                username=user.get_username(),
                ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
                user_agent=request.axes_user_agent,  # type: ignore[attr-defined]
                http_accept=request.axes_http_accept,  # type: ignore[attr-defined]
                path_info=request.axes_path_info,  # type: ignore[attr-defined]
                attempt_time=request.axes_attempt_time,  # type: ignore[attr-defined]
                session_hash=get_client_session_hash(request),
            )


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a sign-in is for: allauth passes ``username`` (its form field is ``login``)."""
    if credentials:
        return credentials.get("username") or credentials.get("login")
    return request.POST.get("login") or request.POST.get("username") or None


def retry_after_seconds(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds()) if cool_off else 900


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: dict | None = None
) -> HttpResponse:
    """What a locked sign-in sees: a page in the reader's language, 429 with Retry-After."""
    seconds = retry_after_seconds(request)
    # The mock VNeID is another site to the person: its own page, not the portal's staff one.
    template = (
        "mock_vneid/locked_out.html"
        if request.path.startswith("/mock-vneid/")
        else "account/locked_out.html"
    )
    response = render(request, template, {"minutes": max(1, seconds // 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response
