"""Celery tasks of training support: thin wrappers over training.support.decisions (stable
names, gathered by training/tasks.py where Celery finds them)."""

from __future__ import annotations

from celery import shared_task

from training.support.decisions import decision_issue, decisions_lost


@shared_task(name="training.tasks.training_decision_render", acks_late=True)
def training_decision_render(decision_id: int) -> str:
    """Render, sign and store one training decision; returns its state (idempotent)."""
    return decision_issue(decision_id=decision_id).state


@shared_task(name="training.tasks.training_decisions_sweep")
def training_decisions_sweep() -> int:
    """Periodic: queue again every pending training decision no worker finished."""
    lost = decisions_lost()
    for decision_id in lost:
        training_decision_render.delay(decision_id)
    return len(lost)
