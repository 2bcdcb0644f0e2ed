"""Who may see which claim: the lookups every view and API of a claim goes through.

A citizen sees only their own claims; a member of a center's staff only the submitted claims of
their center (an attempt on another center's is written to the access log as denied). Anything
else is a 404, never a 403: a claim one may not see does not exist for them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from claims.core.access_log import staff_denied_record
from claims.core.models import Claim, ClaimDocument
from claims.core.transitions import Status
from identity.models import User


def claims_for_citizen(*, citizen: User) -> QuerySet[Claim]:
    """The citizen's claims, newest first (their open draft included)."""
    return (
        Claim.objects.filter(citizen=citizen)
        .exclude(status=Status.WITHDRAWN, reference__isnull=True)  # discarded drafts
        .select_related("center")
        .order_by("-created_at", "-id")
    )


def claim_for_citizen(*, citizen: User, public_id: Any) -> Claim:
    """The citizen's own claim; Http404 for a claim of anyone else or an unknown id."""
    try:
        return Claim.objects.select_related("center").get(public_id=public_id, citizen=citizen)
    except (Claim.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        # A malformed id is just another claim that is not theirs.
        raise Http404 from exc


def claim_for_staff(
    *, user: User, public_id: Any, request: HttpRequest | None = None, page: str = "claim"
) -> Claim:
    """A claim of the staff member's center; Http404 for another center's or an unknown id.

    With `request`, an attempt on an existing claim the staff member may not see (another
    center's, or a draft not yet submitted) is written to the access log as denied.
    """
    try:
        return (
            Claim.objects.select_related("citizen", "center", "assignee")
            .exclude(status=Status.DRAFT)
            .get(public_id=public_id, center_id=user.center_id)
        )
    except (Claim.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        if request is not None and not isinstance(exc, (ValidationError, ValueError, TypeError)):
            other = Claim.objects.filter(public_id=public_id).first()
            if other is not None:
                staff_denied_record(request=request, claim=other, page=page)
        raise Http404 from exc


def document_for_claim(*, claim: Claim, document_id: int) -> ClaimDocument:
    try:
        return claim.documents.get(pk=document_id)
    except ClaimDocument.DoesNotExist as exc:
        raise Http404 from exc
