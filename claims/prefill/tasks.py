"""Celery tasks of prefilled claims: thin wrappers over claims.prefill.services."""

from __future__ import annotations

from celery import shared_task

from claims.prefill.services import prefill_sms_send


@shared_task(acks_late=True, name="claims.tasks.prefill_sms")
def prefill_sms(report_id: int) -> bool:
    # The gateway drops a second message with the same reference: a redelivery sends nothing.
    return prefill_sms_send(report_id=report_id)
