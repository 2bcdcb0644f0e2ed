"""Every staff view of a claimant's personal data is recorded (who, when, which claim, which page).

Also recorded: a refused attempt on a claim the staff member may not see (another center's
claim, or a draft not yet submitted), as the page name followed by ``:denied``, so an
administrator can filter for them in the admin ("page" filter) without a second table.
"""

from __future__ import annotations

from django.http import HttpRequest

from claims.core.models import Claim, StaffAccessLog
from identity.models import User

DENIED = ":denied"


def staff_view_record(
    *, request: HttpRequest, claim: Claim | None, page: str, denied: bool = False
) -> StaffAccessLog | None:
    """Write one access-log row for a staff member looking at `claim` (or a list of claims)."""
    user = request.user
    if not isinstance(user, User) or not user.is_staff_member:
        return None
    suffix = DENIED if denied else ""
    return StaffAccessLog.objects.create(
        user=user,
        claim=claim,
        page=page[: 60 - len(suffix)] + suffix,
        path=request.get_full_path()[:300],
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )


def staff_denied_record(*, request: HttpRequest, claim: Claim, page: str) -> None:
    """Record a refused attempt on `claim` (the caller then answers 404 as for an unknown id)."""
    staff_view_record(request=request, claim=claim, page=page, denied=True)
