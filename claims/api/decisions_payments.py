"""The citizen's decision (metadata and signed PDF) and payments (schedule, bank-details fix)."""

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

from claims.api.claims import form_errors, form_values, own_claim
from claims.api.permissions import CitizenAPIView
from claims.decisions.content import verify_url
from claims.decisions.models import Decision
from claims.decisions.selectors import decision_for_claim
from claims.decisions.views import decision_file_response
from claims.exceptions import ClaimStateError
from claims.filing import filing_context
from claims.forms import PaymentForm
from claims.models import Claim
from claims.payments import services as payments
from claims.payments.selectors import payments_for_claim
from claims.serializers import (
    DecisionSerializer,
    ErrorSerializer,
    PaymentDetailsInputSerializer,
    PaymentDetailsSerializer,
    PaymentScheduleSerializer,
)
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


class PaymentScheduleView(CitizenAPIView):
    """The monthly payments of an approved claim, what is paid, and what the worker must fix."""

    @extend_schema(responses={200: PaymentScheduleSerializer, 404: ErrorSerializer})
    def get(self, request: Request, claim_id: UUID) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        overview = payments_for_claim(claim=claim)
        failures = {f.row.installment.pk: f for f in overview.failures}
        installments = [
            {"installment": row.installment, "failure": failures.get(row.installment.pk)}
            for row in overview.rows
        ]
        data = {"installments": installments, "paid": overview.paid, "total": overview.total}
        return Response(PaymentScheduleSerializer(data).data)


def masked_details(claim: Claim) -> dict[str, str]:
    """The claim's payee details as an app may show them: account number and holder masked."""
    return {
        name: payments.mask(name, value) for name, value in payments.payee_details(claim).items()
    }


class PaymentDetailsView(CitizenAPIView):
    """Change where the benefit is paid: the bank-details page's form and service."""

    @extend_schema(
        request=PaymentDetailsInputSerializer,
        responses={
            200: PaymentDetailsSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def put(self, request: Request, claim_id: UUID) -> Response:
        user = cast(User, request.user)
        claim = own_claim(user, claim_id)
        # As the page: in another state there is nothing to change, whatever was sent.
        if claim.status not in payments.DETAILS_EDITABLE:
            raise ClaimStateError(
                _("Hồ sơ này hiện không cần thông tin nhận tiền."), current_status=claim.status
            )
        form = PaymentForm(
            data=form_values(request.data), context=filing_context(claim=claim, citizen=user)
        )
        if not form.is_valid():
            raise form_errors(form)
        changed = payments.payment_details_change(
            claim_id=claim.pk, citizen=user, details=form.answers()
        )
        claim.refresh_from_db(fields=["answers"])
        data = {**masked_details(claim), "changed": sorted(changed)}
        return Response(PaymentDetailsSerializer(data).data)
