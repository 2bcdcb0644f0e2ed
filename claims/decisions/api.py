"""The citizen's decision on a claim: its metadata and the signed PDF (API v1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast
from uuid import UUID

from django.http import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import APIException, NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import CitizenAPIView
from claims.api.serializers import ErrorSerializer
from claims.decisions.content import verify_url
from claims.decisions.models import Decision
from claims.decisions.selectors import decision_for_claim
from claims.decisions.serializers import DecisionSerializer
from claims.decisions.views import decision_file_response
from claims.models import Claim
from claims.tracking.api import own_claim
from identity.models import User


class DecisionNotReady(APIException):
    status_code = http.HTTP_409_CONFLICT
    default_code = "decision_preparing"


def own_decision(user: User, claim_id: UUID) -> tuple[Claim, Decision]:
    """The caller's claim and its decision; 404 for anyone else's claim or no decision yet."""
    claim = own_claim(user, claim_id)
    decision = decision_for_claim(claim=claim).decision
    if decision is None:
        raise NotFound(_("Hồ sơ này chưa có quyết định."))
    return claim, decision


class DecisionView(CitizenAPIView):
    """The decision on one of the caller's claims: number, signer, fingerprints, links."""

    @extend_schema(responses={200: DecisionSerializer, 404: ErrorSerializer})
    def get(self, request: Request, claim_id: UUID) -> Response:
        claim, decision = own_decision(cast(User, request.user), claim_id)
        issued = decision.state == Decision.State.ISSUED
        pdf_path = reverse("v1:claim-decision-pdf", kwargs={"claim_id": claim.public_id})
        data = {
            "decision": decision,
            "state": "issued" if issued else "preparing",
            "pdf_url": request.build_absolute_uri(pdf_path),
            "verify_url": verify_url(decision.number, decision.verification_code)
            if issued
            else None,
        }
        return Response(DecisionSerializer(data).data)


class _JSONForErrors(DefaultContentNegotiation):
    """The file is not rendered by DRF; an error is JSON, whatever the client accepts (a PDF)."""

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        return JSONRenderer(), JSONRenderer.media_type


class DecisionPdfView(CitizenAPIView):
    """The signed PDF (attachment); 409 while it is still being prepared."""

    content_negotiation_class = _JSONForErrors

    @extend_schema(
        operation_id="v1_claims_decision_pdf_retrieve",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (404, "application/json"): ErrorSerializer,
            (409, "application/json"): ErrorSerializer,
        },
    )
    def get(self, request: Request, claim_id: UUID) -> HttpResponseBase:
        _claim, decision = own_decision(cast(User, request.user), claim_id)
        if decision.state != Decision.State.ISSUED:
            raise DecisionNotReady(_("Quyết định đang được lập và ký số. Hãy thử lại sau ít phút."))
        # The same response as the claim page's download (file name, no-store, nosniff).
        return decision_file_response(decision)
