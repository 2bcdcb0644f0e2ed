"""Citizen pages: every page renders in vi and en; others' claims 404; documents only to the owner."""
# ruff: noqa: F811 - pytest fixtures imported from test_filing_support

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

import claims.filing.services as filing
from claims.core.services import claim_transition
from claims.core.transitions import Status
from claims.models import Claim
from tests.claims.filing.helpers import JOB, fill_draft, pdf_bytes
from tests.factories import CenterFactory, CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


@pytest.fixture(autouse=True)
def _march_2026():
    with time_machine.travel(
        datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        yield


def client_for(user, lang: str = "vi") -> Client:
    c = Client(headers={"accept-language": lang})
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def staff_with_mfa(**kwargs):
    """An officer with a TOTP authenticator, so the MFA middleware lets them through."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    staff = StaffFactory(**kwargs)
    TOTP.activate(staff, generate_totp_secret())
    return staff


def submitted_claim(citizen) -> Claim:
    claim = fill_draft(citizen)
    return filing.claim_submit(claim_id=claim.pk, citizen=citizen)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_filing_page_renders(citizen, lang):
    c = client_for(citizen, lang)
    assert c.get(reverse("claims:filing_start")).status_code == 200
    response = c.post(reverse("claims:filing_start"))
    assert response.url == reverse("claims:filing_step", args=["job"])
    page = c.get(response.url, follow=True)  # the job's first one-question page
    assert page.status_code == 200
    assert "2300987654" in page.content.decode()  # prefilled from the record
    claim = fill_draft(citizen)
    for step in ("job", "center", "payment", "contact", "documents", "declaration"):
        # job and payment lead to their first one-question page (claims.filing.parts)
        assert c.get(reverse("claims:filing_step", args=[step]), follow=True).status_code == 200
    check = c.get(reverse("claims:filing_check"))
    assert check.status_code == 200
    text = check.content.decode()
    assert f'<html lang="{lang}">' in text
    assert "4.200.000" in text if lang == "vi" else "4,200,000" in text
    response = c.post(reverse("claims:filing_submit"), {"claim": str(claim.public_id)})
    claim.refresh_from_db()
    assert response.url == reverse("claims:claim_receipt", args=[claim.public_id])
    receipt = c.get(response.url)
    assert claim.reference in receipt.content.decode()
    for name in ("claims:my_claims",):
        assert c.get(reverse(name)).status_code == 200
    for name in ("claims:claim_detail", "claims:claim_withdraw"):
        assert c.get(reverse(name, args=[claim.public_id])).status_code == 200


def test_a_step_error_is_shown_with_a_summary_and_nothing_is_saved(citizen):
    c = client_for(citizen)
    c.post(reverse("claims:filing_start"))
    response = c.post(
        reverse("claims:filing_step", args=["job"]), {**JOB, "employer_tax_code": "12"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and 'href="#id_employer_tax_code"' in html
    assert 'id="id_employer_tax_code-error"' in html
    assert "job" not in Claim.objects.get(citizen=citizen).answers


def test_steps_open_in_order_and_change_links_return_to_check(citizen):
    c = client_for(citizen)
    c.post(reverse("claims:filing_start"))
    response = c.get(reverse("claims:filing_step", args=["payment"]))
    assert response.url == reverse("claims:filing_step", args=["job"])
    fill_draft(citizen)
    response = c.post(
        reverse("claims:filing_step", args=["contact"]) + "?doi=1",
        {"phone": "0987654321", "email": ""},
    )
    assert response.url == reverse("claims:filing_check")


def test_upload_and_remove_a_document_on_the_documents_page(citizen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(citizen)
    c.post(reverse("claims:filing_start"))
    for step, data in (
        ("job", JOB),
        ("center", {"province_code": "24"}),
        ("payment", {"method": "cash", "cash_province": "24"}),
        ("contact", {"phone": "0912345001", "email": ""}),
    ):
        c.post(reverse("claims:filing_step", args=[step]), data)
    url = reverse("claims:filing_step", args=["documents"])
    bad = c.post(
        url, {"action": "upload", "termination_proof": SimpleUploadedFile("x.exe", b"MZ...")}
    )
    assert bad.status_code == 400 and "PDF, JPG" in bad.content.decode()
    missing = c.post(url, {"action": "continue"})
    assert missing.status_code == 400
    ok = c.post(
        url,
        {"action": "continue", "termination_proof": SimpleUploadedFile("qd.pdf", pdf_bytes())},
    )
    assert ok.url == reverse("claims:filing_step", args=["declaration"])
    claim = Claim.objects.get(citizen=citizen)
    document = claim.documents.get()
    c.post(reverse("claims:filing_document_remove", args=[document.pk]))
    assert not claim.documents.exists()


def test_posting_to_a_step_after_submission_changes_nothing(citizen):
    claim = submitted_claim(citizen)
    c = client_for(citizen)
    response = c.post(reverse("claims:filing_step", args=["job"]), {**JOB, "employer_name": "Khác"})
    assert response.status_code == 302
    assert response.url == reverse("claims:my_claims")
    claim.refresh_from_db()
    assert claim.employer_name == JOB["employer_name"]
    # A second submit (double tap, other tab) shows the same receipt.
    again = c.post(reverse("claims:filing_submit"), {"claim": str(claim.public_id)})
    assert again.url == reverse("claims:claim_receipt", args=[claim.public_id])
    assert Claim.objects.filter(citizen=citizen).count() == 1


def test_others_claims_and_forged_ids_are_404(citizen):
    claim = submitted_claim(citizen)
    stranger = client_for(CitizenFactory())
    for name in ("claims:claim_detail", "claims:claim_receipt", "claims:claim_withdraw"):
        assert stranger.get(reverse(name, args=[claim.public_id])).status_code == 404
    assert (
        stranger.post(reverse("claims:filing_submit"), {"claim": str(claim.public_id)}).status_code
        == 404
    )
    assert (
        stranger.post(reverse("claims:filing_submit"), {"claim": "not-a-uuid"}).status_code == 404
    )
    assert (
        client_for(citizen).get("/ho-so-cua-toi/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


def test_documents_are_served_only_to_the_owner_and_the_center(citizen):
    claim = submitted_claim(citizen)
    document = claim.documents.get()
    url = reverse("claims:document_download", args=[claim.public_id, document.pk])
    response = client_for(citizen).get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_for(CitizenFactory()).get(url).status_code == 404
    assert client_for(staff_with_mfa(center=claim.center)).get(url).status_code == 200
    other_center = CenterFactory(province_code="01")
    assert client_for(staff_with_mfa(center=other_center)).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_withdraw_page_needs_confirmation_then_withdraws(citizen):
    claim = submitted_claim(citizen)
    c = client_for(citizen)
    url = reverse("claims:claim_withdraw", args=[claim.public_id])
    refused = c.post(url, {"version": claim.version})
    assert refused.status_code == 400 and "error-summary" in refused.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Status.SUBMITTED
    stale = c.post(url, {"confirm": "on", "version": claim.version - 1})
    assert stale.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Status.SUBMITTED
    done = c.post(url, {"confirm": "on", "version": claim.version})
    assert done.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Status.WITHDRAWN
    detail = c.get(reverse("claims:claim_detail", args=[claim.public_id])).content.decode()
    assert "Bạn đã rút hồ sơ" in detail


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_info_request_reply_and_timeline(citizen, lang):
    claim = submitted_claim(citizen)
    officer = StaffFactory(center=claim.center)
    claim_transition(claim_id=claim.pk, to_status=Status.IN_REVIEW, actor=officer)
    claim_transition(
        claim_id=claim.pk,
        to_status=Status.INFO_REQUESTED,
        actor=officer,
        reason="Gửi bản chụp hợp đồng.",
    )
    c = client_for(citizen, lang)
    detail = c.get(reverse("claims:claim_detail", args=[claim.public_id])).content.decode()
    assert "Gửi bản chụp hợp đồng." in detail
    url = reverse("claims:claim_info_reply", args=[claim.public_id])
    assert c.get(url).status_code == 200
    assert c.post(url, {"message": ""}).status_code == 400
    assert c.post(url, {"message": "Đã gửi."}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW
    detail = c.get(reverse("claims:claim_detail", args=[claim.public_id])).content.decode()
    assert "Đã gửi." in detail
    # Replying again when nothing is asked changes nothing.
    assert c.post(url, {"message": "Lần nữa"}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW


def test_staff_and_level_one_citizens_cannot_file(registry):
    assert client_for(staff_with_mfa()).get(reverse("claims:filing_start")).status_code == 403
    level1 = client_for(CitizenFactory(identity_level=1))
    assert level1.get(reverse("claims:filing_start")).status_code == 403
    assert not Claim.objects.exists()
