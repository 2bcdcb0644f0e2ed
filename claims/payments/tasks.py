"""Celery tasks for payments: thin wrappers over claims.payments.services (stable names,
collected by claims.tasks where Celery finds them)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import shared_task
from django.db import connection

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


#: Orders of one chunk in flight at once. A send is mostly waiting (the office's answer, the
#: commit), so one worker process sending a chunk in turn was bound by that latency: with the
#: bulk queue's one process per core, 2,600 orders went out at about 6 a second.
SEND_THREADS = 8


def _send_each(order_ids: list[int], outcomes: dict[str, int], lock: threading.Lock) -> None:
    """Send `order_ids` one after the other, as payment_order_send would (one thread's share)."""
    for order_id in order_ids:
        try:
            result = send(order_id=order_id)
        except Exception:  # one broken order must not hold up the others; the sweep retries it
            logger.exception("payment order %s: send failed, left to the sweep", order_id)
            outcome = "error"
        else:
            if result.retry_in is not None:
                payment_order_send.apply_async((order_id,), countdown=result.retry_in)
            outcome = result.outcome
        with lock:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1


@shared_task(acks_late=True, name="claims.tasks.payment_orders_send")
def payment_orders_send(order_ids: list[int]) -> dict[str, int]:
    """Send a chunk of orders (the bulk release queues one message per chunk, not one per
    order: issue 16's monthly cycle of 100,000 periods), SEND_THREADS at a time.

    Each order is sent exactly as `payment_order_send` sends it: its lease (a conditional
    UPDATE) lets one sender only have it, so neither a second delivery of the chunk nor two
    threads can send it twice. An order whose send must be retried gets its own
    `payment_order_send` message with the backoff, and one that fails unexpectedly is logged
    and left to the sweep (its stored `next_attempt_at`), never stopping the rest of the chunk.
    Inside an open transaction (a test's, an eager call) the orders are sent in this thread:
    another thread's connection would not see its rows.
    """
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    threads = min(SEND_THREADS, len(order_ids))
    if threads <= 1 or connection.in_atomic_block:
        _send_each(list(order_ids), outcomes, lock)
        return outcomes

    def share(index: int) -> None:
        try:
            _send_each(list(order_ids[index::threads]), outcomes, lock)
        finally:
            connection.close()  # this thread's own connection, opened by its first query

    workers = [threading.Thread(target=share, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


@shared_task(name="claims.tasks.payments_sweep")
def payments_sweep() -> dict[str, int]:
    """Periodic: schedules not created, installments due, orders lost or stuck (ADR 0008)."""
    return sweep()
