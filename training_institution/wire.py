"""Parsing an enrolment as the portal pushes it, and checking who signed it (ADR 0022)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from common import institution_keys, signed_http

_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")


class EnrolmentInvalid(Exception):
    """A 400 answer: `code` is machine-readable, `message` says what is wrong."""

    def __init__(self, code: str, message: str, field: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class EnrolmentIn:
    payload: dict[str, Any]
    body_sha256: str


def signer_verify(*, master: str, headers: Mapping[str, str], body: bytes, tolerance: int) -> str:
    """The institution code whose key signed this message; SignatureError otherwise."""
    code = headers.get(institution_keys.INSTITUTION_HEADER) or ""
    if not _CODE.fullmatch(code):
        raise signed_http.SignatureError("missing")
    key = institution_keys.derived_key(master=master, code=code)
    signed_http.verify(secret=key, headers=headers, body=body, tolerance=tolerance)
    return code


def _text(data: dict[str, Any], name: str, limit: int) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise EnrolmentInvalid("missing_field", f"{name} is required", name)
    if len(value) > limit or "\x00" in value:
        raise EnrolmentInvalid("invalid_field", f"{name} is longer than {limit}", name)
    return value.strip()


def enrolment_parse(body: bytes, *, signer: str) -> EnrolmentIn:
    """The checked enrolment in `body`, or EnrolmentInvalid."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise EnrolmentInvalid("invalid_json", "the body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise EnrolmentInvalid("invalid_json", "the body must be a JSON object")
    try:
        uuid.UUID(str(data.get("enrolment_id")))
    except ValueError:
        raise EnrolmentInvalid(
            "invalid_field", "enrolment_id must be a UUID", "enrolment_id"
        ) from None
    texts = {
        name: _text(data, name, limit)
        for name, limit in (
            ("institution_code", 40),
            ("institution_name", 200),
            ("course_title", 200),
            ("learner_name", 200),
            ("personal_id", 20),
            ("start_date", 10),
            ("report_url", 500),
        )
    }
    if texts["institution_code"] != signer:
        # Signed by one institution for another: refused as if unsigned.
        raise signed_http.SignatureError("mismatch")
    try:
        dt.date.fromisoformat(texts["start_date"])
    except ValueError:
        raise EnrolmentInvalid(
            "invalid_field", "start_date must be YYYY-MM-DD", "start_date"
        ) from None
    months = data.get("months")
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 36:
        raise EnrolmentInvalid("invalid_field", "months must be 1 to 36", "months")
    parts = urlsplit(texts["report_url"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EnrolmentInvalid("invalid_field", "report_url must be an http(s) URL", "report_url")
    canonical = signed_http.dumps(data)
    return EnrolmentIn(payload={**data, **texts}, body_sha256=hashlib.sha256(canonical).hexdigest())
