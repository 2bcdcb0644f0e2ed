"""HMAC-signed JSON over HTTP: the wire protocol the portal and the settlement office both speak.

Pure standard library (no Django), so the settlement-office simulator, a separate process with
its own settings, uses the very same code as the portal. Every request, both ways, carries:

- ``X-Trocap-Timestamp``: the sender's clock, whole seconds since the Unix epoch;
- ``X-Trocap-Signature``: ``v1=`` + hex HMAC-SHA256 of ``b"<timestamp>." + body`` under the
  shared secret.

The receiver recomputes the HMAC over the exact bytes it received (never a re-serialised body)
and refuses a timestamp further than ``tolerance`` seconds from its own clock: a captured
request cannot be replayed later. Within the window, replays are harmless because every
message is idempotent (orders by their idempotency key, callbacks by order and status).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from common.formatting import ascii_digits

TIMESTAMP_HEADER = "X-Trocap-Timestamp"
SIGNATURE_HEADER = "X-Trocap-Signature"
#: How far (seconds) a message's timestamp may be from the receiver's clock.
DEFAULT_TOLERANCE = 300
_VERSION = "v1="


class SignatureError(Exception):
    """The message is not signed with the shared secret, or not within the time window.

    `reason` is a short machine-readable code: missing, malformed, stale, mismatch.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _key(secret: str | bytes) -> bytes:
    return secret.encode() if isinstance(secret, str) else secret


def signature(*, secret: str | bytes, timestamp: int, body: bytes) -> str:
    digest = hmac.new(_key(secret), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return _VERSION + digest


def sign(*, secret: str | bytes, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The headers to send with `body` (add Content-Type yourself)."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: signature(secret=secret, timestamp=ts, body=body),
    }


def dumps(payload: Any) -> bytes:
    """Canonical JSON bytes for a payload (sorted keys, UTF-8, no spaces)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _header(headers: Mapping[str, str], name: str) -> str:
    # Works with requests' and Django's case-insensitive headers and with plain dicts.
    value = headers.get(name)
    if value is None:
        lower = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lower), None)
    return value or ""


def verify(
    *,
    secret: str | bytes,
    headers: Mapping[str, str],
    body: bytes,
    now: float | None = None,
    tolerance: int = DEFAULT_TOLERANCE,
) -> int:
    """Check a received message; returns its timestamp or raises SignatureError."""
    raw_ts, given = _header(headers, TIMESTAMP_HEADER), _header(headers, SIGNATURE_HEADER)
    if not raw_ts or not given:
        raise SignatureError("missing")
    if not ascii_digits(raw_ts) or len(raw_ts) > 12 or not given.startswith(_VERSION):
        raise SignatureError("malformed")
    ts = int(raw_ts)
    clock = time.time() if now is None else now
    if abs(clock - ts) > tolerance:
        raise SignatureError("stale")
    expected = signature(secret=secret, timestamp=ts, body=body)
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise SignatureError("mismatch")
    return ts
