"""Fixtures and helpers shared by the API tests (tests/claims/test_api_*.py)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from rest_framework.test import APIClient

from claims.filing.forms import name_key
from eligibility.registry import PersonRecord, Termination
from tests.claims.factories import CenterFactory, CitizenFactory, StaffFactory
from tests.eligibility.assessment_builders import GARMENT, garment_worker

__all__ = [
    "FILED",
    "FakeRegistry",
    "answers_for",
    "api",
    "center",
    "citizen",
    "citizen_api",
    "complete_draft",
    "filing_day",
    "other_citizen",
    "pdf_bytes",
    "pdf_upload",
    "registry",
    "staff_api",
]


class FakeRegistry:
    """An in-memory social-security registry: tests put records in `records`."""

    records: dict[str, PersonRecord] = {}

    def person_record(self, personal_id: str) -> PersonRecord | None:
        return self.records.get(personal_id)

    def person_records(self, personal_ids: Iterable[str]) -> dict[str, PersonRecord]:
        return {p: self.records[p] for p in personal_ids if p in self.records}

    def terminations_between(
        self, start: date, end: date, *, chunk_size: int = 2000
    ) -> Iterator[Termination]:
        return iter(())

    def data_through(self) -> date | None:
        return date(2026, 4, 1)


@pytest.fixture
def registry(settings):
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.api_support.FakeRegistry"
    FakeRegistry.records = {}
    yield FakeRegistry.records
    FakeRegistry.records = {}


@pytest.fixture
def citizen(registry):
    """A level-2 citizen whose record is RULES.md's garment worker (closure 2026-02-27)."""
    user = CitizenFactory(personal_id="001090000001", username="vneid-001090000001")
    registry[user.personal_id] = garment_worker(personal_id=user.personal_id)
    return user


@pytest.fixture
def other_citizen():
    return CitizenFactory()


def api_token(user) -> str:
    """A fresh API token for `user` (knox: the database keeps only its digest)."""
    from knox.models import AuthToken

    return AuthToken.objects.create(user=user)[1]


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def citizen_api(citizen) -> APIClient:
    """Authenticated with a token, as a mobile app is."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(citizen)}")
    return client


@pytest.fixture
def staff_api() -> APIClient:
    """An officer with MFA set up (the staff MFA middleware lets them through), logged in."""
    staff = StaffFactory()
    TOTP.activate(staff, generate_totp_secret())
    client = APIClient()
    client.force_login(staff)
    return client


FILED = "2026-03-02 09:00 +07:00"


@pytest.fixture
def filing_day():
    """The garment worker files on 2026-03-02, three days after the closure."""
    with time_machine.travel(FILED, tick=False):
        yield


@pytest.fixture
def center():
    return CenterFactory(province_code="24")


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "quyet-dinh-thoi-viec.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def answers_for(citizen) -> dict[str, dict]:
    """Valid answers to every step for the garment worker (matching the record)."""
    return {
        "job": {
            "employer_name": GARMENT.name,
            "employer_tax_code": GARMENT.tax_code,
            "contract_type": "indefinite",
            "termination_date": "2026-02-27",
            "termination_reason": "business_closure",
        },
        "center": {"province_code": "24"},
        "payment": {
            "method": "bank",
            "bank_code": "VCB",
            "account_number": "0123456789",
            "account_holder": name_key(citizen.full_name),
        },
        "contact": {"phone": "0912345678", "email": ""},
        "documents": {},
        "declaration": {"truthful": True, "consent": True},
    }


def complete_draft(client: APIClient, citizen) -> dict:
    """Start a draft and answer every step through the API; returns the draft's JSON."""
    draft = client.get("/api/v1/draft/").json()
    answers = answers_for(citizen)
    for step, values in answers.items():
        if step == "documents":
            response = client.post(
                "/api/v1/draft/documents/",
                {"file": pdf_upload(), "kind": "termination_proof"},
                format="multipart",
            )
            assert response.status_code == 201, response.json()
        response = client.put(f"/api/v1/draft/steps/{step}/", values, format="json")
        assert response.status_code == 200, (step, response.json())
        draft = response.json()
    return draft
