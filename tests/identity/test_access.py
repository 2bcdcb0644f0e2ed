"""Who may open what: level-2 gate, staff pages, admin, staff MFA."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from identity.decorators import citizen_level2_required
from tests.e2e.helpers import totp_code
from tests.factories import PASSWORD, CitizenFactory, StaffFactory


@citizen_level2_required
def _feature(request):
    return HttpResponse("feature")


def _get(user):
    request = RequestFactory().get("/tinh-nang/")
    request.user = user
    request.session = {}  # type: ignore[assignment]
    return request


@pytest.mark.django_db
def test_level2_citizen_gets_through():
    assert _feature(_get(CitizenFactory(identity_level=2))).content == b"feature"


@pytest.mark.django_db
def test_level1_citizen_gets_the_upgrade_page():
    answer = _feature(_get(CitizenFactory(identity_level=1)))

    assert answer.status_code == 403
    assert "mức độ 2" in answer.content.decode()
    assert "công an cấp xã" in answer.content.decode()


def test_anonymous_is_sent_to_the_vneid_sign_in_not_the_staff_login():
    answer = _feature(_get(AnonymousUser()))

    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/oidc/vneid/login/?next=/tinh-nang/")


@pytest.mark.django_db
def test_staff_get_403():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _feature(_get(StaffFactory()))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/can-bo/", "/admin/", "/admin/identity/user/"])
@pytest.mark.parametrize("lang, text", [("vi", "Bạn không có quyền xem trang này"), ("en", "")])
def test_citizen_opening_staff_pages_gets_403(client, url, lang, text):
    client.force_login(CitizenFactory())
    client.cookies["trocap_language"] = lang

    answer = client.get(url, follow=True)

    assert answer.status_code == 403
    assert f'lang="{lang}"' in answer.content.decode()
    assert text in answer.content.decode()


@pytest.mark.django_db
def test_staff_without_totp_are_sent_to_set_it_up(client):
    StaffFactory(username="canbo")

    login = client.post("/accounts/login/", {"login": "canbo", "password": PASSWORD})
    staff_home = client.get("/can-bo/")

    assert login.status_code == 302
    assert (
        staff_home.status_code == 302 and staff_home["Location"] == "/accounts/2fa/totp/activate/"
    )
    # allauth asks for the password again before setting up MFA; that page must be reachable.
    page = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert "Xác nhận lại danh tính" in page.content.decode()
    client.post(page.redirect_chain[-1][0], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200 and "Bật xác thực hai lớp" in page.content.decode()


@pytest.mark.django_db
def test_staff_can_activate_totp_then_reach_their_page(client):
    StaffFactory(username="canbo")
    client.post("/accounts/login/", {"login": "canbo", "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret

    activated = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()
    assert client.get("/can-bo/").status_code == 200


@pytest.mark.django_db
def test_staff_login_needs_the_totp_code(client):
    staff = StaffFactory(username="canbo")
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    after_password = client.post("/accounts/login/", {"login": "canbo", "password": PASSWORD})
    assert after_password["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/can-bo/").status_code == 200


@pytest.mark.django_db
def test_staff_cannot_switch_totp_off(client):
    staff = StaffFactory(username="canbo")
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)

    answer = client.post("/accounts/2fa/totp/deactivate/")

    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert answer.status_code in {200, 302, 403}
