"""Access rules other apps put on their views: who may use the portal's claim features."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

V = TypeVar("V", bound=Callable[..., HttpResponse])


def upgrade_notice(request: HttpRequest) -> HttpResponse:
    """The page a level-1 VNeID citizen gets instead of a claim feature (403: not allowed yet)."""
    return render(request, "identity/upgrade_required.html", status=403)


def check_citizen_level2(request: HttpRequest) -> HttpResponse | None:
    """None when the request may go on; otherwise the response to send instead.

    Not logged in -> the login page; staff -> 403; a level-1 citizen -> how to upgrade.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
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
        return view(request, *args, **kwargs)

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
            return view(request, *args, **kwargs)

        return cast(V, wrapper)

    return decorate
