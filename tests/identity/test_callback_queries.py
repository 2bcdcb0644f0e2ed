"""The VNeID callback's queries are pinned (issue 11): a first login and a returning one.

The portal runs in this test's thread (Django's test client, whose queries are counted); the
mock VNeID answers on the live server, in its own thread with its own connection (not counted),
as it would on its own machine.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from identity.models import User
from tests.factories import PASSWORD, PopulationRecordFactory
from tests.identity import browserless as b

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

#: Measured 8 for a first login (bench/filing_profile.py: socialaccount and personal-ID look-ups,
#: the username check, user and social-account INSERTs, allauth's e-mail assert, axes' access
#: log, last_login); 15 before issue 11's cuts.
FIRST_LOGIN_MAX_QUERIES = 9


def _callback_url(client: Client, person) -> str:  # type: ignore[no-untyped-def]
    start = client.post("/accounts/oidc/vneid/login/")
    assert start.status_code == 302, start.content[:300]
    with requests.Session() as browser:
        page = browser.get(start["Location"], timeout=20)
        page = b.sign_in_at_mock(browser, page, person.personal_id, PASSWORD)
        done = b.consent(browser, page, follow=False)
    assert done.status_code == 302, done.text[:300]
    parts = urlsplit(done.headers["Location"])
    return f"{parts.path}?{parts.query}"


def test_the_callback_of_a_first_and_a_returning_login_is_pinned(
    vneid_live, django_assert_max_num_queries
):
    person = PopulationRecordFactory()
    client = Client(HTTP_HOST=urlsplit(vneid_live.url).netloc)

    callback = _callback_url(client, person)
    with django_assert_max_num_queries(FIRST_LOGIN_MAX_QUERIES):
        landed = client.get(callback)
    assert landed.status_code == 302 and landed["Location"] == "/"
    citizen = User.objects.get(personal_id=person.personal_id)
    assert client.session["_auth_user_id"] == str(citizen.pk)

    client.post("/accounts/logout/")
    callback = _callback_url(client, person)
    with django_assert_max_num_queries(FIRST_LOGIN_MAX_QUERIES):
        again = client.get(callback)
    assert again.status_code == 302 and client.session["_auth_user_id"] == str(citizen.pk)
    assert User.objects.filter(personal_id=person.personal_id).count() == 1
