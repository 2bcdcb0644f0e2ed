"""The review actions, dispatched once for the staff pages (claims.review.views) and the staff
API (claims.review.api): each action's name, and the service it calls with which fields."""

from __future__ import annotations

from typing import Any

import claims.review.services as review
from claims.models import Claim, Proposal
from identity.models import User

ASSIGN = "assign"
REQUEST_INFO = "request-info"
PROPOSE_APPROVAL = "propose-approval"
PROPOSE_REFUSAL = "propose-refusal"
SIGN = "sign"
RETURN = "return"
ACTIONS = (ASSIGN, REQUEST_INFO, PROPOSE_APPROVAL, PROPOSE_REFUSAL, SIGN, RETURN)


def action_run(
    action: str, *, claim_id: int, user: User, version: int, data: dict[str, Any]
) -> Claim | Proposal:
    """Run one review action on a claim the user saw at `version` (the claim, or the proposal
    made); KeyError for an unknown action.

    `data` holds the validated fields of the page's form or the API's serializer; the services
    check the rules (ReviewInvalid, ClaimStateError, ClaimPermissionError) and change nothing
    when they refuse.
    """
    common: dict[str, Any] = {"claim_id": claim_id, "expected_version": version}
    if action == ASSIGN:
        return review.claim_assign(actor=user, assignee=data["assignee"], **common)
    if action == REQUEST_INFO:
        return review.claim_request_info(officer=user, message=data["message"], **common)
    if action == PROPOSE_APPROVAL:
        return review.claim_propose_approval(
            officer=user,
            monthly_benefit=data.get("monthly_benefit"),
            duration_months=data.get("duration_months"),
            entitlement_start=data.get("entitlement_start"),
            entitlement_end=data.get("entitlement_end"),
            override_reason=data.get("override_reason", ""),
            **common,
        )
    if action == PROPOSE_REFUSAL:
        return review.claim_propose_refusal(
            officer=user,
            reason_codes=data.get("reason_codes", []),
            explanation=data.get("explanation", ""),
            **common,
        )
    if action == SIGN:
        return review.proposal_sign(signer=user, comment=data.get("comment", ""), **common)
    if action == RETURN:
        return review.proposal_return(signer=user, comment=data.get("comment", ""), **common)
    raise KeyError(action)
