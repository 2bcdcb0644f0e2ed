"""Celery tasks of enrolments and their money: thin wrappers over training.enrolment.services
and .payments (stable names `training.tasks.*`, gathered by training/tasks.py)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from training.enrolment import payments, services


@shared_task(bind=True, acks_late=True, max_retries=None, name="training.tasks.enrolment_push")
def enrolment_push(self: Any, enrolment_id: int) -> str:
    """Push one enrolment to its institution; retried with backoff until acknowledged (the
    sweep takes over if this message is lost)."""
    result = services.enrolment_push(enrolment_id=enrolment_id)
    if result.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=result.retry_in)
    return result.outcome


@shared_task(bind=True, acks_late=True, max_retries=None, name="training.tasks.training_order_send")
def training_order_send(self: Any, order_id: int) -> str:
    """Send one training payment order to the settlement office (same key on every retry)."""
    retry_in = payments.training_order_send(order_id=order_id)
    if retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=retry_in)
    return "retry" if retry_in is not None else "done"


@shared_task(name="training.tasks.enrolments_sweep")
def enrolments_sweep() -> dict[str, int]:
    """Periodic: pushes not acknowledged, attended months without orders, orders lost."""
    return services.enrolments_sweep()
