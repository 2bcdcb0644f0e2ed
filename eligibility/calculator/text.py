"""Plain-words formatting for the calculator's explanations, in Vietnamese and in English.

The calculator is pure (no settings, no active language), so it writes both languages itself
instead of going through gettext; the page shows the one matching the reader's language.
Money is whole dong (4.960.000 ₫ / 4,960,000 ₫); dates 17/03/2026 / 17 March 2026.
"""

from __future__ import annotations

from datetime import date

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def money_vi(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def money_en(amount: int) -> str:
    return f"{amount:,} ₫"


def date_vi(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def date_en(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def month_vi(day: date) -> str:
    return f"{day.month:02d}/{day.year}"


def month_en(day: date) -> str:
    return f"{MONTHS_EN[day.month - 1][:3]} {day.year}"


def months_vi(count: int) -> str:
    return f"{count} tháng"


def months_en(count: int) -> str:
    return f"{count} month" if count == 1 else f"{count} months"


def days_vi(count: int, unit: str) -> str:
    return f"{count} ngày làm việc" if unit == "working" else f"{count} ngày"


def days_en(count: int, unit: str) -> str:
    noun = "working day" if unit == "working" else "day"
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def article_vi(number: int, law: str) -> str:
    return f"Điều {number} Luật Việc làm {law}"


def article_en(number: int, law: str) -> str:
    return f"Article {number}, Law on Employment {law}"
