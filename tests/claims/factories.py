"""Factories for claims and the accounts around them."""

from __future__ import annotations

import factory

from claims.core.transitions import Status
from claims.models import Claim
from identity.models import EmploymentServiceCenter, User


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentServiceCenter
        django_get_or_create = ("province_code",)

    province_code = "24"
    code = factory.LazyAttribute(lambda o: f"ttdvvl-{o.province_code}")
    name = factory.LazyAttribute(lambda o: f"Trung tâm Dịch vụ việc làm {o.province_code}")


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"vneid-{n:012d}")
    role = User.Role.CITIZEN
    personal_id = factory.Sequence(lambda n: f"{n:012d}")
    identity_level = 2
    full_name = factory.Faker("name", locale="vi_VN")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"staff{n}")
    role = User.Role.OFFICER
    center = factory.SubFactory(CenterFactory)
    full_name = factory.Faker("name", locale="vi_VN")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    citizen = factory.SubFactory(CitizenFactory)
    personal_id = factory.LazyAttribute(lambda o: o.citizen.personal_id)
    center = factory.SubFactory(CenterFactory)
    status = Status.DRAFT
