"""Access rules other apps put on their views: who may use the portal's claim features."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

V = TypeVar("V", bound=Callable[..., HttpResponse])
#: Any view, streaming ones (a file download) included.
AnyView = TypeVar("AnyView", bound=Callable[..., HttpResponseBase])


def upgrade_notice(request: HttpRequest) -> HttpResponse:
    """The page a level-1 VNeID citizen gets instead of a claim feature (403: not allowed yet)."""
    return render(request, "identity/upgrade_required.html", status=403)


def citizen_login_redirect(request: HttpRequest) -> HttpResponse:
    """A citizen page asks a visitor to sign in with VNeID, never with the staff login: so the
    back button after logging out (the pages are no-store) leads a worker to the VNeID sign-in,
    and they come back to the page they wanted."""
    return redirect_to_login(
        request.get_full_path(), login_url=reverse("openid_connect_login", args=["vneid"])
    )


#: Which sign-in this browser last used ("citizen" or "staff"): not personal data, only where
#: to send it when a page shared by both (notifications, a document) asks it to sign in again.
LOGIN_KIND_COOKIE = "trocap_login_kind"
_LOGIN_KIND_AGE = 365 * 24 * 3600


def remember_login_kind(request: HttpRequest, response: HttpResponseBase, kind: str) -> None:
    if request.COOKIES.get(LOGIN_KIND_COOKIE) != kind:
        response.set_cookie(
            LOGIN_KIND_COOKIE,
            kind,
            max_age=_LOGIN_KIND_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )


def login_required_by_kind(view: AnyView) -> AnyView:
    """login_required for pages of citizens and staff alike: a browser last used by a citizen
    goes to the VNeID sign-in, any other to the staff login."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            if request.COOKIES.get(LOGIN_KIND_COOKIE) == "citizen":
                return citizen_login_redirect(request)
            return redirect_to_login(request.get_full_path())
        response = view(request, *args, **kwargs)
        remember_login_kind(
            request, response, "citizen" if getattr(request.user, "is_citizen", False) else "staff"
        )
        return response

    return cast(AnyView, wrapper)


def check_citizen_level2(request: HttpRequest) -> HttpResponse | None:
    """None when the request may go on; otherwise the response to send instead.

    Not logged in -> the VNeID sign-in; staff -> 403; a level-1 citizen -> how to upgrade.
    """
    user = request.user
    if not user.is_authenticated:
        return citizen_login_redirect(request)
    if not getattr(user, "is_citizen", False):
        raise PermissionDenied
    if not getattr(user, "can_use_claims", False):
        return upgrade_notice(request)
    return None


def citizen_level2_required(view: V) -> V:
    """For function views: only citizens with a level-2 VNeID identity get through."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = check_citizen_level2(request)
        if refused is not None:
            return refused
        response = view(request, *args, **kwargs)
        remember_login_kind(request, response, "citizen")
        return response

    return cast(V, wrapper)


class CitizenLevel2RequiredMixin:
    """For class-based views: the same rule as citizen_level2_required."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = check_citizen_level2(request)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def staff_role_required(*roles: str) -> Callable[[V], V]:
    """For center staff pages: logged in, MFA done (middleware), one of `roles`, and a center.

    Not logged in -> the login page; a citizen or another role -> 403 in their language.
    """

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(user, "role", None) not in roles or getattr(user, "center_id", None) is None:
                raise PermissionDenied
            response = view(request, *args, **kwargs)
            remember_login_kind(request, response, "staff")
            return response

        return cast(V, wrapper)

    return decorate
