"""Filters of the statistics pages: shares, days and gaps written per language ("—" for none)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from common.formatting import dong

register = template.Library()

NONE = "—"


def _tenths(value: float) -> str:
    """One decimal, rounded (number_format cuts the other decimals off: 2/3 would read 66.6%,
    while the downloads round to 66.7), with the language's decimal mark."""
    return number_format(round(value, 1), 1)


@register.filter
def percent(value: float | None) -> str:
    return NONE if value is None else f"{_tenths(value * 100)}%"


@register.filter
def points(value: float | None) -> str:
    """A difference of two shares, in percentage points, with its sign."""
    if value is None:
        return NONE
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{_tenths(abs(value) * 100)}"


@register.filter
def one(value: float | None) -> str:
    return NONE if value is None else _tenths(value)


@register.filter
def days(value: float | None) -> str:
    return NONE if value is None else _tenths(value)


@register.filter
def signed_one(value: float | None) -> str:
    if value is None:
        return NONE
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{_tenths(abs(value))}"


@register.filter
def signed_dong(value: float | None) -> str:
    if value is None:
        return NONE
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{dong(abs(round(value)))}"


@register.filter
def measure(figures: object, name: str) -> object:
    return getattr(figures, name, "")
