"""Thin Celery tasks of employers: load by id, call the service."""

from __future__ import annotations

from celery import shared_task

from employers import prefill, services


@shared_task(name="employers.tasks.draft_check")
def draft_check(draft_id: int) -> None:
    services.draft_check(draft_id=draft_id)


@shared_task(acks_late=True, name="employers.tasks.notice_prefill")
def notice_prefill(notice_id: int) -> None:
    # Idempotent (one report per notice and person): a redelivered message adds nothing.
    prefill.notice_prefill(notice_id=notice_id)
