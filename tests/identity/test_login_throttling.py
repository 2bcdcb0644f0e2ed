"""Login throttling (django-axes): by account and address, and a higher limit for an address
alone, so one person's mistakes never lock out colleagues behind the same NAT (issue 12)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.10"  # one NAT address for the whole center
HOME = "198.51.100.7"
START = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def sign_in(username: str, password: str, ip: str):
    return Client().post(
        "/accounts/login/", {"login": username, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(response) -> bool:
    """Password accepted: allauth moves on to the authenticator code (or the next page)."""
    return response.status_code == 302 and "/accounts/login/" not in response["Location"]


@pytest.fixture
def staff():
    return StaffFactory(username="canbo.an"), StaffFactory(username="canbo.binh")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_five_wrong_passwords_lock_that_account_from_that_address_only(staff):
    an, binh = staff
    for _ in range(4):
        assert sign_in("canbo.an", "sai-mat-khau", OFFICE).status_code == 200
    assert sign_in("canbo.an", "sai-mat-khau", OFFICE).status_code == 429  # the fifth locks
    locked = sign_in("canbo.an", PASSWORD, OFFICE)  # even the right password now
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    assert "Bạn đã nhập sai quá nhiều lần" in locked.content.decode()
    # A colleague behind the same NAT, and the same account from elsewhere, sign in.
    assert signed_in(sign_in("canbo.binh", PASSWORD, OFFICE))
    assert signed_in(sign_in("canbo.an", PASSWORD, HOME))


def test_the_lock_ends_after_the_cool_off(staff, _frozen):
    for _ in range(5):
        sign_in("canbo.an", "sai-mat-khau", OFFICE)
    assert sign_in("canbo.an", PASSWORD, OFFICE).status_code == 429
    _frozen.shift(timedelta(minutes=15, seconds=1))
    assert signed_in(sign_in("canbo.an", PASSWORD, OFFICE))


def test_a_success_forgets_the_earlier_failures(staff):
    for _ in range(4):
        sign_in("canbo.an", "sai-mat-khau", OFFICE)
    assert signed_in(sign_in("canbo.an", PASSWORD, OFFICE))
    for _ in range(4):
        assert sign_in("canbo.an", "sai-mat-khau", OFFICE).status_code == 200
    assert signed_in(sign_in("canbo.an", PASSWORD, OFFICE))


def test_many_accounts_tried_from_one_address_lock_the_address(staff, settings):
    settings.LOGIN_FAILURES_PER_IP = 12
    for n in range(11):  # password spraying: 12 names, 1 try each, never 5 on one account
        assert sign_in(f"khong-co-{n}", "123456", OFFICE).status_code == 200
    assert sign_in("khong-co-11", "123456", OFFICE).status_code == 429
    assert sign_in("canbo.binh", PASSWORD, OFFICE).status_code == 429
    assert signed_in(sign_in("canbo.binh", PASSWORD, HOME))


def test_the_locked_page_is_in_english_for_an_english_reader(staff, settings):
    for _ in range(5):
        sign_in("canbo.an", "sai-mat-khau", OFFICE)
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = c.post(
        "/accounts/login/", {"login": "canbo.an", "password": PASSWORD}, REMOTE_ADDR=OFFICE
    )
    assert response.status_code == 429
    assert "too many" in response.content.decode().lower()


# --- The mock VNeID's sign-in: the same handler ------------------------------------------------


def mock_sign_in(personal_id: str, password: str, ip: str):
    return Client().post(
        "/mock-vneid/dang-nhap/", {"personal_id": personal_id, "password": password}, REMOTE_ADDR=ip
    )


def test_the_mock_vneid_locks_one_person_at_one_address_not_their_neighbours():
    from tests.factories import PopulationRecordFactory

    lan, hoa = PopulationRecordFactory(), PopulationRecordFactory()
    for _ in range(4):
        assert mock_sign_in(lan.personal_id, "sai", OFFICE).status_code == 200
    fifth = mock_sign_in(lan.personal_id, "sai", OFFICE)
    assert fifth.status_code == 429 and "VNeID (mô phỏng)" in fifth.content.decode()
    locked = mock_sign_in(lan.personal_id, PASSWORD, OFFICE)
    assert locked.status_code == 429 and "Hãy đợi 15 phút" in locked.content.decode()
    assert mock_sign_in(hoa.personal_id, PASSWORD, OFFICE).status_code == 302
    assert mock_sign_in(lan.personal_id, PASSWORD, HOME).status_code == 302
