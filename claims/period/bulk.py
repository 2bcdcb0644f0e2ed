"""Bulk state changes of many claims by the system (the monthly cycle): one UPDATE, the status
events in bulk, the hooks after commit on a worker, a chunk of claims per task."""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core import services as core_services
from claims.core import transitions
from claims.core.exceptions import ClaimStateError
from claims.core.transitions import Actor
from claims.models import Claim, ClaimEvent
from common.tasks import task_after_commit

logger = logging.getLogger(__name__)


def claim_transition_many(
    *,
    claim_ids: list[int],
    from_status: str,
    to_status: str,
    reasons: dict[int, str] | None = None,
    data: dict[int, dict[str, Any]] | None = None,
) -> list[int]:
    """The system moves many claims from one state to another at once (the caller's
    transaction): one UPDATE, one bulk insert of the status events, and every
    claims.core.services.on_transition hook after commit for each claim moved (the one route
    of a state change's side effects). Returns the ids moved (those still in `from_status`)."""
    if not claim_ids:
        return []
    if not transitions.allowed(from_status, to_status, Actor.SYSTEM):
        raise ClaimStateError(_("Không thể chuyển trạng thái hồ sơ."), current_status=from_status)
    reasons, data = reasons or {}, data or {}
    moved: list[int] = []
    for first in range(0, len(claim_ids), 5000):
        part = claim_ids[first : first + 5000]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE claims_claim SET status = %s, version = version + 1, updated_at = %s "
                "WHERE id = ANY(%s) AND status = %s RETURNING id",
                [to_status, timezone.now(), part, from_status],
            )
            moved += [row[0] for row in cursor.fetchall()]
    ClaimEvent.objects.bulk_create(
        [
            ClaimEvent(
                claim_id=cid,
                kind=f"status:{to_status}",
                actor_role=Actor.SYSTEM,
                from_status=from_status,
                to_status=to_status,
                reason=reasons.get(cid, ""),
                data=data.get(cid, {}),
            )
            for cid in moved
        ],
        batch_size=2000,
    )
    # Then what must commit with the change (claims.core.services.on_transition_in_transaction).
    steps = list(getattr(core_services, "_in_transition", []))
    if steps and moved:
        # Only what every step reads first (the state; the registered one acts only on
        # decision_issued): any other field loads if a step reads it. Loading whole claims cost
        # about 0.1 ms each, 10,000 suspended at once in the monthly cycle (ADR 0015).
        for claim in Claim.objects.filter(pk__in=moved).only("pk", "status", "center_id"):
            for step in steps:
                step(claim, from_status, to_status)
    # The hooks (notifications...) run on a worker, a chunk of claims per task on the bulk
    # queue, after commit: a cycle of 100,000 periods does not wait for 10,000 e-mails.
    for first in range(0, len(moved), 500):
        task_after_commit(
            "claims.tasks.period_transition_hooks",
            moved[first : first + 500],
            from_status,
            to_status,
        )
    return moved


def transition_hooks_run(claim_ids: list[int], from_status: str, to_status: str) -> int:
    """Run every claims.core.services.on_transition hook for claims already moved (the bulk
    transition's side effects, on a worker). Each hook logs its own failures."""
    hooks = list(core_services._after_transition)  # noqa: SLF001 - the registry of hooks
    for claim_id in claim_ids:
        for hook in hooks:
            try:
                hook(claim_id, from_status, to_status)
            except Exception:
                logger.exception("hook %s failed for claim %s", hook, claim_id)
    return len(claim_ids)
