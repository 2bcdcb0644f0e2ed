"""Celery tasks for payments: thin wrappers over claims.payments.services (stable names,
collected by claims.tasks where Celery finds them)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import shared_task
from django.db import connection

from claims.payments import client
from claims.payments.services import SendResult
from claims.payments.services import payment_order_send as send
from claims.payments.services import payment_orders_send_batch as send_batch
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


#: Batch requests of one chunk in flight at once. A send is mostly waiting (the office's
#: answer, the commit), so a chunk's batches go out side by side, each thread with its own
#: database connection and keep-alive HTTP session.
SEND_THREADS = 8


def _send_batches(batches: list[list[int]], outcomes: dict[str, int], lock: threading.Lock) -> None:
    """Send each batch as one request (one thread's share); retries get their own message."""
    for batch in batches:
        try:
            results = send_batch(order_ids=batch)
        except Exception:  # one broken batch must not hold up the others; the sweep retries it
            logger.exception("payment orders %s: batch send failed, left to the sweep", batch)
            results = {pk: SendResult("error") for pk in batch}
        retry = {pk: r.retry_in for pk, r in results.items() if r.retry_in is not None}
        if retry:
            # One message for the batch's retries, once the longest of their backoffs is over
            # (each order's next_attempt_at is its own; none is claimed before it is due).
            payment_orders_send.apply_async((sorted(retry),), countdown=max(retry.values()))
        with lock:
            for result in results.values():
                outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1


@shared_task(acks_late=True, name="claims.tasks.payment_orders_send")
def payment_orders_send(order_ids: list[int]) -> dict[str, int]:
    """Send a chunk of orders (the bulk release queues one message per chunk, not one per
    order: issue 16's monthly cycle of 100,000 periods) in batch requests of
    `client.BATCH_SIZE` orders (ADR 0026), SEND_THREADS batches at a time.

    Each order is sent exactly as `payment_order_send` sends it: its lease (a conditional
    UPDATE) lets one sender only have it, so neither a second delivery of the chunk nor two
    threads can send it twice. The orders of a batch the office could not take (an injected
    5xx, a timeout of the whole request) are queued again together with the backoff; a batch
    that fails unexpectedly is logged and left to the sweep (its orders' stored
    `next_attempt_at` and leases), never stopping the rest of the chunk. Inside an open
    transaction (a test's, an eager call) the batches are sent in this thread: another
    thread's connection would not see its rows.
    """
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    ids = list(order_ids)
    size = client.BATCH_SIZE
    batches = [ids[i : i + size] for i in range(0, len(ids), size)]
    threads = min(SEND_THREADS, len(batches))
    if threads <= 1 or connection.in_atomic_block:
        _send_batches(batches, outcomes, lock)
        return outcomes

    def share(index: int) -> None:
        try:
            _send_batches(batches[index::threads], outcomes, lock)
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
