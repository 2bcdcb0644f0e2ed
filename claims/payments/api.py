"""The citizen's payments on a claim: the schedule and the bank-details fix (API v1)."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import CitizenAPIView
from claims.api.serializers import ErrorSerializer
from claims.core.exceptions import ClaimStateError
from claims.filing.forms import PaymentForm
from claims.filing.services import filing_context
from claims.models import Claim
from claims.payments import services as payments
from claims.payments.selectors import payments_for_claim
from claims.payments.serializers import (
    PaymentDetailsInputSerializer,
    PaymentDetailsSerializer,
    PaymentScheduleSerializer,
)
from claims.tracking.api import form_errors, form_values, own_claim
from identity.models import User


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
