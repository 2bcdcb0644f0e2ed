"""A token-authenticated API call skips the staff-MFA middleware's session work (issue 11), and
that opens no way around the MFA rule: a refused token is a 401, never the session's user."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.api.tokens import api_token_issue
from identity.models import User
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_without_mfa(client):
    user = User.objects.create_user("canbo-khongmfa", role=User.Role.OFFICER, is_staff=True)
    client.force_login(user)
    return user


def test_an_officer_without_totp_is_still_sent_to_set_it_up(client, officer_without_mfa):
    response = client.get("/api/v1/claims/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_a_refused_token_is_a_401_never_the_sessions_user(client, officer_without_mfa):
    response = client.get("/api/v1/claims/", HTTP_AUTHORIZATION="Token khong-hop-le")
    assert response.status_code == 401


def test_a_token_call_never_reads_the_session_user(client):
    citizen = CitizenFactory()
    token, _created, _expiry = api_token_issue(user=citizen)
    client.force_login(citizen)  # the phone also holds the login's session cookie
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200, response.content
    user_reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "identity_user"')]
    # The token's own lookup joins the user; nothing reads the user a second time by session.
    assert user_reads == []
