"""Celery tasks of filing: thin wrappers over claims.filing.services (stable names)."""

from __future__ import annotations

from celery import shared_task

from claims.filing.services import drafts_expire as expire


@shared_task(name="claims.tasks.drafts_expire")
def drafts_expire() -> int:
    """Daily: remove drafts whose filing deadline has passed."""
    return expire()
