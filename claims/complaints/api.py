"""Complaints in the citizen API (owner only): the claim's complaints, and a complaint against
one of its issued decisions. The body is checked by the pages' own forms
(claims.complaints.views) and then by the service: the same refusals, the same words."""

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
from claims.complaints import services
from claims.complaints.models import Complaint
from claims.complaints.views import ComplaintTextForm, DecisionChoiceForm
from claims.tracking.api import form_errors_into, own_claim
from identity.models import User


class ComplaintSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Complaint.Status.choices)
    decision_number = serializers.CharField(source="decision.number")
    decision_id = serializers.IntegerField()
    text = serializers.CharField()
    request = serializers.CharField()
    decision_received_on = serializers.DateField()
    received_on = serializers.DateField()
    is_complex = serializers.BooleanField()
    answer_due = serializers.DateField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answer_number = serializers.SerializerMethodField()

    def get_answer_number(self, obj: Complaint) -> str | None:
        return obj.answer.number if obj.answer is not None else None


class ComplaintInputSerializer(serializers.Serializer):
    """Documentation of the body; the pages' forms check it."""

    decision = serializers.IntegerField(help_text="Id of an issued decision of the claim.")
    text = serializers.CharField(min_length=services.TEXT_MIN, max_length=services.TEXT_MAX)
    request = serializers.CharField(required=False, allow_blank=True, max_length=services.TEXT_MAX)


class ComplaintListView(CitizenAPIView):
    """The complaints of one of the caller's claims (newest first); POST files one against an
    issued decision still within its 90 days (201). 409 while one is open on that decision."""

    @extend_schema(responses={200: ComplaintSerializer(many=True), 404: ErrorSerializer})
    def get(self, request: Request, claim_id: UUID) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        return Response(
            ComplaintSerializer(services.complaints_of_claim(claim=claim), many=True).data
        )

    @extend_schema(
        request=ComplaintInputSerializer,
        responses={
            201: ComplaintSerializer,
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
        choices = [
            (item.decision.pk, str(item.decision.number))
            for item in services.complainable_decisions(claim=claim)
            if item.can_file
        ]
        errors: dict[str, list[str]] = {}
        decision = DecisionChoiceForm(
            {"decision": str(payload.get("decision") or "")}, choices=choices
        )
        text = ComplaintTextForm(
            {"text": str(payload.get("text") or ""), "request": str(payload.get("request") or "")}
        )
        valid = form_errors_into(decision, errors)
        valid = form_errors_into(text, errors) and valid
        if not valid:
            raise ValidationError(errors)
        complaint = services.complaint_file(
            claim_id=claim.pk,
            citizen=cast(User, request.user),
            decision_id=decision.cleaned_data["decision"],
            text=text.cleaned_data["text"],
            request=text.cleaned_data["request"],
        )
        complaint = services.complaints_of_claim(claim=claim).get(pk=complaint.pk)
        return Response(ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintWithdrawView(CitizenAPIView):
    """POST withdraws one of the caller's open complaints (200, the complaint withdrawn), as
    the page's "withdraw" button does. 404 for a complaint of another claim or person; 409 once
    it is answered or withdrawn."""

    @extend_schema(
        request=None,
        responses={200: ComplaintSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request: Request, claim_id: UUID, reference: str) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        complaint = services.complaints_of_claim(claim=claim).filter(reference=reference).first()
        if complaint is None:
            raise NotFound(_("Không tìm thấy."))
        services.complaint_withdraw(complaint_id=complaint.pk, citizen=cast(User, request.user))
        complaint = services.complaints_of_claim(claim=claim).get(pk=complaint.pk)
        return Response(ComplaintSerializer(complaint).data)
