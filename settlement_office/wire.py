"""Parsing and checking a payment order as it arrives on the wire (docs/adr/0009)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from common import signed_http


class OrderInvalid(Exception):
    """A 400 answer: `code` is machine-readable, `message` says what is wrong."""

    def __init__(self, code: str, message: str, field: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class OrderIn:
    payload: dict[str, Any]
    body_sha256: str


_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,100}$")
_ACCOUNT = re.compile(r"^[A-Za-z0-9]{1,34}$")
_DIGITS = re.compile(r"^[0-9]{9,12}$")
MAX_AMOUNT = 10**12

_TEXT_FIELDS = {
    # name: (required, max length)
    "order_reference": (True, 64),
    "beneficiary_name": (True, 200),
    "personal_id": (True, 20),
    "bank_code": (False, 20),
    "account_number": (False, 34),
    "account_holder": (False, 200),
}


def _text(data: dict[str, Any], name: str, required: bool, max_length: int) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise OrderInvalid("invalid_field", f"{name} must be a string", name)
    value = value.strip()
    if required and not value:
        raise OrderInvalid("missing_field", f"{name} is required", name)
    if len(value) > max_length:
        raise OrderInvalid("invalid_field", f"{name} is longer than {max_length}", name)
    return value


def _date(data: dict[str, Any], name: str) -> dt.date:
    value = data.get(name)
    if value is None or value == "":
        raise OrderInvalid("missing_field", f"{name} is required", name)
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise OrderInvalid("invalid_field", f"{name} must be a date YYYY-MM-DD", name)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise OrderInvalid("invalid_field", f"{name} is not a real date", name) from None


def _json_body(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise OrderInvalid("invalid_json", "the body is not UTF-8 JSON") from None


def order_parse(body: bytes) -> OrderIn:
    """The checked order in `body`, or OrderInvalid. Unknown extra fields are kept, not refused."""
    return order_check(_json_body(body))


#: Orders in one batch request at most (the portal sends 100 at a time).
MAX_BATCH = 500


def batch_parse(body: bytes) -> list[OrderIn | OrderInvalid]:
    """The orders of a batch body ``{"orders": [order, ...]}``, each checked on its own.

    The whole body is refused (OrderInvalid) only when it is not such a list; an order that is
    wrong is its own OrderInvalid in the list, and the others are received.
    """
    data = _json_body(body)
    if not isinstance(data, dict):
        raise OrderInvalid("invalid_json", "the body must be a JSON object")
    orders = data.get("orders")
    if not isinstance(orders, list) or not orders:
        raise OrderInvalid("invalid_field", "orders must be a non-empty list", "orders")
    if len(orders) > MAX_BATCH:
        raise OrderInvalid("invalid_field", f"at most {MAX_BATCH} orders per batch", "orders")
    checked: list[OrderIn | OrderInvalid] = []
    for item in orders:
        try:
            checked.append(order_check(item))
        except OrderInvalid as exc:
            checked.append(exc)
    return checked


def order_check(data: Any) -> OrderIn:
    """One order's decoded JSON, checked (as a single request's body or a batch's item)."""
    if not isinstance(data, dict):
        raise OrderInvalid("invalid_json", "the body must be a JSON object")
    canonical = signed_http.dumps(data)
    # NUL cannot be stored in a PostgreSQL text or jsonb value: refuse it here, not with a 500.
    if b"\\u0000" in canonical:
        raise OrderInvalid("invalid_json", "the body contains NUL characters")

    key = data.get("idempotency_key")
    if key is None or key == "":
        raise OrderInvalid("missing_field", "idempotency_key is required", "idempotency_key")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise OrderInvalid(
            "invalid_field",
            "idempotency_key must be 8-100 letters, digits or -_.:",
            "idempotency_key",
        )
    texts = {name: _text(data, name, *rule) for name, rule in _TEXT_FIELDS.items()}

    amount = data.get("amount")
    if amount is None:
        raise OrderInvalid("missing_field", "amount is required", "amount")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise OrderInvalid("invalid_field", "amount must be an integer number of dong", "amount")
    if not 0 < amount <= MAX_AMOUNT:
        raise OrderInvalid("invalid_field", "amount must be positive", "amount")
    if data.get("currency") != "VND":
        raise OrderInvalid("invalid_field", "currency must be VND", "currency")
    method = data.get("method")
    if method not in ("bank", "cash"):
        raise OrderInvalid("invalid_field", "method must be bank or cash", "method")
    if method == "bank":
        for name in ("bank_code", "account_number", "account_holder"):
            if not texts[name]:
                raise OrderInvalid("missing_field", f"{name} is required for method bank", name)
        if not _ACCOUNT.fullmatch(texts["account_number"]):
            raise OrderInvalid(
                "invalid_field", "account_number must be letters and digits", "account_number"
            )
    if not _DIGITS.fullmatch(texts["personal_id"]):
        raise OrderInvalid("invalid_field", "personal_id must be 9-12 digits", "personal_id")
    start, end = _date(data, "period_start"), _date(data, "period_end")
    if end < start:
        raise OrderInvalid("invalid_field", "period_end is before period_start", "period_end")

    callback_url = data.get("callback_url")
    if not callback_url:
        raise OrderInvalid("missing_field", "callback_url is required", "callback_url")
    parts = urlsplit(callback_url) if isinstance(callback_url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise OrderInvalid("invalid_field", "callback_url must be an http(s) URL", "callback_url")
    if len(callback_url) > 500:
        raise OrderInvalid("invalid_field", "callback_url is too long", "callback_url")

    payload = {**data, **texts, "idempotency_key": key, "callback_url": callback_url}
    # Compared on the canonical form, so key order or spacing is not a "different body".
    digest = hashlib.sha256(canonical).hexdigest()
    return OrderIn(payload=payload, body_sha256=digest)
