"""A VNeID login checks no password: axes writes its access-log row, and forgets no failures.

Axes' own receiver resets the failed password sign-ins of the username *and of the address* at
every login (identity/throttling.py): a VNeID login must not lift an address's lock, and costs
those queries for nothing (issue 11). A staff password login still resets its failures
(tests/identity/test_login_throttling.py).
"""

from __future__ import annotations

import pytest
import requests
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from identity.models import User
from tests.factories import PASSWORD, PopulationRecordFactory, StaffFactory
from tests.identity import browserless as b

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

LOOPBACK = "127.0.0.1"  # the live server's clients, the VNeID login's browser included


def _failed_staff_sign_ins(username: str, count: int) -> None:
    for _ in range(count):
        answer = Client().post(
            "/accounts/login/",
            {"login": username, "password": "sai-mat-khau"},
            REMOTE_ADDR=LOOPBACK,
        )
        assert answer.status_code == 200


def test_a_vneid_login_keeps_the_addresses_failed_password_sign_ins(vneid_live):
    StaffFactory(username="canbo.an")
    _failed_staff_sign_ins("canbo.an", 3)
    failures_before = sorted(
        AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")
    )
    assert failures_before == [("canbo.an", LOOPBACK, 3)]
    person = PopulationRecordFactory()

    landing = b.full_login(requests.Session(), vneid_live.url, person.personal_id, PASSWORD)

    assert landing.status_code == 200 and "Xin chào" in landing.text
    citizen = User.objects.get(personal_id=person.personal_id)
    # The login is in axes' access log, with where it came from ...
    logged = AccessLog.objects.get(username=citizen.username)
    assert logged.ip_address == LOOPBACK and logged.session_hash and logged.logout_time is None
    # ... and the failed password sign-ins from that address still count.
    assert (
        sorted(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start"))
        == failures_before
    )
    _failed_staff_sign_ins("canbo.an", 1)
    locked = Client().post(
        "/accounts/login/", {"login": "canbo.an", "password": "sai-mat-khau"}, REMOTE_ADDR=LOOPBACK
    )
    assert locked.status_code == 429  # the fifth failure locks, as if no VNeID login came between


def test_a_staff_password_login_still_resets_its_failures_and_is_logged():
    StaffFactory(username="canbo.binh")
    _failed_staff_sign_ins("canbo.binh", 2)
    answer = Client().post(
        "/accounts/login/", {"login": "canbo.binh", "password": PASSWORD}, REMOTE_ADDR=LOOPBACK
    )
    assert answer.status_code == 302
    assert not AccessAttempt.objects.filter(username="canbo.binh").exists()
    assert AccessLog.objects.filter(username="canbo.binh", ip_address=LOOPBACK).exists()
