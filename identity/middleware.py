"""Staff must use two-factor authentication: until they set it up, they can only set it up."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a staff member without MFA may still reach: MFA setup itself, the password check allauth
# asks for before it (without it setup would redirect here and back for ever), logout, language,
# assets.
_ALWAYS_ALLOWED = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/jsi18n/",
    "/healthz",
)


def token_api_request(request: HttpRequest) -> bool:
    """An API call that authenticates with its own token (the phone's filing): the session's
    user is not asked for, so the session and its user are never loaded for it. A token the
    API refuses answers 401 there; it never falls back to the session."""
    return request.path.startswith("/api/") and request.META.get(
        "HTTP_AUTHORIZATION", ""
    ).startswith("Token ")


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if token_api_request(request):
            return self.get_response(request)
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "is_staff_member", False)
            and not request.path.startswith(_ALWAYS_ALLOWED)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
