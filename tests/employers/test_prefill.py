"""employers.prefill: a confirmed notice becomes one prefilled, confirmed draft per worker."""
# ruff: noqa: F811 - pytest fixtures imported from tests.claims.prefill.support

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.core.transitions import Status
from claims.models import Claim, ClaimEvent, EmployerReport, Notification, SignedExtract
from claims.prefill import services as prefill
from claims.sms import outbox
from employers.models import LayoffNotice
from employers.prefill import notice_prefill
from identity.models import User
from tests.claims.prefill.support import (  # noqa: F401 - fixtures
    LAST_DAY,
    WORKERS,
    notice,
    notice_make,
    signing_registry,
    worker_record,
)
from tests.factories import CitizenFactory, ClaimFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


@pytest.fixture(autouse=True)
def _notice_day():
    with time_machine.travel(datetime(2026, 1, 28, 10, 0, tzinfo=HANOI), tick=False):
        yield


def test_each_listed_worker_gets_a_prefilled_draft_with_a_confirmed_extract(notice):
    summary = notice_prefill(notice_id=notice.pk)
    assert (summary.reported, summary.drafts, summary.confirmed, summary.refused) == (3, 3, 3, {})
    report = EmployerReport.objects.get(personal_id=WORKERS[0][0])
    claim = report.claim
    assert claim.status == Status.DRAFT and claim.citizen.personal_id == WORKERS[0][0]
    assert claim.citizen.full_name == "Nguyễn Thị Lan" and not claim.citizen.has_usable_password()
    job = claim.answers["job"]
    assert (
        job["termination_date"] == "2026-02-27" and job["termination_reason"] == "business_closure"
    )
    assert job["employer_tax_code"] == "2300987654" and job["contract_type"] == "indefinite"
    assert claim.answers["center"] == {"province_code": "24"} and claim.center == notice.center
    # The worker still answers payment, contact, documents? no: the notice proves the end.
    assert claim.draft_step == "payment"
    # The estimate is the calculator's: six years of UI at 6.5-7M dong.
    assert report.estimate_eligible and report.estimate_monthly_benefit > 3_000_000
    assert report.estimate_duration_months >= 3
    confirmation = prefill.confirmation_for(claim)
    assert confirmation.confirmed and confirmation.ui_paid_months == 73
    assert ClaimEvent.objects.filter(claim=claim, kind="prefilled_from_notice").count() == 1


def test_each_worker_is_told_in_the_inbox(notice):
    notice_prefill(notice_id=notice.pk)
    notes = Notification.objects.filter(kind="claim_prefilled")
    assert notes.count() == 3
    note = notes.get(user__personal_id=WORKERS[1][0])
    report = EmployerReport.objects.get(personal_id=WORKERS[1][0])
    assert note.params["path"] == prefill.prefill_page(report)
    assert note.params["date"] == "27/02/2026"
    assert report.notified_at is not None


def test_a_worker_whose_phone_is_known_gets_an_sms(notice, django_capture_on_commit_callbacks):
    User.objects.create_user(
        username="known", role="citizen", personal_id=WORKERS[2][0], phone="0912345003"
    )
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice_prefill(notice_id=notice.pk)
    assert [m.to for m in outbox] == ["+84912345003"]
    assert "Hanwoo" in outbox[0].text and "27/02/2026" in outbox[0].text


def test_a_second_run_adds_nothing_and_later_rows_are_added(notice, signing_registry):
    notice_prefill(notice_id=notice.pk)
    again = notice_prefill(notice_id=notice.pk)
    assert (again.reported, again.already) == (0, 3)
    assert Claim.objects.count() == 3 and Notification.objects.count() == 3
    signing_registry.records["079190000104"] = worker_record("079190000104")
    notice.workers.create(
        personal_id="079190000104",
        full_name="Phạm Văn Tú",
        termination_date=LAST_DAY,
        reason_code="business_closure",
        last_salary=6_500_000,
        row_number=4,
    )
    later = notice_prefill(notice_id=notice.pk)
    assert (later.reported, later.already) == (1, 3)
    assert EmployerReport.objects.count() == 4


def test_a_tampered_extract_is_refused_and_not_kept(notice, signing_registry):
    signing_registry.tamper = {WORKERS[0][0]}
    summary = notice_prefill(notice_id=notice.pk)
    assert summary.refused == {WORKERS[0][0]: "bad_signature"} and summary.confirmed == 2
    report = EmployerReport.objects.get(personal_id=WORKERS[0][0])
    assert report.extract is None and prefill.confirmation_for(report.claim) is None
    assert SignedExtract.objects.filter(personal_id=WORKERS[0][0]).count() == 0


def test_a_kept_extract_changed_afterwards_is_shown_as_not_confirmed(notice):
    notice_prefill(notice_id=notice.pk)
    report = EmployerReport.objects.get(personal_id=WORKERS[0][0])
    kept = report.extract
    SignedExtract.objects.filter(pk=kept.pk).update(
        payload=kept.payload.replace('"insured_salary":7000000', '"insured_salary":7000001', 1)
    )
    confirmation = prefill.confirmation_for(Claim.objects.get(pk=report.claim_id))
    assert not confirmation.confirmed and confirmation.problem == "bad_signature"


def test_the_setting_switches_the_confirmation_off(notice, settings):
    settings.SOCIAL_SECURITY_SIGNED_EXTRACTS = False
    summary = notice_prefill(notice_id=notice.pk)
    assert (summary.reported, summary.confirmed) == (3, 0)
    assert SignedExtract.objects.count() == 0
    claim = EmployerReport.objects.first().claim
    assert prefill.confirmation_for(claim) is None


def test_an_unconfirmed_notice_prefills_nothing(notice):
    LayoffNotice.objects.filter(pk=notice.pk).update(status=LayoffNotice.Status.DRAFT)
    assert notice_prefill(notice_id=notice.pk).reported == 0
    assert Claim.objects.count() == 0


def test_a_claim_already_filed_for_the_termination_is_linked_not_doubled(notice):
    """One claim per termination (ADR 0012): the prefill never makes a second one."""
    citizen = CitizenFactory(personal_id=WORKERS[0][0])
    filed = ClaimFactory(
        citizen=citizen,
        center=notice.center,
        status=Status.SUBMITTED,
        reference="TCTN-2026-000001",
        employer_tax_code="2300987654",
        termination_date=LAST_DAY,
    )
    summary = notice_prefill(notice_id=notice.pk)
    assert summary.linked == 1 and summary.drafts == 2
    assert EmployerReport.objects.get(personal_id=WORKERS[0][0]).claim == filed
    assert Claim.objects.filter(citizen=citizen).count() == 1


def test_a_draft_the_worker_had_started_is_adopted_keeping_their_answers(notice):
    citizen = CitizenFactory(personal_id=WORKERS[1][0])
    own = ClaimFactory(
        citizen=citizen,
        center=None,
        answers={"contact": {"phone": "0987654321", "email": ""}},
    )
    summary = notice_prefill(notice_id=notice.pk)
    assert summary.linked == 1
    own.refresh_from_db()
    assert own.answers["contact"]["phone"] == "0987654321"
    assert own.answers["job"]["termination_reason"] == "business_closure"
    assert own.center == notice.center
    assert Claim.objects.filter(citizen=citizen).count() == 1
