"""Celery tasks of the benefit period: thin wrappers over claims.period.services (registered by
explicit name; routed to the bulk queue, portal.celery.BULK_TASKS)."""

from __future__ import annotations

from celery import shared_task

from claims.period import services


@shared_task(name="claims.tasks.period_windows_close")
def period_windows_close() -> dict[str, int]:
    """Daily (beat): judge the notification windows that closed (suspend, end after three)."""
    result = services.windows_close()
    return {"suspended": result.suspended, "kept": result.kept, "ended": result.ended}


@shared_task(name="claims.tasks.period_sweep")
def period_sweep() -> dict[str, int]:
    """Periodic (beat): months not laid out, installments not linked, windows not judged, paid
    months not marked, ended periods without their reserved months (idempotent)."""
    return services.period_sweep()


@shared_task(name="claims.tasks.period_lay_out")
def period_lay_out(claim_id: int) -> int:
    """Lay out one approved claim's months (idempotent)."""
    return len(services.period_lay_out(claim_id=claim_id))


@shared_task(name="claims.tasks.period_transition_hooks")
def period_transition_hooks(claim_ids: list[int], from_status: str, to_status: str) -> int:
    """The side effects (on_transition hooks) of a bulk state change, a chunk of claims."""
    return services.transition_hooks_run(claim_ids, from_status, to_status)


@shared_task(name="claims.tasks.period_decisions")
def period_decisions(claim_ids: list[int]) -> int:
    """The decisions the monthly cycle's suspensions and ends call for (idempotent)."""
    return services.period_decisions_issue(claim_ids=claim_ids)
