"""Typing help for views: a request whose user is known to be logged in."""

from __future__ import annotations

from django.http import HttpRequest

from identity.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]
