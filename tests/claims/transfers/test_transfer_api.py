"""Transfers in the citizen API and the worker's notifications at each step (issue 16): the
owner lists and asks, another citizen gets 404, bad bodies get 400 with a message, never 500."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the decision support module

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims.complaints.services import complaint_file
from claims.decisions.models import Decision
from claims.models import Notification, StaffAccessLog
from claims.notifications.services import render
from claims.transfers import services
from claims.transfers.models import Transfer
from identity.models import User
from tests.claims.api.helpers import api_token
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.queue.test_queue import client_for, staff_with_mfa
from tests.claims.transfers.support import VN, center, claim_in_period, staff_of
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

JULY_30 = datetime(2026, 7, 30, 9, 0, tzinfo=VN)
ADDRESS = "12 Lý Thái Tổ, phường Suối Hoa, tỉnh Bắc Ninh"


@pytest.fixture
def world():
    hanoi, bac_ninh = center("01"), center("24")
    people = {
        "old_officer": staff_of(hanoi),
        "old_signer": staff_of(hanoi, User.Role.SIGNER),
        "new_officer": staff_of(bac_ninh),
    }
    claim = claim_in_period(where=hanoi, signer=people["old_signer"], officer=people["old_officer"])
    return {"claim": claim, "hanoi": hanoi, "bac_ninh": bac_ninh, **people}


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def path(claim) -> str:
    return f"/api/v1/claims/{claim.public_id}/transfers/"


def test_the_owner_asks_and_lists_and_is_told_at_each_step(
    world, django_capture_on_commit_callbacks
):
    claim = world["claim"]
    User.objects.filter(pk=claim.citizen_id).update(email="worker@example.vn")
    client = api_for(claim.citizen)
    with time_machine.travel(JULY_30, tick=False):
        assert client.get(path(claim)).json() == []
        response = client.post(
            path(claim), {"province": "24", "new_address": ADDRESS, "reason": ""}, format="json"
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["status"] == "requested"
        assert body["to_center"] == world["bac_ninh"].name
        assert body["new_address"] == ADDRESS
        # A second request while the first is open: 409 with the page's words.
        again = client.post(path(claim), {"province": "24", "new_address": ADDRESS}, format="json")
        assert again.status_code == 409
        assert "đang được xử lý" in again.json()["detail"]

        transfer = Transfer.objects.get(claim=claim)
        with django_capture_on_commit_callbacks(execute=True):
            services.transfer_hand_over(transfer_id=transfer.pk, staff=world["old_officer"])
        with django_capture_on_commit_callbacks(execute=True):
            services.transfer_accept(transfer_id=transfer.pk, staff=world["new_officer"])
    kinds = list(
        Notification.objects.filter(user=claim.citizen, claim=claim)
        .filter(kind__startswith="transfer_")
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["transfer_handed_over", "transfer_accepted"]
    note = Notification.objects.get(claim=claim, kind="transfer_accepted")
    subject, text = render(note.kind, note.params)
    assert world["bac_ninh"].name in subject and claim.reference in text
    assert note.params["path"].endswith("/chuyen-noi-huong/")
    assert any(
        world["bac_ninh"].name in m.subject and m.to == ["worker@example.vn"] for m in mail.outbox
    )
    listed = client.get(path(claim)).json()
    assert [t["status"] for t in listed] == ["accepted"]


def test_another_citizen_gets_404_and_anonymous_401(world):
    claim = world["claim"]
    stranger = api_for(CitizenFactory())
    assert stranger.get(path(claim)).status_code == 404
    with time_machine.travel(JULY_30, tick=False):
        response = stranger.post(
            path(claim), {"province": "24", "new_address": ADDRESS}, format="json"
        )
    assert response.status_code == 404
    assert not Transfer.objects.exists()
    assert APIClient().get(path(claim)).status_code == 401


def test_bad_bodies_get_400_with_the_pages_messages(world):
    claim = world["claim"]
    client = api_for(claim.citizen)
    with time_machine.travel(JULY_30, tick=False):
        response = client.post(path(claim), {"province": "01", "new_address": ""}, format="json")
        assert response.status_code == 400
        body = response.json()
        assert body["province"] and body["new_address"] == ["Nhập nơi cư trú mới của bạn."]
        assert body["detail"]
        listed = client.post(path(claim), ["not", "an", "object"], format="json")
        assert listed.status_code == 400
    assert not Transfer.objects.exists()


@hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(
        st.dictionaries(
            st.sampled_from(["province", "new_address", "reason", "x"]),
            st.one_of(
                st.none(),
                st.integers(),
                st.text(max_size=400),
                st.booleans(),
                st.lists(st.integers(), max_size=2),
            ),
        ),
        st.lists(st.integers(), max_size=3),
        st.text(max_size=20),
    )
)
def test_any_body_gets_a_clear_answer_never_a_500(world, body):
    claim = world["claim"]
    client = api_for(claim.citizen)
    with time_machine.travel(JULY_30, tick=False):
        response = client.post(path(claim), body, format="json")
    assert response.status_code in {201, 400, 409}, response.content
    assert response.json()
    Transfer.objects.all().delete()


def test_the_admin_reads_transfers_and_complaints_logged_and_cannot_edit(world):
    claim = world["claim"]
    with time_machine.travel(JULY_30, tick=False):
        transfer = services.transfer_request(
            claim_id=claim.pk, citizen=claim.citizen, province_code="24", new_address=ADDRESS
        )
        complaint = complaint_file(
            claim_id=claim.pk,
            citizen=claim.citizen,
            decision_id=Decision.objects.get(claim=claim).pk,
            text="Mức hưởng tính thiếu tháng lương cuối.",
        )
    admin = client_for(staff_with_mfa(role="admin", center=None, is_staff=True, is_superuser=True))
    for model, obj in (("transfer", transfer), ("complaint", complaint)):
        assert admin.get(reverse(f"admin:claims_{model}_changelist")).status_code == 200
        assert admin.get(reverse(f"admin:claims_{model}_add")).status_code == 403
        change = reverse(f"admin:claims_{model}_change", args=[obj.pk])
        assert admin.get(change).status_code == 200
        assert admin.post(change, {}).status_code == 403
        assert StaffAccessLog.objects.filter(claim=claim, path=change).exists()
