"""The SMS client: number and text normalised once, then handed to the configured backend."""

from __future__ import annotations

import json
import logging
import re
import threading
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any, Protocol

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

#: The stand-in's default; production sets SMS_BACKEND to claims.sms.client.HttpBackend.
DEFAULT_BACKEND = "claims.sms.client.FileBackend"
#: One GSM-7 message is 160 characters; a reminder is kept to three concatenated parts.
MAX_LENGTH = 459
#: Local hours in which messages to workers go out (an SMS at 3 a.m. helps nobody): what the
#: sweeps that send them keep to (docs/adr/0020).
SEND_FROM, SEND_UNTIL = time(7, 0), time(20, 0)
#: A message not yet sent is queued again by its sweep once its own task has had this long...
SMS_SWEEP_AFTER = timedelta(minutes=10)
#: ...and for this long after it was due: older, it is news no longer (the inbox has it).
SMS_RETRY_FOR = timedelta(days=2)

#: What the in-memory backend has "sent" (tests read and clear it, as mail.outbox).
outbox: list[SmsResult] = []
_outbox_lock = threading.Lock()


class SmsError(ValueError):
    """The number or the text cannot be sent at all (the caller's data is wrong, not the line)."""


@dataclass(frozen=True)
class SmsResult:
    """What became of one message: `sent` False means the gateway refused it or was unreachable."""

    to: str
    text: str
    sent: bool
    message_id: str = ""
    backend: str = ""
    error: str = ""
    at: str = field(default_factory=lambda: timezone.now().isoformat())


class Backend(Protocol):
    def send(self, *, to: str, text: str, reference: str) -> SmsResult: ...


def sms_number(value: str) -> str:
    """A Vietnamese mobile number in international form (+84...), or SmsError."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0[35789]\d{8}", digits):
        raise SmsError(f"not a Vietnamese mobile number: {value!r}")
    return "+84" + digits[1:]


def sms_ascii(text: str) -> str:
    """Vietnamese without its marks (đ -> d): SMS to workers go out in GSM-7, 160 characters a
    part instead of 70, as the country's brand-name messages do (docs/adr/0020)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def sms_hours(at: datetime) -> bool:
    """Whether `at` is within the local hours messages to workers go out."""
    return SEND_FROM <= timezone.localtime(at).time() < SEND_UNTIL


def sms_backend() -> Backend:
    backend_class = import_string(getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND)
    return backend_class()  # type: ignore[no-any-return]


def sms_send(*, to: str, text: str, reference: str = "") -> SmsResult:
    """Send one SMS. Raises SmsError for a number or text that can never go out; a gateway that
    refuses or cannot be reached is a result with `sent=False` (the caller decides on retrying).

    `reference` is the caller's own id for the message (e.g. "reminder:42"): a gateway that
    supports it drops a second message with the same reference.
    """
    number = sms_number(to)
    body = sms_ascii(text)
    if not body:
        raise SmsError("empty message")
    if len(body) > MAX_LENGTH:
        body = body[: MAX_LENGTH - 1] + "…"
    return sms_backend().send(to=number, text=body, reference=reference)


class MemoryBackend:
    """Tests: keeps every message in `claims.sms.outbox`."""

    def send(self, *, to: str, text: str, reference: str) -> SmsResult:
        result = SmsResult(
            to=to, text=text, sent=True, message_id=reference or uuid.uuid4().hex, backend="memory"
        )
        with _outbox_lock:
            outbox.append(result)
        return result


def outbox_path() -> Path:
    return (
        Path(getattr(settings, "SMS_OUTBOX_DIR", "") or settings.VAR_DIR / "sms") / "outbox.jsonl"
    )


class FileBackend:
    """The development stand-in: sends nothing, appends each message to a JSON-lines file."""

    def send(self, *, to: str, text: str, reference: str) -> SmsResult:
        result = SmsResult(
            to=to, text=text, sent=True, message_id=reference or uuid.uuid4().hex, backend="file"
        )
        path = outbox_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(result), ensure_ascii=False)
        with _outbox_lock, path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        logger.info("SMS (stand-in) to %s: %s", to[:-4] + "****", text)
        return result


def outbox_read(limit: int = 20) -> list[dict[str, Any]]:
    """The stand-in's latest messages, newest last (for `manage.py sms_outbox`)."""
    path = outbox_path()
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[-limit:]
    return [json.loads(line) for line in lines if line.strip()]


_session = requests.Session()


class HttpBackend:
    """A real message gateway: POST JSON {to, text, reference} with a bearer token.

    Settings: SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN, SMS_GATEWAY_TIMEOUT (seconds).
    """

    def send(self, *, to: str, text: str, reference: str) -> SmsResult:
        url = getattr(settings, "SMS_GATEWAY_URL", "")
        if not url:
            return SmsResult(to=to, text=text, sent=False, backend="http", error="no gateway URL")
        headers = {"Authorization": f"Bearer {getattr(settings, 'SMS_GATEWAY_TOKEN', '')}"}
        try:
            response = _session.post(
                url,
                json={"to": to, "text": text, "reference": reference},
                headers=headers,
                timeout=float(getattr(settings, "SMS_GATEWAY_TIMEOUT", 10.0)),
            )
        except requests.RequestException as exc:
            return SmsResult(to=to, text=text, sent=False, backend="http", error=type(exc).__name__)
        if not 200 <= response.status_code < 300:
            return SmsResult(
                to=to, text=text, sent=False, backend="http", error=f"HTTP {response.status_code}"
            )
        try:
            data = response.json()
        except ValueError:
            data = {}
        message_id = str((data or {}).get("id") or reference) if isinstance(data, dict) else ""
        return SmsResult(to=to, text=text, sent=True, message_id=message_id[:100], backend="http")
