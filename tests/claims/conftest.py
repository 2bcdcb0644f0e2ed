"""Fixtures of every claims test: the garment worker of RULES.md's example 1 and their
social-security record (registry, citizen), a submitted claim of center 24 and its staff
(march_2026, staff, claim), and the API clients (api, citizen_api, staff_api).

tests/claims/api/conftest.py gives the API tests their own worker and record."""

from __future__ import annotations

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from rest_framework.test import APIClient

from identity.models import User
from tests.claims.api.helpers import FILED, api_token
from tests.claims.filing.helpers import FakeRegistry, garment_record
from tests.claims.review.helpers import MARCH_10, make_staff, submitted_claim
from tests.factories import CenterFactory, CitizenFactory, StaffFactory


@pytest.fixture
def registry(settings):
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.filing.helpers.FakeRegistry"
    FakeRegistry.records = {}
    yield FakeRegistry.records
    FakeRegistry.records = {}


@pytest.fixture
def citizen(registry):
    CenterFactory(province_code="24")
    CenterFactory(province_code="01")
    user = CitizenFactory(
        full_name="Nguyễn Thị Hoa",
        phone="0912345001",
        email="hoa@example.vn",
        province_code="01",
    )
    registry[user.personal_id] = garment_record(user.personal_id)
    return user


@pytest.fixture
def march_2026():
    with time_machine.travel(MARCH_10, tick=False):
        yield


@pytest.fixture
def staff():
    """Two officers and a signer of center 24, an officer and a signer of center 01."""
    return {
        "officer": make_staff(full_name="Trần Văn An"),
        "officer2": make_staff(full_name="Lê Thị Bình"),
        "signer": make_staff(User.Role.SIGNER, full_name="Phạm Minh Châu"),
        "other_officer": make_staff(province="01"),
        "other_signer": make_staff(User.Role.SIGNER, province="01"),
    }


@pytest.fixture
def claim(citizen, march_2026):
    return submitted_claim(citizen)


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


@pytest.fixture
def filing_day():
    """The garment worker files on 2026-03-02, three days after the closure."""
    with time_machine.travel(FILED, tick=False):
        yield


@pytest.fixture
def center():
    return CenterFactory(province_code="24")
