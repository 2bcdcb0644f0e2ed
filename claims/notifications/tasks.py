"""Celery tasks of notifications: thin wrappers over claims.notifications.services."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from claims.notifications.services import notification_email_send
from claims.notifications.sweep import notifications_email_unsent


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=30,
    name="claims.tasks.notification_email",
)
def notification_email(self: Any, notification_id: int) -> bool:
    try:
        return notification_email_send(notification_id=notification_id)
    except OSError as exc:  # mail server unreachable: try again later, the row remembers
        raise self.retry(exc=exc) from exc


@shared_task(name="claims.tasks.notifications_email_sweep")
def notifications_email_sweep() -> int:
    """Periodic: queue the e-mails of notifications whose task never reached the broker."""
    unsent = notifications_email_unsent()
    for notification_id in unsent:
        notification_email.delay(notification_id)
    return len(unsent)
