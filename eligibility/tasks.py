"""Celery tasks for eligibility: thin wrappers that load by id and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def whatif_run(run_id: int) -> str:
    """Run (or resume) one what-if analysis; returns its final status."""
    from eligibility.whatif import whatif_execute

    return whatif_execute(run_id=run_id).status


@shared_task
def whatif_sweep() -> int:
    """Periodic: hand every lost what-if run to a worker again; returns how many."""
    from eligibility.whatif import whatif_runs_lost

    lost = whatif_runs_lost()
    for run_id in lost:
        whatif_run.delay(run_id)
    return len(lost)


@shared_task
def holiday_calendar_extend() -> list[int]:
    """Daily: add the coming years missing from the holiday calendar (provisional)."""
    from eligibility.holiday_calendar import calendar_extend

    return calendar_extend()
