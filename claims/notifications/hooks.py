"""Tell the citizen about every change of their claim they must know about (in-app and e-mail).

Registered with claims.core.services.on_transition in ClaimsConfig.ready; runs after the change
is committed, so a notification never announces a change that was rolled back. The one
exception is the submission: its receipt is written by the submission itself, in its own
transaction, with the claim it has in hand (`notify_citizen_submitted`, called by
claims.filing.services), so the receipt page and the inbox show it the moment the claim exists
and a filing does not read its claim back after commit to announce it.
"""

from __future__ import annotations

import logging
from typing import Any

from claims.core.transitions import Status
from claims.models import Claim, ClaimEvent
from claims.notifications.services import claim_params, notify
from eligibility.calculator.text import date_vi
from identity.models import User

logger = logging.getLogger(__name__)


def _deadline_text(claim: Claim) -> str:
    return date_vi(claim.decision_due) if claim.decision_due else ""


def _kind_for(claim: Claim, from_status: str, to_status: str) -> str | None:
    if to_status == Status.SUBMITTED:
        return "claim_submitted" if _deadline_text(claim) else "claim_submitted_no_deadline"
    if to_status == Status.IN_REVIEW and from_status == Status.SUBMITTED:
        return "claim_in_review"
    if to_status == Status.INFO_REQUESTED:
        return "info_requested"
    # decision_issued is announced when the signed PDF is stored (claims.decisions.services),
    # not at the transition: the citizen is told when there is something to download.
    if to_status == Status.WITHDRAWN and claim.reference:
        return "claim_withdrawn"  # a discarded draft was never a claim: nothing to announce
    if to_status == Status.SUSPENDED:
        return "claim_suspended"
    if to_status == Status.PAYING and from_status == Status.SUSPENDED:
        return "claim_resumed"
    if to_status == Status.TERMINATED:
        return "claim_terminated"
    return None


def notify_citizen_submitted(*, claim: Claim, citizen: User) -> None:
    """The receipt of a submission (inside its transaction: it commits or rolls back with it)."""
    kind = _kind_for(claim, Status.DRAFT, Status.SUBMITTED)
    assert kind is not None  # noqa: S101 - a submission always has its message
    params: dict[str, Any] = claim_params(claim)
    if kind == "claim_submitted":
        params["deadline"] = _deadline_text(claim)
    notify(user=citizen, kind=kind, params=params, claim=claim)


def notify_citizen_of_transition(claim_id: int, from_status: str, to_status: str) -> None:
    if to_status == Status.SUBMITTED:
        return  # announced by the submission itself (notify_citizen_submitted)
    # The change is already committed: a failure to notify is logged, never turned into an
    # error for whoever made the change.
    try:
        _notify(claim_id, from_status, to_status)
    except Exception:
        logger.exception(
            "could not notify the citizen of claim %s (%s -> %s)", claim_id, from_status, to_status
        )


def _notify(claim_id: int, from_status: str, to_status: str) -> None:
    claim = Claim.objects.select_related("citizen").get(pk=claim_id)
    kind = _kind_for(claim, from_status, to_status)
    if kind is None:
        return
    params: dict[str, Any] = claim_params(claim)
    if kind == "claim_submitted":
        params["deadline"] = _deadline_text(claim)
    if kind in {"info_requested", "claim_suspended", "claim_terminated"}:
        event = ClaimEvent.objects.filter(claim=claim, to_status=to_status).order_by("-id").first()
        params["message"] = event.reason if event else ""
    notify(user=claim.citizen, kind=kind, params=params, claim=claim)
