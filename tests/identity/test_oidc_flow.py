"""The whole VNeID login over real HTTP: portal (allauth) <-> mock VNeID (django-oauth-toolkit)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from identity.models import User
from tests.factories import PASSWORD, PopulationRecordFactory
from tests.identity import browserless as b

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def _logged_in_name(session: requests.Session, base_url: str) -> bool:
    # The portal's home page greets a logged-in citizen by name.
    return "Xin chào" in session.get(f"{base_url}/", timeout=20).text


def test_citizen_logs_in_and_the_account_holds_vneid_details(vneid_live):
    person = PopulationRecordFactory(personal_id="079190001234", full_name="Nguyễn Thị Lan")
    session = requests.Session()

    landing = b.full_login(session, vneid_live.url, person.personal_id, PASSWORD)

    assert landing.status_code == 200
    assert urlsplit(landing.url).path == "/"
    assert "Xin chào Nguyễn Thị Lan" in landing.text
    user = User.objects.get(personal_id="079190001234")
    assert user.role == User.Role.CITIZEN
    assert user.identity_level == 2
    assert user.full_name == "Nguyễn Thị Lan"
    assert str(user.birth_date) == "1990-05-17"
    assert user.sex == "F"
    assert user.province_code == "79"
    assert user.phone == "0912345678"
    assert user.address.startswith("Số 12")
    assert user.vneid_synced_at is not None
    assert not user.has_usable_password()
    assert "079190001234" not in user.username


def test_second_login_updates_the_account_from_vneid(vneid_live):
    person = PopulationRecordFactory(identity_level=1, full_name="Tên Cũ")
    b.full_login(requests.Session(), vneid_live.url, person.personal_id, PASSWORD)
    assert User.objects.get(personal_id=person.personal_id).identity_level == 1

    person.identity_level = 2
    person.full_name = "Tên Mới"
    person.save()
    b.full_login(requests.Session(), vneid_live.url, person.personal_id, PASSWORD)

    user = User.objects.get(personal_id=person.personal_id)
    assert (user.identity_level, user.full_name) == (2, "Tên Mới")
    assert User.objects.filter(personal_id=person.personal_id).count() == 1


def test_wrong_password_at_the_mock_gives_a_clear_message_and_no_login(vneid_live):
    person = PopulationRecordFactory()
    session = requests.Session()
    page = b.start_login(session, vneid_live.url)

    answer = b.sign_in_at_mock(session, page, person.personal_id, "sai-mat-khau")

    assert answer.status_code == 200
    assert "Số định danh cá nhân hoặc mật khẩu không đúng" in answer.text
    assert "mock_vneid_session" not in session.cookies
    assert not _logged_in_name(session, vneid_live.url)
    assert not User.objects.exists()


def test_unknown_or_malformed_personal_id_is_refused(vneid_live):
    session = requests.Session()
    page = b.start_login(session, vneid_live.url)

    unknown = b.sign_in_at_mock(session, page, "999999999999", PASSWORD)
    malformed = b.sign_in_at_mock(session, page, "12ab", PASSWORD)

    assert "Số định danh cá nhân hoặc mật khẩu không đúng" in unknown.text
    assert "gồm đúng 12 chữ số" in malformed.text
    assert not User.objects.exists()


def test_repeated_wrong_passwords_are_rate_limited(vneid_live):
    person = PopulationRecordFactory()
    session = requests.Session()
    page = b.start_login(session, vneid_live.url)
    for _ in range(5):
        b.sign_in_at_mock(session, page, person.personal_id, "sai")

    answer = b.sign_in_at_mock(session, page, person.personal_id, PASSWORD)

    assert answer.status_code == 429
    assert "quá nhiều lần" in answer.text
    assert "mock_vneid_session" not in session.cookies


def test_refusing_consent_logs_nobody_in(vneid_live):
    person = PopulationRecordFactory()
    session = requests.Session()
    page = b.sign_in_at_mock(
        session, b.start_login(session, vneid_live.url), person.personal_id, PASSWORD
    )

    answer = b.consent(session, page, allow=False)

    assert answer.status_code == 200
    assert "Bạn đã dừng đăng nhập" in answer.text
    assert not User.objects.exists()


def _callback_url(session: requests.Session, base_url: str, person) -> str:
    page = b.sign_in_at_mock(
        session, b.start_login(session, base_url), person.personal_id, PASSWORD
    )
    redirect = b.consent(session, page, follow=False)
    assert redirect.status_code == 302
    return redirect.headers["Location"]


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return parts._replace(query=urlencode(query)).geturl()


def test_tampered_state_is_refused_with_a_message(vneid_live):
    person = PopulationRecordFactory()
    session = requests.Session()
    callback = _callback_url(session, vneid_live.url, person)

    answer = session.get(_with_query(callback, state="tampered-state"), timeout=20)

    assert answer.status_code == 401
    assert "Đăng nhập bằng VNeID không thành công" in answer.text
    assert not User.objects.exists()


def test_replayed_callback_is_refused(vneid_live):
    person = PopulationRecordFactory()
    session = requests.Session()
    callback = _callback_url(session, vneid_live.url, person)
    first = session.get(callback, timeout=20)
    assert "Xin chào" in first.text
    session.post(
        f"{vneid_live.url}/accounts/logout/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=20,
    )

    replay = session.get(callback, timeout=20)

    assert replay.status_code == 401
    assert "Đăng nhập bằng VNeID không thành công" in replay.text
    assert not _logged_in_name(session, vneid_live.url)


def test_expired_authorization_code_is_refused(vneid_live, settings):
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "AUTHORIZATION_CODE_EXPIRE_SECONDS": -1}
    person = PopulationRecordFactory()
    session = requests.Session()
    callback = _callback_url(session, vneid_live.url, person)

    answer = session.get(callback, timeout=20)

    assert answer.status_code == 401
    assert "Đăng nhập bằng VNeID không thành công" in answer.text
    assert not User.objects.exists()


def test_a_code_from_another_login_attempt_is_refused(vneid_live):
    """The code is bound to the browser's PKCE verifier and state: another session cannot use it."""
    person = PopulationRecordFactory()
    victim, attacker = requests.Session(), requests.Session()
    callback = _callback_url(victim, vneid_live.url, person)
    b.start_login(attacker, vneid_live.url)

    answer = attacker.get(callback, timeout=20)

    assert answer.status_code == 401
    assert not User.objects.exists()
