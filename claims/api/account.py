"""The citizen's API token, and what the API knows about them: record summary, eligibility."""

from __future__ import annotations

from typing import cast

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import CitizenAPIView, IsLevel2Citizen
from claims.api.serializers import AssessmentSerializer, RecordSummarySerializer, TokenSerializer
from claims.api.tokens import api_token_issue, api_tokens_revoke
from eligibility.assessment import assess, assessment_to_json
from eligibility.record_page import build_record_page
from eligibility.registry import get_registry
from identity.models import User


class TokenView(CitizenAPIView):
    """The citizen's API token, managed from a logged-in browser session (e.g. the app's webview).

    POST issues a new token and revokes the previous one (rotation); the key is only ever shown
    in this response. DELETE revokes it. Session only: a token cannot mint its own successor,
    so a leaked token dies at the next rotation.
    """

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsLevel2Citizen]

    @extend_schema(request=None, responses={201: TokenSerializer}, summary="Issue or rotate")
    def post(self, request: Request) -> Response:
        key, created, expires = api_token_issue(user=cast(User, request.user))
        return Response(
            TokenSerializer({"token": key, "created": created, "expires": expires}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={204: None}, summary="Revoke")
    def delete(self, request: Request) -> Response:
        api_tokens_revoke(user=cast(User, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecordSummaryView(CitizenAPIView):
    """The caller's social-insurance record: employers, contracts, UI months, latest salary."""

    @extend_schema(
        responses={
            200: RecordSummarySerializer,
            404: OpenApiResponse(description="The registry has no record of this person."),
        }
    )
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        person = get_registry().person_record(user.personal_id or "")
        if person is None:
            raise NotFound(
                _(
                    "Không tìm thấy dữ liệu bảo hiểm xã hội của bạn. Nếu bạn đã từng đóng bảo "
                    "hiểm, hãy liên hệ cơ quan bảo hiểm xã hội hoặc trung tâm dịch vụ việc làm."
                )
            )
        page = build_record_page(person, today=timezone.localdate())
        return Response(RecordSummarySerializer(page).data)


class EligibilityView(CitizenAPIView):
    """Am I eligible? The pre-check the web page shows, for a claim filed today."""

    @extend_schema(responses={200: AssessmentSerializer})
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        assessment = assess(personal_id=user.personal_id or "", filing_date=timezone.localdate())
        return Response(AssessmentSerializer(assessment_to_json(assessment)).data)
