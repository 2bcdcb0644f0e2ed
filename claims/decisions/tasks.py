"""Celery tasks for decisions: thin wrappers over claims.decisions.services (stable names,
collected by claims.tasks where Celery finds them)."""

from __future__ import annotations

from celery import shared_task

from claims.decisions.services import decision_issue, decisions_lost, decisions_missing_create


@shared_task(name="claims.tasks.decision_render", acks_late=True)
def decision_render(decision_id: int) -> str:
    """Render, sign and store one decision; returns its state (idempotent)."""
    return decision_issue(decision_id=decision_id).state


@shared_task(name="claims.tasks.decisions_sweep")
def decisions_sweep() -> int:
    """Periodic: create missing decision rows and queue every decision no worker holds."""
    decisions_missing_create()
    lost = decisions_lost()
    for decision_id in lost:
        decision_render.delay(decision_id)
    return len(lost)
