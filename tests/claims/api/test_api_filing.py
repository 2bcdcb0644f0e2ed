"""API: the draft step by step, documents, submit exactly once, withdraw, reply to the center."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.core.services import claim_transition
from claims.core.transitions import Status
from claims.models import Claim, ClaimDocument
from tests.claims.api.helpers import answers_for, complete_draft, pdf_upload
from tests.factories import ClaimFactory, StaffFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("filing_day", "center"),
]


def _draft(citizen) -> Claim:
    return Claim.objects.get(citizen=citizen, status=Status.DRAFT)


# --- The draft ----------------------------------------------------------------------------------


def test_get_starts_a_draft_prefilled_from_the_record_then_resumes_it(citizen_api, citizen):
    first = citizen_api.get("/api/v1/draft/")
    assert first.status_code == 200
    data = first.json()
    assert data["status"] == "draft"
    assert data["next_step"] == "job"
    assert [s["key"] for s in data["steps"]] == [
        "job",
        "center",
        "payment",
        "contact",
        "documents",
        "declaration",
    ]
    assert not any(s["done"] for s in data["steps"])
    assert data["record"]["employer_tax_code"] == "2300987654"
    assert data["record"]["termination_date"] == "2026-02-27"
    again = citizen_api.get("/api/v1/draft/").json()
    assert again["id"] == data["id"]
    assert Claim.objects.filter(citizen=citizen).count() == 1


def test_a_step_lists_its_questions_with_the_prefilled_answers(citizen_api):
    citizen_api.get("/api/v1/draft/")
    response = citizen_api.get("/api/v1/draft/steps/job/")
    assert response.status_code == 200
    data = response.json()
    questions = {q["name"]: q for q in data["questions"]}
    assert questions["termination_date"]["type"] == "date"
    assert questions["contract_type"]["type"] == "choice"
    assert {c["value"] for c in questions["contract_type"]["choices"]} == {
        "indefinite",
        "fixed_term",
        "seasonal",
    }
    assert data["answers"]["employer_tax_code"] == "2300987654"


def test_putting_a_step_saves_it_and_moves_on(citizen_api, citizen):
    citizen_api.get("/api/v1/draft/")
    job = answers_for(citizen)["job"]
    response = citizen_api.put("/api/v1/draft/steps/job/", job, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["next_step"] == "center"
    assert data["steps_done"] == ["job"]
    assert data["answers"]["termination_date"] == "2026-02-27"
    # Small: the saved step and where to go next, not the whole draft again (GET draft/).
    assert set(data) == {"id", "step", "answers", "next_step", "steps_done", "updated_at"}
    assert _draft(citizen).answers["job"]["termination_date"] == "2026-02-27"


def test_patch_changes_only_the_fields_sent(citizen_api, citizen):
    citizen_api.get("/api/v1/draft/")
    citizen_api.put("/api/v1/draft/steps/contact/", {"phone": "0912345678"}, format="json")
    response = citizen_api.patch(
        "/api/v1/draft/steps/contact/", {"email": "lan@example.vn"}, format="json"
    )
    assert response.status_code == 200
    saved = _draft(citizen).answers["contact"]
    assert saved == {"phone": "0912345678", "email": "lan@example.vn"}


def test_bad_answers_get_400_with_field_messages_and_nothing_is_saved(citizen_api, citizen):
    citizen_api.get("/api/v1/draft/")
    before = _draft(citizen).answers
    job = {**answers_for(citizen)["job"], "employer_tax_code": "12ab", "termination_date": "x"}
    response = citizen_api.put("/api/v1/draft/steps/job/", job, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert "10 chữ số" in body["employer_tax_code"][0]
    assert body["termination_date"]
    assert _draft(citizen).answers == before


def test_correcting_the_record_needs_a_reason(citizen_api, citizen):
    citizen_api.get("/api/v1/draft/")
    job = {**answers_for(citizen)["job"], "termination_reason": "employer_dismissal"}
    response = citizen_api.put("/api/v1/draft/steps/job/", job, format="json")
    assert response.status_code == 400
    assert "correction_reason" in response.json()
    job["correction_reason"] = "Quyết định ghi là cắt giảm lao động."
    assert citizen_api.put("/api/v1/draft/steps/job/", job, format="json").status_code == 200


@pytest.mark.parametrize(
    ("language", "message"), [("vi", "Trường này là bắt buộc."), ("en", "This field is required.")]
)
def test_field_messages_follow_accept_language(citizen_api, language, message):
    citizen_api.get("/api/v1/draft/")
    response = citizen_api.put(
        "/api/v1/draft/steps/contact/", {}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert response.json()["phone"] == [message]


@pytest.mark.parametrize("body", [[1, 2], "text", 3, {"phone": ["0912345678"]}, {"phone": {}}])
def test_a_body_a_form_cannot_take_gets_400(citizen_api, citizen, body):
    citizen_api.get("/api/v1/draft/")
    response = citizen_api.put("/api/v1/draft/steps/contact/", body, format="json")
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert "contact" not in _draft(citizen).answers


def test_malformed_json_gets_400(citizen_api):
    citizen_api.get("/api/v1/draft/")
    response = citizen_api.generic(
        "PUT", "/api/v1/draft/steps/contact/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_an_unknown_step_is_404(citizen_api):
    citizen_api.get("/api/v1/draft/")
    assert citizen_api.put("/api/v1/draft/steps/salary/", {}, format="json").status_code == 404


def test_saving_a_step_without_a_draft_is_404(citizen_api):
    response = citizen_api.put("/api/v1/draft/steps/contact/", {}, format="json")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_estimate_uses_the_answers_so_far(citizen_api, citizen):
    citizen_api.get("/api/v1/draft/")
    citizen_api.put("/api/v1/draft/steps/job/", answers_for(citizen)["job"], format="json")
    data = citizen_api.get("/api/v1/draft/estimate/").json()
    assert data["eligible"] is True
    assert data["result"]["monthly_benefit"] == 4_200_000


def test_discarding_the_draft(citizen_api, citizen):
    citizen_api.get("/api/v1/draft/")
    assert citizen_api.delete("/api/v1/draft/").status_code == 204
    assert not Claim.objects.filter(citizen=citizen, status=Status.DRAFT).exists()
    assert citizen_api.get("/api/v1/claims/").json() == []


# --- Documents ----------------------------------------------------------------------------------


def test_upload_list_and_delete_a_document(citizen_api, citizen):
    citizen_api.get("/api/v1/draft/")
    response = citizen_api.post(
        "/api/v1/draft/documents/",
        {"file": pdf_upload(), "kind": "termination_proof"},
        format="multipart",
    )
    assert response.status_code == 201
    doc = response.json()
    assert doc["content_type"] == "application/pdf"
    assert doc["original_name"] == "quyet-dinh-thoi-viec.pdf"
    listed = citizen_api.get("/api/v1/draft/documents/").json()
    assert [d["id"] for d in listed] == [doc["id"]]
    assert citizen_api.delete(f"/api/v1/draft/documents/{doc['id']}/").status_code == 204
    assert not ClaimDocument.objects.exists()


def test_a_file_that_is_not_a_document_is_refused_with_a_message(citizen_api):
    citizen_api.get("/api/v1/draft/")
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = citizen_api.post(
        "/api/v1/draft/documents/", {"file": fake, "kind": "supporting"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "document_rejected"
    assert "PDF, JPG hoặc PNG" in response.json()["detail"]
    assert not ClaimDocument.objects.exists()


def test_an_upload_without_a_file_or_with_a_bad_kind_is_400(citizen_api):
    citizen_api.get("/api/v1/draft/")
    assert citizen_api.post("/api/v1/draft/documents/", {"kind": "supporting"}).status_code == 400
    response = citizen_api.post(
        "/api/v1/draft/documents/",
        {"file": pdf_upload(), "kind": "info_reply"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "kind" in response.json()
    assert not ClaimDocument.objects.exists()


def test_the_documents_step_needs_a_termination_proof(citizen_api):
    citizen_api.get("/api/v1/draft/")
    response = citizen_api.put("/api/v1/draft/steps/documents/", {}, format="json")
    assert response.status_code == 400
    assert "termination_proof" in response.json()


# --- Submit -------------------------------------------------------------------------------------


def test_submitting_a_complete_draft(citizen_api, citizen):
    draft = complete_draft(citizen_api, citizen)
    assert draft["next_step"] == "check"
    response = citizen_api.post(f"/api/v1/claims/{draft['id']}/submit/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == draft["id"]
    assert data["status"] == "submitted"
    assert data["reference"].startswith("TCTN-2026-")
    assert data["monthly_benefit"] == 4_200_000
    assert data["timeline"][-1]["by"] == "you"
    assert data["reference"] in data["timeline"][-1]["title"]
    assert "Idempotent-Replayed" not in response


def test_submitting_the_same_draft_twice_makes_one_claim(citizen_api, citizen):
    draft = complete_draft(citizen_api, citizen)
    first = citizen_api.post(f"/api/v1/claims/{draft['id']}/submit/")
    again = citizen_api.post(f"/api/v1/claims/{draft['id']}/submit/")
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["reference"] == first.json()["reference"]
    assert Claim.objects.filter(citizen=citizen).count() == 1
    assert Claim.objects.get(citizen=citizen).events.filter(to_status="submitted").count() == 1


def test_a_retried_submit_with_the_same_idempotency_key_returns_the_same_claim(
    citizen_api, citizen
):
    complete_draft(citizen_api, citizen)
    key = "3f1e6a0c-2b7d-4a59-9c1e-0d2b8f7a6c11"
    first = citizen_api.post("/api/v1/draft/submit/", HTTP_IDEMPOTENCY_KEY=key)
    again = citizen_api.post("/api/v1/draft/submit/", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Claim.objects.filter(citizen=citizen).count() == 1


def test_submitting_an_incomplete_draft_lists_the_missing_steps(citizen_api, citizen):
    citizen_api.get("/api/v1/draft/")
    citizen_api.put("/api/v1/draft/steps/job/", answers_for(citizen)["job"], format="json")
    response = citizen_api.post("/api/v1/draft/submit/")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "incomplete"
    assert body["missing"] == ["center", "payment", "contact", "documents", "declaration"]
    assert _draft(citizen).status == Status.DRAFT


def test_a_submitted_claim_cannot_be_edited(citizen_api, citizen):
    draft = complete_draft(citizen_api, citizen)
    citizen_api.post(f"/api/v1/claims/{draft['id']}/submit/")
    response = citizen_api.put(
        "/api/v1/draft/steps/contact/", {"phone": "0987654321"}, format="json"
    )
    assert response.status_code == 404  # there is no draft any more
    claim = Claim.objects.get(public_id=draft["id"])
    assert claim.answers["contact"]["phone"] == "0912345678"


# --- List and detail ----------------------------------------------------------------------------


def test_list_and_detail_of_own_claims(citizen_api, citizen):
    older = ClaimFactory(citizen=citizen, status=Status.WITHDRAWN, reference="TCTN-2025-000009")
    draft = complete_draft(citizen_api, citizen)
    listed = citizen_api.get("/api/v1/claims/").json()
    assert [c["id"] for c in listed] == [draft["id"], str(older.public_id)]
    detail = citizen_api.get(f"/api/v1/claims/{older.public_id}/").json()
    assert detail["reference"] == "TCTN-2025-000009"
    assert detail["can_withdraw"] is False
    assert detail["next_action"]


# --- Withdraw -----------------------------------------------------------------------------------


def test_withdrawing_a_submitted_claim(citizen_api, citizen):
    draft = complete_draft(citizen_api, citizen)
    claim = citizen_api.post(f"/api/v1/claims/{draft['id']}/submit/").json()
    response = citizen_api.post(
        f"/api/v1/claims/{claim['id']}/withdraw/",
        {"confirm": True, "reason": "Đã có việc làm mới", "version": claim["version"]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert response.json()["timeline"][-1]["detail"] == "Đã có việc làm mới"


def test_withdrawing_needs_confirmation(citizen_api, citizen):
    claim = ClaimFactory(citizen=citizen, status=Status.SUBMITTED, reference="TCTN-2026-000100")
    response = citizen_api.post(f"/api/v1/claims/{claim.public_id}/withdraw/", {}, format="json")
    assert response.status_code == 400
    assert "confirm" in response.json()
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED


def test_withdrawing_a_claim_that_changed_since_is_refused(citizen_api, citizen):
    claim = ClaimFactory(citizen=citizen, status=Status.SUBMITTED, reference="TCTN-2026-000101")
    officer = StaffFactory(center=claim.center)
    claim_transition(claim_id=claim.pk, to_status=Status.IN_REVIEW, actor=officer)
    response = citizen_api.post(
        f"/api/v1/claims/{claim.public_id}/withdraw/",
        {"confirm": True, "version": 1},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "claim_state"
    assert response.json()["current_status"] == "in_review"
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW


def test_a_decided_claim_cannot_be_withdrawn(citizen_api, citizen):
    claim = ClaimFactory(citizen=citizen, status=Status.PAYING, reference="TCTN-2026-000102")
    response = citizen_api.post(
        f"/api/v1/claims/{claim.public_id}/withdraw/", {"confirm": True}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"]
    claim.refresh_from_db()
    assert claim.status == Status.PAYING


# --- Information reply --------------------------------------------------------------------------


def _info_requested(citizen) -> Claim:
    claim = ClaimFactory(citizen=citizen, status=Status.SUBMITTED, reference="TCTN-2026-000200")
    officer = StaffFactory(center=claim.center)
    claim_transition(claim_id=claim.pk, to_status=Status.IN_REVIEW, actor=officer)
    return claim_transition(
        claim_id=claim.pk,
        to_status=Status.INFO_REQUESTED,
        actor=officer,
        reason="Hãy gửi bản chụp quyết định thôi việc có dấu.",
    )


def test_replying_to_the_center_with_a_message_and_files(citizen_api, citizen):
    claim = _info_requested(citizen)
    detail = citizen_api.get(f"/api/v1/claims/{claim.public_id}/").json()
    assert detail["can_reply"] is True
    assert detail["info_request"] == "Hãy gửi bản chụp quyết định thôi việc có dấu."
    response = citizen_api.post(
        f"/api/v1/claims/{claim.public_id}/info-reply/",
        {"message": "Tôi gửi kèm quyết định.", "files": [pdf_upload("qd.pdf"), pdf_upload()]},
        format="multipart",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "in_review"
    assert {d["kind"] for d in data["documents"]} == {"info_reply"}
    assert len(data["timeline"][-1]["documents"]) == 2
    assert data["timeline"][-1]["detail"] == "Tôi gửi kèm quyết định."


def test_a_reply_without_a_message_is_400_and_changes_nothing(citizen_api, citizen):
    claim = _info_requested(citizen)
    response = citizen_api.post(
        f"/api/v1/claims/{claim.public_id}/info-reply/",
        {"message": "  ", "files": [pdf_upload()]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "message" in response.json()
    claim.refresh_from_db()
    assert claim.status == Status.INFO_REQUESTED
    assert not claim.documents.exists()


def test_a_reply_with_a_bad_file_is_refused_and_changes_nothing(citizen_api, citizen):
    claim = _info_requested(citizen)
    bad = SimpleUploadedFile("x.png", b"GIF89a not allowed", content_type="image/png")
    response = citizen_api.post(
        f"/api/v1/claims/{claim.public_id}/info-reply/",
        {"message": "Đây ạ", "files": [pdf_upload(), bad]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "document_rejected"
    claim.refresh_from_db()
    assert claim.status == Status.INFO_REQUESTED
    assert not claim.documents.exists()


def test_replying_when_nothing_was_asked_is_409(citizen_api, citizen):
    claim = ClaimFactory(citizen=citizen, status=Status.SUBMITTED, reference="TCTN-2026-000201")
    response = citizen_api.post(
        f"/api/v1/claims/{claim.public_id}/info-reply/", {"message": "?"}, format="multipart"
    )
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED
