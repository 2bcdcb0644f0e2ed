"""The simulator's dice and failure rules: seeded randomness and the failing-account patterns."""

from __future__ import annotations

import random
import threading

#: Vietnamese reasons sent with a failed payment, by reason code (the wire contract's codes).
REASONS = {
    "invalid_account": "Số tài khoản không tồn tại hoặc không đúng",
    "account_closed": "Tài khoản đã bị đóng",
    "name_mismatch": "Tên chủ tài khoản không khớp với tên người hưởng",
}
DEFAULT_REASON_CODE = "invalid_account"

_lock = threading.Lock()
# Not for security: fault injection only, seeded so that a run can be replayed.
_rng = random.Random()  # noqa: S311


def seed(value: int | str | None) -> None:
    with _lock:
        _rng.seed(value)


def roll(probability: float) -> bool:
    """True with the given probability; draws nothing when it is 0 (keeps seeded runs stable)."""
    if probability <= 0:
        return False
    if probability >= 1:
        return True
    with _lock:
        return _rng.random() < probability


def jitter(low: float, high: float) -> float:
    with _lock:
        return _rng.uniform(low, high)


class PatternError(ValueError):
    pass


def parse_patterns(text: str) -> list[tuple[str, bool, str]]:
    """`999*,0123456789=account_closed` -> [(prefix-or-number, is_prefix, reason_code), ...]."""
    patterns = []
    for raw in text.replace("\n", ",").split(","):
        item = raw.strip()
        if not item:
            continue
        value, _, code = item.partition("=")
        value, code = value.strip(), (code.strip() or DEFAULT_REASON_CODE)
        if code not in REASONS:
            raise PatternError(f"unknown reason code {code!r} (one of {', '.join(REASONS)})")
        is_prefix = value.endswith("*")
        value = value.rstrip("*")
        if "*" in value or (not value and not is_prefix):
            raise PatternError(f"bad pattern {item!r}: digits, optionally ending in *")
        patterns.append((value, is_prefix, code))
    return patterns


def failure_for(account_number: str, patterns_text: str) -> str:
    """The reason code if this account must fail, else ''. Bad patterns fail nothing."""
    try:
        patterns = parse_patterns(patterns_text)
    except PatternError:
        return ""
    account = account_number.strip()
    if not account:
        return ""
    for value, is_prefix, code in patterns:
        if (is_prefix and account.startswith(value)) or (not is_prefix and account == value):
            return code
    return ""
