"""The only code that changes a claim's state (STYLE.md: services)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import transitions
from claims.exceptions import ClaimPermissionError, ClaimStateError
from claims.models import Claim, ClaimEvent, ReferenceCounter
from claims.transitions import Actor, Status
from identity.models import User

#: Called after commit with (claim_id, from_status, to_status); later capabilities
#: (notifications, decisions, payments) register here instead of editing this service.
_after_transition: list[Callable[[int, str, str], None]] = []


def on_transition(hook: Callable[[int, str, str], None]) -> Callable[[int, str, str], None]:
    _after_transition.append(hook)
    return hook


def actor_kind(user: User | None) -> str:
    if user is None:
        return Actor.SYSTEM
    return {
        User.Role.CITIZEN: Actor.CITIZEN,
        User.Role.OFFICER: Actor.OFFICER,
        User.Role.SIGNER: Actor.SIGNER,
    }.get(user.role, "")  # type: ignore[call-overload]


def _check_actor_scope(claim: Claim, user: User | None, kind: str) -> None:
    if kind == Actor.CITIZEN and (user is None or claim.citizen_id != user.pk):
        raise ClaimPermissionError(_("Bạn chỉ có thể thao tác trên hồ sơ của chính mình."))
    if kind in {Actor.OFFICER, Actor.SIGNER} and (
        user is None or user.center_id != claim.center_id
    ):
        raise ClaimPermissionError(_("Hồ sơ này thuộc trung tâm khác."))


def claim_transition(
    *,
    claim_id: int,
    to_status: str,
    actor: User | None,
    reason: str = "",
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    changes: Callable[[Claim], None] | None = None,
) -> Claim:
    """Move a claim to `to_status` if the actor may, recording an event; one winner under races.

    `expected_version` is the version the actor's page showed: if the claim changed since,
    the action is refused (ClaimStateError) rather than applied to a state nobody looked at.
    """
    kind = actor_kind(actor)
    with transaction.atomic():
        # Lock the row: of two officers acting at once, the second waits here, then sees the
        # new state and is refused below instead of applying the move twice.
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        _check_actor_scope(claim, actor, kind)
        if expected_version is not None and claim.version != expected_version:
            raise ClaimStateError(
                _("Hồ sơ vừa được người khác cập nhật. Hãy xem trạng thái mới trước khi thao tác."),
                current_status=claim.status,
            )
        if not transitions.allowed(claim.status, to_status, kind):
            raise ClaimStateError(
                _("Không thể chuyển hồ sơ từ trạng thái “%(from)s” sang “%(to)s”.")
                % {"from": Status(claim.status).label, "to": Status(to_status).label},
                current_status=claim.status,
            )
        from_status = claim.status
        if changes is not None:
            changes(claim)
        claim.status = to_status
        claim.version += 1
        claim.save()
        ClaimEvent.objects.create(
            claim=claim,
            kind=f"status:{to_status}",
            actor=actor,
            actor_role=kind,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            data=data or {},
        )
        for hook in _after_transition:
            transaction.on_commit(lambda hook=hook: hook(claim.pk, from_status, to_status))  # type: ignore[misc]
    return claim


def reference_next(*, year: int | None = None) -> str:
    """The next reference number of the year, e.g. TCTN-2026-000123 (gapless, race-safe)."""
    year = year or timezone.localdate().year
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
                    year=year
                )
                counter.last += 1
                counter.save(update_fields=["last"])
                return f"TCTN-{year}-{counter.last:06d}"
        except IntegrityError:  # two first-of-the-year numbers at once: retry and lock the row
            continue
    raise RuntimeError("could not allocate a reference number")
