"""Celery tasks for claims: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30)
def notification_email(self, notification_id: int) -> bool:  # type: ignore[no-untyped-def]
    from claims.notifications import notification_email_send

    try:
        return notification_email_send(notification_id=notification_id)
    except OSError as exc:  # mail server unreachable: try again later, the row remembers
        raise self.retry(exc=exc) from exc


@shared_task
def drafts_expire() -> int:
    """Daily: remove drafts whose filing deadline has passed (claims.filing.drafts_expire)."""
    from claims.filing import drafts_expire as expire

    return expire()


@shared_task(acks_late=True)
def batch_approval_run(batch_id: int) -> str:
    """Run (or resume) one fast-track batch approval; returns its status (claims.fasttrack)."""
    from claims.fasttrack import batch_run

    return batch_run(batch_id=batch_id).status


@shared_task
def batch_approval_sweep() -> int:
    """Periodic: hand every lost batch approval to a worker again; returns how many."""
    from claims.fasttrack import batch_runs_lost

    lost = batch_runs_lost()
    for batch_id in lost:
        batch_approval_run.delay(batch_id)
    return len(lost)


from claims.decisions.tasks import decision_render, decisions_sweep  # noqa: E402, F401
from claims.payments.tasks import payment_order_send, payments_sweep  # noqa: E402, F401
