"""django-csp's middleware with the policy header built once per process, not at every answer.

The policy is settings (CONTENT_SECURITY_POLICY, docs/adr/0013): an answer whose view asked for
no change of it (no csp_update/csp_replace/csp_override decorator) and whose page used no nonce
gets the same header every time, yet django-csp 4 rebuilds it at every answer (build_policy
twice, a dataclass asdict per policy: about 300 function calls of every request, issue 11:
home 3,671 -> 3,366 calls, bench/filing_profile.py --profile home). That case is built once, by
django-csp's own build_policy, and kept; any other answer (a nonce, a decorator's change) takes
django-csp's own path unchanged. django-csp documents subclassing its middleware as the way to
customise it; tests/portal/test_csp_static_policy.py compares the headers with its own.
"""

from __future__ import annotations

import functools
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase

#: The attributes by which django-csp's decorators change one answer's policy.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_SETTINGS = {"CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"}


@functools.cache
def _static_policies() -> tuple[tuple[str, str, tuple[str, ...], str], ...]:
    """(header, value, excluded path prefixes, the exemption's attribute) of the enforced and
    the report-only policy without a nonce, as django-csp builds them from the settings."""
    enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
    return (
        (
            HEADER,
            build_policy(),
            tuple(enforced.get("EXCLUDE_URL_PREFIXES", None) or ()),
            "_csp_exempt",
        ),
        (
            HEADER_REPORT_ONLY,
            build_policy(report_only=True),
            tuple(report_only.get("EXCLUDE_URL_PREFIXES", None) or ()),
            "_csp_exempt_ro",
        ),
    )


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs: Any) -> None:
    # A test's override_settings of the policy must be seen, as django-csp sees it.
    if setting in _SETTINGS:
        _static_policies.cache_clear()


class StaticPolicyCSPMiddleware(CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        # From here on, django-csp's process_response for an answer without a nonce or a
        # per-view change, with the header strings it would build.
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        path = request.path_info
        for header, value, prefixes, exempt in _static_policies():
            if (
                value
                and header not in response
                and getattr(response, exempt, False) is False
                and not path.startswith(prefixes)
            ):
                response[header] = value
        # As django-csp: a nonce asked for after the header was written is an error, never a
        # nonce missing from the header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
