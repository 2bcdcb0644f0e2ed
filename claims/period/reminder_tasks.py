"""Celery tasks of the period's reminders: thin wrappers over claims.period.reminders."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from claims.period import reminders


@shared_task(name="claims.tasks.period_reminders")
def period_reminders() -> dict[str, Any]:
    """Hourly (beat): the window-opens and last-day reminders due now, each once (idempotent)."""
    run = reminders.reminders_send()
    return {
        "opened": run.opened,
        "last_day": run.last_day,
        "sms_again": run.sms_again,
        "skipped_hours": run.skipped_hours,
    }


@shared_task(acks_late=True, name="claims.tasks.period_reminder_sms")
def period_reminder_sms(notification_id: int) -> bool:
    """One reminder's SMS (never twice: the notification row remembers it was sent)."""
    return reminders.reminder_sms_send(notification_id=notification_id)
