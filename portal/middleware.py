"""Vietnamese first: pages follow the language the person chose, not the browser's default."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Vietnamese unless the language switch (a cookie) says otherwise.

    A phone set to English would otherwise turn a Vietnamese public service into English
    without the person asking; the switch in the header is the one way to change it, and it
    persists. The API still honours Accept-Language, which is how apps ask for a language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
