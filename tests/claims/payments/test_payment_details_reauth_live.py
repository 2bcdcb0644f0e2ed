"""The fresh VNeID sign-in before a bank-details change, over real HTTP: portal (allauth) <->
mock VNeID (django-oauth-toolkit), with VNeID asking for the credentials again."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
import time_machine
from django.utils import timezone

from identity.models import User
from identity.reauth import REAUTH_SECONDS
from tests.claims.payments.helpers import make_approved_claim
from tests.factories import PASSWORD, PopulationRecordFactory
from tests.identity import browserless as b

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def test_an_old_sign_in_is_asked_again_and_vneid_wants_the_password(vneid_live):
    person = PopulationRecordFactory(full_name="Nguyễn Thị Lan")
    session = requests.Session()
    b.full_login(session, vneid_live.url, person.personal_id, PASSWORD)
    claim = make_approved_claim(citizen=User.objects.get(personal_id=person.personal_id))
    url = f"{vneid_live.url}/ho-so-cua-toi/{claim.public_id}/thong-tin-nhan-tien/"
    # Just signed in at VNeID: the form is there.
    assert 'name="account_number"' in session.get(url, timeout=20).text
    later = timezone.now() + timedelta(seconds=REAUTH_SECONDS + 60)
    with time_machine.travel(later, tick=True):
        page = session.get(url, timeout=20)
        assert 'data-testid="reauthenticate"' in page.text
        assert 'name="account_number"' not in page.text
        # "Sign in again": VNeID asks for the credentials even though its own sign-in is fresh.
        mock_page = b.submit(session, b.form_to(page, "/accounts/oidc/vneid/login/"))
        assert "/mock-vneid/dang-nhap/" in mock_page.url
        back = b.sign_in_at_mock(session, mock_page, person.personal_id, PASSWORD)
        if "/mock-vneid/authorize/" in back.text:
            back = b.consent(session, back)
        assert back.url == url
        assert 'name="account_number"' in back.text
