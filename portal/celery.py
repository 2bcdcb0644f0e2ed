"""The Celery application (tasks live in each app's tasks.py), its queues and its poison guard."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery, current_task
from celery.worker.consumer import Consumer
from kombu import Queue

from portal import broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# An entry in a Redis queue that is not a message is set aside instead of ending the worker.
broker.install()

logger = logging.getLogger("portal.celery")

app = Celery("trocap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

INTERACTIVE_QUEUE = "interactive"
BULK_QUEUE = "bulk"
#: Where messages no worker can read are kept for a person to look at (nobody consumes it).
DEAD_LETTER_QUEUE = broker.DEAD_LETTER_QUEUE

#: Work done for many claims at once: it may take minutes and must not hold up a single claim.
BULK_TASKS = frozenset(
    {
        "claims.tasks.batch_approval_run",
        "eligibility.tasks.whatif_run",
        # A confirmed layoff notice: thousands of prefilled claims, then one SMS per worker.
        "employers.tasks.notice_prefill",
        # The statistics' summaries, rebuilt from every claim every few minutes (stats.refresh).
        "stats.tasks.summaries_refresh",
        "claims.tasks.prefill_sms",
        # Every active benefit period looked up in the social-security store (a new job).
        "claims.tasks.period_new_jobs_detect",
        # The benefit period's monthly cycle (claims.period, ADR 0015): many claims at once.
        "claims.tasks.period_windows_close",
        "claims.tasks.period_sweep",
        "claims.tasks.period_transition_hooks",
        "claims.tasks.period_decisions",
        # The monthly release's orders sent to the settlement office, a chunk per message.
        "claims.tasks.payment_orders_send",
    }
)
#: Tasks that follow whoever scheduled them: a batch's decisions are bulk, a single one is not.
FOLLOW_CALLER_TASKS = frozenset({"claims.tasks.decision_render"})


def task_route(
    name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **kw: Any
) -> dict[str, str]:
    """Celery router (CELERY_TASK_ROUTES): the queue of one task message.

    A decision rendered because a fast-track batch signed it is scheduled while the batch task
    runs (on commit of its chunk), so it goes to the bulk queue with its batch; the same task
    scheduled from a signer's single signature or a sweep goes to the interactive queue.
    """
    if name in BULK_TASKS:
        return {"queue": BULK_QUEUE}
    if name in FOLLOW_CALLER_TASKS:
        if getattr(current_task, "name", None) in BULK_TASKS:
            return {"queue": BULK_QUEUE}
    return {"queue": INTERACTIVE_QUEUE}


def message_set_aside(consumer: Consumer, message: Any, reason: str) -> bool:
    """Copy a message no worker can process to the dead-letter queue, byte for byte.

    Returns whether it was kept; the caller acknowledges it either way, so one bad message is
    never redelivered to every worker in a loop.
    """
    delivery = getattr(message, "delivery_info", None) or {}
    headers = dict(getattr(message, "headers", None) or {})
    headers.update(
        {"x-set-aside-reason": reason[:500], "x-original-queue": delivery.get("routing_key")}
    )
    try:
        with consumer.app.producer_or_acquire() as producer:
            producer.publish(
                message.body,
                exchange="",
                routing_key=DEAD_LETTER_QUEUE,
                declare=[Queue(DEAD_LETTER_QUEUE)],
                content_type=message.content_type or "application/octet-stream",
                content_encoding=message.content_encoding or "binary",
                headers=headers,
                retry=True,
            )
    except Exception:  # the broker failing here must not stop the worker either
        logger.exception("could not set aside an unreadable message")
        return False
    logger.error(
        "message set aside on queue %r (%s): from queue %r, content type %r, %d bytes",
        DEAD_LETTER_QUEUE,
        reason,
        delivery.get("routing_key"),
        message.content_type,
        len(message.body or b""),
    )
    return True


class SetAsideConsumer(Consumer):
    """Celery's consumer, but a poison message is kept on the dead-letter queue, not dropped.

    Celery itself already logs and acknowledges an undecodable body and rejects an unknown or
    malformed task; here the message is first copied aside so that nothing is lost unseen.
    """

    def on_decode_error(self, message: Any, exc: Exception) -> None:
        message_set_aside(self, message, f"undecodable body: {exc!r}")
        super().on_decode_error(message, exc)

    def on_unknown_message(self, body: Any, message: Any) -> None:
        message_set_aside(self, message, "not a task message")
        super().on_unknown_message(body, message)

    def on_unknown_task(self, body: Any, message: Any, exc: Exception) -> None:
        message_set_aside(self, message, f"unknown task: {exc!r}")
        super().on_unknown_task(body, message, exc)

    def on_invalid_task(self, body: Any, message: Any, exc: Exception) -> None:
        message_set_aside(self, message, f"invalid task: {exc!r}")
        super().on_invalid_task(body, message, exc)
