"""The center's review of a claim: assignment, requests for information, proposals and four eyes.

Every service takes keyword arguments only, never a request, and changes state only through
claims.core.services.claim_transition. Each action carries the claim version the staff member's
page showed (`expected_version`): if the claim changed since, the action is refused with a
ClaimStateError saying what happened, and nothing is applied. Officers propose; a signer of
the same center who did not make the proposal signs or returns it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimError, ClaimPermissionError, ClaimStateError
from claims.core.services import claim_transition
from claims.core.transitions import Actor, Status
from claims.filing.services import ClaimNotFound
from claims.models import Claim, ClaimEvent, Proposal
from claims.review.models import REFUSAL_REASONS
from eligibility.assessment import assessment_from_json
from eligibility.exceptions import RulesError
from eligibility.selectors import rulebook_for_claim
from identity.models import User

#: Why a claim may be refused (codes stored on the proposal; labels shown to staff and citizen).

#: States in which a claim is still being worked on and may be (re)assigned.
ASSIGNABLE = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED, Status.PROPOSED})
#: Longest text a staff member may write in one field.
MAX_TEXT = 4000
#: The law's longest benefit (months); a proposal beyond it is a typing mistake.
MAX_DURATION_MONTHS = 12
FIGURES = ("monthly_benefit", "duration_months", "entitlement_start", "entitlement_end")


class ReviewInvalid(ClaimError):
    """The action's input is wrong; `errors` maps each field to its messages. Nothing changed."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Thông tin chưa hợp lệ: hãy sửa các lỗi được nêu."))
        self.errors = errors


@dataclass(frozen=True)
class Figures:
    """An approval's amount and dates (the engine's, or edited with a written reason)."""

    monthly_benefit: int | None
    duration_months: int | None
    entitlement_start: date | None
    entitlement_end: date | None

    @property
    def complete(self) -> bool:
        return None not in (
            self.monthly_benefit,
            self.duration_months,
            self.entitlement_start,
            self.entitlement_end,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "monthly_benefit": self.monthly_benefit,
            "duration_months": self.duration_months,
            "entitlement_start": self.entitlement_start.isoformat()
            if self.entitlement_start
            else None,
            "entitlement_end": self.entitlement_end.isoformat() if self.entitlement_end else None,
        }


# --- Reading --------------------------------------------------------------------------------


def engine_figures(claim: Claim) -> Figures:
    """The calculator's figures stored with the claim at submission (all None if not eligible)."""
    assessment = assessment_from_json(claim.eligibility) if claim.eligibility else None
    result = assessment.result if assessment is not None else None
    if result is None or not result.eligible:
        return Figures(None, None, None, None)
    return Figures(
        monthly_benefit=result.monthly_benefit,
        duration_months=result.duration_months,
        entitlement_start=result.entitlement_start,
        entitlement_end=result.entitlement_end,
    )


def decision_law(claim: Claim, decided_on: date) -> tuple[str | None, str | None]:
    """(rule set of the stored figures, rule set of a decision made on `decided_on`).

    The law is chosen by the decision date (Law 74/2025 Art. 54.2, 55.4): the figures were
    computed at filing with the decision taken to be made on its deadline; signing on another
    day may fall under the other law. None where it cannot be known.
    """

    data = claim.eligibility or {}
    stored = (data.get("result") or {}).get("rule_set")
    filed = (data.get("facts") or {}).get("filing_date")
    if not filed:
        return stored, None
    try:
        book = rulebook_for_claim(date.fromisoformat(filed), decided_on)
    except RulesError:
        return stored, None
    return stored, book.rule_set.identifier


def pending_proposal(claim: Claim) -> Proposal | None:
    return claim.proposals.filter(outcome=Proposal.Outcome.PENDING).first()


def proposal_is_systems(proposal: Proposal) -> bool:
    """True when the fast track (the SYSTEM) made this proposal, not an officer.

    A fast-track proposal's `proposed_by` is whoever started the batch; the event moving the
    claim to "proposed" records the system as the actor, so the four-eyes rule does not apply.
    """
    event = (
        ClaimEvent.objects.filter(claim_id=proposal.claim_id, to_status=Status.PROPOSED)
        .order_by("-id")
        .first()
    )
    return event is not None and event.actor_role == Actor.SYSTEM


def may_sign(*, user: User, proposal: Proposal) -> bool:
    """A signer of the claim's center who did not make the proposal (four eyes)."""
    return (
        user.role == User.Role.SIGNER
        and user.center_id is not None
        and user.center_id == proposal.claim.center_id
        and (proposal.proposed_by_id != user.pk or proposal_is_systems(proposal))
    )


def colleagues(*, claim: Claim) -> list[User]:
    """The officers a claim of this center may be assigned to."""
    return list(
        User.objects.filter(
            role=User.Role.OFFICER, center_id=claim.center_id, is_active=True
        ).order_by("full_name", "username")
    )


# --- Guards ---------------------------------------------------------------------------------


def _require_role(user: User, *roles: str) -> None:
    if user is None or user.role not in roles or user.center_id is None:
        if User.Role.SIGNER in roles and len(roles) == 1:
            raise ClaimPermissionError(
                _("Chỉ lãnh đạo trung tâm mới ký duyệt hoặc trả lại đề xuất.")
            )
        raise ClaimPermissionError(_("Chỉ cán bộ thụ lý của trung tâm mới làm được việc này."))


def _text(value: str | None, field: str, missing: str, errors: dict[str, list[str]]) -> str:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, []).append(missing)
    elif len(text) > MAX_TEXT:
        errors.setdefault(field, []).append(
            _("Nội dung dài quá %(max)s ký tự.") % {"max": MAX_TEXT}
        )
    return text


def changed_message(claim: Claim) -> str:
    """What happened since the page was shown: who did what last, and the state now."""
    event = claim.events.select_related("actor").order_by("-id").first()
    status = Status(claim.status).label
    if event is not None and event.actor is not None:
        return _(
            "Hồ sơ vừa được %(who)s cập nhật lúc %(when)s; trạng thái hiện tại: “%(status)s”. "
            "Thao tác của bạn chưa được thực hiện: hãy xem trạng thái mới."
        ) % {
            "who": event.actor.full_name or event.actor.username,
            "when": timezone.localtime(event.created_at).strftime("%H:%M %d/%m/%Y"),
            "status": status,
        }
    return _(
        "Hồ sơ vừa được cập nhật; trạng thái hiện tại: “%(status)s”. "
        "Thao tác của bạn chưa được thực hiện: hãy xem trạng thái mới."
    ) % {"status": status}


def _locked(claim_id: int, user: User, expected_version: int, statuses: Iterable[str]) -> Claim:
    """The claim row locked for this transaction, after the scope, version and state checks.

    Must be called inside transaction.atomic(). Of two staff acting at once, the second waits
    on the lock, then sees the new version and is refused: nothing is applied twice.
    """
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        raise ClaimNotFound(_("Không tìm thấy hồ sơ."))
    if claim.center_id is None or claim.center_id != user.center_id:
        raise ClaimPermissionError(_("Hồ sơ này thuộc trung tâm khác."))
    if claim.version != expected_version:
        raise ClaimStateError(changed_message(claim), current_status=claim.status)
    if claim.status not in set(statuses):
        raise ClaimStateError(
            _("Không làm được việc này khi hồ sơ ở trạng thái “%(status)s”.")
            % {"status": Status(claim.status).label},
            current_status=claim.status,
        )
    return claim


# --- Officer actions ------------------------------------------------------------------------


def claim_assign(*, claim_id: int, actor: User, assignee: User, expected_version: int) -> Claim:
    """Give a claim to an officer of its center (oneself or a colleague).

    A submitted claim taken by an officer goes into review; otherwise only the assignee changes
    (with an event and a new version, so pages that showed the old assignee are told).
    """
    _require_role(actor, User.Role.OFFICER, User.Role.SIGNER)
    if assignee.role != User.Role.OFFICER or not assignee.is_active:
        raise ReviewInvalid({"assignee": [_("Chỉ giao hồ sơ cho cán bộ thụ lý.")]})
    with transaction.atomic():
        claim = _locked(claim_id, actor, expected_version, ASSIGNABLE)
        if assignee.center_id != claim.center_id:
            raise ReviewInvalid({"assignee": [_("Chỉ giao hồ sơ cho cán bộ của cùng trung tâm.")]})
        data = {"assignee": assignee.pk, "assigned_by": actor.pk}
        if claim.status == Status.SUBMITTED:
            # Taking the claim starts the review; a signer handing it out acts for the system.
            return claim_transition(
                claim_id=claim.pk,
                to_status=Status.IN_REVIEW,
                actor=actor if actor.role == User.Role.OFFICER else None,
                expected_version=expected_version,
                data=data,
                changes=lambda c: setattr(c, "assignee", assignee),
            )
        if claim.assignee_id == assignee.pk:
            return claim
        previous = claim.assignee_id
        claim.assignee = assignee
        claim.version += 1
        claim.save(update_fields=["assignee", "version", "updated_at"])
        ClaimEvent.objects.create(
            claim=claim,
            kind="assigned",
            actor=actor,
            actor_role=actor.role,
            from_status=claim.status,
            to_status=claim.status,
            data=data | {"previous": previous},
        )
        return claim


def claim_request_info(
    *, claim_id: int, officer: User, message: str, expected_version: int
) -> Claim:
    """Ask the citizen for information; they are notified (claims.notifications.hooks) and answer on the portal."""
    _require_role(officer, User.Role.OFFICER)
    errors: dict[str, list[str]] = {}
    text = _text(message, "message", _("Hãy viết rõ người lao động cần bổ sung gì."), errors)
    if errors:
        raise ReviewInvalid(errors)
    with transaction.atomic():
        claim = _locked(claim_id, officer, expected_version, {Status.IN_REVIEW})
        return claim_transition(
            claim_id=claim.pk,
            to_status=Status.INFO_REQUESTED,
            actor=officer,
            reason=text,
            expected_version=expected_version,
            changes=lambda c: setattr(c, "assignee", c.assignee or officer),
        )


def _validate_figures(
    engine: Figures,
    monthly_benefit: int | None,
    duration_months: int | None,
    entitlement_start: date | None,
    entitlement_end: date | None,
    override_reason: str,
) -> tuple[Figures, bool, str]:
    """The figures to propose, whether they differ from the engine's, and the reason."""
    errors: dict[str, list[str]] = {}
    chosen = Figures(
        monthly_benefit=engine.monthly_benefit if monthly_benefit is None else monthly_benefit,
        duration_months=engine.duration_months if duration_months is None else duration_months,
        entitlement_start=engine.entitlement_start
        if entitlement_start is None
        else entitlement_start,
        entitlement_end=engine.entitlement_end if entitlement_end is None else entitlement_end,
    )
    required = _("Hệ thống không tính được con số này: hãy nhập.")
    for name in FIGURES:
        if getattr(chosen, name) is None:
            errors.setdefault(name, []).append(required)
    if chosen.monthly_benefit is not None and chosen.monthly_benefit <= 0:
        errors.setdefault("monthly_benefit", []).append(_("Mức hưởng phải lớn hơn 0 đồng."))
    if chosen.duration_months is not None and not (
        1 <= chosen.duration_months <= MAX_DURATION_MONTHS
    ):
        errors.setdefault("duration_months", []).append(
            _("Số tháng hưởng phải từ 1 đến %(max)s.") % {"max": MAX_DURATION_MONTHS}
        )
    if (
        chosen.entitlement_start is not None
        and chosen.entitlement_end is not None
        and chosen.entitlement_end < chosen.entitlement_start
    ):
        errors.setdefault("entitlement_end", []).append(
            _("Ngày kết thúc hưởng không được trước ngày bắt đầu.")
        )
    edited = chosen != engine
    reason = (override_reason or "").strip()
    if edited and not reason:
        errors.setdefault("override_reason", []).append(
            _("Bạn đã sửa con số do hệ thống tính: hãy ghi rõ lý do sửa.")
        )
    if len(reason) > MAX_TEXT:
        errors.setdefault("override_reason", []).append(
            _("Nội dung dài quá %(max)s ký tự.") % {"max": MAX_TEXT}
        )
    if errors:
        raise ReviewInvalid(errors)
    return chosen, edited, reason if edited else ""


def claim_propose_approval(
    *,
    claim_id: int,
    officer: User,
    expected_version: int,
    monthly_benefit: int | None = None,
    duration_months: int | None = None,
    entitlement_start: date | None = None,
    entitlement_end: date | None = None,
    override_reason: str = "",
) -> Proposal:
    """Propose to grant the benefit with the engine's figures (or edited ones, with a reason)."""
    _require_role(officer, User.Role.OFFICER)
    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None:
        raise ClaimNotFound(_("Không tìm thấy hồ sơ."))
    figures, edited, reason = _validate_figures(
        engine_figures(claim),
        monthly_benefit,
        duration_months,
        entitlement_start,
        entitlement_end,
        override_reason,
    )
    with transaction.atomic():
        claim = _locked(claim_id, officer, expected_version, {Status.IN_REVIEW})
        proposal = Proposal.objects.create(
            claim=claim,
            kind=Proposal.Kind.APPROVE,
            proposed_by=officer,
            monthly_benefit=figures.monthly_benefit,
            duration_months=figures.duration_months,
            entitlement_start=figures.entitlement_start,
            entitlement_end=figures.entitlement_end,
            override_reason=reason,
        )
        claim_transition(
            claim_id=claim.pk,
            to_status=Status.PROPOSED,
            actor=officer,
            reason=reason,
            expected_version=expected_version,
            data={
                "proposal": proposal.pk,
                "kind": Proposal.Kind.APPROVE,
                "figures": figures.as_json(),
                "edited": edited,
            },
            changes=lambda c: setattr(c, "assignee", c.assignee or officer),
        )
        return proposal


def claim_propose_refusal(
    *,
    claim_id: int,
    officer: User,
    reason_codes: Iterable[str],
    explanation: str,
    expected_version: int,
) -> Proposal:
    """Propose to refuse, with at least one reason code and an explanation for the citizen."""
    _require_role(officer, User.Role.OFFICER)
    errors: dict[str, list[str]] = {}
    codes = list(dict.fromkeys(code for code in reason_codes or () if code))
    unknown = [code for code in codes if code not in REFUSAL_REASONS]
    if not codes:
        errors["reason_codes"] = [_("Hãy chọn ít nhất một lý do không giải quyết hưởng.")]
    elif unknown:
        errors["reason_codes"] = [
            _("Lý do không hợp lệ: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    text = _text(
        explanation,
        "explanation",
        _("Hãy viết lời giải thích cho người lao động (họ sẽ đọc nội dung này)."),
        errors,
    )
    if errors:
        raise ReviewInvalid(errors)
    with transaction.atomic():
        claim = _locked(claim_id, officer, expected_version, {Status.IN_REVIEW})
        proposal = Proposal.objects.create(
            claim=claim,
            kind=Proposal.Kind.REFUSE,
            proposed_by=officer,
            refusal_codes=codes,
            explanation=text,
        )
        claim_transition(
            claim_id=claim.pk,
            to_status=Status.PROPOSED,
            actor=officer,
            reason=text,
            expected_version=expected_version,
            data={"proposal": proposal.pk, "kind": Proposal.Kind.REFUSE, "codes": codes},
            changes=lambda c: setattr(c, "assignee", c.assignee or officer),
        )
        return proposal


# --- Signer actions -------------------------------------------------------------------------


def _pending_for_signer(claim: Claim, signer: User) -> Proposal:
    proposal = claim.proposals.select_for_update().filter(outcome=Proposal.Outcome.PENDING).first()
    if proposal is None:
        raise ClaimStateError(
            _("Hồ sơ không có đề xuất nào đang chờ ký duyệt."), current_status=claim.status
        )
    proposal.claim = claim
    if not may_sign(user=signer, proposal=proposal):
        raise ClaimPermissionError(
            _("Không ai được tự ký duyệt đề xuất của chính mình: đề xuất cần lãnh đạo khác ký.")
        )
    return proposal


def proposal_sign(
    *, claim_id: int, signer: User, expected_version: int, comment: str = ""
) -> Claim:
    """Sign the pending proposal: the decision (approval or refusal) is issued at once.

    proposed -> approved/rejected (the signer), then -> decision_issued (the system); the
    decision's PDF and payments hang off that last transition (claims.core.services.on_transition).
    """
    _require_role(signer, User.Role.SIGNER)
    note = (comment or "").strip()
    if len(note) > MAX_TEXT:
        raise ReviewInvalid({"comment": [_("Nội dung dài quá %(max)s ký tự.") % {"max": MAX_TEXT}]})
    with transaction.atomic():
        claim = _locked(claim_id, signer, expected_version, {Status.PROPOSED})
        proposal = _pending_for_signer(claim, signer)
        approve = proposal.kind == Proposal.Kind.APPROVE
        now = timezone.now()
        stored_law, decided_law = decision_law(claim, timezone.localdate(now))
        if approve and stored_law and decided_law and stored_law != decided_law:
            raise ClaimStateError(
                _(
                    "Quyết định ký hôm nay thuộc bộ quy định %(law)s, không phải bộ quy định "
                    "dùng để tính các con số đề xuất (%(stored)s): luật được chọn theo ngày "
                    "quyết định (Điều 55.4 Luật Việc làm 2025). Hãy trả lại đề xuất để tính lại."
                )
                % {"law": decided_law, "stored": stored_law},
                current_status=claim.status,
            )

        def apply_figures(c: Claim) -> None:
            if approve:
                c.monthly_benefit = proposal.monthly_benefit
                c.duration_months = proposal.duration_months
            else:
                c.monthly_benefit = None
                c.duration_months = None

        claim_transition(
            claim_id=claim.pk,
            to_status=Status.APPROVED if approve else Status.REJECTED,
            actor=signer,
            reason=note,
            expected_version=expected_version,
            data={
                "proposal": proposal.pk,
                "kind": proposal.kind,
                "decision_date": timezone.localdate(now).isoformat(),
                "rule_set": decided_law or stored_law,
            },
            changes=apply_figures,
        )
        proposal.outcome = Proposal.Outcome.SIGNED
        proposal.decided_by = signer
        proposal.decided_at = now
        proposal.comment = note
        proposal.save(update_fields=["outcome", "decided_by", "decided_at", "comment"])
        issued = claim_transition(
            claim_id=claim.pk,
            to_status=Status.DECISION_ISSUED,
            actor=None,
            data={"proposal": proposal.pk, "signed_by": signer.pk},
            changes=lambda c: setattr(c, "decided_at", now),
        )
        # Its decision is created by the decisions hook inside this last transition (never lost,
        # numbered once); its PDF is made after commit (claims.decisions.services).
        return issued


def proposal_return(*, claim_id: int, signer: User, comment: str, expected_version: int) -> Claim:
    """Send the proposal back to the officer with a comment; the claim is in review again."""
    _require_role(signer, User.Role.SIGNER)
    errors: dict[str, list[str]] = {}
    note = _text(comment, "comment", _("Hãy ghi lý do trả lại để cán bộ biết cần sửa gì."), errors)
    if errors:
        raise ReviewInvalid(errors)
    with transaction.atomic():
        claim = _locked(claim_id, signer, expected_version, {Status.PROPOSED})
        proposal = _pending_for_signer(claim, signer)
        proposal.outcome = Proposal.Outcome.RETURNED
        proposal.decided_by = signer
        proposal.decided_at = timezone.now()
        proposal.comment = note
        proposal.save(update_fields=["outcome", "decided_by", "decided_at", "comment"])
        return claim_transition(
            claim_id=claim.pk,
            to_status=Status.IN_REVIEW,
            actor=signer,
            reason=note,
            expected_version=expected_version,
            data={"proposal": proposal.pk, "returned": True},
        )
