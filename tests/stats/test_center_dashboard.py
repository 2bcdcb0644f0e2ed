"""The center dashboard from the summaries: the same figures as before on the same known set
(backlog by status, breaches, median and 90th percentile of the last year)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from claims.core.transitions import Status
from stats.center import center_dashboard
from stats.refresh import summaries_refresh
from tests.claims.queue.test_queue import TODAY, claim, client_for, staff_with_mfa
from tests.factories import CenterFactory, CitizenFactory

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


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dashboard_page_renders_figures_from_the_summaries(lang):
    center = CenterFactory(province_code="24")
    officer = staff_with_mfa(center=center)
    claim(center, due=TODAY - timedelta(days=1))
    decided(center, 2)
    summaries_refresh(today=TODAY)
    response = client_for(officer, lang).get(reverse("staff:dashboard"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "stats/center_dashboard.html"
    html = response.content.decode()
    assert response.context["d"].open_overdue == 1
    assert ("2,0" in html) or ("2.0" in html)
    assert reverse("staff:queue") + "?qua_han=on" in html
    assert 'id="refreshed"' in html


def test_only_the_centers_staff_reach_the_dashboard():
    center = CenterFactory(province_code="24")
    assert client_for(CitizenFactory()).get(reverse("staff:dashboard")).status_code == 403
    analyst_user = staff_with_mfa(role="analyst", center=None)
    assert client_for(analyst_user).get(reverse("staff:dashboard")).status_code == 403
    signer = staff_with_mfa(center=center, role="signer")
    assert client_for(signer).get(reverse("staff:dashboard")).status_code == 200
