"""Claims -> citizen account, refusals, and password login closed to citizens."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import Login
from allauth.account.stages import LoginStageController
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from identity.adapters import AccountAdapter, MfaAuthenticateStage, VneidSocialAccountAdapter
from identity.models import User
from identity.vneid import VneidClaimsError, identity_from_claims, merged_claims
from tests.factories import PASSWORD, CitizenFactory, StaffFactory

CLAIMS = {
    "sub": "079190001234",
    "personal_id": "079190001234",
    "identity_level": 2,
    "name": "Nguyễn Thị Lan",
    "birthdate": "1990-05-17",
    "gender": "female",
    "phone_number": "0912345678",
    "address": {"formatted": "Số 12, Lê Lợi", "province_code": "79"},
}


def test_identity_from_claims_reads_every_field():
    identity = identity_from_claims(CLAIMS)

    assert identity.personal_id == "079190001234"
    assert identity.identity_level == 2
    assert identity.birth_date == dt.date(1990, 5, 17)
    assert (identity.sex, identity.province_code, identity.address) == ("F", "79", "Số 12, Lê Lợi")


@pytest.mark.parametrize("bad", [None, "", "12345", "07919000123x", 79190001234])
def test_claims_without_a_valid_personal_id_are_refused(bad):
    with pytest.raises(VneidClaimsError):
        identity_from_claims({**CLAIMS, "personal_id": bad})


def test_odd_claims_never_crash_and_fall_back_safely():
    identity = identity_from_claims(
        {**CLAIMS, "identity_level": "ba", "birthdate": "17/05/1990", "address": ["x"], "gender": 3}
    )

    assert identity.identity_level == 1  # unknown level counts as the lower one
    assert identity.birth_date is None
    assert (identity.address, identity.province_code, identity.sex) == ("", "", "")


def test_userinfo_overrides_the_id_token():
    claims = merged_claims({"id_token": {"name": "A", "sub": "1"}, "userinfo": {"name": "B"}})

    assert claims == {"name": "B", "sub": "1"}


def _sociallogin(claims):
    account = SocialAccount(
        provider="vneid", uid=str(claims.get("sub")), extra_data={"id_token": claims}
    )
    return SocialLogin(account=account, user=User())


def _request():
    request = RequestFactory().get("/accounts/oidc/vneid/login/callback/")
    request.session = {}  # type: ignore[assignment]
    return request


def test_populate_user_makes_a_citizen_without_a_password_and_with_a_safe_username():
    adapter = VneidSocialAccountAdapter()
    login = _sociallogin(CLAIMS)

    user = adapter.populate_user(_request(), login, {})

    assert user.role == User.Role.CITIZEN
    assert user.full_name == "Nguyễn Thị Lan" and user.identity_level == 2
    assert user.username.startswith("vneid-") and "079190001234" not in user.username


@pytest.mark.django_db
def test_login_without_personal_id_is_refused_with_a_message():
    claims = {k: v for k, v in CLAIMS.items() if k != "personal_id"}

    with pytest.raises(ImmediateHttpResponse) as refused:
        VneidSocialAccountAdapter().pre_social_login(_request(), _sociallogin(claims))

    body = refused.value.response.content.decode()
    assert refused.value.response.status_code == 400
    assert "không gửi số định danh cá nhân" in body
    assert not User.objects.exists()


@pytest.mark.django_db
def test_existing_citizen_is_updated_and_connected_not_duplicated():
    citizen = CitizenFactory(personal_id="079190001234", identity_level=1, full_name="Tên Cũ")
    login = _sociallogin(CLAIMS)

    VneidSocialAccountAdapter().pre_social_login(_request(), login)

    citizen.refresh_from_db()
    assert (citizen.identity_level, citizen.full_name) == (2, "Nguyễn Thị Lan")
    assert login.is_existing and login.user == citizen
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_citizen_cannot_log_in_with_a_password(client):
    citizen = CitizenFactory(username="nguoidan")
    citizen.set_password(PASSWORD)
    citizen.save()

    answer = client.post("/accounts/login/", {"login": "nguoidan", "password": PASSWORD})

    assert answer.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in answer.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_wrong_password_gets_a_vietnamese_message(client):
    StaffFactory(username="canbo")

    answer = client.post("/accounts/login/", {"login": "canbo", "password": "sai"})

    assert "Tên đăng nhập hoặc mật khẩu không đúng" in answer.content.decode()


# --- The login's stages and message (issue 11: no query a login does not need) ----------------


def _login_controller(user, *, signup: bool):
    request = RequestFactory().get("/accounts/oidc/vneid/login/callback/")
    request.session = {}  # type: ignore[assignment]
    return LoginStageController(request, Login(user=user, signup=signup))


@pytest.mark.django_db
def test_the_mfa_step_is_ours_and_skips_only_a_login_that_made_the_account(
    django_assert_num_queries,
):
    staff = StaffFactory()
    TOTP.activate(staff, generate_totp_secret())
    stages = _login_controller(staff, signup=False).get_stages()
    assert [type(s) for s in stages if "Authenticate" in type(s).__name__] == [MfaAuthenticateStage]
    mfa = next(s for s in stages if isinstance(s, MfaAuthenticateStage))
    assert mfa._should_handle(mfa.request)  # a staff login still asks for the code

    new_citizen = CitizenFactory()
    first = next(
        s
        for s in _login_controller(new_citizen, signup=True).get_stages()
        if isinstance(s, MfaAuthenticateStage)
    )
    with django_assert_num_queries(0):
        assert not first._should_handle(first.request)


@pytest.mark.django_db
def test_the_signed_in_message_is_rendered_without_the_pages_context(
    client, django_assert_num_queries
):
    citizen = CitizenFactory(full_name="Nguyễn Thị Lan")
    request = RequestFactory().get("/")
    request.user = citizen
    request.session = client.session
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    with django_assert_num_queries(0):  # no unread-notification count for a message
        AccountAdapter(request).add_message(
            request,
            messages.SUCCESS,
            "account/messages/logged_in.txt",
            {"user": citizen},
        )
    AccountAdapter(request).add_message(request, messages.INFO, "account/messages/no-such.txt")
    assert [str(m) for m in messages.get_messages(request)] == [
        "Bạn đã đăng nhập. Xin chào Nguyễn Thị Lan."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("password_first", ["unusable", "usable"])
def test_a_signed_up_citizen_is_saved_without_a_usable_password(password_first):
    # save_user keeps the unusable password allauth gave the new account (issue 11) and never
    # saves one that can be used, whatever the account held before.
    adapter = VneidSocialAccountAdapter()
    login = _sociallogin(CLAIMS)
    if password_first == "unusable":
        login.user.set_unusable_password()
    else:
        login.user.set_password(PASSWORD)
    before = login.user.password
    adapter.populate_user(_request(), login, {})

    user = adapter.save_user(_request(), login)

    user.refresh_from_db()
    assert not user.has_usable_password()
    assert user.username.startswith("vneid-") and user.personal_id == "079190001234"
    assert SocialAccount.objects.get(user=user).uid == "079190001234"
    assert (user.password == before) is (password_first == "unusable")
