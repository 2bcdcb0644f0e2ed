"""Fixtures and helpers shared by the API tests (tests/claims/test_api_*.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from eligibility.registry import PersonRecord, Termination
from tests.claims.factories import CitizenFactory, StaffFactory
from tests.eligibility.assessment_builders import garment_worker


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


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def citizen_api(citizen) -> APIClient:
    """Authenticated with a token, as a mobile app is."""
    client = APIClient()
    token = Token.objects.create(user=citizen)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def staff_api() -> APIClient:
    """An officer with MFA set up (the staff MFA middleware lets them through), logged in."""
    staff = StaffFactory()
    TOTP.activate(staff, generate_totp_secret())
    client = APIClient()
    client.force_login(staff)
    return client
