"""The SMS channel to workers and employers: one narrow client, its backend chosen by settings.

Callers use only `sms_send(to=..., text=...)`; what carries the message is `settings.SMS_BACKEND`
(a dotted class path). The default is the development stand-in, which sends nothing and appends
every message to `TROCAP_VAR_DIR/sms/outbox.jsonl` (`manage.py sms_outbox` prints the latest),
so a developer sees what a worker's phone would have received. Tests use the in-memory backend
(`claims.sms.outbox`, like `django.core.mail.outbox`); production names the HTTP gateway backend
and its URL and token (docs/adr/0020).
"""

from __future__ import annotations

from claims.sms.client import (
    SMS_RETRY_FOR,
    SMS_SWEEP_AFTER,
    SmsError,
    SmsResult,
    outbox,
    sms_ascii,
    sms_backend,
    sms_hours,
    sms_number,
    sms_send,
)

__all__ = [
    "SMS_RETRY_FOR",
    "SMS_SWEEP_AFTER",
    "SmsError",
    "SmsResult",
    "outbox",
    "sms_ascii",
    "sms_backend",
    "sms_hours",
    "sms_number",
    "sms_send",
]
