"""The beat task: scheduled every few minutes on the bulk queue, idempotent."""

from __future__ import annotations

import pytest
from django.conf import settings

from stats.models import RefreshState, Summary
from stats.tasks import summaries_refresh_task
from tests.stats.support import claim

pytestmark = pytest.mark.django_db(databases="__all__")


def test_beat_runs_the_refresh_every_few_minutes_on_the_bulk_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["stats-summaries-refresh"]
    assert entry["task"] == summaries_refresh_task.name == "stats.tasks.summaries_refresh"
    assert entry["schedule"] <= 5 * 60
    assert entry["options"]["queue"] == "bulk"
    assert summaries_refresh_task.queue == "bulk"


def test_running_the_task_twice_gives_the_same_rows():
    claim(status="submitted")
    summaries_refresh_task.delay()
    first = sorted(
        Summary.objects.values_list("dimension", "value", "province_code", "sex", "filed")
    )
    summaries_refresh_task.delay()
    second = sorted(
        Summary.objects.values_list("dimension", "value", "province_code", "sex", "filed")
    )
    assert first == second and first
    assert RefreshState.objects.get(pk=1).refreshed_at is not None
