"""Shared by the prefill tests: an employer's confirmed notice, its workers' records in a
registry that signs extracts like the stand-in agency, and helpers to tamper with them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

import pytest

from eligibility.signed_extract import SignedExtract, records_extracts_sign
from employers.models import LayoffNotice, LayoffReason, NoticeWorker
from identity.models import User
from tests.claims.filing.helpers import FakeRegistry
from tests.eligibility.assessment_builders import GARMENT, months, record, spell
from tests.factories import CenterFactory

#: The closure: the notice is filed 30 days before the last day (Labour Code 2019 Art. 42.6).
NOTIFIED = date(2026, 1, 28)
LAST_DAY = date(2026, 2, 27)


class SigningRegistry(FakeRegistry):
    """The hand-built records, with the stand-in agency's signed extracts (the dev key)."""

    tamper: set[str] = set()

    def signed_extracts(self, personal_ids: Iterable[str]) -> dict[str, SignedExtract]:
        signed = records_extracts_sign(self.person_records(personal_ids).values())
        for pid in self.tamper & set(signed):
            extract = signed[pid]
            payload = extract.payload.replace(b"7000000", b"9000000", 1)
            signed[pid] = SignedExtract(payload, extract.signature)
        return signed


def worker_record(personal_id: str, *, name: str = "Nguyễn Thị Lan", ended: bool = False):
    """Six years at the garment factory; the contract still open until the last day."""
    built = record(
        personal_id=personal_id,
        spells=(spell(GARMENT, date(2020, 1, 2), LAST_DAY if ended else None),),
        contributions=months(date(2020, 1, 1), 68, GARMENT, 6_500_000)
        + months(date(2025, 9, 1), 5, GARMENT, 7_000_000),
    )
    return dataclasses.replace(built, full_name=name)


@pytest.fixture
def signing_registry(settings, tmp_path):
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.prefill.support.SigningRegistry"
    settings.SOCIAL_SECURITY_EXTRACT_KEYS_DIR = str(tmp_path / "agency")
    settings.SOCIAL_SECURITY_EXTRACT_SIGNING_KEY = ""
    settings.SOCIAL_SECURITY_EXTRACT_TRUSTED_KEYS = []
    settings.SMS_BACKEND = "claims.sms.client.MemoryBackend"
    SigningRegistry.records = {}
    SigningRegistry.tamper = set()
    yield SigningRegistry
    SigningRegistry.records = {}
    SigningRegistry.tamper = set()


WORKERS = (
    ("079190000101", "Nguyễn Thị Lan"),
    ("079190000102", "Trần Văn Minh"),
    ("079190000103", "Lê Thị Hồng"),
)


def notice_make(*, workers=WORKERS, reason_code: str = "business_closure", center=None):
    center = center or CenterFactory(province_code="24")
    rep = User.objects.create_user(username=f"hr-{LayoffNotice.objects.count()}", role="citizen")
    notice = LayoffNotice.objects.create(
        employer_tax_code=GARMENT.tax_code,
        employer_name=GARMENT.name,
        province_code="24",
        center=center,
        reason=LayoffReason.CLOSURE,
        planned_termination_date=LAST_DAY,
        notified_on=NOTIFIED,
        status=LayoffNotice.Status.CONFIRMED,
        created_by=rep,
    )
    for row, (pid, name) in enumerate(workers, start=1):
        NoticeWorker.objects.create(
            notice=notice,
            personal_id=pid,
            full_name=name,
            termination_date=LAST_DAY,
            reason_code=reason_code,
            last_salary=7_000_000,
            row_number=row,
        )
    return notice


@pytest.fixture
def notice(signing_registry):
    for pid, name in WORKERS:
        signing_registry.records[pid] = worker_record(pid, name=name)
    return notice_make()
