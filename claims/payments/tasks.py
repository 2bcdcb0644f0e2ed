"""Celery tasks for payments: thin wrappers over claims.payments.services (stable names,
collected by claims.tasks where Celery finds them)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from claims.payments.services import payment_order_send as send
from claims.payments.services import payments_sweep as sweep

logger = logging.getLogger(__name__)


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


@shared_task(acks_late=True, name="claims.tasks.payment_orders_send")
def payment_orders_send(order_ids: list[int]) -> dict[str, int]:
    """Send a chunk of orders one after the other (the bulk release queues one message per
    chunk, not one per order: issue 16's monthly cycle of 100,000 periods).

    Each order is sent exactly as `payment_order_send` sends it (the lease makes a second
    delivery of the chunk harmless); an order whose send must be retried gets its own
    `payment_order_send` message with the backoff, and one that fails unexpectedly is logged
    and left to the sweep (its stored `next_attempt_at`), never stopping the rest of the chunk.
    """
    outcomes: dict[str, int] = {}
    for order_id in order_ids:
        try:
            result = send(order_id=order_id)
        except Exception:  # one broken order must not hold up the others; the sweep retries it
            logger.exception("payment order %s: send failed, left to the sweep", order_id)
            outcomes["error"] = outcomes.get("error", 0) + 1
            continue
        if result.retry_in is not None:
            payment_order_send.apply_async((order_id,), countdown=result.retry_in)
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    return outcomes


@shared_task(name="claims.tasks.payments_sweep")
def payments_sweep() -> dict[str, int]:
    """Periodic: schedules not created, installments due, orders lost or stuck (ADR 0008)."""
    return sweep()
