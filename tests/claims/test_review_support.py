"""Shared by the review tests: a submitted claim of center 24 and its staff (officers, signer)."""
# ruff: noqa: F811 - pytest fixtures imported from test_filing_support

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

import claims.filing.services as filing
from claims.models import Claim
from identity.models import User
from tests.claims.factories import CenterFactory, StaffFactory
from tests.claims.test_filing_support import citizen, fill_draft, registry

__all__ = ["citizen", "registry"]

MARCH_10 = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def march_2026():
    with time_machine.travel(MARCH_10, tick=False):
        yield


def make_staff(role: str = User.Role.OFFICER, province: str = "24", *, mfa: bool = False, **kw):
    staff = StaffFactory(role=role, center=CenterFactory(province_code=province), **kw)
    if mfa:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(staff, generate_totp_secret())
    return staff


def submitted_claim(citizen) -> Claim:
    """The garment worker's claim (RULES.md example 1), submitted to center 24."""
    claim = fill_draft(citizen)
    return filing.claim_submit(claim_id=claim.pk, citizen=citizen)


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
