"""The benefit period in the citizen API: the card, this month's notification in one call and
"I found a job"; only the owner's claim; bad input gets field messages and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims.models import MonthlyNotification, PeriodEvent, Termination
from tests.claims.api.helpers import api_token
from tests.claims.period.support import at, period_claim
from tests.factories import CitizenFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
]

IN_WINDOW = date(2026, 4, 20)
GOOD = {
    "still_unemployed": True,
    "job_search_log": [
        {"kind": "application", "where": "Công ty Giày Thái Bình", "date": "2026-04-16"}
    ],
    "available": True,
}


@pytest.fixture
def claim():
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        return period_claim()


@pytest.fixture
def day():
    travellers = []

    def travel(on: date):
        traveller = time_machine.travel(at(on, 10), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in travellers:
        traveller.stop()


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def path(claim, tail: str = "") -> str:
    return f"/api/v1/claims/{claim.public_id}/period/{tail}"


def test_the_card_says_the_month_the_window_and_the_next_payment(claim, day):
    day(IN_WINDOW)
    r = api_for(claim.citizen).get(path(claim))
    assert r.status_code == 200
    data = r.json()
    assert data["index"] == 2 and data["months_total"] == 6
    assert (data["window_first"], data["window_last"]) == ("2026-04-17", "2026-04-21")
    assert data["window_open"] and data["can_notify"] and not data["notified"]
    assert data["next_payment_amount"] == 4_200_000 and data["next_payment_needs_notification"]
    assert data["miss_means"] == "suspend" and "21/04/2026" in data["miss_means_text"]
    assert len(data["months"]) == 6 and data["termination"] is None


def test_a_notification_in_one_call_and_not_twice(claim, day):
    day(IN_WINDOW)
    client = api_for(claim.citizen)
    r = client.post(path(claim, "notifications/"), GOOD, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["month"] == 2 and r.json()["channel"] == "online"
    again = client.post(path(claim, "notifications/"), GOOD, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_notified"
    assert MonthlyNotification.objects.count() == 1
    assert client.get(path(claim)).json()["notified"]


def test_outside_the_window_the_answer_says_when_the_next_one_opens(claim, day):
    day(date(2026, 4, 10))
    r = api_for(claim.citizen).post(path(claim, "notifications/"), GOOD, format="json")
    assert r.status_code == 409
    assert r.json()["next_window_first"] == "2026-04-17" and r.json()["code"] == "not_now"
    assert not MonthlyNotification.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"still_unemployed": "perhaps"}, "still_unemployed"),
        ({**GOOD, "job_search_log": []}, "job_search_log"),
        (
            {**GOOD, "job_search_log": [{"kind": "x", "where": "", "date": "hôm qua"}]},
            "job_search_log",
        ),
        (
            {**GOOD, "job_search_log": [{"kind": "employer", "where": "A", "date": "2030-01-01"}]},
            "job_search_log",
        ),
        ({**GOOD, "available": None}, "available"),
        ({**GOOD, "available": False}, "reason"),
        ({**GOOD, "event": {"kind": "job_started"}}, "on"),
        ({"still_unemployed": False, "event": {"kind": "none"}}, "event"),
    ],
)
def test_bad_answers_get_field_messages_and_change_nothing(claim, day, body, field):
    day(IN_WINDOW)
    r = api_for(claim.citizen).post(path(claim, "notifications/"), body, format="json")
    assert r.status_code == 400 and field in r.json(), r.json()
    assert not MonthlyNotification.objects.exists()


@hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    body=st.one_of(
        st.none(),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(
            st.sampled_from(["still_unemployed", "job_search_log", "available", "event", "x"]),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3)
                ),
                max_leaves=8,
            ),
            max_size=5,
        ),
    )
)
def test_any_body_gets_an_answer_never_a_500(claim, day, body):
    day(IN_WINDOW)
    r = api_for(claim.citizen).post(path(claim, "notifications/"), body, format="json")
    assert r.status_code in {201, 400, 409}
    if r.status_code != 201:
        assert not MonthlyNotification.objects.exists()
    MonthlyNotification.objects.all().delete() if r.status_code == 201 else None


def test_i_found_a_job_through_the_api(claim, day):
    day(date(2026, 5, 25))
    client = api_for(claim.citizen)
    bad = client.post(
        path(claim, "end/"), {"ground": "job_started", "date": "01/06"}, format="json"
    )
    assert bad.status_code == 400 and "date" in bad.json()
    assert not PeriodEvent.objects.exists()
    r = client.post(
        path(claim, "end/"),
        {"ground": "job_started", "date": "2026-06-01", "employer": "Công ty ABC"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["termination"]["ground"] == "a" and r.json()["reserved_months"] == 38
    assert (
        client.post(
            path(claim, "end/"), {"ground": "job_started", "date": "2026-06-01"}, format="json"
        ).status_code
        == 409
    )
    assert Termination.objects.count() == 1


def test_another_persons_claim_does_not_exist_for_the_caller(claim, day):
    day(IN_WINDOW)
    stranger = api_for(CitizenFactory())
    assert stranger.get(path(claim)).status_code == 404
    assert stranger.post(path(claim, "notifications/"), GOOD, format="json").status_code == 404
    assert (
        stranger.post(
            path(claim, "end/"), {"ground": "job_started", "date": "2026-04-20"}, format="json"
        ).status_code
        == 404
    )
    assert not MonthlyNotification.objects.exists() and not PeriodEvent.objects.exists()


def test_without_a_token_the_api_asks_for_one(claim, day):
    day(IN_WINDOW)
    assert APIClient().get(path(claim)).status_code == 401
