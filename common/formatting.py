"""How every page writes money in dong, months, dates and moments per language, and a few texts.

Plain functions: views, services and PDFs call them; templates reach them as filters through
the `common_tags` library (common/templatetags/common_tags.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import get_language, gettext

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def ascii_digits(value: object) -> bool:
    """True for a non-empty text of the digits 0-9 and nothing else.

    `str.isdigit()` is also true for "¹" or "①", which `int()` refuses (a ValueError: a 500 on
    a query string or an uploaded list) and which no identifier, number or page here contains.
    Every check of typed or received digits goes through here.
    """
    return isinstance(value, str) and value.isascii() and value.isdigit()


def _is_english() -> bool:
    return (get_language() or "vi").startswith("en")


def dong(value: object) -> str:
    """Whole dong, grouped per language: 4.960.000 ₫ (vi), 4,960,000 ₫ (en). Rounds half up."""
    if value is None or value == "":
        return ""
    try:
        # Decimal, not float: round() on a float rounds half to even (2.5 -> 2) and a float
        # cannot hold every amount exactly; a half dong rounds up, away from zero.
        amount = (
            value
            if isinstance(value, int)
            else int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        )
    except (TypeError, ValueError, ArithmeticError):
        return str(value)
    sign = "-" if amount < 0 else ""
    grouped = f"{abs(amount):,}"
    if not _is_english():
        grouped = grouped.replace(",", ".")
    return f"{sign}{grouped}\u00a0₫"


def month_label(value: date | None) -> str:
    """A calendar month: 02/2026 (vi), Feb 2026 (en)."""
    if not isinstance(value, date):
        return ""
    if _is_english():
        return f"{_EN_MONTHS[value.month - 1]} {value.year}"
    return f"{value.month:02d}/{value.year}"


def day_label(value: date | None) -> str:
    """A date: 27/02/2026, in both languages (issue 13: dd/mm/yyyy everywhere)."""
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def when_label(value: datetime | None) -> str:
    """A moment in the portal's time zone: 27/02/2026 14:05, in both languages."""
    if not isinstance(value, datetime):
        return day_label(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{day_label(local.date())} {local.hour:02d}:{local.minute:02d}"


#: What marks a sentence as a note for the team, not for a citizen: references to our ADRs or
#: design docs, "TroCap's convention", the English "[convention]" tag of RULES.md.
_DEVELOPER_NOTE = re.compile(
    r"docs/adr|\bADR\b|quy ước của TroCap|TroCap's convention|\[convention\]|RULES\.md",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.;])\s+")


def public_text(value: object) -> str:
    """Text from data (a rule set's legal reference) without the sentences that are notes for
    the team: a citizen's page never shows an ADR reference or "quy ước của TroCap"."""
    text = "" if value is None else str(value)
    kept = [part for part in _SENTENCE.split(text) if not _DEVELOPER_NOTE.search(part)]
    return " ".join(kept).strip()


def error_for(error: object, field: object) -> str:
    """An error as the error summary lists it: Django's generic messages ("This field is
    required", "Enter a valid date") name the question they belong to, so every line of the
    summary says which answer to fix (our own messages already do)."""
    text = str(error)
    label = str(getattr(field, "label", "") or "")
    generic = (
        str(forms.Field.default_error_messages["required"]),
        str(forms.DateField.default_error_messages["invalid"]),
        str(forms.ChoiceField.default_error_messages["invalid_choice"]).split("%", 1)[0],
        str(EmailValidator.message),
    )
    if label and any(text.startswith(g) for g in generic if g):
        return gettext("%(label)s: %(error)s") % {"label": label, "error": text}
    return text
