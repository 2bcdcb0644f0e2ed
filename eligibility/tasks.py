"""Celery tasks for eligibility: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def whatif_run(run_id: int) -> str:
    """Run (or resume) one what-if analysis; returns its final status."""
    from eligibility.whatif import whatif_execute

    return whatif_execute(run_id=run_id).status
