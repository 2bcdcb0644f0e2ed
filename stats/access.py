"""Who reaches the statistics: analysts of the ministry (all centers) or of one province.

An analyst is an account with role "analyst"; `analyst_province` empty means the whole country,
set means that province only. Analysts read summaries, never a claim or a person: the
statistics pages and API read only stats' summary tables, and claims' own pages refuse the
role (they admit only a center's officers and signers).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from common.provinces import PROVINCE_NAMES

ANALYST = "analyst"
#: The query parameter a national analyst chooses a province with.
PROVINCE_PARAM = "tinh"

V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def is_analyst(user: Any) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "role", None) == ANALYST)


def own_province(user: Any) -> str | None:
    """The one province an analyst is limited to, or None for a national analyst."""
    return getattr(user, "analyst_province", "") or None


def requested_province(user: Any, requested: str | None) -> str | None:
    """The province the figures are for: a provincial analyst's own, whatever is asked (asking
    for another is refused); a national analyst's choice, or None for the whole country."""
    requested = (requested or "").strip()
    own = own_province(user)
    if own is not None:
        if requested and requested != own:
            raise PermissionDenied
        return own
    if requested and requested not in PROVINCE_NAMES:
        raise PermissionDenied
    return requested or None


def analyst_required(view: V) -> V:
    """Logged in (MFA done, identity's middleware) as an analyst; anyone else gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_analyst(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return cast(V, wrapper)


class IsAnalyst(BasePermission):
    message = _("Chỉ cán bộ phân tích thống kê mới dùng được API này.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not is_analyst(user):
            raise ApiPermissionDenied(self.message)
        return True
