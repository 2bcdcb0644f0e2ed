"""The review services: assignment, requests for information, proposals, four-eyes signing.

Every bad input (no reason code, an edited amount without a reason, a stale version, a wrong
state, another center) is refused with a message and changes nothing.
"""
# ruff: noqa: F811 - pytest fixtures imported from test_review_support

from __future__ import annotations

from datetime import date

import pytest

import claims.filing.services as filing
import claims.review.services as review
from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.core.transitions import Status
from claims.models import Claim, ClaimEvent, Notification, Proposal
from claims.review.services import ReviewInvalid
from identity.models import User

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def snapshot(claim: Claim) -> tuple:
    claim.refresh_from_db()
    return (
        claim.status,
        claim.version,
        claim.assignee_id,
        claim.events.count(),
        claim.proposals.count(),
        claim.monthly_benefit,
    )


def take(claim: Claim, officer: User) -> Claim:
    return review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )


def proposed(claim: Claim, officer: User) -> Claim:
    claim = take(claim, officer)
    review.claim_propose_approval(
        claim_id=claim.pk, officer=officer, expected_version=claim.version
    )
    claim.refresh_from_db()
    return claim


# --- Assignment -----------------------------------------------------------------------------


def test_an_officer_taking_a_submitted_claim_starts_the_review(claim, staff):
    taken = take(claim, staff["officer"])
    assert taken.status == Status.IN_REVIEW and taken.assignee == staff["officer"]
    event = taken.events.last()
    assert event.to_status == Status.IN_REVIEW and event.actor == staff["officer"]
    assert event.data["assignee"] == staff["officer"].pk


def test_reassigning_to_a_colleague_keeps_the_state_and_writes_an_event(claim, staff):
    claim = take(claim, staff["officer"])
    moved = review.claim_assign(
        claim_id=claim.pk,
        actor=staff["signer"],
        assignee=staff["officer2"],
        expected_version=claim.version,
    )
    assert moved.status == Status.IN_REVIEW and moved.assignee == staff["officer2"]
    assert moved.version == claim.version + 1
    assert moved.events.last().kind == "assigned"


def test_a_signer_handing_out_a_submitted_claim_moves_it_as_the_system(claim, staff):
    moved = review.claim_assign(
        claim_id=claim.pk, actor=staff["signer"], assignee=staff["officer"], expected_version=2
    )
    assert moved.status == Status.IN_REVIEW
    event = moved.events.last()
    assert event.actor_role == "system" and event.data["assigned_by"] == staff["signer"].pk


def test_assigning_to_an_officer_of_another_center_is_refused(claim, staff):
    before = snapshot(claim)
    with pytest.raises(ReviewInvalid) as error:
        review.claim_assign(
            claim_id=claim.pk,
            actor=staff["officer"],
            assignee=staff["other_officer"],
            expected_version=claim.version,
        )
    assert "cùng trung tâm" in error.value.errors["assignee"][0]
    assert snapshot(claim) == before


def test_assigning_to_a_signer_or_by_a_citizen_is_refused(claim, staff, citizen):
    before = snapshot(claim)
    with pytest.raises(ReviewInvalid):
        review.claim_assign(
            claim_id=claim.pk,
            actor=staff["officer"],
            assignee=staff["signer"],
            expected_version=claim.version,
        )
    with pytest.raises(ClaimPermissionError):
        review.claim_assign(
            claim_id=claim.pk, actor=citizen, assignee=staff["officer"], expected_version=2
        )
    assert snapshot(claim) == before


def test_an_officer_of_another_center_cannot_take_the_claim(claim, staff):
    before = snapshot(claim)
    with pytest.raises(ClaimPermissionError, match="trung tâm khác"):
        take(claim, staff["other_officer"])
    assert snapshot(claim) == before


# --- Request for information ----------------------------------------------------------------


def test_request_info_notifies_the_citizen_who_answers_back_into_review(
    claim, staff, citizen, django_capture_on_commit_callbacks
):
    claim = take(claim, staff["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        asked = review.claim_request_info(
            claim_id=claim.pk,
            officer=staff["officer"],
            message="Hãy gửi bản sao quyết định thôi việc có dấu đỏ.",
            expected_version=claim.version,
        )
    assert asked.status == Status.INFO_REQUESTED
    note = Notification.objects.get(user=citizen, kind="info_requested")
    assert note.params["message"] == "Hãy gửi bản sao quyết định thôi việc có dấu đỏ."
    answered = filing.info_reply(claim_id=claim.pk, citizen=citizen, message="Đã gửi bản sao.")
    assert answered.status == Status.IN_REVIEW


@pytest.mark.parametrize("message", ["", "   "])
def test_request_info_without_a_message_changes_nothing(claim, staff, message):
    claim = take(claim, staff["officer"])
    before = snapshot(claim)
    with pytest.raises(ReviewInvalid) as error:
        review.claim_request_info(
            claim_id=claim.pk,
            officer=staff["officer"],
            message=message,
            expected_version=claim.version,
        )
    assert "message" in error.value.errors
    assert snapshot(claim) == before


def test_request_info_on_a_claim_not_in_review_is_refused_with_the_state(claim, staff):
    before = snapshot(claim)
    with pytest.raises(ClaimStateError, match="Đã nộp") as error:
        review.claim_request_info(
            claim_id=claim.pk, officer=staff["officer"], message="?", expected_version=2
        )
    assert error.value.current_status == Status.SUBMITTED
    assert snapshot(claim) == before


def test_a_stale_version_says_who_acted_and_changes_nothing(claim, staff):
    old_version = claim.version
    take(claim, staff["officer"])
    before = snapshot(claim)
    with pytest.raises(ClaimStateError) as error:
        review.claim_request_info(
            claim_id=claim.pk,
            officer=staff["officer2"],
            message="Bổ sung giấy tờ",
            expected_version=old_version,
        )
    text = str(error.value)
    assert "Trần Văn An" in text and "Đang xem xét" in text
    assert error.value.current_status == Status.IN_REVIEW
    assert snapshot(claim) == before


# --- Proposals ------------------------------------------------------------------------------


def test_proposing_approval_uses_the_engines_figures(claim, staff):
    claim = take(claim, staff["officer"])
    engine = review.engine_figures(claim)
    assert engine.complete and engine.monthly_benefit == claim.monthly_benefit
    proposal = review.claim_propose_approval(
        claim_id=claim.pk, officer=staff["officer"], expected_version=claim.version
    )
    claim.refresh_from_db()
    assert claim.status == Status.PROPOSED
    assert proposal.kind == Proposal.Kind.APPROVE and proposal.outcome == "pending"
    assert proposal.monthly_benefit == engine.monthly_benefit
    assert proposal.duration_months == engine.duration_months
    assert proposal.entitlement_start == engine.entitlement_start
    assert proposal.override_reason == ""
    assert claim.events.last().data["edited"] is False


def test_an_edited_amount_without_a_written_reason_changes_nothing(claim, staff):
    claim = take(claim, staff["officer"])
    before = snapshot(claim)
    with pytest.raises(ReviewInvalid) as error:
        review.claim_propose_approval(
            claim_id=claim.pk,
            officer=staff["officer"],
            expected_version=claim.version,
            monthly_benefit=5_000_000,
            override_reason="  ",
        )
    assert "lý do" in error.value.errors["override_reason"][0]
    assert snapshot(claim) == before


def test_an_edited_amount_with_a_reason_is_proposed_and_recorded(claim, staff):
    claim = take(claim, staff["officer"])
    proposal = review.claim_propose_approval(
        claim_id=claim.pk,
        officer=staff["officer"],
        expected_version=claim.version,
        monthly_benefit=4_000_000,
        override_reason="Lương tháng 02/2026 đơn vị khai sai, đã đối chiếu bảng lương.",
    )
    assert proposal.monthly_benefit == 4_000_000
    assert proposal.override_reason.startswith("Lương tháng")
    assert Claim.objects.get(pk=claim.pk).events.last().data["edited"] is True


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"monthly_benefit": 0}, "monthly_benefit"),
        ({"duration_months": 13}, "duration_months"),
        ({"entitlement_end": date(2026, 1, 1)}, "entitlement_end"),
    ],
)
def test_impossible_figures_are_refused_even_with_a_reason(claim, staff, figures, field):
    claim = take(claim, staff["officer"])
    before = snapshot(claim)
    with pytest.raises(ReviewInvalid) as error:
        review.claim_propose_approval(
            claim_id=claim.pk,
            officer=staff["officer"],
            expected_version=claim.version,
            override_reason="Sửa",
            **figures,
        )
    assert field in error.value.errors
    assert snapshot(claim) == before


@pytest.mark.parametrize(
    ("codes", "explanation", "field"),
    [
        ([], "Bạn chưa đủ 12 tháng đóng.", "reason_codes"),
        (["made_up"], "Bạn chưa đủ 12 tháng đóng.", "reason_codes"),
        (["not_enough_months"], "  ", "explanation"),
    ],
)
def test_a_refusal_without_a_code_or_an_explanation_changes_nothing(
    claim, staff, codes, explanation, field
):
    claim = take(claim, staff["officer"])
    before = snapshot(claim)
    with pytest.raises(ReviewInvalid) as error:
        review.claim_propose_refusal(
            claim_id=claim.pk,
            officer=staff["officer"],
            reason_codes=codes,
            explanation=explanation,
            expected_version=claim.version,
        )
    assert field in error.value.errors
    assert snapshot(claim) == before


def test_a_signer_cannot_propose(claim, staff):
    claim = take(claim, staff["officer"])
    before = snapshot(claim)
    with pytest.raises(ClaimPermissionError):
        review.claim_propose_approval(
            claim_id=claim.pk, officer=staff["signer"], expected_version=claim.version
        )
    assert snapshot(claim) == before


# --- Four eyes ------------------------------------------------------------------------------


def test_signing_an_approval_issues_the_decision(
    claim, staff, citizen, django_capture_on_commit_callbacks
):
    claim = proposed(claim, staff["officer"])
    proposal = claim.proposals.get()
    with django_capture_on_commit_callbacks(execute=True):
        signed = review.proposal_sign(
            claim_id=claim.pk,
            signer=staff["signer"],
            expected_version=claim.version,
            comment="Đồng ý.",
        )
    assert signed.status == Status.DECISION_ISSUED and signed.decided_at is not None
    assert signed.monthly_benefit == proposal.monthly_benefit
    proposal.refresh_from_db()
    assert proposal.outcome == "signed" and proposal.decided_by == staff["signer"]
    # Status changes only: the signed PDF adds a "decision_signed" event after commit.
    kinds = list(signed.events.exclude(to_status="").values_list("to_status", "actor_role"))[-2:]
    assert kinds == [(Status.APPROVED, "signer"), (Status.DECISION_ISSUED, "system")]
    assert Notification.objects.filter(user=citizen, kind="decision_issued").count() == 1


def test_signing_a_refusal_issues_a_refusal(claim, staff):
    claim = take(claim, staff["officer"])
    review.claim_propose_refusal(
        claim_id=claim.pk,
        officer=staff["officer"],
        reason_codes=["re_employed", "re_employed"],
        explanation="Bạn đã có việc làm mới từ 01/03/2026.",
        expected_version=claim.version,
    )
    claim.refresh_from_db()
    assert claim.proposals.get().refusal_codes == ["re_employed"]
    signed = review.proposal_sign(
        claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version
    )
    assert signed.status == Status.DECISION_ISSUED and signed.monthly_benefit is None
    assert Status.REJECTED in signed.events.values_list("to_status", flat=True)


def test_nobody_signs_their_own_proposal(claim, staff):
    officer = staff["officer"]
    claim = proposed(claim, officer)
    officer.role = User.Role.SIGNER  # promoted since: still may not sign what they proposed
    officer.save()
    before = snapshot(claim)
    with pytest.raises(ClaimPermissionError, match="chính mình"):
        review.proposal_sign(claim_id=claim.pk, signer=officer, expected_version=claim.version)
    assert snapshot(claim) == before
    assert not review.may_sign(user=officer, proposal=claim.proposals.get())
    assert review.may_sign(user=staff["signer"], proposal=claim.proposals.get())


def test_officers_and_other_centers_cannot_sign(claim, staff):
    claim = proposed(claim, staff["officer"])
    before = snapshot(claim)
    with pytest.raises(ClaimPermissionError):
        review.proposal_sign(
            claim_id=claim.pk, signer=staff["officer2"], expected_version=claim.version
        )
    with pytest.raises(ClaimPermissionError, match="trung tâm khác"):
        review.proposal_sign(
            claim_id=claim.pk, signer=staff["other_signer"], expected_version=claim.version
        )
    assert snapshot(claim) == before


def test_returning_needs_a_comment_then_the_officer_can_propose_again(claim, staff):
    claim = proposed(claim, staff["officer"])
    before = snapshot(claim)
    with pytest.raises(ReviewInvalid) as error:
        review.proposal_return(
            claim_id=claim.pk, signer=staff["signer"], comment=" ", expected_version=claim.version
        )
    assert "comment" in error.value.errors
    assert snapshot(claim) == before
    returned = review.proposal_return(
        claim_id=claim.pk,
        signer=staff["signer"],
        comment="Kiểm tra lại ngày bắt đầu hưởng.",
        expected_version=claim.version,
    )
    assert returned.status == Status.IN_REVIEW
    assert claim.proposals.get().outcome == "returned"
    review.claim_propose_approval(
        claim_id=claim.pk, officer=staff["officer"], expected_version=returned.version
    )
    assert claim.proposals.filter(outcome="pending").count() == 1


def test_signing_twice_applies_once(claim, staff):
    claim = proposed(claim, staff["officer"])
    review.proposal_sign(claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version)
    events = ClaimEvent.objects.filter(claim=claim).count()
    with pytest.raises(ClaimStateError):
        review.proposal_sign(
            claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version
        )
    assert ClaimEvent.objects.filter(claim=claim).count() == events
