"""Polite overload: a saturated portal answers at once with 503 + Retry-After (a waiting room).

When 2,600 people reach for their phones at once, a portal that takes every request makes all of
them slow until they time out (issue 11, and the US state portals of 2020). Instead each web
process admits a bounded number of requests at a time (PORTAL_MAX_IN_FLIGHT) and, when a load
balancer stamps the request with the time it arrived (`X-Request-Start: t=<ms>`), refuses a
request that already waited longer than PORTAL_MAX_QUEUE_WAIT_MS in front of the process. A
refused request costs almost nothing: this middleware runs first, before the session, the
database or a template engine context; it gets a small page in the person's language (many
people are filing now, the draft is saved, come back in N minutes) or, under /api/, JSON.

Never refused: a login in progress (the OIDC callback and the mock VNeID's pages: the person is
mid-way through a redirect chain whose state expires), the health check and static files. They
still count as in flight, so they take their share of the capacity.

With gunicorn's gthread workers the process runs at most `--threads` requests at a time and
queues the rest inside the worker, where Django cannot see them; give the workers a few more
threads than PORTAL_MAX_IN_FLIGHT so that the spare threads answer the waiting room quickly
(docs/scaling.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

#: Paths never refused: a login half-way through, the load balancer's health check, assets.
NEVER_SHED_PREFIXES = (
    "/accounts/oidc/vneid/login/callback/",
    "/mock-vneid/",
    "/healthz",
    "/static/",
)


class InFlight:
    """A count of the requests this process is handling, with a limit (0: no limit)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def enter(self, *, limit: int, force: bool) -> bool:
        with self._lock:
            if not force and limit and self.count >= limit:
                return False
            self.count += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self.count -= 1


IN_FLIGHT = InFlight()


class ShedLog:
    """One log line per LOG_EVERY seconds with the number refused, not one per request: under
    overload a line per refusal would itself cost what the refusal saves."""

    LOG_EVERY = 10.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.shed = 0
        self._last = 0.0

    def note(self, what: str) -> None:
        with self._lock:
            self.shed += 1
            now = time.monotonic()
            if now - self._last < self.LOG_EVERY:
                return
            self._last, count, self.shed = now, self.shed, 0
        log.warning("overloaded: %d request(s) sent to the waiting room, last %s", count, what)


SHED_LOG = ShedLog()


def _queue_wait_ms(request: HttpRequest) -> float | None:
    """How long the request waited since the load balancer stamped it (nginx: t=<ms or s>)."""
    value = request.META.get("HTTP_X_REQUEST_START", "")
    value = value.removeprefix("t=").strip()
    if not value:
        return None
    try:
        started = float(value)
    except ValueError:
        return None
    # nginx's ${msec} is seconds with a fraction; others send milliseconds or microseconds.
    if started > 1e14:
        started /= 1e6
    elif started > 1e11:
        started /= 1e3
    return max(0.0, (time.time() - started) * 1000)


def _language(request: HttpRequest) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in codes:
        return chosen
    if request.path.startswith("/api/"):
        # The API honours Accept-Language (portal.middleware); pages are Vietnamese first.
        accepted = request.META.get("HTTP_ACCEPT_LANGUAGE", "").lower()
        for part in accepted.split(","):
            code = part.split(";", 1)[0].strip()[:2]
            if code in codes:
                return code
    return settings.LANGUAGE_CODE


def waiting_room_response(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    minutes = max(1, round(retry_after / 60))
    with translation.override(_language(request)):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {
                    "detail": _(
                        "Rất nhiều người đang nộp hồ sơ cùng lúc. Vui lòng thử lại sau "
                        "%(minutes)s phút; hồ sơ nháp của bạn đã được lưu."
                    )
                    % {"minutes": minutes},
                    "code": "overloaded",
                    "retry_after": retry_after,
                },
                status=503,
            )
        else:
            response = HttpResponse(
                render_to_string(
                    "portal/waiting_room.html",
                    {
                        "minutes": minutes,
                        "LANGUAGE_CODE": translation.get_language(),
                        # A form's POST cannot be replayed by a link: offer the page itself.
                        "retry_url": request.get_full_path() if request.method == "GET" else "/",
                    },
                ),
                status=503,
            )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class OverloadSheddingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "PORTAL_MAX_IN_FLIGHT", 0))
        max_wait = float(getattr(settings, "PORTAL_MAX_QUEUE_WAIT_MS", 0))
        protected = request.path.startswith(NEVER_SHED_PREFIXES)
        waited = _queue_wait_ms(request) if max_wait and not protected else None
        if waited is not None and waited > max_wait:
            return self._shed(request, f"waited {waited:.0f} ms in the queue")
        if not IN_FLIGHT.enter(limit=limit, force=protected):
            return self._shed(request, f"{limit} requests already in flight")
        try:
            return self.get_response(request)
        finally:
            IN_FLIGHT.leave()

    def _shed(self, request: HttpRequest, why: str) -> HttpResponse:
        SHED_LOG.note(f"{request.method} {request.path}: {why}")
        retry_after = int(getattr(settings, "PORTAL_OVERLOAD_RETRY_AFTER", 120))
        return waiting_room_response(request, retry_after=retry_after)
