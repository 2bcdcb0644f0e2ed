"""Who may act on a benefit period, and whether it runs (shared by the period's services)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.core.services import actor_kind
from claims.core.transitions import Actor, Status
from claims.models import Claim
from claims.period import selectors
from identity.models import User

#: Claim states in which the period runs.
IN_PERIOD = selectors.IN_PERIOD


def staff_of(claim: Claim, user: User, *, roles: frozenset[str] | None = None) -> None:
    roles = roles or frozenset({User.Role.OFFICER, User.Role.SIGNER})
    if user.role not in roles:
        raise ClaimPermissionError(_("Chỉ cán bộ của trung tâm được thực hiện thao tác này."))
    if user.center_id is None or user.center_id != claim.center_id:
        raise ClaimPermissionError(_("Hồ sơ này thuộc trung tâm khác."))


def owner_or_staff(claim: Claim, user: User) -> str:
    """The actor kind of `user` on `claim`, or ClaimPermissionError."""
    if user.role == User.Role.CITIZEN:
        if claim.citizen_id != user.pk:
            raise ClaimPermissionError(_("Bạn chỉ có thể thao tác trên hồ sơ của chính mình."))
        return Actor.CITIZEN
    staff_of(claim, user)
    return actor_kind(user)


def in_period(claim: Claim) -> None:
    if claim.status not in IN_PERIOD:
        raise out_of_period(claim.status)


def out_of_period(status: str) -> ClaimStateError:
    """The refusal of an action on a claim whose benefit period does not run (in `status`)."""
    return ClaimStateError(
        _("Hồ sơ đang ở trạng thái “%(status)s”: không trong thời gian hưởng trợ cấp.")
        % {"status": Status(status).label},
        current_status=status,
    )
