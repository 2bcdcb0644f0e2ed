"""Withdrawing a complaint in the citizen API (issue 16: the page's "withdraw" button, now also
in the API): the owner withdraws an open complaint, once; another person's complaint is 404 and
stays open."""
# ruff: noqa: F811, F401 - the world fixture imported from the complaint API tests

from __future__ import annotations

from datetime import date

import pytest

from claims.complaints.models import Complaint
from claims.models import ClaimEvent
from tests.claims.complaints.test_complaint_api import TEXT, api_for, at, path, world
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def filed(world) -> Complaint:
    claim = world["claim"]
    with at(date(2026, 6, 1)):
        response = api_for(claim.citizen).post(
            path(claim), {"decision": world["approval"].pk, "text": TEXT}, format="json"
        )
    assert response.status_code == 201, response.json()
    return Complaint.objects.get(claim=claim)


def test_the_owner_withdraws_an_open_complaint_once(world, django_assert_max_num_queries):
    claim = world["claim"]
    complaint = filed(world)
    client = api_for(claim.citizen)
    with at(date(2026, 6, 3)), django_assert_max_num_queries(14):
        response = client.post(f"{path(claim)}{complaint.reference}/withdraw/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn"
    assert response.json()["reference"] == complaint.reference
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.WITHDRAWN
    assert ClaimEvent.objects.filter(claim=claim, kind="complaint_withdrawn").count() == 1
    # Withdrawn already: 409 with the service's words, nothing changes.
    with at(date(2026, 6, 3)):
        again = client.post(f"{path(claim)}{complaint.reference}/withdraw/")
    assert again.status_code == 409 and again.json()["detail"]
    assert ClaimEvent.objects.filter(claim=claim, kind="complaint_withdrawn").count() == 1


def test_another_person_gets_404_and_the_complaint_stays_open(world):
    claim = world["claim"]
    complaint = filed(world)
    stranger = api_for(CitizenFactory())
    assert stranger.post(f"{path(claim)}{complaint.reference}/withdraw/").status_code == 404
    owner = api_for(claim.citizen)
    assert owner.post(f"{path(claim)}KN-2026-999999/withdraw/").status_code == 404
    complaint.refresh_from_db()
    assert complaint.is_open
