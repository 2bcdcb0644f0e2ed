"""Celery tasks of the what-if analysis: thin wrappers over claims.whatif.services.

Their registered names are the ones they had when they lived in eligibility/tasks.py: a name is
what the broker's messages and the beat schedule carry, so it stays when the code moves.
"""

from __future__ import annotations

from celery import shared_task

from claims.whatif.services import whatif_execute, whatif_runs_lost
from common.tasks import task_send

RUN_TASK = "eligibility.tasks.whatif_run"


@shared_task(name=RUN_TASK, acks_late=True)
def whatif_run(run_id: int) -> str:
    """Run (or resume) one what-if analysis; returns its final status."""
    return whatif_execute(run_id=run_id).status


@shared_task(name="eligibility.tasks.whatif_sweep")
def whatif_sweep() -> int:
    """Periodic: hand every lost what-if run to a worker again; returns how many."""
    lost = whatif_runs_lost()
    for run_id in lost:
        task_send(RUN_TASK, run_id)
    return len(lost)
