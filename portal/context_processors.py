"""Values every page's layout needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from claims.notifications.services import unread_count


def portal(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"SERVICE_NAME": "TroCap", "DEMO_STACK": settings.DEMO_STACK}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not request.path.startswith("/mock-vneid/"):
        context["unread_notifications"] = unread_count(user)  # type: ignore[arg-type]
    return context
