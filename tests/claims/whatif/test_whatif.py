"""What-if analysis of a draft rule set: the comparison, the task's progress, the admin pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from claims.whatif import services as whatif
from claims.whatif.services import WhatIfError, whatif_compare, whatif_execute, whatif_request
from eligibility.models import RuleSet
from eligibility.whatif_models import WhatIfRun
from identity.models import User
from tests.eligibility.assessment_builders import (
    BAKERY,
    FAKE_REGISTRY_PATH,
    GARMENT,
    FakeRegistry,
    garment_worker,
    months,
    record,
    spell,
)
from tests.eligibility.rules_factories import RuleSetFactory, StaffUserFactory
from tests.factories import CitizenFactory, ClaimFactory

pytestmark = pytest.mark.django_db

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
GARMENT_ID, CAPPED_ID, SHORT_ID, UNKNOWN_ID = (
    "100000000001",
    "100000000002",
    "100000000003",
    "100000000009",
)


@pytest.fixture
def people(settings):
    """Three people in the (fake) registry; the fourth claimant has no record."""
    settings.SOCIAL_SECURITY_REGISTRY = FAKE_REGISTRY_PATH
    previous = FakeRegistry.records
    FakeRegistry.records = {
        GARMENT_ID: garment_worker(personal_id=GARMENT_ID),
        # RULES.md example 2: capped at 5 x 5,310,000 whatever the rate.
        CAPPED_ID: record(
            personal_id=CAPPED_ID,
            spells=(
                spell(
                    BAKERY, date(2014, 1, 1), date(2026, 4, 30), "contract_expired", "fixed_term"
                ),
            ),
            contributions=months(date(2014, 1, 1), 148, BAKERY, 60_000_000),
        ),
        # 14 months, all in the window: eligible with 12 required, not with 18.
        SHORT_ID: record(
            personal_id=SHORT_ID,
            spells=(spell(GARMENT, date(2025, 1, 2), date(2026, 2, 27)),),
            contributions=months(date(2025, 1, 1), 14, GARMENT, 6_000_000),
        ),
    }
    yield
    FakeRegistry.records = previous


def _claim(personal_id: str, termination: date, filed: date, status: str = "submitted", **kwargs):
    citizen = User.objects.filter(personal_id=personal_id).first() or CitizenFactory(
        personal_id=personal_id
    )
    return ClaimFactory(
        citizen=citizen,
        status=status,
        termination_date=termination,
        dossier_complete_on=filed,
        **kwargs,
    )


@pytest.fixture
def claims(people):
    return [
        _claim(GARMENT_ID, date(2026, 2, 27), date(2026, 3, 2), reference="TCTN-2026-000001"),
        _claim(CAPPED_ID, date(2026, 4, 30), date(2026, 5, 5), contract_type="fixed_term"),
        _claim(SHORT_ID, date(2026, 2, 27), date(2026, 3, 2)),
        _claim(UNKNOWN_ID, date(2026, 3, 31), date(2026, 4, 2)),
    ]


@pytest.fixture
def excluded_claims(people):
    """A draft, a withdrawn claim and one outside the period: never compared."""
    return [
        _claim("100000000011", date(2026, 2, 27), date(2026, 3, 2), status="draft"),
        _claim("100000000012", date(2026, 2, 27), date(2026, 3, 2), status="withdrawn"),
        _claim(GARMENT_ID, date(2025, 12, 31), date(2026, 1, 5)),
    ]


def _draft(**changes) -> RuleSet:
    return RuleSetFactory(**{"valid_from": date(2026, 1, 1), **changes})


def test_a_higher_replacement_rate_raises_the_amounts_below_the_cap(claims):
    summary, affected = whatif_compare(
        claims=claims, draft=_draft(replacement_rate=Decimal("0.700")), records=FakeRegistry.records
    )
    assert summary == {
        "compared": 3,
        "unchanged": 1,
        "changed": 2,
        "became_ineligible": 0,
        "became_eligible": 0,
        "eligible_before": 3,
        "eligible_after": 3,
        "monthly_before": 4_200_000 + 26_550_000 + 3_600_000,
        "monthly_after": 4_900_000 + 26_550_000 + 4_200_000,
        "cost_before": 6 * 4_200_000 + 12 * 26_550_000 + 3 * 3_600_000,
        "cost_after": 6 * 4_900_000 + 12 * 26_550_000 + 3 * 4_200_000,
        "not_assessable": 1,
    }
    assert [(row["claim_id"], row["monthly_before"], row["monthly_after"]) for row in affected] == [
        (claims[0].pk, 4_200_000, 4_900_000),
        (claims[2].pk, 3_600_000, 4_200_000),
    ]
    assert affected[0]["reference"] == "TCTN-2026-000001"


def test_more_required_months_makes_the_short_history_ineligible(claims):
    summary, affected = whatif_compare(
        claims=claims, draft=_draft(min_contribution_months=18), records=FakeRegistry.records
    )
    assert (summary["became_ineligible"], summary["became_eligible"], summary["changed"]) == (
        1,
        0,
        1,
    )
    assert summary["monthly_after"] == summary["monthly_before"] - 3_600_000
    assert summary["cost_after"] == summary["cost_before"] - 3 * 3_600_000
    (row,) = affected
    assert (row["claim_id"], row["eligible_before"], row["eligible_after"]) == (
        claims[2].pk,
        True,
        False,
    )
    assert (row["months_before"], row["months_after"], row["cost_after"]) == (3, 0, 0)


def test_fewer_required_months_makes_a_claim_eligible(people):
    person = record(
        personal_id="100000000004",
        spells=(spell(GARMENT, date(2025, 3, 2), date(2026, 2, 27)),),
        contributions=months(date(2025, 3, 1), 10, GARMENT, 6_000_000),
    )
    FakeRegistry.records[person.personal_id] = person
    claim = _claim(person.personal_id, date(2026, 2, 27), date(2026, 3, 2))
    summary, (row,) = whatif_compare(
        claims=[claim], draft=_draft(min_contribution_months=10), records=FakeRegistry.records
    )
    assert (summary["became_eligible"], row["eligible_after"], row["monthly_after"]) == (
        1,
        True,
        3_600_000,
    )


def test_a_draft_from_a_later_date_changes_nothing_before_it(claims):
    summary, affected = whatif_compare(
        claims=claims,
        draft=_draft(valid_from=date(2027, 1, 1), replacement_rate=Decimal("0.900")),
        records=FakeRegistry.records,
    )
    assert (summary["changed"], summary["unchanged"], affected) == (0, 3, [])


def test_a_run_compares_the_period_and_keeps_its_totals(
    claims, excluded_claims, django_capture_on_commit_callbacks
):
    admin = StaffUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        run = whatif_request(
            draft=_draft(replacement_rate=Decimal("0.700")),
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            requested_by=admin,
        )
    run.refresh_from_db()
    assert run.status == WhatIfRun.Status.DONE
    assert (run.done, run.total, run.percent) == (4, 4, 100)
    assert run.results["summary"]["changed"] == 2
    assert run.results["affected_count"] == 2
    assert run.started_at and run.finished_at and run.requested_by == admin


def test_the_task_saves_progress_after_each_chunk(claims, monkeypatch):
    run = WhatIfRun.objects.create(
        draft=_draft(), period_start=PERIOD[0], period_end=PERIOD[1], total=4
    )
    seen = []
    real = whatif.whatif_compare

    def spy(**kwargs):
        seen.append(WhatIfRun.objects.get(pk=run.pk).done)
        return real(**kwargs)

    monkeypatch.setattr(whatif, "whatif_compare", spy)
    whatif_execute(run_id=run.pk, chunk_size=1)
    assert seen == [0, 1, 2, 3]
    run.refresh_from_db()
    assert (run.status, run.done) == (WhatIfRun.Status.DONE, 4)


def test_a_finished_run_is_not_run_again(claims, monkeypatch):
    run = WhatIfRun.objects.create(draft=_draft(), period_start=PERIOD[0], period_end=PERIOD[1])
    whatif_execute(run_id=run.pk)
    run.refresh_from_db()
    results = run.results
    monkeypatch.setattr(whatif, "whatif_compare", lambda **kwargs: pytest.fail("compared again"))
    assert whatif_execute(run_id=run.pk).results == results


def test_an_interrupted_run_resumes_after_its_cursor(claims, monkeypatch):
    run = WhatIfRun.objects.create(
        draft=_draft(), period_start=PERIOD[0], period_end=PERIOD[1], total=4
    )
    calls = []
    real = whatif.whatif_compare

    def fail_on_second_chunk(**kwargs):
        calls.append([c.pk for c in kwargs["claims"]])
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real(**kwargs)

    monkeypatch.setattr(whatif, "whatif_compare", fail_on_second_chunk)
    whatif_execute(run_id=run.pk, chunk_size=2)
    run.refresh_from_db()
    assert (run.status, run.done, run.error) == (WhatIfRun.Status.FAILED, 2, "worker lost")
    # A run left "running" (its worker died) is resumed after the last saved claim.
    WhatIfRun.objects.filter(pk=run.pk).update(status=WhatIfRun.Status.RUNNING)
    monkeypatch.setattr(whatif, "whatif_compare", real)
    run = whatif_execute(run_id=run.pk, chunk_size=2)
    assert (run.status, run.done, run.results["summary"]["compared"]) == (
        WhatIfRun.Status.DONE,
        4,
        3,
    )


def test_only_a_draft_and_a_period_in_order_can_be_analysed(people):
    admin = StaffUserFactory()
    published = RuleSet.objects.get(identifier="luat-viec-lam-2025")
    with pytest.raises(WhatIfError):
        whatif_request(
            draft=published, period_start=PERIOD[0], period_end=PERIOD[1], requested_by=admin
        )
    with pytest.raises(WhatIfError):
        whatif_request(
            draft=_draft(), period_start=PERIOD[1], period_end=PERIOD[0], requested_by=admin
        )
    assert not WhatIfRun.objects.exists()


# --- The admin pages ------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(StaffUserFactory())
    return client


def test_an_administrator_starts_a_run_and_reads_the_results(
    admin_client, claims, django_capture_on_commit_callbacks
):
    draft = _draft(replacement_rate=Decimal("0.700"))
    change_page = admin_client.get(reverse("admin:eligibility_ruleset_change", args=[draft.pk]))
    start_url = reverse("admin:eligibility_ruleset_whatif", args=[draft.pk])
    assert start_url in change_page.content.decode()
    page = admin_client.get(start_url)
    assert page.status_code == 200
    assert 'type="date"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            start_url, {"period_start": "2026-01-01", "period_end": "2026-12-31"}
        )
    run = WhatIfRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:eligibility_ruleset_whatif_run", args=[draft.pk, run.pk]
    )
    html = admin_client.get(response["Location"]).content.decode()
    assert "TCTN-2026-000001" in html
    assert "4.200.000\u00a0₫ → 4.900.000\u00a0₫" in html
    assert "<progress" not in html  # finished: the summary, not the bar
    status = admin_client.get(
        reverse("admin:eligibility_ruleset_whatif_status", args=[draft.pk, run.pk])
    ).json()
    assert status == {
        "id": run.pk,
        "status": "done",
        "status_label": "đã xong",
        "done": 4,
        "total": 4,
        "percent": 100,
        "finished": True,
        "time_left": "",
    }


def test_a_queued_run_shows_an_accessible_progress_bar_and_a_refresh_link(admin_client):
    draft = _draft()
    run = WhatIfRun.objects.create(
        draft=draft, period_start=PERIOD[0], period_end=PERIOD[1], done=1, total=4
    )
    html = admin_client.get(
        reverse("admin:eligibility_ruleset_whatif_run", args=[draft.pk, run.pk])
    ).content.decode()
    assert '<label for="whatif-bar">' in html
    assert '<progress id="whatif-bar" max="4" value="1">25%</progress>' in html
    assert 'id="whatif-refresh"' in html
    assert "js/whatif.js" in html


def test_bad_dates_are_refused_with_a_message_and_start_nothing(admin_client):
    draft = _draft()
    url = reverse("admin:eligibility_ruleset_whatif", args=[draft.pk])
    response = admin_client.post(url, {"period_start": "2026-12-31", "period_end": "2026-01-01"})
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()
    response = admin_client.post(url, {"period_start": "not a date", "period_end": ""})
    assert response.status_code == 200
    assert not WhatIfRun.objects.exists()


def test_a_published_rule_set_cannot_be_analysed(admin_client):
    published = RuleSet.objects.get(identifier="luat-viec-lam-2025")
    url = reverse("admin:eligibility_ruleset_whatif", args=[published.pk])
    response = admin_client.post(url, {"period_start": "2026-01-01", "period_end": "2026-12-31"})
    assert response.status_code == 200
    assert not WhatIfRun.objects.exists()


@pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.SIGNER])
def test_center_staff_cannot_reach_the_what_if_pages(client, role):
    draft = _draft()
    run = WhatIfRun.objects.create(draft=draft, period_start=PERIOD[0], period_end=PERIOD[1])
    client.force_login(StaffUserFactory(role=role, is_superuser=False))
    for url in (
        reverse("admin:eligibility_ruleset_whatif", args=[draft.pk]),
        reverse("admin:eligibility_ruleset_whatif_run", args=[draft.pk, run.pk]),
        reverse("admin:eligibility_ruleset_whatif_status", args=[draft.pk, run.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"whatif-bar" not in response.content


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    draft = _draft()
    response = client.get(reverse("admin:eligibility_ruleset_whatif", args=[draft.pk]))
    assert response.status_code == 302


def test_a_redelivered_task_leaves_a_run_another_worker_holds(claims, monkeypatch):
    from django.utils import timezone

    run = WhatIfRun.objects.create(
        draft=_draft(),
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        status=WhatIfRun.Status.RUNNING,
        lease_until=timezone.now() + whatif.LEASE,
    )
    monkeypatch.setattr(whatif, "whatif_compare", lambda **kwargs: pytest.fail("compared twice"))
    assert whatif_execute(run_id=run.pk).status == WhatIfRun.Status.RUNNING


def test_the_sweep_resumes_lost_runs_only(claims):
    from datetime import timedelta

    from django.utils import timezone

    from claims.whatif.tasks import whatif_sweep

    now = timezone.now()
    draft = _draft()
    lost_queued = WhatIfRun.objects.create(
        draft=draft, period_start=PERIOD[0], period_end=PERIOD[1]
    )
    WhatIfRun.objects.filter(pk=lost_queued.pk).update(created_at=now - timedelta(minutes=5))
    lost_running = WhatIfRun.objects.create(
        draft=draft,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        status=WhatIfRun.Status.RUNNING,
        lease_until=now - timedelta(seconds=1),
    )
    held = WhatIfRun.objects.create(
        draft=draft,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        status=WhatIfRun.Status.RUNNING,
        lease_until=now + timedelta(minutes=5),
    )
    just_queued = WhatIfRun.objects.create(
        draft=draft, period_start=PERIOD[0], period_end=PERIOD[1]
    )
    assert whatif_sweep.delay().get() == 2  # Celery runs eagerly in tests
    statuses = dict(WhatIfRun.objects.values_list("pk", "status"))
    assert statuses[lost_queued.pk] == statuses[lost_running.pk] == WhatIfRun.Status.DONE
    assert statuses[held.pk] == WhatIfRun.Status.RUNNING
    assert statuses[just_queued.pk] == WhatIfRun.Status.QUEUED


def test_a_period_outside_the_drafts_validity_is_warned_before_anything_runs(
    admin_client, claims, django_capture_on_commit_callbacks
):
    draft = _draft(valid_from=date(2027, 1, 1), replacement_rate=Decimal("0.700"))
    url = reverse("admin:eligibility_ruleset_whatif", args=[draft.pk])
    period = {"period_start": "2026-01-01", "period_end": "2026-12-31"}
    response = admin_client.post(url, period)
    html = response.content.decode()
    assert response.status_code == 200 and not WhatIfRun.objects.exists()
    assert 'id="whatif-outside"' in html and "từ ngày 01/01/2027" in html
    assert 'name="van_chay" value="1"' in html
    # Run anyway: the result says why nothing changed instead of a bare "0 claims changed".
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {**period, "van_chay": "1"})
    run = WhatIfRun.objects.get()
    assert response.status_code == 302
    html = admin_client.get(response["Location"]).content.decode()
    assert run.results["summary"]["changed"] == 0
    assert 'id="whatif-outside"' in html
    assert "Bản nháp không làm thay đổi hồ sơ nào" not in html


def test_a_period_after_the_next_published_rule_set_is_outside_too(admin_client, claims):
    draft = _draft(valid_from=date(2026, 1, 1))
    RuleSetFactory(valid_from=date(2026, 6, 1), status=RuleSet.Status.PUBLISHED)
    url = reverse("admin:eligibility_ruleset_whatif", args=[draft.pk])
    html = admin_client.post(
        url, {"period_start": "2026-07-01", "period_end": "2026-12-31"}
    ).content.decode()
    assert 'id="whatif-outside"' in html and "đến ngày 31/05/2026" in html
    # A period that overlaps runs at once, without a warning.
    response = admin_client.post(url, {"period_start": "2026-03-01", "period_end": "2026-07-31"})
    assert response.status_code == 302 and WhatIfRun.objects.count() == 1


def test_a_running_run_refreshes_itself_and_estimates_the_time_left(admin_client):
    draft = _draft()
    started = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    run = WhatIfRun.objects.create(
        draft=draft,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        done=100,
        total=400,
        status=WhatIfRun.Status.RUNNING,
        started_at=started,
    )
    with time_machine.travel(started + timedelta(minutes=2), tick=False):
        html = admin_client.get(
            reverse("admin:eligibility_ruleset_whatif_run", args=[draft.pk, run.pk])
        ).content.decode()
        data = admin_client.get(
            reverse("admin:eligibility_ruleset_whatif_status", args=[draft.pk, run.pk])
        ).json()
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in html
    assert data["time_left"] == "còn khoảng 6 phút" and "còn khoảng 6 phút" in html
