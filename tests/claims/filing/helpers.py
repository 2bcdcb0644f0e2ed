"""Shared by the filing tests: a registry holding hand-built records, a citizen, answers, files."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from eligibility.registry import PersonRecord
from tests.eligibility.assessment_builders import GARMENT, months, record, spell

CLOSURE = date(2026, 2, 27)
FILING_DAY = date(2026, 3, 10)


class FakeRegistry:
    """settings.SOCIAL_SECURITY_REGISTRY for tests: records put here by the test."""

    records: dict[str, PersonRecord] = {}

    def person_record(self, personal_id: str) -> PersonRecord | None:
        return self.records.get(personal_id)

    def person_records(self, personal_ids: Iterable[str]) -> dict[str, PersonRecord]:
        return {p: self.records[p] for p in personal_ids if p in self.records}

    def terminations_between(self, *args, **kwargs):  # pragma: no cover - not used here
        return iter(())

    def data_through(self) -> date | None:
        return date(2026, 4, 1)


def garment_record(personal_id: str) -> PersonRecord:
    """Six years at the closed garment factory (RULES.md worked example 1)."""
    return record(
        personal_id=personal_id,
        spells=(spell(GARMENT, date(2020, 1, 2), CLOSURE),),
        contributions=months(date(2020, 1, 1), 68, GARMENT, 6_500_000)
        + months(date(2025, 9, 1), 6, GARMENT, 7_000_000),
    )


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "quyet-dinh-thoi-viec.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


JOB = {
    "employer_name": "Công ty TNHH May mặc Hanwoo Vina",
    "employer_tax_code": "2300987654",
    "contract_type": "indefinite",
    "termination_date": "2026-02-27",
    "termination_reason": "business_closure",
    "correction_reason": "",
}
ANSWERS = {
    "job": JOB,
    "center": {"province_code": "24"},
    "payment": {
        "method": "bank",
        "bank_code": "VCB",
        "account_number": "0123456789",
        "account_holder": "NGUYEN THI HOA",
    },
    "contact": {"phone": "0912345001", "email": "hoa@example.vn"},
    "documents": {},
    "declaration": {"truthful": "on", "consent": "on"},
}


def fill_draft(citizen, *, upload: bool = True):
    """A draft with every step answered (and a termination proof attached)."""
    import claims.filing.services as filing

    claim = filing.draft_get_or_create(citizen=citizen)
    for step, data in ANSWERS.items():
        if step == "documents":
            if not upload:
                continue
            filing.draft_document_add(
                claim_id=claim.pk, citizen=citizen, upload=pdf_upload(), kind="termination_proof"
            )
        claim = filing.draft_save_step(claim_id=claim.pk, citizen=citizen, step=step, data=data)
    return claim
