"""Complaints (Law on Complaints 2011 Art. 9, 28, 31): 90 days to complain, 30 (45) days to
answer, the answer a signed decision by the deciding center's head, the queue overdue first."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the decision support module

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from claims.complaints import services
from claims.complaints.models import Complaint
from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.decisions.models import Decision
from claims.decisions.services import decision_issue
from claims.models import ClaimEvent
from identity.models import User
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.transfers.support import VN, center, claim_in_period, staff_of

pytestmark = pytest.mark.django_db

#: The approval of example 2 is signed (received) on Friday 2026-05-15.
RECEIVED = date(2026, 5, 15)


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=VN), tick=False)


@pytest.fixture
def world():
    hanoi = center("01")
    people = {
        "officer": staff_of(hanoi, full_name="Trần Văn An"),
        "signer": staff_of(hanoi, User.Role.SIGNER, full_name="Phạm Minh Châu"),
        "other_signer": staff_of(center("24"), User.Role.SIGNER),
    }
    claim = claim_in_period(where=hanoi, signer=people["signer"], officer=people["officer"])
    approval = Decision.objects.get(claim=claim)
    return {"claim": claim, "approval": approval, "hanoi": hanoi, **people}


def file(world, text="Mức hưởng tính thiếu tháng lương cuối.", **kw):
    claim = world["claim"]
    return services.complaint_file(
        claim_id=claim.pk,
        citizen=kw.get("citizen", claim.citizen),
        decision_id=kw.get("decision_id", world["approval"].pk),
        text=text,
        request=kw.get("request", "Tính lại mức hưởng."),
    )


def test_the_deadlines_follow_the_law(world):
    complainable = services.complainable_decisions(claim=world["claim"])
    assert [c.decision for c in complainable] == [world["approval"]]
    # 90 days from 15 May is Thursday 13 August.
    assert complainable[0].received_on == RECEIVED
    assert complainable[0].deadline == date(2026, 8, 13)
    with at(date(2026, 6, 1)):
        complaint = file(world)
    assert complaint.reference == f"KN-2026-{complaint.pk:06d}"
    assert complaint.center == world["hanoi"] and complaint.decision_received_on == RECEIVED
    # 30 days from Monday 1 June is Wednesday 1 July.
    assert complaint.answer_due == date(2026, 7, 1)
    services.complaint_mark_complex(
        complaint_id=complaint.pk, staff=world["officer"], reason="Cần xác minh với BHXH"
    )
    complaint.refresh_from_db()
    # 45 days: Thursday 16 July.
    assert complaint.is_complex and complaint.answer_due == date(2026, 7, 16)
    assert ClaimEvent.objects.filter(claim=world["claim"], kind="complaint_complex").exists()


def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(world):
    # Filed Wednesday 1 April 2026: 30 days later is Friday 1 May (Labour Day), then the
    # weekend -> Monday 4 May.
    assert services.answer_due(date(2026, 4, 1), complex_case=False) == date(2026, 5, 4)


def test_the_last_day_to_complain_and_the_day_after(world):
    with at(date(2026, 8, 13), 23):
        assert file(world).is_open
    Complaint.objects.all().update(status=Complaint.Status.WITHDRAWN)
    with at(date(2026, 8, 14), 8), pytest.raises(services.ComplaintInvalid) as caught:
        file(world)
    assert "90" in str(caught.value) and caught.value.field == "decision"
    assert Complaint.objects.filter(status=Complaint.Status.RECEIVED).count() == 0


def test_the_answer_is_a_signed_decision_of_the_deciding_center(world):
    with at(date(2026, 6, 1)):
        complaint = file(world)
    with at(date(2026, 6, 20)):
        with pytest.raises(ClaimPermissionError):  # an officer does not answer
            services.complaint_answer(
                complaint_id=complaint.pk,
                signer=world["officer"],
                outcome="rejected",
                answer="Mức hưởng đã tính đúng theo 6 tháng cuối.",
            )
        with pytest.raises(ClaimPermissionError):  # another center's head does not either
            services.complaint_answer(
                complaint_id=complaint.pk,
                signer=world["other_signer"],
                outcome="rejected",
                answer="Mức hưởng đã tính đúng theo 6 tháng cuối.",
            )
        complaint = services.complaint_answer(
            complaint_id=complaint.pk,
            signer=world["signer"],
            outcome="rejected",
            answer="Mức hưởng đã tính đúng theo 6 tháng đóng gần nhất.",
        )
        answer = decision_issue(decision_id=complaint.answer.pk)
    assert complaint.status == Complaint.Status.ANSWERED
    assert answer.kind == Decision.Kind.COMPLAINT_ANSWER and answer.state == Decision.State.ISSUED
    assert answer.signer == world["signer"] and answer.case == world["claim"]
    assert answer.facts["decision_number"] == world["approval"].number
    # An answer is not itself open to a first complaint here.
    kinds = [c.decision.kind for c in services.complainable_decisions(claim=world["claim"])]
    assert kinds == [Decision.Kind.APPROVAL]
    with pytest.raises(ClaimStateError):
        services.complaint_answer(
            complaint_id=complaint.pk,
            signer=world["signer"],
            outcome="upheld",
            answer="Một lần nữa, cho chắc chắn.",
        )
    assert Decision.objects.filter(kind=Decision.Kind.COMPLAINT_ANSWER).count() == 1


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"text": "ngắn"}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"request": "y" * 5001}, "request"),
        ({"decision_id": 999_999}, "decision"),
    ],
)
def test_bad_complaints_change_nothing(world, kw, field):
    with at(date(2026, 6, 1)), pytest.raises(services.ComplaintInvalid) as caught:
        file(world, **kw)
    assert caught.value.field == field
    assert not Complaint.objects.exists()


def test_only_the_owner_and_one_open_complaint_per_decision(world):
    stranger = claim_in_period(
        where=world["hanoi"],
        signer=world["signer"],
        officer=world["officer"],
        start=date(2027, 6, 1),
        terminated=date(2027, 4, 30),
        employer="0109999999",
    ).citizen
    with at(date(2026, 6, 1)):
        with pytest.raises(ClaimPermissionError):
            file(world, citizen=stranger)
        complaint = file(world)
        with pytest.raises(ClaimStateError):
            file(world)
        services.complaint_withdraw(complaint_id=complaint.pk, citizen=world["claim"].citizen)
        assert file(world).is_open  # after withdrawing, a new one may be filed in time


def test_the_queue_puts_open_complaints_first_by_deadline(world):
    second = claim_in_period(
        where=world["hanoi"],
        signer=world["signer"],
        officer=world["officer"],
        start=date(2027, 6, 1),
        terminated=date(2027, 4, 30),
        employer="0109999999",
        decided=datetime(2026, 6, 1, 10, tzinfo=VN),
    )
    second_approval = Decision.objects.get(claim=second)
    with at(date(2026, 6, 10)):
        late = file(world)
    with at(date(2026, 6, 2)):
        early = services.complaint_file(
            claim_id=second.pk,
            citizen=second.citizen,
            decision_id=second_approval.pk,
            text="Không đồng ý ngày bắt đầu hưởng.",
        )
    queue = list(services.complaints_queue(center_id=world["hanoi"].pk))
    assert queue == [early, late]
    assert not list(services.complaints_queue(center_id=world["other_signer"].center_id))
    with pytest.raises(Complaint.DoesNotExist):
        services.complaint_for_staff(complaint_id=early.pk, user=world["other_signer"])
