"""The store's new-job sweep as a Celery task (beat, daily; queue bulk): a thin wrapper over
claims.period.detection, registered by an explicit stable name."""

from __future__ import annotations

from celery import shared_task

from claims.period.detection import new_jobs_detect


@shared_task(name="claims.tasks.period_new_jobs_detect")
def period_new_jobs_detect() -> dict[str, int]:
    """Look every active benefit period up in the social-security store; flag and propose the
    end of those with a new insured job (idempotent: a claim acted on is not looked at again)."""
    result = new_jobs_detect()
    return {"looked_at": result.looked_at, "found": result.found, "errors": result.errors}
