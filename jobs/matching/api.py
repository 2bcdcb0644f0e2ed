"""The worker's matches in the citizen API (owner only): GET /api/v1/jobs/claims/<id>/matches/."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.permissions import CitizenAPIView
from claims.api.serializers import ErrorSerializer
from claims.tracking.api import own_claim
from identity.models import User
from jobs.matching import selectors


class VacancyMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    title = serializers.CharField(source="item.title")
    employer_name = serializers.CharField(source="item.employer_name")
    province_code = serializers.CharField(source="item.province_code")
    wage_min = serializers.IntegerField(source="item.wage_min")
    wage_max = serializers.IntegerField(source="item.wage_max", allow_null=True)
    deadline = serializers.DateField(source="item.deadline")
    score = serializers.IntegerField()
    km = serializers.IntegerField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()


class CourseMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    title = serializers.CharField(source="item.title")
    institution = serializers.CharField(source="item.institution.name")
    province_code = serializers.CharField(source="item.province_code")
    online = serializers.BooleanField(source="item.online")
    start_date = serializers.DateField(source="item.start_date")
    tuition = serializers.IntegerField(source="item.tuition")
    score = serializers.IntegerField()
    km = serializers.IntegerField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()


class MatchesSerializer(serializers.Serializer):
    vacancies = VacancyMatchSerializer(many=True)
    courses = CourseMatchSerializer(many=True)


class MatchesView(CitizenAPIView):
    """The vacancies and courses that fit the caller's claim, best first, each with its reason."""

    # Mounted under jobs' URLs, not the "v1" namespace that URLPathVersioning reads.
    versioning_class = None

    @extend_schema(responses={200: MatchesSerializer, 404: ErrorSerializer})
    def get(self, request: Request, claim_id: UUID) -> Response:
        claim = own_claim(cast(User, request.user), claim_id)
        matches = selectors.matches_for(claim)
        data: dict[str, Any] = {"vacancies": matches.vacancies, "courses": matches.courses}
        return Response(MatchesSerializer(data).data)
