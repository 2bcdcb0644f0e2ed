"""Celery tasks for eligibility: thin wrappers that call a service (explicit, stable names)."""

from __future__ import annotations

from celery import shared_task

from eligibility.holiday_calendar import calendar_extend


@shared_task(name="eligibility.tasks.holiday_calendar_extend")
def holiday_calendar_extend() -> list[int]:
    """Daily: add the coming years missing from the holiday calendar (provisional)."""
    return calendar_extend()
