"""How a calculator check reads to a person: met, not met, for information, or one that can only
be verified after filing ("no insured job within 10 working days": never shown as met)."""

from __future__ import annotations

from typing import Any

#: Conditions the calculator cannot know at filing (eligibility.calculator.engine reports them
#: as informational, always "passed"): the center verifies them later.
AFTER_FILING = frozenset({"still_unemployed"})

AFTER, INFO, PASSED, FAILED = "after_filing", "info", "passed", "failed"


def check_state(check: Any) -> str:
    """`after_filing`, `info`, `passed` or `failed` for a Check (or its JSON dict)."""
    if isinstance(check, dict):
        code, passed, values = check.get("code"), check.get("passed"), check.get("values") or {}
    else:
        code, passed, values = check.code, check.passed, check.values or {}
    if code in AFTER_FILING:
        return AFTER
    if values.get("informational"):
        return INFO
    return PASSED if passed else FAILED
