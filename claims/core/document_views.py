"""Serving a claim's documents: only to the claimant and the staff of the claim's center.

`document_open` is the one place a stored file is streamed; the review module wraps it to
record every staff view of a document.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from claims.core.access_log import staff_denied_record, staff_view_record
from claims.core.models import Claim, ClaimDocument
from claims.core.transitions import Status
from identity.decorators import login_required_by_kind
from identity.http import AuthedRequest
from identity.models import User

#: Shown in the browser; anything else is downloaded (today every accepted type is inline).
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def document_may_open(*, user: User, document: ClaimDocument) -> bool:
    claim = document.claim
    if user.is_citizen:
        return claim.citizen_id == user.pk
    if user.role in {User.Role.OFFICER, User.Role.SIGNER}:
        # Staff see a claim's files from its submission on: a draft is still the worker's own.
        return (
            user.center_id is not None
            and user.center_id == claim.center_id
            and claim.status != Status.DRAFT
        )
    return False


def document_open(*, document: ClaimDocument, user: User) -> FileResponse:
    """Stream one document to `user` after the permission check (Http404 when not allowed)."""
    if not document_may_open(user=user, document=document):
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=document.content_type not in INLINE_TYPES,
        filename=document.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # A document is data, never a page: nothing in it may run or load anything.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response


@require_GET
@login_required_by_kind
def document_download(request: AuthedRequest, public_id: str, document_id: int) -> FileResponse:
    document = (
        ClaimDocument.objects.select_related("claim")
        .filter(pk=document_id, claim__public_id=public_id)
        .first()
    )
    if document is None:
        raise Http404
    if not document_may_open(user=request.user, document=document):
        # Another center's claim or a draft: refused like an unknown id, and logged.
        staff_denied_record(request=request, claim=document.claim, page="document")
        raise Http404
    response = document_open(document=document, user=request.user)
    staff_view_record(request=request, claim=document.claim, page="document")
    return response


__all__ = ["Claim", "document_download", "document_may_open", "document_open"]
