"""The citizen's claims: list, detail with timeline (every object scoped to its owner)."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import CitizenAPIView
from claims.models import Claim
from claims.serializers import ClaimDetailSerializer, ClaimSummarySerializer
from claims.transitions import Status
from identity.models import User


def own_claim(user: User, claim_id: UUID, **filters: Any) -> Claim:
    """The caller's claim, or 404: another person's claim does not exist for them."""
    return get_object_or_404(Claim.objects.filter(citizen=user, **filters), public_id=claim_id)


def timeline_of(claim: Claim) -> list[dict[str, Any]]:
    """The claim's history as the citizen sees it, oldest first."""
    entries = []
    for event in claim.events.all():
        to_label = Status(event.to_status).label if event.to_status in Status.values else ""
        entries.append(
            {
                "at": event.created_at,
                "kind": event.kind,
                "title": to_label or event.kind,
                "text": event.reason,
                "actor_role": event.actor_role,
                "from_status": event.from_status,
                "to_status": event.to_status,
            }
        )
    return entries


def claim_detail_response(
    claim: Claim, *, status: int = 200, headers: dict | None = None
) -> Response:
    claim = Claim.objects.prefetch_related("documents").get(pk=claim.pk)
    data = ClaimDetailSerializer(claim, context={"timeline": timeline_of(claim)}).data
    return Response(data, status=status, headers=headers)


class ClaimListView(CitizenAPIView):
    """The caller's claims, newest first (the open draft included)."""

    @extend_schema(responses={200: ClaimSummarySerializer(many=True)})
    def get(self, request: Request) -> Response:
        claims = Claim.objects.filter(citizen=cast(User, request.user)).order_by("-created_at", "-id")
        return Response(ClaimSummarySerializer(claims, many=True).data)


class ClaimDetailView(CitizenAPIView):
    """One of the caller's claims, with its documents and timeline."""

    @extend_schema(responses={200: ClaimDetailSerializer})
    def get(self, request: Request, claim_id: UUID) -> Response:
        return claim_detail_response(own_claim(cast(User, request.user), claim_id))
