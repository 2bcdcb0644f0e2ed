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
    response = _signed_post("/api/orders", payload, session)
    if isinstance(response, OfficeAnswer):
        return response
    return _classify(response, _json(response))


def _signed_post(
    path: str, payload: Any, session: requests.Session | None
) -> requests.Response | OfficeAnswer:
    """POST the signed payload to the office: its response, or the retry a network failure is."""
    body = signed_http.dumps(payload)
    headers = {
        **signed_http.sign(secret=settings.SETTLEMENT_OFFICE_SECRET, body=body),
        "Content-Type": "application/json",
    }
    url = f"{settings.SETTLEMENT_OFFICE_URL}{path}"
    try:
        return (session or _session).post(
            url, data=body, headers=headers, timeout=settings.SETTLEMENT_OFFICE_TIMEOUT
        )
    except requests.Timeout:
        return OfficeAnswer(RETRY, message="timeout")
    except requests.RequestException as exc:
        return OfficeAnswer(RETRY, message=f"connection: {type(exc).__name__}")


def _classify(response: requests.Response, data: dict[str, Any]) -> OfficeAnswer:
    """A whole answer's meaning for the order(s) it is about."""
    code = response.status_code
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


#: Orders per batch request (ADR 0026): the office takes up to 500; a hundred keeps one
#: request's answer under a second on a busy office and a lost answer cheap to resend.
BATCH_SIZE = 100

#: A batch's answer for one order -> what the sender does with it.
_BATCH_OUTCOMES = {
    "accepted": ACCEPTED,
    "duplicate": ACCEPTED,
    "invalid": REJECTED,
    "conflict": RETRY,  # another body under the key: never fail it (see _TRANSIENT_4XX)
    "unavailable": RETRY,
}


def orders_post(
    *, payloads: list[dict[str, Any]], session: requests.Session | None = None
) -> list[OfficeAnswer]:
    """Send several orders in one signed batch request; one answer per order, in order.

    Never raises for network trouble: a timeout, a connection error or an answer about the
    whole request (5xx, 401, 400) is that answer for every order of it, classified as a single
    order's would be. An order the office's answer does not mention is to be retried.
    """
    response = _signed_post("/api/orders/batch", {"orders": payloads}, session)
    if isinstance(response, OfficeAnswer):
        return [response] * len(payloads)
    data = _json(response)
    results = data.get("results")
    if not 200 <= response.status_code < 300 or not isinstance(results, list):
        whole = _classify(response, data)
        if whole.outcome == REJECTED:
            # A 400 about the batch as a whole says nothing against any one order in it.
            whole = OfficeAnswer(
                RETRY, whole.status_code, error_code=whole.error_code, message=whole.message
            )
        return [whole] * len(payloads)
    by_key = (
        {str(r.get("idempotency_key")): r for r in results if isinstance(r, dict)}
        if len(results) != len(payloads)
        else {}
    )
    answers = []
    for index, payload in enumerate(payloads):
        result = by_key.get(str(payload["idempotency_key"])) if by_key else results[index]
        answers.append(_batch_answer(result if isinstance(result, dict) else {}))
    return answers


def _batch_answer(result: dict[str, Any]) -> OfficeAnswer:
    status = str(result.get("status") or "")
    outcome = _BATCH_OUTCOMES.get(status, RETRY)
    return OfficeAnswer(
        outcome,
        status_code=200,
        office_order_id=str(result.get("office_order_id") or "")[:100],
        duplicate=status == "duplicate",
        error_code=str(result.get("error") or ("" if outcome == ACCEPTED else status))[:40],
        message=str(result.get("message") or result.get("error") or status or "no answer")[:300]
        if outcome != ACCEPTED
        else "",
    )
