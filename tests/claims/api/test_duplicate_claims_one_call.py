"""One claim per person and termination through the one-call filing API (ADR 0012): a second
POST /api/v1/filings/ about the same termination, under another Idempotency-Key, is refused
with the claim that stands, and nothing is kept."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.core.transitions import Status
from claims.models import Claim, FilingRequest
from tests.claims.api.helpers import answers_for, pdf_bytes

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("filing_day", "center"),
]
URL = "/api/v1/filings/"


def _file(client, citizen, key: str):
    answers = {k: v for k, v in answers_for(citizen).items() if k != "documents"}
    data = {
        "claim": json.dumps(answers),
        "termination_proof": [SimpleUploadedFile("proof.pdf", pdf_bytes())],
    }
    return client.post(URL, data, format="multipart", HTTP_IDEMPOTENCY_KEY=key)


def test_a_second_one_call_filing_for_the_same_termination_is_refused(citizen_api, citizen):
    first = _file(citizen_api, citizen, "phone-1")
    assert first.status_code == 201, first.json()
    again = _file(citizen_api, citizen, "phone-2")  # a new key: not a retry, a second claim
    assert again.status_code == 409, again.json()
    body = again.json()
    assert body["code"] == "duplicate_claim"
    assert body["existing_claim"]["id"] == first.json()["id"]
    assert body["existing_claim"]["reference"] == first.json()["reference"]
    standing = Claim.objects.filter(citizen=citizen).exclude(
        status__in=[Status.DRAFT, Status.WITHDRAWN]
    )
    assert standing.count() == 1
    assert not Claim.objects.filter(citizen=citizen, status=Status.DRAFT).exists()
    assert not FilingRequest.objects.filter(citizen=citizen, key="phone-2").exists()
