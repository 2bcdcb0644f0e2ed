"""Complaints in the citizen API and the worker's notifications (issue 16): the owner lists and
files, another citizen gets 404, bad bodies get 400 with a message, never 500."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the decision support module

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims.complaints import services
from claims.complaints.models import Complaint
from claims.decisions.models import Decision
from claims.models import Notification
from claims.notifications.services import render
from identity.models import User
from tests.claims.api.helpers import api_token
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.transfers.support import VN, center, claim_in_period, staff_of
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TEXT = "Mức hưởng tính thiếu tháng lương cuối."


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=VN), tick=False)


@pytest.fixture
def world():
    hanoi = center("01")
    people = {
        "officer": staff_of(hanoi),
        "signer": staff_of(hanoi, User.Role.SIGNER),
    }
    claim = claim_in_period(where=hanoi, signer=people["signer"], officer=people["officer"])
    approval = Decision.objects.get(claim=claim)
    return {"claim": claim, "approval": approval, "hanoi": hanoi, **people}


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def path(claim) -> str:
    return f"/api/v1/claims/{claim.public_id}/complaints/"


def test_the_owner_files_and_lists_and_is_told(world, django_capture_on_commit_callbacks):
    claim = world["claim"]
    User.objects.filter(pk=claim.citizen_id).update(email="worker@example.vn")
    client = api_for(claim.citizen)
    with at(date(2026, 6, 1)):
        assert client.get(path(claim)).json() == []
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                path(claim),
                {"decision": world["approval"].pk, "text": TEXT, "request": "Tính lại."},
                format="json",
            )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["status"] == "received" and body["reference"].startswith("KN-2026-")
        assert body["decision_number"] == world["approval"].number
        again = client.post(
            path(claim), {"decision": world["approval"].pk, "text": TEXT}, format="json"
        )
        assert again.status_code == 400  # no longer a decision one may complain about
        assert again.json()["decision"] == ["Chọn quyết định bạn muốn khiếu nại."]
    complaint = Complaint.objects.get(claim=claim)
    note = Notification.objects.get(claim=claim, kind="complaint_received")
    subject, text = render(note.kind, note.params)
    assert complaint.reference in subject and complaint.answer_due.strftime("%d/%m/%Y") in text
    assert any(complaint.reference in m.subject for m in mail.outbox)
    with at(date(2026, 6, 20)), django_capture_on_commit_callbacks(execute=True):
        services.complaint_answer(
            complaint_id=complaint.pk,
            signer=world["signer"],
            outcome="rejected",
            answer="Mức hưởng đã tính đúng theo 6 tháng đóng gần nhất.",
        )
    answered = Notification.objects.get(claim=claim, kind="complaint_answered")
    assert complaint.reference in render(answered.kind, answered.params)[0]
    assert answered.params["path"].endswith(f"/khieu-nai/{complaint.reference}/")
    listed = client.get(path(claim)).json()
    assert [c["status"] for c in listed] == ["answered"]
    assert listed[0]["answer_number"]


def test_another_citizen_gets_404_and_anonymous_401(world):
    claim = world["claim"]
    stranger = api_for(CitizenFactory())
    assert stranger.get(path(claim)).status_code == 404
    with at(date(2026, 6, 1)):
        response = stranger.post(
            path(claim), {"decision": world["approval"].pk, "text": TEXT}, format="json"
        )
    assert response.status_code == 404
    assert not Complaint.objects.exists()
    assert APIClient().get(path(claim)).status_code == 401


def test_bad_bodies_get_400_with_the_pages_messages(world):
    claim = world["claim"]
    client = api_for(claim.citizen)
    with at(date(2026, 6, 1)):
        response = client.post(path(claim), {"decision": "abc", "text": "ngắn"}, format="json")
        assert response.status_code == 400
        body = response.json()
        assert body["decision"] == ["Chọn quyết định bạn muốn khiếu nại."]
        assert body["text"] and body["detail"]
        assert client.post(path(claim), [1, 2], format="json").status_code == 400
    # After the 90 days the decision is no longer offered: 400, nothing filed.
    with at(date(2026, 8, 14)):
        late = client.post(
            path(claim), {"decision": world["approval"].pk, "text": TEXT}, format="json"
        )
        assert late.status_code == 400
    assert not Complaint.objects.exists()


@hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(
        st.dictionaries(
            st.sampled_from(["decision", "text", "request", "x"]),
            st.one_of(
                st.none(),
                st.integers(),
                st.text(max_size=300),
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
    with at(date(2026, 6, 1)):
        response = client.post(path(claim), body, format="json")
    assert response.status_code in {201, 400, 409}, response.content
    assert response.json()
    Notification.objects.filter(kind="complaint_received").delete()
    Complaint.objects.all().delete()
