"""API: every object belongs to its owner (another person's claim is 404), staff get 403."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.core.transitions import Status
from claims.models import Claim, ClaimDocument
from tests.claims.api.helpers import complete_draft, pdf_upload
from tests.factories import CitizenFactory, ClaimFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("filing_day", "center"),
]


def _other_client() -> APIClient:
    client = APIClient()
    client.force_login(CitizenFactory())
    return client


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("post", "submit/", None),
        ("post", "withdraw/", {"confirm": True}),
        ("post", "info-reply/", {"message": "xin chào"}),
    ],
)
@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.INFO_REQUESTED])
def test_another_persons_claim_is_404_and_unchanged(method, suffix, body, status):
    claim = ClaimFactory(status=status, reference=None if status == Status.DRAFT else "TCTN-2026-9")
    response = getattr(_other_client(), method)(
        f"/api/v1/claims/{claim.public_id}/{suffix}", body, format="json"
    )
    assert response.status_code == 404
    assert response.json()["detail"]
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.version) == (status, 1)
    assert not fresh.events.exists()


def test_an_id_that_is_not_a_uuid_is_404(citizen_api):
    assert citizen_api.get("/api/v1/claims/123/").status_code == 404
    assert citizen_api.get("/api/v1/claims/not-a-claim/").status_code == 404


def test_the_list_shows_only_own_claims(citizen_api, citizen):
    ClaimFactory(status=Status.SUBMITTED, reference="TCTN-2026-000300")  # someone else's
    mine = ClaimFactory(citizen=citizen, status=Status.SUBMITTED, reference="TCTN-2026-000301")
    assert [c["id"] for c in citizen_api.get("/api/v1/claims/").json()] == [str(mine.public_id)]


def test_the_draft_endpoints_only_ever_reach_ones_own_draft(citizen_api, citizen):
    theirs = ClaimFactory(status=Status.DRAFT)
    mine = citizen_api.get("/api/v1/draft/").json()
    assert mine["id"] != str(theirs.public_id)
    citizen_api.put("/api/v1/draft/steps/contact/", {"phone": "0912345678"}, format="json")
    theirs.refresh_from_db()
    assert theirs.answers == {}


def test_another_persons_document_cannot_be_deleted(citizen_api, citizen, registry):
    other = _other_client()
    other.get("/api/v1/draft/")
    doc = other.post(
        "/api/v1/draft/documents/",
        {"file": pdf_upload(), "kind": "termination_proof"},
        format="multipart",
    ).json()
    citizen_api.get("/api/v1/draft/")
    assert citizen_api.delete(f"/api/v1/draft/documents/{doc['id']}/").status_code == 404
    assert ClaimDocument.objects.filter(pk=doc["id"]).exists()


def test_another_persons_claim_cannot_be_resubmitted_by_id(citizen_api, citizen):
    draft = complete_draft(citizen_api, citizen)
    response = _other_client().post(f"/api/v1/claims/{draft['id']}/submit/")
    assert response.status_code == 404
    assert Claim.objects.get(public_id=draft["id"]).status == Status.DRAFT


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me/record/"),
        ("get", "/api/v1/me/eligibility/"),
        ("get", "/api/v1/claims/"),
        ("get", "/api/v1/draft/"),
        ("delete", "/api/v1/draft/"),
        ("get", "/api/v1/draft/steps/job/"),
        ("put", "/api/v1/draft/steps/job/"),
        ("patch", "/api/v1/draft/steps/job/"),
        ("get", "/api/v1/draft/estimate/"),
        ("get", "/api/v1/draft/documents/"),
        ("post", "/api/v1/draft/documents/"),
        ("delete", "/api/v1/draft/documents/1/"),
        ("post", "/api/v1/draft/submit/"),
        ("post", "/api/v1/token/"),
    ],
)
def test_staff_get_403_everywhere_and_create_nothing(staff_api, method, path):
    response = getattr(staff_api, method)(path, {}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize("suffix", ["", "submit/", "withdraw/", "info-reply/"])
def test_staff_get_403_on_a_claim_of_their_own_center(staff_api, suffix):
    claim = ClaimFactory(status=Status.SUBMITTED, reference="TCTN-2026-000400")
    method = "get" if not suffix else "post"
    response = getattr(staff_api, method)(f"/api/v1/claims/{claim.public_id}/{suffix}")
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/draft/"),
        ("put", "/api/v1/draft/steps/job/"),
        ("post", "/api/v1/draft/documents/"),
        ("post", "/api/v1/draft/submit/"),
    ],
)
def test_anonymous_calls_to_the_draft_get_401(api, method, path):
    assert getattr(api, method)(path, {}, format="json").status_code == 401
    assert not Claim.objects.exists()
