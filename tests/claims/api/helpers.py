"""Helpers shared by the API tests (tests/claims/api/)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from rest_framework.test import APIClient

from claims.filing.forms import name_key
from eligibility.registry import PersonRecord, Termination
from tests.eligibility.assessment_builders import GARMENT

__all__ = [
    "FILED",
    "FakeRegistry",
    "answers_for",
    "complete_draft",
    "pdf_bytes",
    "pdf_upload",
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


def api_token(user) -> str:
    """A fresh API token for `user` (knox: the database keeps only its digest)."""
    from knox.models import AuthToken

    return AuthToken.objects.create(user=user)[1]


FILED = "2026-03-02 09:00 +07:00"


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
