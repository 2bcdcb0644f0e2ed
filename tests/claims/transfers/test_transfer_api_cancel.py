"""Cancelling a transfer request in the citizen API (issue 16: the page's "cancel" button, now
also in the API): the owner cancels an open request, not one handed over; another person's
request is 404 and stays as it was."""
# ruff: noqa: F811, F401 - the world fixture imported from the transfer API tests

from __future__ import annotations

import pytest
import time_machine

from claims.models import ClaimEvent
from claims.transfers import services
from claims.transfers.models import Transfer
from tests.claims.transfers.test_transfer_api import ADDRESS, JULY_30, api_for, path, world
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def requested(world) -> Transfer:
    claim = world["claim"]
    with time_machine.travel(JULY_30, tick=False):
        response = api_for(claim.citizen).post(
            path(claim), {"province": "24", "new_address": ADDRESS}, format="json"
        )
    assert response.status_code == 201, response.json()
    return Transfer.objects.get(claim=claim)


def test_the_owner_cancels_an_open_request(world, django_assert_max_num_queries):
    claim = world["claim"]
    transfer = requested(world)
    client = api_for(claim.citizen)
    with time_machine.travel(JULY_30, tick=False), django_assert_max_num_queries(14):
        response = client.post(f"{path(claim)}{transfer.pk}/cancel/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled" and response.json()["id"] == transfer.pk
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.CANCELLED and transfer.cancelled_at is not None
    assert ClaimEvent.objects.filter(claim=claim, kind="transfer_cancelled").count() == 1
    # Cancelled already: 409 with the service's words, nothing changes.
    again = client.post(f"{path(claim)}{transfer.pk}/cancel/")
    assert again.status_code == 409 and again.json()["detail"]
    assert ClaimEvent.objects.filter(claim=claim, kind="transfer_cancelled").count() == 1


def test_a_request_handed_over_is_not_cancelled(world):
    claim = world["claim"]
    transfer = requested(world)
    with time_machine.travel(JULY_30, tick=False):
        services.transfer_hand_over(transfer_id=transfer.pk, staff=world["old_officer"])
        response = api_for(claim.citizen).post(f"{path(claim)}{transfer.pk}/cancel/")
    assert response.status_code == 409
    assert "bàn giao" in response.json()["detail"]
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.HANDED_OVER


def test_another_person_gets_404_and_the_request_stays(world):
    claim = world["claim"]
    transfer = requested(world)
    stranger = api_for(CitizenFactory())
    assert stranger.post(f"{path(claim)}{transfer.pk}/cancel/").status_code == 404
    # Their own claim's path with this transfer's id: still 404 (not theirs).
    owner = api_for(claim.citizen)
    assert owner.post(f"{path(claim)}{transfer.pk + 1000}/cancel/").status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.REQUESTED
