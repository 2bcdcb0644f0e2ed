"""Every staff view of a claimant's personal data is recorded (who, when, which claim, which page)."""

from __future__ import annotations

from django.http import HttpRequest

from claims.models import Claim, StaffAccessLog
from identity.models import User


def staff_view_record(
    *, request: HttpRequest, claim: Claim | None, page: str
) -> StaffAccessLog | None:
    """Write one access-log row for a staff member looking at `claim` (or a list of claims)."""
    user = request.user
    if not isinstance(user, User) or not user.is_staff_member:
        return None
    return StaffAccessLog.objects.create(
        user=user,
        claim=claim,
        page=page[:60],
        path=request.get_full_path()[:300],
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )
