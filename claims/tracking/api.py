"""The citizen's claims: list, detail with timeline, withdraw, reply to the center (owner only)."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

import claims.filing.services as filing
from claims.api.permissions import CitizenAPIView
from claims.api.serializers import ErrorSerializer
from claims.core.permissions import claim_for_citizen, claims_for_citizen
from claims.filing.forms import InfoReplyForm, WithdrawForm
from claims.models import Claim
from claims.tracking.serializers import (
    ClaimDetailSerializer,
    ClaimSummarySerializer,
    InfoReplySerializer,
    WithdrawSerializer,
)
from identity.models import User


def own_claim(user: User, claim_id: UUID) -> Claim:
    """The caller's claim, or 404: another person's claim does not exist for them."""
    return claim_for_citizen(citizen=user, public_id=claim_id)


def claim_detail_response(
    claim: Claim, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    claim = Claim.objects.select_related("center").prefetch_related("documents").get(pk=claim.pk)
    return Response(ClaimDetailSerializer(claim).data, status=status, headers=headers)


def form_errors_into(form: Any, errors: dict[str, list[str]], prefix: str = "") -> bool:
    """Validate a bound form; add its messages (each after `prefix`) to `errors` when it is not
    valid. For a body checked by several forms, so one 400 holds every message."""
    if form.is_valid():
        return True
    for name, messages in form.errors.items():
        key = "non_field_errors" if name == "__all__" else name
        errors.setdefault(key, []).extend(f"{prefix}{m}" for m in messages)
    return False


def form_errors(form: Any) -> ValidationError:
    """A bound Django form's errors as a 400 with the same field messages the page shows."""
    errors: dict[str, list[str]] = {}
    form_errors_into(form, errors)
    return ValidationError(errors)


def form_values(payload: Any) -> dict[str, Any]:
    """A JSON object as an HTML form would have sent it; 400 for anything a form cannot take."""
    if not isinstance(payload, dict):
        raise ValidationError({"detail": _("Nội dung gửi lên phải là một đối tượng JSON.")})
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key, value in payload.items():
        if value is None:
            values[key] = ""
        elif isinstance(value, bool):
            values[key] = value  # checkboxes read true/false
        elif isinstance(value, (str, int, float)):
            values[key] = str(value)
        else:
            errors[key] = [_("Hãy gửi một giá trị duy nhất (chữ, số hoặc true/false).")]
    if errors:
        raise ValidationError(errors)
    return values


class ClaimListView(CitizenAPIView):
    """The caller's claims, newest first (the open draft included)."""

    @extend_schema(responses={200: ClaimSummarySerializer(many=True)})
    def get(self, request: Request) -> Response:
        claims = claims_for_citizen(citizen=cast(User, request.user))
        return Response(ClaimSummarySerializer(claims, many=True).data)


class ClaimDetailView(CitizenAPIView):
    """One of the caller's claims, with its documents and timeline."""

    @extend_schema(responses={200: ClaimDetailSerializer, 404: ErrorSerializer})
    def get(self, request: Request, claim_id: UUID) -> Response:
        return claim_detail_response(own_claim(cast(User, request.user), claim_id))


class ClaimWithdrawView(CitizenAPIView):
    """Withdraw a claim not yet decided. Send the `version` you showed to refuse stale actions."""

    @extend_schema(
        request=WithdrawSerializer,
        responses={
            200: ClaimDetailSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request: Request, claim_id: UUID) -> Response:
        user = cast(User, request.user)
        claim = own_claim(user, claim_id)
        form = WithdrawForm(data=form_values(request.data))
        if not form.is_valid():
            raise form_errors(form)
        claim = filing.claim_withdraw(
            claim_id=claim.pk,
            citizen=user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        return claim_detail_response(claim)


class ClaimInfoReplyView(CitizenAPIView):
    """Answer the center's request for information: a message and files (multipart `files`)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": InfoReplySerializer},
        responses={
            200: ClaimDetailSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request: Request, claim_id: UUID) -> Response:
        user = cast(User, request.user)
        claim = own_claim(user, claim_id)
        message = request.data.get("message") if hasattr(request.data, "get") else None
        form = InfoReplyForm(data=form_values({"message": message}))
        if not form.is_valid():
            raise form_errors(form)
        uploads = [*request.FILES.getlist("files"), *request.FILES.getlist("attachment")]
        claim = filing.info_reply(
            claim_id=claim.pk, citizen=user, message=form.cleaned_data["message"], uploads=uploads
        )
        return claim_detail_response(claim)
