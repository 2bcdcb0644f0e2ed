"""Thin Celery tasks of employers: load by id, call the service."""

from __future__ import annotations

from celery import shared_task

from employers import services


@shared_task(name="employers.tasks.draft_check")
def draft_check(draft_id: int) -> None:
    services.draft_check(draft_id=draft_id)
