"""Passwords are for staff only: a citizen signs in through VNeID and never has one.

allauth's password views (set, change, reset) are closed to a signed-in citizen with a page
saying where their sign-in lives, and the account adapter refuses to store a password for a
citizen whatever the route (identity/adapters.py), so a reset e-mail cannot create one either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def closed_to_citizens(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "is_citizen", False):
            return render(request, "account/password_citizen.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
