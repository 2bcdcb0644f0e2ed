"""After logging out, a page asks a citizen to sign in with VNeID and staff with the staff
login; signed-in pages are never stored by the browser (no-store), so "back" asks again."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from identity.decorators import LOGIN_KIND_COOKIE
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

VNEID_SIGN_IN = "/accounts/oidc/vneid/login/?next="


def test_a_citizen_page_sends_a_visitor_to_the_vneid_sign_in():
    response = Client().get(reverse("claims:my_claims"))
    assert response.status_code == 302
    assert response.url.startswith(VNEID_SIGN_IN + "/ho-so-cua-toi/")
    page = Client().get(response.url)
    assert page.status_code == 200 and "VNeID" in page.content.decode()


def test_after_a_citizen_logs_out_a_shared_page_leads_to_the_vneid_sign_in():
    client = Client()
    client.force_login(CitizenFactory())
    page = client.get(reverse("claims:my_claims"))
    assert "no-store" in page["Cache-Control"]
    assert client.cookies[LOGIN_KIND_COOKIE].value == "citizen"
    assert "no-store" in client.get(reverse("claims:inbox"))["Cache-Control"]
    client.post(reverse("account_logout"))
    # The notifications page serves citizens and staff: this browser was a citizen's.
    response = client.get(reverse("claims:inbox"))
    assert response.url.startswith(VNEID_SIGN_IN + "/thong-bao/")


def test_a_browser_never_used_by_a_citizen_goes_to_the_staff_login():
    response = Client().get(reverse("claims:inbox"))
    assert response.url.startswith(reverse("account_login"))
