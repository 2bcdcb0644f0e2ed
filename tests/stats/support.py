"""A hand-built set of claims for the statistics tests: every figure below is known by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from claims.models import PaymentInstallment, Proposal
from identity.models import User
from tests.eligibility.factories import EmployerFactory, PersonFactory, SpellFactory
from tests.factories import CenterFactory, CitizenFactory, ClaimFactory, StaffFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 12, 1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HCM)


def analyst(*, province: str = "", username: str = "phantich") -> User:
    """An analyst with two-factor authentication set up (staff must have it: identity)."""
    user = StaffFactory(username=username, role="analyst", center=None, analyst_province=province)
    TOTP.activate(user, generate_totp_secret())
    return user


def claim(
    *,
    province: str = "24",
    sex: str = "F",
    birth: date = date(1990, 1, 15),
    sector: str = "Dệt may",
    status: str = "submitted",
    filed: date = date(2026, 10, 5),
    decided: date | None = None,
    due: date | None = None,
    benefit: int | None = None,
    months: int | None = None,
    reason: str = "business_closure",
    refusal_codes: list[str] | None = None,
):
    """A submitted claim of a new person in the store (with their sex, birth date, employer)."""
    employer = EmployerFactory(sector=sector, province_code=province)
    person = PersonFactory(sex=sex, birth_date=birth)
    SpellFactory(
        person=person,
        employer=employer,
        contract_type="indefinite",
        start_date=date(2020, 1, 1),
        end_date=filed - timedelta(days=3),
        termination_reason=reason,
    )
    center = CenterFactory(province_code=province)
    c = ClaimFactory(
        citizen=CitizenFactory(personal_id=person.personal_id),
        personal_id=person.personal_id,
        center=center,
        status=status,
        reference=f"TCTN-2026-{person.pk:06d}",
        employer_tax_code=employer.tax_code,
        contract_type="fixed_term",
        termination_date=filed - timedelta(days=3),
        termination_reason=reason,
        submitted_at=at(filed),
        decided_at=at(decided, 15) if decided else None,
        decision_due=due or filed + timedelta(days=28),
        monthly_benefit=benefit,
        duration_months=months,
    )
    if refusal_codes is not None:
        Proposal.objects.create(
            claim=c,
            kind="refuse",
            proposed_by=StaffFactory(center=center),
            refusal_codes=refusal_codes,
            outcome="signed",
        )
    return c


def pay(c, *, number: int, amount: int, paid: date | None, start: date) -> PaymentInstallment:
    return PaymentInstallment.objects.create(
        claim=c,
        number=number,
        period_start=start,
        period_end=start + timedelta(days=29),
        amount=amount,
        due_on=start,
        status="paid" if paid else "scheduled",
        paid_at=at(paid) if paid else None,
    )
