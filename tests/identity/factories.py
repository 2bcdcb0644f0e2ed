"""Factories for accounts and the mock VNeID's population records."""

from __future__ import annotations

import datetime as dt

import factory

from identity.mock_vneid.models import PopulationRecord
from identity.models import User

PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105 - test data


class PopulationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationRecord

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


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    role = User.Role.OFFICER
    first_name = "Trần Văn Bình"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"vneid-test{n}")
    role = User.Role.CITIZEN
    personal_id = factory.Sequence(lambda n: f"0019{n:08d}")
    identity_level = 2
    full_name = "Lê Văn Cường"
