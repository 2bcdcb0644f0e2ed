"""Celery tasks of the fast track: thin wrappers over claims.review.fasttrack.

Registered names are stable ("claims.tasks.…", as before the packages): messages already queued
and the beat schedule keep finding them. Services schedule them with common.tasks.
"""

from __future__ import annotations

from celery import shared_task

from claims.review.fasttrack import batch_run, batch_runs_lost


@shared_task(name="claims.tasks.batch_approval_run", acks_late=True)
def batch_approval_run(batch_id: int) -> str:
    """Run (or resume) one fast-track batch approval; returns its status."""
    return batch_run(batch_id=batch_id).status


@shared_task(name="claims.tasks.batch_approval_sweep")
def batch_approval_sweep() -> int:
    """Periodic: hand every lost batch approval to a worker again; returns how many."""
    lost = batch_runs_lost()
    for batch_id in lost:
        batch_approval_run.delay(batch_id)
    return len(lost)
