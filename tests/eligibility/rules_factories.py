"""Factories and personas for the rules tables' tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from eligibility.models import PublicHoliday, RegionalMinimumWage, RuleSet
from identity.models import User


class RuleSetFactory(factory.django.DjangoModelFactory):
    """A draft with the 2025 law's parameters, starting 2027-01-01 (after the seeded ones)."""

    class Meta:
        model = RuleSet

    identifier = factory.Sequence(lambda n: f"ban-nhap-{n}")
    name = factory.Sequence(lambda n: f"Bản nháp {n}")
    law = RuleSet.Law.LAW_2025
    legal_reference = "Luật Việc làm 74/2025/QH15, Điều 38–41"
    valid_from = date(2027, 1, 1)
    status = RuleSet.Status.DRAFT
    min_contribution_months = 12
    window_months_indefinite = 24
    window_months_fixed_term = 24
    window_months_seasonal = 36
    excluded_reasons = factory.LazyFunction(
        lambda: ["employee_unlawful_resignation", "retirement_pension"]
    )
    filing_deadline_months = 3
    replacement_rate = Decimal("0.600")
    averaged_months = 6
    cap_multiplier = 5
    cap_base_enterprise = "regional_minimum_wage"
    cap_base_state = "regional_minimum_wage"
    cap_wage_date = "last_contribution_month"
    duration_base_months = 3
    duration_base_threshold = 36
    duration_step_months = 12
    duration_max_months = 12
    entitlement_start_days = 10
    entitlement_start_unit = "working"
    decision_deadline_days = 20
    decision_deadline_unit = "working"


class RegionalMinimumWageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalMinimumWage

    valid_from = date(2027, 1, 1)
    region = "I"
    amount = 5_600_000
    legal_reference = "Nghị định thử nghiệm"


class PublicHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicHoliday

    date = date(2027, 1, 1)
    name = "Tết Dương lịch"
    legal_reference = "Bộ luật Lao động 45/2019/QH14, Điều 112.1.a"


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff account with a TOTP authenticator (so the MFA middleware lets it through)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"quantri{n}")
    role = User.Role.ADMIN
    is_staff = True
    is_superuser = True
    full_name = "Quản Trị Viên"

    @factory.post_generation
    def totp(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            TOTP.activate(self, generate_totp_secret())
