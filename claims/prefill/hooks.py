"""What a prefilled claim's submission leaves behind for the officer (an on_transition hook).

Registered with claims.core.services.on_transition in ClaimsConfig.ready; runs after the
submission is committed. A worker who gives another reason for the termination than their
employer reported keeps their answer (it is their claim), and the officer is told: the claim is
flagged `employer_reason_disputed` (needs review) and leaves the fast track (is_clean false;
the fast track also refuses any flagged claim at approval, claims.review.fasttrack).
"""

from __future__ import annotations

import logging

from django.db import transaction

from claims.core.transitions import Actor, Status
from claims.models import Claim, ClaimEvent, ClaimFlag
from claims.prefill.services import DISPUTED_FLAG, dispute_for

logger = logging.getLogger(__name__)


def flag_disputed_reason(claim_id: int, from_status: str, to_status: str) -> None:
    if to_status != Status.SUBMITTED:
        return
    try:
        _flag(claim_id)
    except Exception:  # the submission stands; a failure here is logged, never the worker's
        logger.exception("could not flag the employer's reason of claim %s", claim_id)


def _flag(claim_id: int) -> None:
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            return
        dispute = dispute_for(claim)
        if dispute is None:
            return
        _flag_row, created = ClaimFlag.objects.get_or_create(
            claim=claim,
            code=DISPUTED_FLAG,
            defaults={"severity": ClaimFlag.Severity.NEEDS_REVIEW},
        )
        if not created:
            return
        Claim.objects.filter(pk=claim.pk).update(is_clean=False)
        ClaimEvent.objects.create(
            claim=claim,
            kind="employer_reason_disputed",
            actor=None,
            actor_role=Actor.SYSTEM,
            data={
                "employer_reason": dispute.employer_reason,
                "worker_reason": dispute.worker_reason,
            },
        )
