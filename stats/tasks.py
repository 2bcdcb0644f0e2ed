"""stats' Celery task: the beat rebuilds the summaries every few minutes (queue bulk)."""

from __future__ import annotations

from celery import shared_task

from stats.refresh import summaries_refresh

#: How often beat runs the refresh (seconds); the pages show the time of the last one.
REFRESH_EVERY = 5 * 60


@shared_task(name="stats.tasks.summaries_refresh", queue="bulk", ignore_result=True)
def summaries_refresh_task() -> int:
    """Idempotent: a run rebuilds every summary from the database; two runs queue."""
    return summaries_refresh().duration_ms
