"""Warning a signed-in person before their session ends, and "stay signed in".

A session ends SESSION_COOKIE_AGE seconds after it was last saved. The moment of the save we
know of (the sign-in, a "stay signed in") is kept in the session, so a page can tell its
script how long is left (static/js/session.js warns WARN_BEFORE seconds ahead). A save we do
not track only moves the real end later, so the warning can come early, never late.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest

#: When the session was last saved on purpose (seconds since the epoch).
RENEWED_KEY = "_session_renewed_at"
#: Warn five minutes before the end (or halfway, for a very short session).
WARN_BEFORE = 5 * 60


def session_renew(request: HttpRequest) -> int:
    """Save the session now (its end moves to now + SESSION_COOKIE_AGE); seconds it lasts."""
    request.session[RENEWED_KEY] = int(time.time())
    return int(settings.SESSION_COOKIE_AGE)


def session_seconds_left(request: HttpRequest) -> int:
    age = int(settings.SESSION_COOKIE_AGE)
    renewed = request.session.get(RENEWED_KEY)
    if not isinstance(renewed, int):
        return age
    return max(0, age - (int(time.time()) - renewed))


def warn_before() -> int:
    return min(WARN_BEFORE, int(settings.SESSION_COOKIE_AGE) // 2)


def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """user_logged_in: the sign-in saves the session anyway; note when."""
    if hasattr(request, "session"):
        request.session[RENEWED_KEY] = int(time.time())
