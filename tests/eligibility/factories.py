"""Factories for the social-security store (written to the "social_security" database)
and a helper that writes a whole history month by month, as the generator would."""

from __future__ import annotations

from datetime import date

import factory

from eligibility.records.models import (
    BenefitRecord,
    Contribution,
    Employer,
    EmploymentSpell,
    Person,
    StoreSnapshot,
)
from eligibility.registry import add_months
from identity.models import User

STORE = "social_security"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer
        database = STORE

    tax_code = factory.Sequence(lambda n: f"77{n:08d}")
    name = factory.Sequence(lambda n: f"Công ty TNHH Thử nghiệm {n}")
    province_code = "24"
    wage_region = "II"
    wage_regime = "enterprise"
    sector = "Dệt may"
    ownership = "private"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        database = STORE

    personal_id = factory.Sequence(lambda n: f"0241{n:08d}")
    social_insurance_code = factory.Sequence(lambda n: f"24{n:08d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    birth_date = date(1990, 1, 15)
    sex = "M"


class SpellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentSpell
        database = STORE

    person = factory.SubFactory(PersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    contract_type = "indefinite"
    start_date = date(2022, 1, 1)
    end_date = None
    termination_reason = ""


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution
        database = STORE

    person = factory.SubFactory(PersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    month = date(2025, 1, 1)
    insured_salary = 6_500_000
    ui_paid = True


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitRecord
        database = STORE

    person = factory.SubFactory(PersonFactory)
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-TEST")
    start_date = date(2020, 7, 21)
    end_date = date(2020, 11, 20)
    months_granted = 4
    contribution_months_used = 48
    contributions_used_through = date(2020, 6, 1)


def snapshot(data_through: date = date(2026, 4, 1)) -> StoreSnapshot:
    return StoreSnapshot.objects.using(STORE).create(data_through=data_through, seed=0, people=0)


def employment(
    person: Person,
    employer: Employer,
    *,
    start: date,
    end: date | None,
    months: int,
    salary: int = 6_500_000,
    reason: str = "",
    contract: str = "indefinite",
    ui_paid: bool = True,
) -> EmploymentSpell:
    """A spell and `months` monthly contributions from start's month on."""
    spell = SpellFactory(
        person=person,
        employer=employer,
        start_date=start,
        end_date=end,
        termination_reason=reason if end else "",
        contract_type=contract,
    )
    Contribution.objects.using(STORE).bulk_create(
        Contribution(
            person=person,
            employer=employer,
            month=add_months(start, i),
            insured_salary=salary,
            ui_paid=ui_paid,
        )
        for i in range(months)
    )
    return spell


def citizen_user(personal_id: str, *, level: int = 2, name: str = "Người Thử") -> User:
    return User.objects.create_user(
        username=f"vneid-{personal_id}",
        role=User.Role.CITIZEN,
        personal_id=personal_id,
        identity_level=level,
        full_name=name,
    )
