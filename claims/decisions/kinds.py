"""Issuing the decisions of the benefit period: suspension, resumption, termination, recovery,
transfer and the answer to a complaint (the one function others call: decision_kind_issue).

Such a decision is a Decision row like an approval (claims.decisions.models): numbered in the
center's gapless yearly series inside the caller's transaction, then rendered with WeasyPrint,
signed (PAdES) and stored by the same worker task and sweep as every decision (docs/adr/0007).
`Decision.case` is the claim it is about; `Decision.claim` stays the claim's one approval or
refusal. What it prints is `Decision.facts`, checked by claims.decisions.kind_content.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from claims.core.transitions import Actor
from claims.decisions.content import signer_title_for
from claims.decisions.kind_content import PERIOD_KINDS, DecisionFactsInvalid, facts_validate
from claims.decisions.models import Decision
from claims.decisions.services import NUMBER_SUFFIX, code_new, number_allocate
from claims.models import Claim, ClaimEvent
from common.tasks import task_after_commit
from identity.models import EmploymentServiceCenter, User

__all__ = [
    "DecisionFactsInvalid",
    "center_head",
    "decision_kind_issue",
    "decisions_of_claim",
]


def center_head(center_id: int) -> User | None:
    """Who signs a decision the system issues for a center: its director (a signer named in
    DECISION_DIRECTOR_USERNAMES), else its first active signer, else nobody (the PDF then
    prints the post alone)."""
    signers = User.objects.filter(
        center_id=center_id, role=User.Role.SIGNER, is_active=True
    ).order_by("pk")
    directors = signers.filter(username__in=settings.DECISION_DIRECTOR_USERNAMES)
    return directors.first() or signers.first()


def _actor_role(user: User | None) -> str:
    if user is None:
        return Actor.SYSTEM
    return Actor.SIGNER if user.role == User.Role.SIGNER else Actor.OFFICER


def decision_kind_issue(
    *,
    claim: Claim,
    kind: str,
    facts: Mapping[str, Any],
    by: User | None = None,
    key: str = "",
    issued_on: date | None = None,
    center: EmploymentServiceCenter | None = None,
) -> Decision:
    """Create a benefit-period decision of `kind` about `claim` and queue its render and
    signature (after the caller's commit). Call it inside the transaction that makes the change
    the decision records.

    `by`: the signer (four eyes: the person who signs, not who proposed); None when the system
    decides (a missed window): the center's head is printed. `key` makes it idempotent: the
    same (claim, kind, key) returns the decision already made (e.g. "suspension:2" for month
    2). `center`: the issuing center when it is not the claim's (a complaint is answered by the
    center that made the decision complained about). Raises DecisionFactsInvalid (a ValueError)
    for facts that cannot be printed; nothing is created then.
    """
    if kind not in PERIOD_KINDS:
        raise DecisionFactsInvalid(f"not a benefit-period decision kind: {kind!r}")
    clean = facts_validate(kind, facts)
    key = (key or "")[:80]
    if key:
        existing = Decision.objects.filter(case=claim, kind=kind, key=key).first()
        if existing is not None:
            return existing
    center_id = center.pk if center is not None else claim.center_id
    if center_id is None:
        raise DecisionFactsInvalid("a decision needs the claim's center")
    signer = by if by is not None else center_head(center_id)
    issued_on = issued_on or timezone.localdate()
    try:
        with transaction.atomic():
            sequence = number_allocate(center_id=center_id, year=issued_on.year)
            decision = Decision.objects.create(
                case=claim,
                kind=kind,
                key=key,
                facts=clean,
                center_id=center_id,
                year=issued_on.year,
                sequence=sequence,
                number=f"{sequence}/{NUMBER_SUFFIX}",
                issued_on=issued_on,
                signer=signer,
                signer_name=(signer.full_name or signer.username) if signer else "",
                signer_title=signer_title_for(signer.username if signer else ""),
                verification_code=code_new(),
            )
            ClaimEvent.objects.create(
                claim=claim,
                kind="decision_created",
                actor=by,
                actor_role=_actor_role(by),
                data={"decision_kind": kind, "number": decision.number, "key": key},
            )
    except IntegrityError:
        # The same key at the same moment (two sweeps): the other one's decision stands.
        existing = Decision.objects.filter(case=claim, kind=kind, key=key).first() if key else None
        if existing is None:
            raise
        return existing
    task_after_commit("claims.tasks.decision_render", decision.pk)
    return decision


def decisions_of_claim(*, claim: Claim) -> QuerySet[Decision]:
    """Every decision about `claim`, the approval or refusal first, then by number order."""
    return Decision.objects.filter(case=claim).select_related("center").order_by("created_at", "pk")
