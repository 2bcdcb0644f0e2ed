"""Shared by the review tests: a submitted claim of center 24 and its staff (officers, signer)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import claims.filing.services as filing
from claims.models import Claim
from identity.models import User
from tests.claims.filing.helpers import fill_draft
from tests.factories import CenterFactory, StaffFactory

MARCH_10 = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


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
