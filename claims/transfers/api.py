"""Transfers in the citizen API (owner only): the claim's transfers, and a request to move the
benefit to another province. The body is checked by the pages' own forms (claims.transfers.views)
and then by the service, so the API and the pages refuse the same things with the same words."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import CitizenAPIView
from claims.api.serializers import ErrorSerializer
from claims.tracking.api import form_errors_into, own_claim
from claims.transfers import services
from claims.transfers.models import Transfer
from claims.transfers.views import AddressForm, ProvinceForm
from common.provinces import PROVINCE_NAMES
from identity.models import User


class TransferSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    status = serializers.ChoiceField(choices=Transfer.Status.choices)
    from_center = serializers.CharField(source="from_center.name")
    to_center = serializers.CharField(source="to_center.name")
    to_province = serializers.SerializerMethodField()
    new_address = serializers.CharField()
    reason = serializers.CharField()
    requested_on = serializers.DateField()
    handover_due = serializers.DateField()
    handed_over_at = serializers.DateTimeField(allow_null=True)
    accepted_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)

    def get_to_province(self, obj: Transfer) -> str:
        return PROVINCE_NAMES.get(obj.to_center.province_code, "")


class TransferInputSerializer(serializers.Serializer):
    """Documentation of the body; the pages' forms check it."""

    province = serializers.CharField(help_text="Province code of the new center, e.g. '79'.")
    new_address = serializers.CharField(max_length=services.ADDRESS_MAX)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=services.REASON_MAX)


class TransferListView(CitizenAPIView):
    """The transfers of one of the caller's claims (newest first); POST asks for a new one
    (201). 409 outside the benefit period or while another request is open."""

    @extend_schema(responses={200: TransferSerializer(many=True), 404: ErrorSerializer})
    def get(self, request: Request, claim_id: UUID) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        transfers = services.transfers_of_claim(claim=claim)
        return Response(TransferSerializer(transfers, many=True).data)

    @extend_schema(
        request=TransferInputSerializer,
        responses={
            201: TransferSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request: Request, claim_id: UUID) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        payload = request.data
        if not isinstance(payload, dict):
            raise ValidationError({"detail": _("Nội dung gửi lên phải là một đối tượng JSON.")})
        errors: dict[str, list[str]] = {}
        province = ProvinceForm(
            {"province": str(payload.get("province") or "")},
            choices=services.destinations(claim),
        )
        address = AddressForm(
            {
                "new_address": str(payload.get("new_address") or ""),
                "reason": str(payload.get("reason") or ""),
            }
        )
        valid = form_errors_into(province, errors)
        valid = form_errors_into(address, errors) and valid
        if not valid:
            raise ValidationError(errors)
        transfer = services.transfer_request(
            claim_id=claim.pk,
            citizen=cast(User, request.user),
            province_code=province.cleaned_data["province"],
            new_address=address.cleaned_data["new_address"],
            reason=address.cleaned_data["reason"],
        )
        transfer = services.transfers_of_claim(claim=claim).get(pk=transfer.pk)
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class TransferCancelView(CitizenAPIView):
    """POST withdraws one of the caller's transfer requests that the old center has not handed
    over yet (200, the transfer cancelled), as the page's "cancel" button does. 404 for a
    transfer of another claim or person; 409 once handed over, accepted or cancelled."""

    @extend_schema(
        request=None,
        responses={200: TransferSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request: Request, claim_id: UUID, transfer_id: int) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        transfers = services.transfers_of_claim(claim=claim)
        if not transfers.filter(pk=transfer_id).exists():
            raise NotFound(_("Không tìm thấy."))
        services.transfer_cancel(transfer_id=transfer_id, citizen=cast(User, request.user))
        return Response(TransferSerializer(transfers.get(pk=transfer_id)).data)
