"""The mock VNeID checks its population's passwords cheaply; staff keep Django's strong hasher."""

from __future__ import annotations

import pytest
import requests
from django.conf import global_settings
from django.contrib.auth import hashers as django_hashers
from django.contrib.auth.hashers import make_password

import portal.settings as portal_settings
from identity.mock_vneid.hashers import HASHER, population_password_check
from identity.mock_vneid.models import Application, PopulationRecord
from tests.factories import PASSWORD, PopulationRecordFactory, StaffFactory
from tests.identity import browserless as b


@pytest.fixture
def pbkdf2_calls(monkeypatch):
    """Every PBKDF2 run through Django's hashers, as its iteration count."""
    calls: list[int] = []
    real = django_hashers.pbkdf2

    def spy(password, salt, iterations, *args, **kwargs):
        calls.append(iterations)
        return real(password, salt, iterations, *args, **kwargs)

    monkeypatch.setattr(django_hashers, "pbkdf2", spy)
    return calls


@pytest.fixture
def production_hashers(settings):
    # The suite hashes with MD5 for speed; these tests need the hashers the portal ships with.
    settings.PASSWORD_HASHERS = getattr(
        portal_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS
    )


def test_the_portal_keeps_djangos_strong_hasher_for_staff():
    hashers = getattr(portal_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    # The mock's cheap hasher is not one Django knows: no staff hash can be of that kind.
    assert not any("mock_vneid" in h for h in hashers)


@pytest.mark.django_db
def test_a_staff_password_is_hashed_with_pbkdf2_at_a_million_iterations(
    production_hashers, pbkdf2_calls
):
    staff = StaffFactory()
    algorithm, iterations, *_ = staff.password.split("$")
    assert algorithm == "pbkdf2_sha256"
    assert int(iterations) == django_hashers.PBKDF2PasswordHasher.iterations >= 1_000_000
    assert staff.check_password(PASSWORD)
    # A staff hash written in the mock's format is refused, never checked cheaply.
    staff.password = HASHER.encode(PASSWORD, HASHER.salt())
    assert not staff.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_population_password_uses_the_mocks_cheap_hasher(production_hashers, pbkdf2_calls):
    person = PopulationRecordFactory()
    assert person.password.startswith("mock_vneid_pbkdf2_sha256$1000$")
    assert person.check_password(PASSWORD)
    assert not person.check_password("sai-mat-khau")
    assert pbkdf2_calls and max(pbkdf2_calls) == 1_000


@pytest.mark.django_db
def test_an_old_strong_hash_is_checked_once_then_replaced_by_the_cheap_one():
    person = PopulationRecordFactory()
    PopulationRecord.objects.filter(pk=person.pk).update(password=make_password(PASSWORD))
    person.refresh_from_db()
    assert not person.password.startswith(HASHER.algorithm)

    assert not person.check_password("sai")
    person.refresh_from_db()
    assert not person.password.startswith(HASHER.algorithm)  # a wrong password changes nothing

    assert person.check_password(PASSWORD)
    person.refresh_from_db()
    assert person.password.startswith(f"{HASHER.algorithm}$")
    assert person.check_password(PASSWORD)


def test_an_unusable_or_unknown_hash_never_matches():
    assert not population_password_check("", "!unusable")
    assert not population_password_check("x", "nonsense")


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_a_mock_login_runs_no_pbkdf2_at_a_million_iterations(
    vneid_live, production_hashers, pbkdf2_calls
):
    person = PopulationRecordFactory()
    registration = Application.objects.get()
    assert registration.hash_client_secret is False
    pbkdf2_calls.clear()

    landing = b.full_login(requests.Session(), vneid_live.url, person.personal_id, PASSWORD)

    assert "Xin chào" in landing.text
    # The password check ran the mock's hasher; nothing (not the client secret at the token
    # endpoint, not the citizen account) ran Django's million-iteration PBKDF2.
    assert pbkdf2_calls
    assert max(pbkdf2_calls) <= HASHER.iterations
