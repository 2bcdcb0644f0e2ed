"""The session-timeout warning: the page says how long the session has left; "stay signed in"
renews it (JSON for the script, a redirect for a plain form)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from claims.session.timeout import RENEWED_KEY
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

T0 = 1_790_000_000  # a fixed instant (2026-09-21)


def _seconds_left(html: str) -> int:
    match = re.search(r'data-seconds-left="(\d+)"', html)
    assert match, "no session warning on the page"
    return int(match.group(1))


def test_a_signed_in_page_carries_the_warning_counted_from_the_last_renewal(settings):
    settings.SESSION_COOKIE_AGE = 3600
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.force_login(CitizenFactory())  # user_logged_in notes the moment
        html = client.get(reverse("claims:help")).content.decode()
        assert _seconds_left(html) == 3600
        assert 'data-warn-before="300"' in html and "js/session.js" in html
        assert "<script>" not in html  # no inline script (CSP)
    with time_machine.travel(T0 + 1000, tick=False):
        html = client.get(reverse("claims:help")).content.decode()
        assert _seconds_left(html) == 2600
        response = client.post(reverse("claims:session_keepalive"), HTTP_ACCEPT="application/json")
        assert response.json() == {"seconds_left": 3600}
        assert client.session[RENEWED_KEY] == T0 + 1000
        html = client.get(reverse("claims:help")).content.decode()
        assert _seconds_left(html) == 3600


def test_without_javascript_the_form_renews_and_returns_to_the_page(settings):
    client = Client()
    client.force_login(CitizenFactory())
    response = client.post(reverse("claims:session_keepalive"), {"next": "/tro-giup/"})
    assert response.status_code == 302 and response.url == "/tro-giup/"
    elsewhere = client.post(reverse("claims:session_keepalive"), {"next": "https://evil.example/"})
    assert elsewhere.url == "/"


def test_nobody_signed_in_gets_no_warning_and_cannot_renew():
    client = Client()
    assert "session-warning" not in client.get(reverse("claims:help")).content.decode()
    response = client.post(reverse("claims:session_keepalive"))
    assert response.status_code == 302 and "login" in response.url
