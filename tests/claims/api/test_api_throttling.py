"""The API's rate limits (DRF throttles): per signed-in user and per anonymous address, a JSON
429 with Retry-After; /verify/ counts through the same throttle machinery (issue 12)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_signed_in_user_is_limited_per_account_with_retry_after(citizen_api, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "3/min"}
    statuses = [citizen_api.get("/api/v1/claims/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = citizen_api.get("/api/v1/claims/")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert refused.json()["code"] == "throttled" and refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_another_user_behind_the_same_address_is_not_limited(citizen_api, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "2/min"}
    for _ in range(2):
        citizen_api.get("/api/v1/claims/", REMOTE_ADDR="203.0.113.10")
    assert citizen_api.get("/api/v1/claims/", REMOTE_ADDR="203.0.113.10").status_code == 429
    other = APIClient()
    other.force_authenticate(CitizenFactory())
    assert other.get("/api/v1/claims/", REMOTE_ADDR="203.0.113.10").status_code == 200


def test_anonymous_callers_are_limited_per_address(settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "2/min"}
    a = APIClient()  # the schema is open to anyone
    assert [a.get("/api/schema/", REMOTE_ADDR="198.51.100.7").status_code for _ in range(2)] == [
        200,
        200,
    ]
    refused = a.get("/api/schema/", REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert a.get("/api/schema/", REMOTE_ADDR="198.51.100.8").status_code == 200


def test_the_limit_ends_after_its_window(citizen_api, settings, _frozen):
    from datetime import timedelta

    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "1/min"}
    assert citizen_api.get("/api/v1/claims/").status_code == 200
    assert citizen_api.get("/api/v1/claims/").status_code == 429
    _frozen.shift(timedelta(seconds=61))
    assert citizen_api.get("/api/v1/claims/").status_code == 200


def test_verify_answers_429_with_retry_after(client, settings):
    settings.DECISION_VERIFY_RATE = 2
    url = reverse("decision_verify")
    data = {"so": "1/QĐ-TTDVVL", "ma": "23456ABCDE"}
    assert [client.post(url, data).status_code for _ in range(2)] != [429, 429]
    refused = client.post(url, data)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "quá nhiều lần" in refused.content.decode()
