"""Celery tasks for payments: thin wrappers over claims.payments.services (stable names,
collected by claims.tasks where Celery finds them)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from claims.payments.services import payment_order_send as send
from claims.payments.services import payments_sweep as sweep


@shared_task(bind=True, acks_late=True, max_retries=None, name="claims.tasks.payment_order_send")
def payment_order_send(self: Any, order_id: int) -> str:
    """Send one order; a network failure or 5xx comes back here after a jittered backoff.

    Safe to run twice or late: the service claims the order with a lease first. The stored
    `next_attempt_at` lets the sweep take over if this retry message is lost.
    """
    result = send(order_id=order_id)
    if result.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=result.retry_in)
    return result.outcome


@shared_task(name="claims.tasks.payments_sweep")
def payments_sweep() -> dict[str, int]:
    """Periodic: schedules not created, installments due, orders lost or stuck (ADR 0008)."""
    return sweep()
