"""Celery tasks of prefilled claims: thin wrappers over claims.prefill.sms."""

from __future__ import annotations

from celery import shared_task

from claims.prefill import sms


@shared_task(acks_late=True, name="claims.tasks.prefill_sms")
def prefill_sms(report_id: int) -> bool:
    """One report's SMS (never twice: the report remembers it was sent)."""
    return sms.prefill_sms_send(report_id=report_id)


@shared_task(name="claims.tasks.prefill_sms_sweep")
def prefill_sms_sweep() -> int:
    """Periodic (beat): queue again the SMS of recently notified reports that never went."""
    return sms.prefill_sms_sweep()
