"""The center dashboard: backlog by status, breaches, median and 90th percentile on a known set."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from claims.core.transitions import Status
from claims.queue.dashboard import center_dashboard, percentile
from tests.claims.queue.test_queue import TODAY, claim, client_for, staff_with_mfa
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _tuesday():
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=TZ), tick=False):
        yield


def test_percentile_interpolates_between_ranks():
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([float(x) for x in range(1, 11)], 0.9) == pytest.approx(9.1)
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([7.0, 1.0, 3.0], 0.5) == 3.0  # at 0.5 it is the median, odd count too


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
    claim(center, status=Status.DRAFT, due=None)  # never counted
    for days in (1, 2, 3, 4, 10):
        decided(center, days)
    decided(center, 6, due_offset=-2)  # decided two days after its deadline
    claim(other, due=TODAY - timedelta(days=9))  # another center: not counted
    decided(other, 100)

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


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dashboard_page_renders_figures(lang):
    center = CenterFactory(province_code="24")
    officer = staff_with_mfa(center=center)
    claim(center, due=TODAY - timedelta(days=1))
    decided(center, 2)
    response = client_for(officer, lang).get(reverse("staff:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["d"].open_overdue == 1
    assert ("2,0" in html) or ("2.0" in html)
    assert reverse("staff:queue") + "?qua_han=on" in html


def test_dashboard_of_an_empty_center():
    officer = staff_with_mfa(center=CenterFactory(province_code="24"))
    response = client_for(officer).get(reverse("staff:dashboard"))
    assert response.status_code == 200
    assert response.context["d"].median_days is None
    assert date(2025, 3, 10) == response.context["d"].window_start
