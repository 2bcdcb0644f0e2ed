"""Request rate limits, all through Django REST framework's throttles (one mechanism).

The API: per signed-in user and per anonymous client address (REST_FRAMEWORK's default
throttle classes); an exceeded limit is a JSON 429 with `Retry-After` (DRF's Throttled).
The public `/verify/` page uses the same throttle class machinery per client address
(`decision_verify`), outside DRF, so a page and the API count the same way. Sign-ins are
throttled separately, by django-axes (identity/throttling.py), because they must be counted by
account *and* address.

Rates are read from settings at each request (API_THROTTLE_RATES), not frozen when DRF's
classes are imported, so an operator's environment and a test's settings both apply.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _RateFromSettings:
    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(getattr(self, "scope", None) or "")


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    """Anonymous callers, per client address."""


class UserThrottle(_RateFromSettings, UserRateThrottle):
    """Signed-in callers, per account (an address shared by a whole factory does not matter)."""


class DecisionVerifyThrottle(_RateFromSettings, SimpleRateThrottle):
    """`/verify/` lookups per client address."""

    scope = "decision_verify"

    def get_rate(self) -> str:
        return f"{settings.DECISION_VERIFY_RATE}/min"  # README: DECISION_VERIFY_RATE

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def verify_allowed(request: HttpRequest) -> tuple[bool, int]:
    """(allowed, seconds to wait) for one more `/verify/` lookup by this client."""
    throttle = DecisionVerifyThrottle()
    if throttle.allow_request(request, None):  # type: ignore[arg-type]
        return True, 0
    return False, max(1, int(throttle.wait() or 1))
