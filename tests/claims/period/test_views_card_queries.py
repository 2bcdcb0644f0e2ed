"""The "this month" card costs a fixed number of queries, whatever the period's length or
history (so the claim page and the API stay cheap for a 12-month benefit as for a 3-month one)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.template import Context, Template
from rest_framework.test import APIClient

from claims.period import services
from tests.claims.api.helpers import api_token
from tests.claims.period.support import at, period_claim

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
]

#: this_month (months with their notifications, the signed end, recoveries, reserved months)
#: plus the page's own (the open end, recoveries, reserved months).
CARD_QUERIES = 7
#: The API adds the lookup of the caller's claim and the token/session checks.
API_QUERIES = 11


def render_card(claim) -> str:
    return Template("{% load period_tags %}{% period_card claim %}").render(
        Context({"claim": claim})
    )


@pytest.mark.parametrize("months", [3, 12])
def test_the_card_costs_the_same_queries_for_any_period(django_assert_num_queries, months):
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        claim = period_claim(months=months, n=200)
    with time_machine.travel(at(date(2026, 4, 20)), tick=False):
        services.notification_record(
            claim,
            by=claim.citizen,
            looked_for_work=True,
            available=True,
            job_search_log=[{"kind": "employer", "where": "Công ty A", "date": "2026-04-18"}],
        )
    with time_machine.travel(at(date(2026, 4, 21)), tick=False):
        with django_assert_num_queries(CARD_QUERIES):
            html = render_card(claim)
    assert "period-card" in html and "Đã thông báo" in html


def test_a_claim_before_its_period_costs_one_query(django_assert_num_queries):
    from tests.factories import ClaimFactory

    claim = ClaimFactory(status="in_review")
    with django_assert_num_queries(1):
        assert "period-card" not in render_card(claim)


@pytest.mark.parametrize("months", [3, 12])
def test_the_api_card_costs_the_same_queries_for_any_period(django_assert_num_queries, months):
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        claim = period_claim(months=months, n=200)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(claim.citizen)}")
    with time_machine.travel(at(date(2026, 4, 21)), tick=False):
        with django_assert_num_queries(API_QUERIES, exact=False) as captured:
            response = client.get(f"/api/v1/claims/{claim.public_id}/period/")
    assert response.status_code == 200 and len(response.json()["months"]) == months
    assert len(captured) <= API_QUERIES
