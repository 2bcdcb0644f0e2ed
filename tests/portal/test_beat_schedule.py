"""Celery beat: every periodic entry names a task the worker knows, and the sweeps that keep
work from being lost (issue #6: unrendered decisions, unacknowledged orders) are scheduled."""

from __future__ import annotations

from django.conf import settings

from portal.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()  # what a worker does at start: autodiscover tasks.py
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        assert entry["schedule"] > 0, name


def test_the_sweeps_of_decisions_and_payments_run_every_few_minutes():
    by_task = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert by_task["claims.tasks.decisions_sweep"] <= 5 * 60
    assert by_task["claims.tasks.payments_sweep"] <= 5 * 60
    assert by_task["claims.tasks.batch_approval_sweep"] <= 5 * 60
