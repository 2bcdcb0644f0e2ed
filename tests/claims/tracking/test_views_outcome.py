"""The claim page after a decision: refusal reasons and the complaint deadline, what happens next
after an approval (with dates), and the reply deadline of an information request."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support module

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import claims.review.services as review
import claims.tracking.next_steps as next_steps
from claims.core.transitions import Status
from claims.models import ClaimDocument
from eligibility.models import PublicHoliday
from tests.claims.decisions.helpers import (
    _decision_keys,
    dev_ca_dir,
    propose_approval,
    propose_refusal,
    sign,
    take,
)
from tests.claims.filing.helpers import pdf_bytes

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def page(client, citizen, claim, lang="vi") -> str:
    client.force_login(citizen)
    client.cookies["trocap_language"] = lang
    response = client.get(reverse("claims:claim_detail", kwargs={"public_id": claim.public_id}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_refused_worker_reads_the_reasons_and_the_complaint_deadline(
    client, claim, citizen, staff, django_capture_on_commit_callbacks, lang
):
    claim = propose_refusal(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    text = page(client, citizen, claim, lang)
    # Decided on 10/03/2026 (frozen clock): 90 calendar days later is 08/06/2026.
    assert "08/06/2026" in text
    assert "10/03/2026" in text
    if lang == "vi":
        assert "Đã có việc làm mới" in text and "Chưa đủ số tháng đóng" in text
        assert "khiếu nại" in text
    else:
        assert "Already re-employed" in text or "new job" in text.lower()  # reason label
        assert "complain" in text.lower()
    assert "Bạn đã có việc làm mới từ ngày 01/03/2026." in text  # the officer's explanation
    refusal = next_steps.claim_refusal(claim=claim)
    assert refusal is not None and refusal.complaint_until == date(2026, 6, 8)


def test_an_approved_worker_sees_what_happens_next_with_dates(
    client, claim, citizen, staff, django_capture_on_commit_callbacks
):
    # 11 and 12 March off: the first notification window (3 working days from the decision
    # day, the 10th) runs over them to Monday 16 March.
    PublicHoliday.objects.create(date=date(2026, 3, 11), name="Test")
    PublicHoliday.objects.create(date=date(2026, 3, 12), name="Test")
    claim = propose_approval(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    approval = next_steps.claim_approval(claim=claim)
    assert approval is not None
    assert approval.decided_on == date(2026, 3, 10)
    assert approval.notify_first_by == date(2026, 3, 16)
    assert approval.first_payment_due is not None and approval.first_amount == 4_200_000
    assert approval.later_months  # month 2 onwards: a notification is due each month
    text = page(client, citizen, claim)
    assert "Điều gì sẽ xảy ra tiếp theo" in text
    assert "16/03/2026" in text and "Hằng tháng" in text
    assert "4.200.000" in text
    assert "Vì sao bạn không được hưởng" not in text


def test_no_outcome_section_before_a_decision(client, claim, citizen):
    text = page(client, citizen, claim)
    assert "Điều gì sẽ xảy ra tiếp theo" not in text
    assert "hạn khiếu nại" not in text


def _ask(claim, officer):
    claim = take(claim, officer)
    return review.claim_request_info(
        claim_id=claim.pk,
        officer=officer,
        message="Hãy gửi quyết định thôi việc có dấu.",
        expected_version=claim.version,
    )


def test_an_information_request_shows_its_reply_deadline(client, claim, citizen, staff):
    claim = _ask(claim, staff["officer"])
    # Asked on Tuesday 10/03/2026: 10 working days later is Tuesday 24/03/2026.
    assert next_steps.info_request_deadline(claim=claim) == date(2026, 3, 24)
    assert "24/03/2026" in page(client, citizen, claim)
    client.force_login(citizen)
    reply_page = client.get(reverse("claims:claim_info_reply", args=[claim.public_id]))
    assert "24/03/2026" in reply_page.content.decode()
    assert "multiple" in reply_page.content.decode()


def _reply_with(client, claim, citizen, count: int, message: str):
    client.force_login(citizen)
    files = [
        SimpleUploadedFile(f"giay-{n}.pdf", pdf_bytes(), content_type="application/pdf")
        for n in range(count)
    ]
    response = client.post(
        reverse("claims:claim_info_reply", args=[claim.public_id]),
        {"message": message, "attachments": files},
    )
    claim.refresh_from_db()
    return response, set(
        claim.documents.filter(kind=ClaimDocument.Kind.INFO_REPLY).values_list(
            "original_name", flat=True
        )
    )


def test_a_reply_carries_several_attachments(client, claim, citizen, staff):
    claim = _ask(claim, staff["officer"])
    response, names = _reply_with(client, claim, citizen, 3, "Đã gửi ba tệp.")
    assert response.status_code == 302
    assert claim.status == Status.IN_REVIEW
    assert names == {"giay-0.pdf", "giay-1.pdf", "giay-2.pdf"}


def test_too_many_attachments_are_refused_and_nothing_changes(client, claim, citizen, staff):
    claim = _ask(claim, staff["officer"])
    response, names = _reply_with(client, claim, citizen, 6, "Sáu tệp.")
    assert response.status_code == 400
    assert "tối đa 5 tệp" in response.content.decode()
    assert claim.status == Status.INFO_REQUESTED
    assert not names
