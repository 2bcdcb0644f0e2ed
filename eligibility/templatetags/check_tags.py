"""`{{ check|check_state }}`: how a calculator check reads (eligibility.checks), for templates."""

from __future__ import annotations

from typing import Any

from django import template

from eligibility.checks import check_state as _check_state

register = template.Library()


@register.filter
def check_state(check: Any) -> str:
    return _check_state(check)
