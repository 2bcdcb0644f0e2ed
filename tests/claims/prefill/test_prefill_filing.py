"""A prefilled claim in the worker's hands: it opens on the termination date, needs no upload,
the worker's disagreement with the employer reaches the officer, and the pages show who
confirmed what (issue #17)."""
# ruff: noqa: F811 - pytest fixtures imported from support

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from django.urls import reverse

import claims.filing.services as filing
from claims.core.exceptions import ClaimError
from claims.core.transitions import Status
from claims.models import Claim, ClaimFlag, EmployerReport, StaffAccessLog
from claims.prefill import services as prefill
from employers.prefill import notice_prefill
from identity.models import User
from tests.claims.prefill.support import (  # noqa: F401 - fixtures
    WORKERS,
    notice,
    signing_registry,
    worker_record,
)
from tests.factories import CenterFactory, StaffFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

PAYMENT = {
    "method": "bank",
    "bank_code": "VCB",
    "account_number": "0123456789",
    "account_holder": "NGUYEN THI LAN",
}
CONTACT = {"phone": "0912345001", "email": "lan@example.vn"}
DECLARATION = {"truthful": "on", "consent": "on"}


def at(day: int, month: int = 2, hour: int = 9, minute: int = 0):
    return time_machine.travel(datetime(2026, month, day, hour, minute, tzinfo=HANOI), tick=False)


@pytest.fixture
def worker(notice, signing_registry):
    """The first listed worker, prefilled on the notice day and back from VNeID (level 2)."""
    with at(28, month=1):
        notice_prefill(notice_id=notice.pk)
    pid = WORKERS[0][0]
    User.objects.filter(personal_id=pid).update(identity_level=2)
    # On the last day the store records the end of the contract.
    signing_registry.records[pid] = worker_record(pid, name=WORKERS[0][1], ended=True)
    return User.objects.get(personal_id=pid)


def complete(user: User, **job) -> Claim:
    claim = Claim.objects.get(citizen=user, status=Status.DRAFT)
    if job:
        data = {**claim.answers["job"], **job}
        filing.draft_save_step(claim_id=claim.pk, citizen=user, step="job", data=data)
    for step, data in (("payment", PAYMENT), ("contact", CONTACT), ("declaration", DECLARATION)):
        claim = filing.draft_save_step(claim_id=claim.pk, citizen=user, step=step, data=data)
    return claim


def client_for(user, lang: str = "vi") -> Client:
    c = Client(headers={"accept-language": lang})
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def officer(**kw):
    staff = StaffFactory(**kw)
    TOTP.activate(staff, generate_totp_secret())
    return staff


def test_the_claim_cannot_be_submitted_before_the_termination_date(worker):
    with at(26, hour=23, minute=59):
        claim = complete(worker)
        assert filing.next_step(claim) == "check"  # every step done, nothing uploaded
        with pytest.raises(ClaimError, match="27/02/2026"):
            filing.claim_submit(claim_id=claim.pk, citizen=worker)
    assert Claim.objects.get(pk=claim.pk).status == Status.DRAFT


def test_on_the_termination_date_the_worker_submits_it_themselves(
    worker, django_capture_on_commit_callbacks
):
    with at(27, hour=0, minute=1), django_capture_on_commit_callbacks(execute=True):
        claim = complete(worker)
        submitted = filing.claim_submit(claim_id=claim.pk, citizen=worker)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.reference
    assert submitted.termination_reason == "business_closure"
    event = submitted.events.get(to_status=Status.SUBMITTED)
    assert event.actor == worker  # the worker files and signs their own claim
    assert not submitted.flags.filter(code=prefill.DISPUTED_FLAG).exists()
    assert submitted.is_clean


def test_a_disagreement_with_the_employers_reason_is_kept_and_flagged(
    worker, django_capture_on_commit_callbacks
):
    with at(27, hour=10), django_capture_on_commit_callbacks(execute=True):
        claim = complete(
            worker,
            termination_reason="employer_dismissal",
            correction_reason="Công ty cho tôi nghỉ trước khi đóng cửa, không phải do đóng cửa.",
        )
        submitted = filing.claim_submit(claim_id=claim.pk, citizen=worker)
    submitted.refresh_from_db()
    assert submitted.termination_reason == "employer_dismissal"
    assert "không phải do đóng cửa" in submitted.correction_reason
    flag = submitted.flags.get(code=prefill.DISPUTED_FLAG)
    assert flag.severity == ClaimFlag.Severity.NEEDS_REVIEW
    assert not submitted.is_clean  # never through the fast track
    dispute = prefill.dispute_for(submitted)
    assert (dispute.employer_reason, dispute.worker_reason) == (
        "business_closure",
        "employer_dismissal",
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_officer_sees_the_disagreement_and_the_confirmation(
    worker, notice, lang, django_capture_on_commit_callbacks
):
    with at(27, hour=10):
        claim = complete(
            worker,
            termination_reason="employer_dismissal",
            correction_reason="Tôi bị cho nghỉ trước.",
        )
        with django_capture_on_commit_callbacks(execute=True):
            submitted = filing.claim_submit(claim_id=claim.pk, citizen=worker)
        page = client_for(officer(center=notice.center), lang).get(
            reverse("staff:claim", kwargs={"public_id": submitted.public_id})
        )
    text = page.content.decode()
    assert page.status_code == 200
    assert "data-dispute" in text and "Tôi bị cho nghỉ trước." in text
    flag_label = "differs from the employer" if lang == "en" else "khác với doanh nghiệp báo"
    assert flag_label in text
    assert "data-agency-confirmation" in text
    confirmed = (
        "Confirmed by the social-security agency on"
        if lang == "en"
        else ("Được cơ quan bảo hiểm xã hội xác nhận ngày")
    )
    assert confirmed in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_worker_sees_the_prefilled_claim_and_its_confirmation(worker, lang):
    report = EmployerReport.objects.get(personal_id=worker.personal_id)
    with at(10):
        before = client_for(worker, lang).get(prefill.prefill_page(report))
    text = before.content.decode()
    assert before.status_code == 200
    assert "Hanwoo Vina" in text and "27/02/2026" in text
    assert reverse("claims:counselling", kwargs={"report_id": report.pk}) in text
    assert "data-prefill-file" not in text  # not open yet
    with at(27):
        after = client_for(worker, lang).get(prefill.prefill_page(report)).content.decode()
    assert "data-prefill-file" in after
    assert "data-agency-confirmation" in after


def test_another_worker_cannot_open_someone_elses_report(worker):
    other = User.objects.get(personal_id=WORKERS[1][0])
    User.objects.filter(pk=other.pk).update(identity_level=2)
    report = EmployerReport.objects.get(personal_id=worker.personal_id)
    with at(10):
        response = client_for(User.objects.get(pk=other.pk)).get(prefill.prefill_page(report))
    assert response.status_code == 302 and "Hanwoo" not in response.content.decode()


def test_counselling_is_booked_before_the_last_day_and_the_center_sees_it(worker, notice):
    report = EmployerReport.objects.get(personal_id=worker.personal_id)
    url = reverse("claims:counselling", kwargs={"report_id": report.pk})
    with at(10):  # Tuesday 10 February 2026
        c = client_for(worker)
        bad = c.post(url, {"day": "2026-02-14", "slot": "morning"})  # a Saturday
        assert bad.status_code == 400 and report.bookings.count() == 0
        done = c.post(url, {"day": "2026-02-12", "slot": "afternoon"})
        assert done.status_code == 302
        twice = c.post(url, {"day": "2026-02-13", "slot": "morning"})
        assert twice.status_code == 409
    booking = report.bookings.get()
    assert (booking.center, str(booking.day), booking.slot) == (
        notice.center,
        "2026-02-12",
        "afternoon",
    )
    assert report.claim.events.filter(kind="counselling_booked").exists()
    with at(10):
        page = client_for(officer(center=notice.center)).get(reverse("staff:counselling_bookings"))
    assert page.status_code == 200 and WORKERS[0][1] in page.content.decode()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_center_sees_the_event_and_the_view_is_logged(worker, notice, lang):
    with at(27, hour=10):
        submitted = filing.claim_submit(claim_id=complete(worker).pk, citizen=worker)
        staff = officer(center=notice.center)
        c = client_for(staff, lang)
        listing = c.get(reverse("staff:layoff_events"))
        page = c.get(reverse("staff:layoff_event", kwargs={"notice_id": notice.pk}))
    assert listing.status_code == 200 and "Hanwoo Vina" in listing.content.decode()
    text = page.content.decode()
    assert page.status_code == 200 and submitted.reference in text
    assert StaffAccessLog.objects.filter(user=staff, page="layoff_event").count() == 1


def test_another_centers_staff_do_not_see_the_event(worker, notice):
    stranger = officer(center=CenterFactory(province_code="01"))
    with at(27, hour=10):
        c = client_for(stranger)
        page = c.get(reverse("staff:layoff_event", kwargs={"notice_id": notice.pk}))
        listing = c.get(reverse("staff:layoff_events"))
    assert page.status_code == 404
    assert "Hanwoo" not in listing.content.decode()
    assert not StaffAccessLog.objects.filter(user=stranger, page="layoff_event").exists()
