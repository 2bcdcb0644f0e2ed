"""The center dashboard from the summaries: the same figures as before on the same known set
(backlog by status, breaches, median and 90th percentile of the last year)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.core.transitions import Status
from stats.center import center_dashboard
from stats.refresh import summaries_refresh
from tests.factories import CenterFactory
from tests.claims.queue.test_queue import TODAY, claim

pytestmark = pytest.mark.django_db(databases="__all__")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _tuesday():
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=TZ), tick=False):
        yield


def decided(center, days: float, *, due_offset: int = 0):
    submitted = datetime(2026, 2, 1, 8, 0, tzinfo=TZ)
    decided_at = submitted + timedelta(days=days)
    return claim(
        center,
        status=Status.DECISION_ISSUED,
        decided_at=decided_at,
        due=decided_at.date() + timedelta(days=due_offset),
        submitted_at=submitted,
    )


def test_dashboard_figures_on_a_known_set():
    center, other = CenterFactory(province_code="24"), CenterFactory(province_code="01")
    claim(center, due=TODAY - timedelta(days=1))  # open, overdue
    claim(center, status=Status.IN_REVIEW, due=TODAY)  # open, due today
    claim(center, status=Status.PROPOSED, due=TODAY + timedelta(days=30))
    claim(center, status=Status.DRAFT, due=None, submitted_at=None)  # never counted
    for days in (1, 2, 3, 4, 10):
        decided(center, days)
    decided(center, 6, due_offset=-2)  # decided two days after its deadline
    claim(other, due=TODAY - timedelta(days=9))  # another center: not counted
    decided(other, 100)
    summaries_refresh(today=TODAY)

    d = center_dashboard(center=center, today=TODAY)
    assert {row.status: row.count for row in d.backlog} == {
        Status.SUBMITTED: 1,
        Status.IN_REVIEW: 1,
        Status.PROPOSED: 1,
        Status.DECISION_ISSUED: 6,
    }
    assert d.open_total == 3
    assert d.open_overdue == 1
    assert d.due_soon == 1
    assert d.decided_count == 6
    assert d.decided_late == 1
    assert d.median_days == pytest.approx(3.5)  # 1 2 3 4 6 10
    assert d.p90_days == pytest.approx(8.0)  # 6 + (10 - 6) * 0.5
    assert d.refreshed_at is not None


def test_dashboard_of_an_empty_center():
    d = center_dashboard(center=CenterFactory(province_code="24"), today=TODAY)
    assert d.median_days is None and d.backlog == [] and d.open_total == 0
    assert d.window_start == date(2025, 3, 10)
