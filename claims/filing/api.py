"""The current draft: read (created on first use), save a step, attach and remove files, submit.

Every step is validated by the same form the web page uses (claims.filing.forms via claims.filing.services),
so the rules are written once. JSON values are first reduced to what an HTML form would send
(text, or true/false), so no value of any JSON type can make a form field fail with a 500.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.cache import cache
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

import claims.filing.services as filing
from claims.api.permissions import CitizenAPIView
from claims.api.serializers import AssessmentSerializer, DocumentSerializer, ErrorSerializer
from claims.core.transitions import Status
from claims.filing.forms import STEP_KEYS, STEPS_BY_KEY, step_form
from claims.filing.serializers import (
    DocumentUploadSerializer,
    DraftSerializer,
    DraftStepSavedSerializer,
    StepFormSerializer,
)
from claims.models import Claim
from claims.tracking.api import claim_detail_response, form_values, own_claim
from claims.tracking.serializers import ClaimDetailSerializer
from eligibility.assessment import assessment_to_json
from identity.models import User

#: How long a submit's Idempotency-Key is remembered (a retry comes within minutes).
IDEMPOTENCY_SECONDS = 24 * 3600
_STEP_PARAMETER = OpenApiParameter(
    "step", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(STEP_KEYS)
)


def current_draft(user: User) -> Claim:
    draft = Claim.objects.filter(citizen=user, status=Status.DRAFT).first()
    if draft is None:
        raise NotFound(_("Bạn chưa có bản nháp nào. Hãy bắt đầu hồ sơ mới (GET /api/v1/draft/)."))
    return draft


def draft_response(claim: Claim, user: User, *, status_code: int = 200) -> Response:
    return Response(DraftSerializer(claim, context={"citizen": user}).data, status=status_code)


class DraftView(CitizenAPIView):
    """The caller's open draft: resumed if there is one (from any device), else started."""

    @extend_schema(responses={200: DraftSerializer, 400: ErrorSerializer})
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        return draft_response(filing.draft_get_or_create(citizen=user), user)

    @extend_schema(request=None, responses={204: None, 404: ErrorSerializer})
    def delete(self, request: Request) -> Response:
        """Discard the draft (it is withdrawn; a new GET starts afresh)."""
        user = cast(User, request.user)
        filing.claim_withdraw(claim_id=current_draft(user).pk, citizen=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftStepView(CitizenAPIView):
    """One step of the draft: its questions (GET), and saving the answers (PUT, PATCH)."""

    @extend_schema(parameters=[_STEP_PARAMETER], responses={200: StepFormSerializer})
    def get(self, request: Request, step: str) -> Response:
        user = cast(User, request.user)
        claim = current_draft(user)
        initial = filing.step_initial(claim=claim, citizen=user, step=step)
        form = step_form(
            step, context=filing.filing_context(claim=claim, citizen=user), initial=initial
        )
        return Response(
            StepFormSerializer(
                {"step": step, "title": STEPS_BY_KEY[step].title, "form": form, "answers": initial}
            ).data
        )

    def _save(self, request: Request, step: str, *, merge: bool) -> Response:
        user = cast(User, request.user)
        claim = current_draft(user)
        values = form_values(request.data)
        if merge:
            values = {**(claim.answers.get(step) or {}), **values}
        claim = filing.draft_save_step(claim_id=claim.pk, citizen=user, step=step, data=values)
        return Response(
            DraftStepSavedSerializer(
                {
                    "claim": claim,
                    "step": step,
                    "answers": claim.answers.get(step) or {},
                    "next_step": filing.next_step(claim),
                    "steps_done": filing.steps_done(claim),
                }
            ).data
        )

    @extend_schema(
        parameters=[_STEP_PARAMETER],
        request=OpenApiTypes.OBJECT,
        responses={200: DraftStepSavedSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
        description="Replace the step's answers (field name -> value, as the step's form lists).",
    )
    def put(self, request: Request, step: str) -> Response:
        return self._save(request, step, merge=False)

    @extend_schema(
        parameters=[_STEP_PARAMETER],
        request=OpenApiTypes.OBJECT,
        responses={200: DraftStepSavedSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
        description="Change some answers of the step; the others keep their saved values.",
    )
    def patch(self, request: Request, step: str) -> Response:
        return self._save(request, step, merge=True)


class DraftEstimateView(CitizenAPIView):
    """The eligibility estimate for the draft as answered so far (the check page's estimate)."""

    @extend_schema(responses={200: AssessmentSerializer})
    def get(self, request: Request) -> Response:
        claim = current_draft(cast(User, request.user))
        return Response(
            AssessmentSerializer(assessment_to_json(filing.draft_assess(claim=claim))).data
        )


class DraftDocumentsView(CitizenAPIView):
    """The draft's files: list, and upload one (multipart: `file`, `kind`)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: DocumentSerializer(many=True)})
    def get(self, request: Request) -> Response:
        claim = current_draft(cast(User, request.user))
        return Response(DocumentSerializer(claim.documents.all(), many=True).data)

    @extend_schema(
        request=DocumentUploadSerializer,
        responses={201: DocumentSerializer, 400: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        claim = current_draft(user)
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        document = filing.draft_document_add(
            claim_id=claim.pk,
            citizen=user,
            upload=upload.validated_data["file"],
            kind=upload.validated_data["kind"],
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DraftDocumentView(CitizenAPIView):
    @extend_schema(responses={204: None, 404: ErrorSerializer, 409: ErrorSerializer})
    def delete(self, request: Request, document_id: int) -> Response:
        """Remove a file from the draft (without a termination proof the documents step reopens)."""
        user = cast(User, request.user)
        claim = current_draft(user)
        if not claim.documents.filter(pk=document_id).exists():
            raise NotFound(_("Không tìm thấy tệp này (có thể bạn đã xóa rồi)."))
        filing.draft_document_remove(claim_id=claim.pk, citizen=user, document_id=document_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _submitted(claim: Claim, *, replay: bool) -> Response:
    return claim_detail_response(claim, headers={"Idempotent-Replayed": "true"} if replay else None)


_SUBMIT_RESPONSES = {
    200: ClaimDetailSerializer,
    400: OpenApiResponse(ErrorSerializer, description="Steps missing (`missing` lists them)."),
    404: ErrorSerializer,
    409: ErrorSerializer,
}


class DraftSubmitView(CitizenAPIView):
    """Submit the current draft. Send an `Idempotency-Key` so a retry returns the same claim."""

    @extend_schema(
        request=None,
        responses=_SUBMIT_RESPONSES,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Any unique string per submission (a UUID); a retry with the same "
                "key returns the claim it submitted with 200, never a second claim.",
            )
        ],
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        key = (request.headers.get("Idempotency-Key") or "").strip()[:200]
        cache_key = f"api:v1:submit:{user.pk}:{key}" if key else ""
        if cache_key and (public_id := cache.get(cache_key)):
            claim = Claim.objects.filter(citizen=user, public_id=public_id).first()
            if claim is not None:
                return _submitted(claim, replay=True)
        draft = current_draft(user)
        claim = filing.claim_submit(claim_id=draft.pk, citizen=user)
        if cache_key:
            cache.set(cache_key, str(claim.public_id), IDEMPOTENCY_SECONDS)
        return _submitted(claim, replay=False)


class ClaimSubmitView(CitizenAPIView):
    """Submit the draft with this id; submitting it again returns the same claim (200)."""

    @extend_schema(request=None, responses=_SUBMIT_RESPONSES)
    def post(self, request: Request, claim_id: Any) -> Response:
        user = cast(User, request.user)
        claim = own_claim(user, claim_id)
        replay = claim.status != Status.DRAFT
        return _submitted(filing.claim_submit(claim_id=claim.pk, citizen=user), replay=replay)
