"""Staff two-factor codes: the code of the step just ended still counts (MFA_TOTP_TOLERANCE = 1),
one further back does not; time frozen, so the step boundary is exact."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    validate_totp_code,
)

PERIOD = 30
NOW = datetime(2026, 12, 1, 9, 0, 1, tzinfo=UTC)  # one second into a step


def code_at(secret: str, steps_back: int) -> str:
    counter = int(NOW.timestamp()) // PERIOD - steps_back
    return format_hotp_value(hotp_value(secret, counter))


def test_the_previous_steps_code_is_accepted_and_an_older_one_refused():
    secret = generate_totp_secret()
    with time_machine.travel(NOW, tick=False):
        assert validate_totp_code(secret, code_at(secret, 0))
        assert validate_totp_code(secret, code_at(secret, 1))  # typed as its step ended
        assert not validate_totp_code(secret, code_at(secret, 2))
