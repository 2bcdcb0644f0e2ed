"""Citizen pages of eligibility: the social-insurance record."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from eligibility.record_page import build_record_page
from eligibility.registry import get_registry
from portal.http import AuthedRequest


def citizen_level2_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in citizens with a level-2 VNeID identity; staff get 403, level 1 the upgrade page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = request.user
        if not getattr(user, "is_citizen", False):
            raise PermissionDenied
        if not getattr(user, "can_use_claims", False):
            return render(request, "eligibility/upgrade_required.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@never_cache
@citizen_level2_required
def record(request: AuthedRequest) -> HttpResponse:
    personal_id = request.user.personal_id or ""
    person = get_registry().person_record(personal_id)
    if person is None:
        return render(request, "eligibility/record_missing.html")
    page = build_record_page(person, today=timezone.localdate())
    return render(request, "eligibility/record.html", {"page": page, "person": person})
