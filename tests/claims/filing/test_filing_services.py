"""The filing services: prefill, each step's validation, resume, submit once, withdraw, replies."""
# ruff: noqa: F811 - pytest fixtures imported from test_filing_support

from __future__ import annotations

import re
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

import claims.filing.services as filing
from claims.core.exceptions import ClaimError, ClaimStateError
from claims.core.services import claim_transition
from claims.core.transitions import Status
from claims.models import Claim, ClaimDocument, ClaimEvent, Notification
from tests.claims.filing.helpers import JOB, fill_draft, pdf_upload
from tests.factories import CitizenFactory, StaffFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
]


@pytest.fixture(autouse=True)
def _march_2026():
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=HANOI), tick=False):
        yield


def test_draft_is_prefilled_from_the_record(citizen):
    claim = filing.draft_get_or_create(citizen=citizen)
    assert claim.status == Status.DRAFT
    assert claim.draft_step == "job"
    job = filing.step_initial(claim=claim, citizen=citizen, step="job")
    assert job["employer_tax_code"] == "2300987654"
    assert job["termination_date"] == "2026-02-27"
    assert job["termination_reason"] == "business_closure"
    # The employer's province has a center: it is the default, not the worker's address.
    assert filing.step_initial(claim=claim, citizen=citizen, step="center") == {
        "province_code": "24"
    }
    assert filing.step_initial(claim=claim, citizen=citizen, step="contact") == {
        "phone": "0912345001",
        "email": "hoa@example.vn",
    }


def test_a_person_without_a_record_gets_an_empty_job_and_their_address_province(registry, citizen):
    registry.clear()
    claim = filing.draft_get_or_create(citizen=citizen)
    assert filing.step_initial(claim=claim, citizen=citizen, step="job") == {}
    assert filing.step_initial(claim=claim, citizen=citizen, step="center") == {
        "province_code": "01"
    }


def test_second_start_resumes_the_same_draft(citizen):
    first = filing.draft_get_or_create(citizen=citizen)
    filing.draft_save_step(claim_id=first.pk, citizen=citizen, step="job", data=JOB)
    again = filing.draft_get_or_create(citizen=citizen)
    assert again.pk == first.pk
    assert again.draft_step == "center"
    assert Claim.objects.filter(citizen=citizen).count() == 1


def test_level_one_account_cannot_start(registry):
    user = CitizenFactory(identity_level=1)
    with pytest.raises(ClaimError):
        filing.draft_get_or_create(citizen=user)


def _save(citizen, step, data):
    claim = filing.draft_get_or_create(citizen=citizen)
    return filing.draft_save_step(claim_id=claim.pk, citizen=citizen, step=step, data=data)


def _errors(citizen, step, data) -> dict[str, list[str]]:
    claim = filing.draft_get_or_create(citizen=citizen)
    before = dict(Claim.objects.get(pk=claim.pk).answers)
    with pytest.raises(filing.StepInvalid) as caught:
        filing.draft_save_step(claim_id=claim.pk, citizen=citizen, step=step, data=data)
    assert Claim.objects.get(pk=claim.pk).answers == before  # nothing changes
    return caught.value.errors


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"employer_tax_code": "12345"}, "employer_tax_code"),
        ({"employer_tax_code": "abc4567890"}, "employer_tax_code"),
        ({"termination_date": "2026-04-01"}, "termination_date"),  # after today
        ({"termination_date": "1999-12-31"}, "termination_date"),
        ({"termination_date": "31/02/2026"}, "termination_date"),
        ({"contract_type": "forever"}, "contract_type"),
        ({"termination_reason": ""}, "termination_reason"),
        ({"employer_name": "   "}, "employer_name"),
    ],
)
def test_job_step_rejects_bad_input(citizen, change, field):
    assert field in _errors(citizen, "job", {**JOB, **change})


def test_changing_a_prefilled_answer_needs_a_reason(citizen):
    changed = {**JOB, "termination_reason": "employer_dismissal"}
    errors = _errors(citizen, "job", changed)
    assert list(errors) == ["correction_reason"]
    claim = _save(citizen, "job", {**changed, "correction_reason": "Quyết định ghi cắt giảm."})
    assert claim.answers["job"]["termination_reason"] == "employer_dismissal"


def test_job_accepts_a_typed_vietnamese_date(citizen):
    claim = _save(citizen, "job", {**JOB, "termination_date": "27/02/2026"})
    assert claim.answers["job"]["termination_date"] == "2026-02-27"


def test_center_step_sets_the_center_and_refuses_a_province_without_one(citizen):
    assert "province_code" in _errors(citizen, "center", {"province_code": "79"})
    claim = _save(citizen, "center", {"province_code": "24"})
    assert claim.center is not None and claim.center.province_code == "24"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"method": "bank", "account_number": "0123456789", "account_holder": "NGUYEN THI HOA"},
            "bank_code",
        ),
        (
            {
                "method": "bank",
                "bank_code": "VCB",
                "account_number": "12345",
                "account_holder": "NGUYEN THI HOA",
            },
            "account_number",
        ),
        (
            {
                "method": "bank",
                "bank_code": "VCB",
                "account_number": "12345678901234567890",
                "account_holder": "NGUYEN THI HOA",
            },
            "account_number",
        ),
        (
            {
                "method": "bank",
                "bank_code": "VCB",
                "account_number": "01234A6789",
                "account_holder": "NGUYEN THI HOA",
            },
            "account_number",
        ),
        (
            {
                "method": "bank",
                "bank_code": "VCB",
                "account_number": "0123456789",
                "account_holder": "TRAN VAN NAM",
            },
            "account_holder",
        ),
        (
            {
                "method": "bank",
                "bank_code": "XXX",
                "account_number": "0123456789",
                "account_holder": "NGUYEN THI HOA",
            },
            "bank_code",
        ),
        ({"method": "cash"}, "cash_province"),
        ({"method": "cheque"}, "method"),
    ],
)
def test_payment_step_rejects_bad_input(citizen, data, field):
    assert field in _errors(citizen, "payment", data)


def test_holder_name_is_compared_without_diacritics_or_case(citizen):
    claim = _save(
        citizen,
        "payment",
        {
            "method": "bank",
            "bank_code": "VCB",
            "account_number": "0123 4567 89",
            "account_holder": "nguyễn  thị hoa",
        },
    )
    assert claim.answers["payment"]["account_number"] == "0123456789"
    assert claim.answers["payment"]["account_holder"] == "NGUYỄN THỊ HOA"


def test_cash_clears_bank_details(citizen):
    claim = _save(
        citizen, "payment", {"method": "cash", "cash_province": "24", "account_number": "99999999"}
    )
    assert claim.answers["payment"]["account_number"] == ""


@pytest.mark.parametrize("phone", ["012345678", "0212345678", "091234567a", "+1 202 555 0100"])
def test_contact_step_rejects_non_mobile_numbers(citizen, phone):
    assert "phone" in _errors(citizen, "contact", {"phone": phone, "email": ""})


def test_contact_step_normalises_the_number_and_checks_email(citizen):
    assert "email" in _errors(citizen, "contact", {"phone": "0912345001", "email": "not-mail"})
    claim = _save(citizen, "contact", {"phone": "+84 912 345 001", "email": ""})
    assert claim.answers["contact"]["phone"] == "0912345001"


def test_documents_step_needs_a_termination_proof(citizen):
    claim = filing.draft_get_or_create(citizen=citizen)
    assert "termination_proof" in _errors(citizen, "documents", {})
    filing.draft_document_add(
        claim_id=claim.pk, citizen=citizen, upload=pdf_upload(), kind="supporting"
    )
    assert "termination_proof" in _errors(citizen, "documents", {})
    doc = filing.draft_document_add(
        claim_id=claim.pk, citizen=citizen, upload=pdf_upload(), kind="termination_proof"
    )
    claim = _save(citizen, "documents", {})
    assert "documents" in claim.answers
    filing.draft_document_remove(claim_id=claim.pk, citizen=citizen, document_id=doc.pk)
    claim.refresh_from_db()
    assert "documents" not in claim.answers  # the step reopens without the proof


def test_declaration_needs_both_boxes(citizen):
    errors = _errors(citizen, "declaration", {"truthful": "on"})
    assert list(errors) == ["consent"]


def test_unknown_step_and_other_peoples_drafts_are_refused(citizen):
    claim = filing.draft_get_or_create(citizen=citizen)
    with pytest.raises(ClaimError):
        filing.draft_save_step(claim_id=claim.pk, citizen=citizen, step="bonus", data={})
    stranger = CitizenFactory()
    with pytest.raises(filing.ClaimNotFound):
        filing.draft_save_step(claim_id=claim.pk, citizen=stranger, step="job", data=JOB)
    with pytest.raises(filing.ClaimNotFound):
        filing.claim_submit(claim_id=claim.pk, citizen=stranger)


def test_resume_goes_to_the_first_unanswered_step(citizen):
    claim = _save(citizen, "job", JOB)
    claim = _save(citizen, "center", {"province_code": "24"})
    assert claim.draft_step == "payment"
    assert filing.next_step(Claim.objects.get(pk=claim.pk)) == "payment"


def test_submit_refuses_an_incomplete_draft(citizen):
    claim = fill_draft(citizen, upload=False)
    with pytest.raises(filing.DraftIncomplete) as caught:
        filing.claim_submit(claim_id=claim.pk, citizen=citizen)
    assert caught.value.missing == ["documents"]
    assert Claim.objects.get(pk=claim.pk).status == Status.DRAFT


def test_submit_promotes_answers_and_stores_the_assessment(
    citizen, django_capture_on_commit_callbacks
):
    claim = fill_draft(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = filing.claim_submit(claim_id=claim.pk, citizen=citizen)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert re.fullmatch(r"TCTN-2026-\d{6}", submitted.reference)
    assert submitted.employer_tax_code == "2300987654"
    assert submitted.termination_date == date(2026, 2, 27)
    assert submitted.center.province_code == "24"
    assert submitted.dossier_complete_on == date(2026, 3, 10)
    assert submitted.submitted_at is not None
    assert submitted.eligibility["eligible"] is True
    # RULES.md worked example 1: 60 % of 7,000,000 over the last 6 months, 6 months' benefit.
    assert submitted.monthly_benefit == 4_200_000
    assert submitted.duration_months == submitted.eligibility["result"]["duration_months"]
    assert submitted.rule_set == submitted.eligibility["result"]["rule_set"]
    event = ClaimEvent.objects.get(claim=submitted)
    assert (event.from_status, event.to_status) == (Status.DRAFT, Status.SUBMITTED)
    note = Notification.objects.get(user=citizen, claim=submitted)
    assert note.kind == "claim_submitted"
    assert note.params["reference"] == submitted.reference
    assert len(mail.outbox) == 1 and submitted.reference in mail.outbox[0].subject


def test_second_submit_returns_the_same_claim(citizen, django_capture_on_commit_callbacks):
    claim = fill_draft(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        first = filing.claim_submit(claim_id=claim.pk, citizen=citizen)
        second = filing.claim_submit(claim_id=claim.pk, citizen=citizen)
    assert first.pk == second.pk and second.reference == first.reference
    assert ClaimEvent.objects.filter(claim=claim).count() == 1
    assert Notification.objects.filter(user=citizen).count() == 1
    with pytest.raises(ClaimStateError):
        filing.draft_save_step(claim_id=claim.pk, citizen=citizen, step="job", data=JOB)


def test_an_ineligible_worker_may_still_submit(citizen, registry):
    from tests.claims.filing.helpers import GARMENT, months, record, spell

    registry[citizen.personal_id] = record(
        personal_id=citizen.personal_id,
        spells=(spell(GARMENT, date(2025, 6, 1), date(2026, 2, 27)),),
        contributions=months(date(2025, 6, 1), 9, GARMENT, 5_000_000),
    )
    claim = fill_draft(citizen)
    submitted = filing.claim_submit(claim_id=claim.pk, citizen=citizen)
    assert submitted.status == Status.SUBMITTED
    assert submitted.eligibility["eligible"] is False
    assert submitted.monthly_benefit is None


@pytest.mark.django_db(transaction=True, databases=["default", "social_security"])
def test_threaded_double_submit_makes_one_claim(citizen):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises whole-database writes)")
    claim = fill_draft(citizen)
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        try:
            barrier.wait()
            results.append(filing.claim_submit(claim_id=claim.pk, citizen=citizen).reference or "")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1
    assert ClaimEvent.objects.filter(claim=claim, to_status=Status.SUBMITTED).count() == 1


def _submitted(citizen):
    claim = fill_draft(citizen)
    return filing.claim_submit(claim_id=claim.pk, citizen=citizen)


def test_withdraw_before_decision(citizen, django_capture_on_commit_callbacks):
    claim = _submitted(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = filing.claim_withdraw(
            claim_id=claim.pk,
            citizen=citizen,
            reason="Đã có việc làm",
            expected_version=claim.version,
        )
    assert withdrawn.status == Status.WITHDRAWN
    assert Notification.objects.filter(user=citizen, kind="claim_withdrawn").count() == 1


def test_withdraw_is_refused_once_decided_or_when_stale(citizen):
    claim = _submitted(citizen)
    with pytest.raises(ClaimStateError):
        filing.claim_withdraw(
            claim_id=claim.pk, citizen=citizen, expected_version=claim.version - 1
        )
    officer = StaffFactory(center=claim.center)
    claim_transition(claim_id=claim.pk, to_status=Status.IN_REVIEW, actor=officer)
    claim_transition(claim_id=claim.pk, to_status=Status.PROPOSED, actor=officer)
    with pytest.raises(ClaimStateError):
        filing.claim_withdraw(claim_id=claim.pk, citizen=citizen)
    assert Claim.objects.get(pk=claim.pk).status == Status.PROPOSED


def test_info_reply_returns_the_claim_to_review(citizen, django_capture_on_commit_callbacks):
    claim = _submitted(citizen)
    officer = StaffFactory(center=claim.center)
    with pytest.raises(ClaimStateError):
        filing.info_reply(claim_id=claim.pk, citizen=citizen, message="Xin chào")
    claim_transition(claim_id=claim.pk, to_status=Status.IN_REVIEW, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        claim_transition(
            claim_id=claim.pk,
            to_status=Status.INFO_REQUESTED,
            actor=officer,
            reason="Gửi bản chụp hợp đồng lao động.",
        )
    note = Notification.objects.get(user=citizen, kind="info_requested")
    assert note.params["message"] == "Gửi bản chụp hợp đồng lao động."
    with pytest.raises(ClaimError):
        filing.info_reply(claim_id=claim.pk, citizen=citizen, message="   ")
    replied = filing.info_reply(
        claim_id=claim.pk,
        citizen=citizen,
        message="Đã gửi hợp đồng.",
        uploads=[pdf_upload("hop-dong.pdf")],
    )
    assert replied.status == Status.IN_REVIEW
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert event.actor_role == "citizen" and event.reason == "Đã gửi hợp đồng."
    doc = ClaimDocument.objects.get(pk=event.data["documents"][0])
    assert doc.kind == ClaimDocument.Kind.INFO_REPLY


def test_expired_drafts_are_removed_with_their_files(citizen, django_capture_on_commit_callbacks):
    claim = fill_draft(citizen)
    document = claim.documents.get()
    stored, storage = document.file.name, document.file.storage
    other = CitizenFactory()
    undated = filing.draft_get_or_create(citizen=other)  # no record: no termination date
    Claim.objects.filter(pk=claim.pk).update(updated_at=timezone.now() - timedelta(days=30))
    # Last filing day of a 27/02/2026 termination: 27/05/2026 (three months).
    assert filing.drafts_expire(today=date(2026, 5, 27)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert filing.drafts_expire(today=date(2026, 5, 28)) == 1
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not storage.exists(stored)
    # The undated draft was touched today (10/03): it is kept, within the week's grace too.
    assert Claim.objects.filter(pk=undated.pk).exists()
    Claim.objects.filter(pk=undated.pk).update(updated_at=timezone.now() - timedelta(days=8))
    assert filing.drafts_expire(today=date(2026, 5, 31)) == 0  # 02/03 + 3 months = 02/06
    assert filing.drafts_expire(today=date(2026, 6, 3)) == 1


def test_drafts_expire_task_runs_the_service(citizen):
    from claims.tasks import drafts_expire

    fill_draft(citizen)
    assert drafts_expire.delay().get() == 0


def test_submit_records_the_deadline_the_flags_and_whether_the_claim_is_clean(citizen):
    from claims.models import ClaimFlag

    claim = filing.claim_submit(claim_id=fill_draft(citizen).pk, citizen=citizen)
    assert claim.decision_due is not None and claim.decision_due > claim.dossier_complete_on
    flags = set(ClaimFlag.objects.filter(claim=claim).values_list("code", flat=True))
    assert flags == {f["code"] for f in claim.eligibility.get("flags", [])}
    assert claim.is_clean == (claim.eligibility["result"]["eligible"] and not flags)
