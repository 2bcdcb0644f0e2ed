"""The one set of factories every test directory uses: accounts, centers, claims and the mock
VNeID's population records (`from tests.factories import CitizenFactory`)."""

from __future__ import annotations

import datetime as dt

import factory

from claims.core.transitions import Status
from claims.models import Claim
from identity.mock_vneid.models import PopulationRecord
from identity.models import EmploymentServiceCenter, User

PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105 - test data


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentServiceCenter
        django_get_or_create = ("province_code",)

    province_code = "24"
    code = factory.LazyAttribute(lambda o: f"ttdvvl-{o.province_code}")
    name = factory.LazyAttribute(lambda o: f"Trung tâm Dịch vụ việc làm {o.province_code}")


class CitizenFactory(factory.django.DjangoModelFactory):
    """A worker signed in through VNeID at level 2 (no password: citizens have none)."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"vneid-{n:012d}")
    role = User.Role.CITIZEN
    personal_id = factory.Sequence(lambda n: f"{n:012d}")
    identity_level = 2
    full_name = factory.Faker("name", locale="vi_VN")


class StaffFactory(factory.django.DjangoModelFactory):
    """An officer of a center (role and center overridable), who signs in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    role = User.Role.OFFICER
    center = factory.SubFactory(CenterFactory)
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    citizen = factory.SubFactory(CitizenFactory)
    personal_id = factory.LazyAttribute(lambda o: o.citizen.personal_id)
    center = factory.SubFactory(CenterFactory)
    status = Status.DRAFT


class PopulationRecordFactory(factory.django.DjangoModelFactory):
    """A person of the mock VNeID's population, who signs in with PASSWORD."""

    class Meta:
        model = PopulationRecord
        skip_postgeneration_save = True

    personal_id = factory.Sequence(lambda n: f"0012{n:08d}")
    full_name = "Nguyễn Thị Lan"
    birth_date = dt.date(1990, 5, 17)
    sex = "F"
    address = "Số 12, đường Lê Lợi, phường Bến Thành"
    province_code = "79"
    phone = "0912345678"
    identity_level = 2
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()
