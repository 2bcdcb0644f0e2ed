"""What /healthz checks: the portal database, the social-security store and the broker."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections
from django.utils import translation

from eligibility.selectors import holiday_calendar_warning
from portal.celery import app


def check_database(alias: str) -> Callable[[], None]:
    def check() -> None:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return check


def check_broker() -> None:
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def run_checks() -> dict[str, dict[str, str]]:
    checks: dict[str, Callable[[], None]] = {
        "database": check_database("default"),
        "social_security_store": check_database("social_security"),
        "broker": check_broker,
    }
    results: dict[str, dict[str, str]] = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure is a "down" answer, never a 500
            results[name] = {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            results[name] = {"status": "up"}
    return results


def run_warnings() -> list[dict[str, str]]:
    """Things an administrator must do soon (not outages): from 1 October, next year's holiday
    calendar when it is still provisional (eligibility.holiday_calendar)."""
    try:
        with translation.override("en"):
            message = holiday_calendar_warning()
    except Exception as exc:  # noqa: BLE001 - /healthz answers whatever the rules tables say
        return [{"check": "holiday_calendar", "error": f"{type(exc).__name__}: {exc}"[:300]}]
    return [{"check": "holiday_calendar", "message": message}] if message else []
