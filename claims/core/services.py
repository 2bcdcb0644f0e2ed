"""The only code that changes a claim's state (STYLE.md: services)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    ProgrammingError,
    connection,
    connections,
    transaction,
)
from django.utils import timezone
from django.utils.translation import gettext as _

import claims.core.transitions as transitions
from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.core.models import Claim, ClaimEvent, ReferenceCounter
from claims.core.transitions import Actor, Status
from identity.models import User

#: Called after commit with (claim_id, from_status, to_status): the side effects of a change
#: (notifications, payments, the benefit period) register here instead of editing this service.
_after_transition: list[Callable[[int, str, str], None]] = []
#: Called inside the change's transaction, the claim locked and its event saved, with
#: (claim, from_status, to_status): what must commit or fail with the change itself (a
#: decision's number at decision_issued). Keep them short; anything slow goes after commit.
_in_transition: list[Callable[[Claim, str, str], None]] = []


def on_transition(hook: Callable[[int, str, str], None]) -> Callable[[int, str, str], None]:
    """Register a hook run after every committed state change (once, however often called)."""
    if hook not in _after_transition:
        _after_transition.append(hook)
    return hook


def on_transition_in_transaction(
    hook: Callable[[Claim, str, str], None],
) -> Callable[[Claim, str, str], None]:
    """Register a hook run inside every state change's transaction (once)."""
    if hook not in _in_transition:
        _in_transition.append(hook)
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
    locked: Claim | None = None,
    unsaved: Collection[str] = (),
) -> Claim:
    """Move a claim to `to_status` if the actor may, recording an event; one winner under races.

    `expected_version` is the version the actor's page showed: if the claim changed since,
    the action is refused (ClaimStateError) rather than applied to a state nobody looked at.
    `locked` is the claim as the caller read it with select_for_update (or created it) in
    the transaction it is in: changed in place instead of read and locked a second time;
    `unsaved` names the columns the caller changed on it and has not saved, written with the
    move. Only the columns the move changes (and those) are written.
    """
    kind = actor_kind(actor)
    with transaction.atomic():
        if locked is not None:
            if locked.pk != claim_id:
                raise ValueError(f"locked is claim {locked.pk}, not {claim_id}")
            claim = locked
        elif unsaved:
            raise ValueError("unsaved columns need the locked claim they are on")
        else:
            # Lock the row: of two officers acting at once, the second waits here, then sees
            # the new state and is refused below instead of applying the move twice.
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
        before = _columns(claim)
        if changes is not None:
            changes(claim)
        claim.status = to_status
        claim.version += 1
        written = _changed_columns(claim, before, mutable=changes is not None)
        claim.save(update_fields=[*written, *(f for f in unsaved if f not in written)])
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
        for step in _in_transition:
            step(claim, from_status, to_status)
        for hook in _after_transition:
            transaction.on_commit(lambda hook=hook: hook(claim.pk, from_status, to_status))  # type: ignore[misc]
    return claim


def _columns(claim: Claim) -> dict[str, Any]:
    return {f.attname: getattr(claim, f.attname) for f in Claim._meta.concrete_fields}


def _changed_columns(claim: Claim, before: dict[str, Any], *, mutable: bool) -> list[str]:
    """The columns whose value differs from `before`, and the auto_now ones (set by save).
    A dict or list may have been changed in place by `changes` (it then still equals its
    old self): with `mutable`, those are written whatever they hold."""
    names = []
    for field in Claim._meta.concrete_fields:
        if field.primary_key:
            continue
        old, new = before[field.attname], getattr(claim, field.attname)
        in_place = mutable and isinstance(new, dict | list)
        if new != old or in_place or getattr(field, "auto_now", False):
            names.append(field.name)
    return names


def reference_next(*, year: int | None = None) -> str:
    """The next reference number of the year, e.g. TCTN-2026-000123 (unique, race-safe).

    On PostgreSQL a sequence per year hands out the number: `nextval` never waits for another
    transaction, so concurrent submissions do not queue behind one another, and a submission
    rolled back leaves a gap (docs/adr/0010). Elsewhere (SQLite, which serialises every write
    anyway) the yearly counter row is incremented inside the caller's transaction.
    """
    year = year or timezone.localdate().year
    if connection.vendor == "postgresql":
        return _reference_format(year, _reference_sequence_next(year))
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
                    year=year
                )
                counter.last += 1
                counter.save(update_fields=["last"])
                return _reference_format(year, counter.last)
        except IntegrityError:  # two first-of-the-year numbers at once: retry and lock the row
            continue
    raise RuntimeError("could not allocate a reference number")


def _reference_format(year: int, number: int) -> str:
    return f"TCTN-{year}-{number:06d}"


def _reference_sequence_name(year: int) -> str:
    return f"claims_reference_{int(year):04d}"


def _reference_sequence_next(year: int) -> int:
    name = _reference_sequence_name(year)
    for _attempt in range(2):
        with connection.cursor() as cursor:
            # Found through pg_class: no row (not an error that would abort the caller's
            # transaction) while the sequence is missing, and, unlike a name lookup, this
            # statement's snapshot sees a sequence another connection created a moment ago.
            cursor.execute(
                "SELECT nextval(c.oid) FROM pg_class c WHERE c.relname = %s AND c.relkind = 'S'"
                " AND c.relnamespace = current_schema()::regnamespace",
                [name],
            )
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        _reference_sequence_create(year)
    raise RuntimeError("could not allocate a reference number")


def _reference_sequence_create(year: int) -> None:
    """Create the year's sequence on a connection of its own, committed at once.

    Created inside the submit transaction, its catalog rows would stay locked until that
    submission commits and the year's second submission would wait for the first. It starts
    after the year's counter row and its highest number in use, so no number is reused.
    """
    name = _reference_sequence_name(year)
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            cursor.execute(
                "SELECT GREATEST("
                " (SELECT last FROM claims_referencecounter WHERE year = %s),"
                " (SELECT max(split_part(reference, '-', 3)::int) FROM claims_claim"
                "  WHERE reference LIKE %s))",
                [year, f"TCTN-{int(year):04d}-%"],
            )
            start = (cursor.fetchone()[0] or 0) + 1
            try:
                # The name is built from an int; identifiers cannot be query parameters.
                cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {start:d}")  # noqa: S608
            except (IntegrityError, ProgrammingError):
                pass  # created by another connection at the same instant: use that one
    finally:
        own.close()
