"""{% session_timeout %}: the hidden session warning for signed-in pages (static/js/session.js)."""

from __future__ import annotations

from typing import Any

from django import template

from claims.session.timeout import session_seconds_left, warn_before

register = template.Library()


@register.inclusion_tag("components/session_warning.html", takes_context=True)
def session_timeout(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "request": request,
        "seconds_left": session_seconds_left(request),
        "warn_before": warn_before(),
        "csrf_token": context.get("csrf_token"),
    }
