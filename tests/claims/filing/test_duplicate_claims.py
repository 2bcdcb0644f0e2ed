"""One claim per person and termination (ADR 0012) through every path: services, web, API, DB."""
# ruff: noqa: F811 - pytest fixtures imported from test_filing_support

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

import claims.filing.duplicates as duplicates
import claims.filing.services as filing
from claims.core.transitions import Status
from claims.filing.duplicates import DuplicateClaim
from claims.models import Claim, ClaimFlag
from eligibility.registry import PersonRecord
from tests.claims.filing.helpers import ANSWERS, JOB, fill_draft, pdf_upload
from tests.claims.tracking.test_views_citizen import client_for
from tests.eligibility.assessment_builders import BAKERY, GARMENT, months, record, spell

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = [pytest.mark.django_db(databases=["default", "social_security"])]


@pytest.fixture(autouse=True)
def _march_2026():
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=HANOI), tick=False):
        yield


def _submit(citizen) -> Claim:
    return filing.claim_submit(claim_id=fill_draft(citizen).pk, citizen=citizen)


def _standing_twin(first: Claim, **changes) -> Claim:
    """A second claim of the same person stored beside the draft (another path, or a race)."""
    values = {
        "citizen": first.citizen,
        "personal_id": first.personal_id,
        "center": first.center,
        "status": Status.SUBMITTED,
        "reference": "TCTN-2026-000601",
        "employer_tax_code": JOB["employer_tax_code"],
        "employer_name": JOB["employer_name"],
        "termination_date": date.fromisoformat(JOB["termination_date"]),
        "submitted_at": datetime(2026, 3, 9, 8, 0, tzinfo=HANOI),
        **changes,
    }
    return Claim.objects.create(**values)


def _later_job_record(personal_id: str) -> PersonRecord:
    """The garment closure, then a bakery job from April that ended on 2026-05-29."""
    return record(
        personal_id=personal_id,
        spells=(
            spell(GARMENT, date(2020, 1, 2), date(2026, 2, 27)),
            spell(BAKERY, date(2026, 4, 1), date(2026, 5, 29), reason="contract_expired"),
        ),
        contributions=months(date(2020, 1, 1), 74, GARMENT, 6_500_000)
        + months(date(2026, 4, 1), 2, BAKERY, 7_000_000),
    )


def _file_later_termination(citizen, draft: Claim) -> Claim:
    """The draft answered and submitted about the bakery job that ended on 2026-05-29."""
    later = {
        **JOB,
        "employer_name": BAKERY.name,
        "employer_tax_code": BAKERY.tax_code,
        "termination_date": "2026-05-29",
        "termination_reason": "contract_expired",
        "correction_reason": "Từ tháng 4 tôi làm ở tiệm bánh, hợp đồng hết hạn ngày 29/05.",
    }
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=HANOI), tick=False):
        filing.draft_save_step(claim_id=draft.pk, citizen=citizen, step="job", data=later)
        return filing.claim_submit(claim_id=draft.pk, citizen=citizen)


# --- The services -----------------------------------------------------------------------


def test_new_draft_about_a_submitted_termination_is_refused_with_the_claim(citizen):
    first = _submit(citizen)
    with pytest.raises(DuplicateClaim) as refused:
        filing.draft_get_or_create(citizen=citizen)
    assert refused.value.existing == first
    assert first.reference in str(refused.value)
    assert refused.value.url == reverse("claims:claim_detail", args=[first.public_id])
    assert not Claim.objects.filter(citizen=citizen, status=Status.DRAFT).exists()


def test_refused_whatever_became_of_the_claim_but_free_again_once_withdrawn(citizen):
    first = _submit(citizen)
    for status in (Status.IN_REVIEW, Status.INFO_REQUESTED):
        Claim.objects.filter(pk=first.pk).update(status=status)
        with pytest.raises(DuplicateClaim):
            filing.draft_get_or_create(citizen=citizen)
    Claim.objects.filter(pk=first.pk).update(status=Status.SUBMITTED)
    filing.claim_withdraw(claim_id=first.pk, citizen=citizen)
    second = filing.claim_submit(claim_id=fill_draft(citizen).pk, citizen=citizen)
    assert second.status == Status.SUBMITTED and second.reference != first.reference


def test_a_paid_or_refused_termination_stays_claimed(citizen):
    first = _submit(citizen)
    for status in (Status.COMPLETED, Status.DECISION_ISSUED, Status.TERMINATED):
        Claim.objects.filter(pk=first.pk).update(status=status)
        with pytest.raises(DuplicateClaim):
            filing.draft_get_or_create(citizen=citizen)


def test_the_job_step_refuses_a_termination_already_claimed(citizen):
    draft = fill_draft(citizen)
    _standing_twin(draft)
    with pytest.raises(filing.StepInvalid) as invalid:
        filing.draft_save_step(claim_id=draft.pk, citizen=citizen, step="job", data=JOB)
    assert "TCTN-2026-000601" in " ".join(invalid.value.errors["__all__"])


def test_submit_refuses_a_draft_whose_termination_was_claimed_meanwhile(citizen):
    draft = fill_draft(citizen)
    twin = _standing_twin(draft)
    with pytest.raises(DuplicateClaim) as refused:
        filing.claim_submit(claim_id=draft.pk, citizen=citizen)
    assert refused.value.existing == twin
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.reference is None


def test_the_database_refuses_it_when_the_check_is_bypassed(citizen, monkeypatch):
    draft = fill_draft(citizen)
    twin = _standing_twin(draft)
    real = duplicates.termination_check
    calls = []

    def blind_first(**kwargs):
        calls.append(kwargs)
        return [] if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(duplicates, "termination_check", blind_first)
    with pytest.raises(DuplicateClaim) as refused:
        filing.claim_submit(claim_id=draft.pk, citizen=citizen)
    assert refused.value.existing == twin
    assert len(calls) == 2  # the constraint fired, then the message was found
    assert (
        Claim.objects.filter(personal_id=citizen.personal_id)
        .exclude(status__in=duplicates.RELEASED)
        .count()
        == 1
    )


def test_constraint_counts_every_state_but_draft_and_withdrawn(citizen):
    draft = fill_draft(citizen)
    first = _standing_twin(draft, reference="TCTN-2026-000700")
    with pytest.raises(IntegrityError), transaction.atomic():
        _standing_twin(draft, reference="TCTN-2026-000701", status=Status.DECISION_ISSUED)
    Claim.objects.filter(pk=first.pk).update(status=Status.WITHDRAWN)
    _standing_twin(draft, reference="TCTN-2026-000702", status=Status.PAYING)


def test_a_later_termination_is_allowed_beside_an_open_claim_and_both_are_flagged(
    citizen, registry
):
    draft = fill_draft(citizen)
    registry[citizen.personal_id] = _later_job_record(citizen.personal_id)
    first = _standing_twin(draft, is_clean=True)
    second = _file_later_termination(citizen, draft)
    assert second.status == Status.SUBMITTED
    assert not second.is_clean
    assert ClaimFlag.objects.filter(claim=second, code="claim_open").exists()
    flags = {f["code"]: f for f in second.eligibility["flags"]}
    assert first.reference in flags["claim_open"]["message_vi"]
    first.refresh_from_db()
    assert not first.is_clean
    assert ClaimFlag.objects.filter(claim=first, code="claim_open").exists()
    assert second.reference in first.eligibility["flags"][-1]["message_en"]


def test_an_earlier_termination_beside_an_open_claim_is_refused(citizen):
    draft = fill_draft(citizen)
    _standing_twin(draft, employer_tax_code=BAKERY.tax_code, termination_date=date(2026, 3, 6))
    with pytest.raises(DuplicateClaim) as refused:
        filing.claim_submit(claim_id=draft.pk, citizen=citizen)
    assert refused.value.reason == DuplicateClaim.OPEN_LATER


def test_a_different_termination_after_a_finished_claim_is_not_refused(citizen):
    draft = fill_draft(citizen)
    _standing_twin(
        draft,
        employer_tax_code=BAKERY.tax_code,
        termination_date=date(2026, 3, 6),
        status=Status.COMPLETED,
    )
    assert filing.claim_submit(claim_id=draft.pk, citizen=citizen).status == Status.SUBMITTED


# --- The web pages ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_back_button_after_submitting_leads_to_the_refusal_and_the_claim(citizen, lang):
    first = _submit(citizen)
    web = client_for(citizen, lang)
    # The back button shows check-your-answers again: no draft, so the start page...
    back = web.get(reverse("claims:filing_check"), follow=True)
    assert back.status_code == 409
    assert back.templates[0].name == "claims/filing/duplicate.html"
    page = back.content.decode()
    assert first.reference in page
    assert reverse("claims:claim_detail", args=[first.public_id]) in page
    if lang == "en":
        assert "You already have a claim for this termination" in page
    # ...and pressing "Start" (an old page's form) is refused the same way, nothing created.
    started = web.post(reverse("claims:filing_start"))
    assert started.status_code == 409
    assert not Claim.objects.filter(citizen=citizen, status=Status.DRAFT).exists()


def test_new_claim_and_resubmitting_an_old_page_make_no_second_claim(citizen):
    first = _submit(citizen)
    web = client_for(citizen)
    assert web.get(reverse("claims:filing_start")).status_code == 409
    again = web.post(reverse("claims:filing_submit"), {"claim": str(first.public_id)})
    assert again.status_code == 302  # the receipt of the same claim
    assert Claim.objects.filter(citizen=citizen).count() == 1


def test_web_submit_of_a_draft_claimed_meanwhile_shows_the_refusal(citizen):
    draft = fill_draft(citizen)
    twin = _standing_twin(draft)
    response = client_for(citizen).post(
        reverse("claims:filing_submit"), {"claim": str(draft.public_id)}
    )
    assert response.status_code == 409
    assert reverse("claims:claim_detail", args=[twin.public_id]) in response.content.decode()


# --- The API, step by step ----------------------------------------------------------------


def _api(citizen):
    from rest_framework.test import APIClient

    client = APIClient(headers={"accept-language": "en"})
    client.force_authenticate(citizen)
    return client


def test_api_draft_after_submitting_is_refused_with_the_existing_claim(citizen):
    first = _submit(citizen)
    response = _api(citizen).get("/api/v1/draft/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate_claim"
    assert body["existing_claim"]["reference"] == first.reference
    assert body["existing_claim"]["url"] == reverse("claims:claim_detail", args=[first.public_id])
    assert first.reference in body["detail"]


def test_api_step_and_submit_refuse_a_claimed_termination(citizen):
    api = _api(citizen)
    assert api.get("/api/v1/draft/").status_code == 200
    draft = Claim.objects.get(citizen=citizen, status=Status.DRAFT)
    for step, data in ANSWERS.items():
        if step == "documents":
            filing.draft_document_add(
                claim_id=draft.pk, citizen=citizen, upload=pdf_upload(), kind="termination_proof"
            )
        assert api.put(f"/api/v1/draft/steps/{step}/", data, format="json").status_code == 200
    twin = _standing_twin(draft)
    step = api.put("/api/v1/draft/steps/job/", JOB, format="json")
    assert step.status_code == 400
    assert twin.reference in " ".join(step.json()["non_field_errors"])
    submitted = api.post("/api/v1/draft/submit/")
    assert submitted.status_code == 409
    assert submitted.json()["existing_claim"]["id"] == str(twin.public_id)
    assert Claim.objects.filter(citizen=citizen, status=Status.DRAFT).count() == 1


def test_officer_sees_the_claim_open_flag_on_both_claims(citizen, registry):
    from tests.claims.review.helpers import make_staff

    draft = fill_draft(citizen)
    registry[citizen.personal_id] = _later_job_record(citizen.personal_id)
    first = _standing_twin(draft)
    second = _file_later_termination(citizen, draft)
    officer = client_for(make_staff(mfa=True), "en")
    for claim, other in ((first, second), (second, first)):
        page = officer.get(reverse("staff:claim", args=[claim.public_id]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "flag-list--needs_review" in html
        assert other.reference in html  # the flag names the other claim, in words


# --- Two at once, on PostgreSQL -----------------------------------------------------------


def _postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent constraint checks need PostgreSQL")


def _in_thread(target, errors, results, name=None):
    import threading

    from django.db import connection

    def run():
        try:
            results.append(target())
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True, databases=["default", "social_security"])
def test_two_tabs_at_once_make_one_claim(citizen, monkeypatch):
    """Tab A submits; while its transaction is open, tab B starts "a new claim" and files it."""
    import threading

    _postgres_only()
    draft = fill_draft(citizen)
    inside, release = threading.Event(), threading.Event()
    real_flag = duplicates.others_flag

    def paused(**kwargs):
        if threading.current_thread().name == "tab-a":
            inside.set()
            release.wait(10)
        return real_flag(**kwargs)

    monkeypatch.setattr(duplicates, "others_flag", paused)
    errors: list[BaseException] = []
    results: list[object] = []

    def tab_a():
        return filing.claim_submit(claim_id=draft.pk, citizen=citizen)

    def tab_b():
        inside.wait(10)
        # "Nộp hồ sơ mới" while A is committing: B sees the same draft, waits for A's lock on
        # it, then finds it submitted; starting again is refused with A's claim.
        mine = filing.draft_get_or_create(citizen=citizen)
        release.set()
        try:
            for step, data in ANSWERS.items():
                if step != "documents":
                    filing.draft_save_step(claim_id=mine.pk, citizen=citizen, step=step, data=data)
            return filing.claim_submit(claim_id=mine.pk, citizen=citizen)
        except (DuplicateClaim, filing.ClaimStateError) as refused:
            return refused

    a = _in_thread(tab_a, errors, results, name="tab-a")
    b = _in_thread(tab_b, errors, results)
    a.join(20)
    b.join(20)
    assert not errors, errors
    standing = Claim.objects.filter(personal_id=citizen.personal_id).exclude(
        status__in=duplicates.RELEASED
    )
    assert standing.count() == 1
    with pytest.raises(DuplicateClaim):
        filing.draft_get_or_create(citizen=citizen)


@pytest.mark.django_db(transaction=True, databases=["default", "social_security"])
def test_two_concurrent_submissions_the_database_lets_one_through(citizen):
    """Two transactions store a claim about the same termination at the same moment."""
    import threading

    _postgres_only()
    draft = fill_draft(citizen)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    results: list[object] = []

    def store(reference):
        def run():
            with transaction.atomic():
                barrier.wait(10)
                return _standing_twin(draft, reference=reference).pk

        return run

    threads = [_in_thread(store(f"TCTN-2026-00090{i}"), errors, results) for i in range(2)]
    for thread in threads:
        thread.join(20)
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], IntegrityError)
