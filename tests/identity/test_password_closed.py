"""A citizen cannot set, change or reset a password: their sign-in is VNeID's (issue 12)."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.factories import PASSWORD, CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db

PAGES = ["/accounts/password/set/", "/accounts/password/change/", "/accounts/password/reset/"]


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("path", PAGES)
def test_a_citizen_cannot_open_or_post_a_password_page(path):
    citizen = CitizenFactory()
    before = citizen.password
    c = client_for(citizen)
    page = c.get(path)
    assert page.status_code == 403
    assert "VNeID" in page.content.decode()
    posted = c.post(path, {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"})
    assert posted.status_code == 403
    citizen.refresh_from_db()
    assert citizen.password == before


def test_the_page_speaks_english_to_an_english_reader(settings):
    c = client_for(CitizenFactory())
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Workers sign in with their VNeID account" in c.get(PAGES[0]).content.decode()


def test_no_route_can_store_a_password_for_a_citizen():
    citizen = CitizenFactory()
    before = citizen.password
    with pytest.raises(PermissionDenied):
        get_adapter().set_password(citizen, "Mat-khau-moi-2026!")
    citizen.refresh_from_db()
    assert citizen.password == before
    assert not citizen.check_password("Mat-khau-moi-2026!")


def test_staff_still_change_their_password():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    staff = StaffFactory()
    TOTP.activate(staff, generate_totp_secret())
    c = client_for(staff)
    assert c.get("/accounts/password/change/").status_code == 200
    response = c.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "Mot-mat-khau-moi-rat-dai-2026",
            "password2": "Mot-mat-khau-moi-rat-dai-2026",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("Mot-mat-khau-moi-rat-dai-2026")
