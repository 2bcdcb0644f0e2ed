"""The one narrow client of the settlement office: POST a signed order, classify the answer.

Nothing else in the portal talks to the office. The answer is reduced to what the sender must
do next: `accepted` (2xx: the office has the order, perhaps from an earlier try), `rejected`
(4xx: the order itself is wrong; retrying would not help) or `retry` (5xx, 408/429, timeout,
connection error: nobody knows whether the office stored it, and resending under the same
idempotency key is safe).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings

from common import signed_http

ACCEPTED, REJECTED, RETRY = "accepted", "rejected", "retry"
#: 4xx answers that say nothing against the order itself: "not now" (408, 425, 429), our
#: credentials refused (401, 403: configuration, staff must look), or another body already
#: stored under this key (409: never fail it, a re-issue could then pay twice).
_TRANSIENT_4XX = frozenset({401, 403, 408, 409, 425, 429})

#: One keep-alive session for the process. A chunk of orders is sent from several threads at
#: once (claims.payments.tasks.SEND_THREADS, fewer than urllib3's 10 pooled connections per
#: host): the session's connection pool is thread-safe, and nothing else in it changes per call.
_session = requests.Session()


@dataclass(frozen=True)
class OfficeAnswer:
    outcome: str
    status_code: int | None = None
    office_order_id: str = ""
    duplicate: bool = False
    error_code: str = ""
    message: str = ""


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except (ValueError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def order_post(*, payload: dict[str, Any], session: requests.Session | None = None) -> OfficeAnswer:
    """Send one order; never raises for network trouble (that is an answer too)."""
    body = signed_http.dumps(payload)
    headers = {
        **signed_http.sign(secret=settings.SETTLEMENT_OFFICE_SECRET, body=body),
        "Content-Type": "application/json",
    }
    url = f"{settings.SETTLEMENT_OFFICE_URL}/api/orders"
    try:
        response = (session or _session).post(
            url, data=body, headers=headers, timeout=settings.SETTLEMENT_OFFICE_TIMEOUT
        )
    except requests.Timeout:
        return OfficeAnswer(RETRY, message="timeout")
    except requests.RequestException as exc:
        return OfficeAnswer(RETRY, message=f"connection: {type(exc).__name__}")
    code = response.status_code
    data = _json(response)
    if 200 <= code < 300:
        return OfficeAnswer(
            ACCEPTED,
            status_code=code,
            office_order_id=str(data.get("office_order_id") or "")[:100],
            duplicate=bool(data.get("duplicate")),
        )
    error_code = str(data.get("error") or "")[:40]
    message = str(data.get("message") or data.get("error") or response.reason or "")[:300]
    if 400 <= code < 500 and code not in _TRANSIENT_4XX:
        return OfficeAnswer(
            REJECTED, status_code=code, error_code=error_code or f"http_{code}", message=message
        )
    return OfficeAnswer(
        RETRY, status_code=code, error_code=error_code, message=message or f"HTTP {code}"
    )
