"""The jobs catalogue over the REST API, for HR systems and the mobile app.

- `/api/v1/jobs/vacancies/`, `/fairs/`, `/programs/` (and one of each by id): public reads of
  what the worker's pages show (open, not past), with the same filters; no personal data.
- `/api/v1/employer/vacancies/`: the enterprise's own vacancies with the employer token of
  issue 17 (employers.api): list, create, read, change, close, and the applicants of one.
  Another enterprise's vacancy is 404. The checks are the services' (jobs.catalogue.services):
  a refusal is 400 with its message and nothing changes.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from common.provinces import PROVINCES
from employers.api import EmployerAPIView
from employers.services import access_record
from identity.models import User
from jobs.catalogue import selectors, services
from jobs.catalogue.models import (
    Country,
    FairEmployer,
    JobFair,
    OverseasProgram,
    Sector,
    Vacancy,
    VacancyApplication,
)


class CataloguePage(PageNumberPagination):
    page_size = 50
    page_query_param = "page"


# --- Serializers ------------------------------------------------------------------------


class VacancySerializer(serializers.ModelSerializer):
    class Meta:
        model = Vacancy
        ref_name = "JobVacancy"
        fields = [
            "id",
            "employer_name",
            "title",
            "occupation",
            "sector",
            "province_code",
            "address",
            "latitude",
            "longitude",
            "wage_min",
            "wage_max",
            "contract_type",
            "positions",
            "requirements",
            "benefits",
            "deadline",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "employer_name", "status", "created_at", "updated_at"]


class VacancyWriteSerializer(serializers.ModelSerializer):
    """What an HR system sends: the vacancy's fields (the enterprise is the token's)."""

    class Meta:
        model = Vacancy
        ref_name = "JobVacancyWrite"
        fields = [
            "title",
            "occupation",
            "sector",
            "province_code",
            "address",
            "latitude",
            "longitude",
            "wage_min",
            "wage_max",
            "contract_type",
            "positions",
            "requirements",
            "benefits",
            "deadline",
        ]
        extra_kwargs = {
            "latitude": {"min_value": -90, "max_value": 90},
            "longitude": {"min_value": -180, "max_value": 180},
            "positions": {"min_value": 1, "max_value": 100_000},
        }


class FairEmployerSerializer(serializers.ModelSerializer):
    vacancies: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = FairEmployer
        fields = ["employer_name", "booth", "vacancies"]


class FairSerializer(serializers.ModelSerializer):
    center = serializers.CharField(source="center.name", read_only=True)
    registered = serializers.IntegerField(source="taken", read_only=True)

    class Meta:
        model = JobFair
        ref_name = "JobFair"
        fields = [
            "id",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "address",
            "province_code",
            "center",
            "capacity",
            "registered",
            "description",
        ]


class FairDetailSerializer(FairSerializer):
    employers = FairEmployerSerializer(many=True, read_only=True)

    class Meta(FairSerializer.Meta):
        ref_name = "JobFairDetail"
        fields = [*FairSerializer.Meta.fields, "employers"]


class ProgramSerializer(serializers.ModelSerializer):
    training_course: Any = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = OverseasProgram
        ref_name = "OverseasProgram"
        fields = [
            "id",
            "name",
            "country",
            "sector",
            "description",
            "wage_currency",
            "wage_min",
            "wage_max",
            "wage_min_dong",
            "wage_max_dong",
            "wage_note",
            "language_requirement",
            "costs",
            "cost_total_dong",
            "loans",
            "loan_max_dong",
            "pre_departure_training",
            "training_course",
            "enterprise_name",
            "enterprise_license_number",
            "deadline",
            "seats",
        ]


class ApplicantSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = VacancyApplication
        fields = ["id", "full_name", "phone", "message", "applied_at"]


class RefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()


def _refused(exc: services.CatalogueError) -> Response:
    return Response({"detail": exc.message, "code": "refused"}, status=400)


# --- Public reads ---------------------------------------------------------------------------


class PublicAPIView(generics.GenericAPIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    pagination_class = CataloguePage
    # Mounted outside the "v1" namespace include: the version is in the path itself.
    versioning_class = None


def _int_or_none(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(cast(str, value))
    except ValueError:
        raise serializers.ValidationError({name: [_("Phải là một số nguyên.")]}) from None
    if number < 0:
        raise serializers.ValidationError({name: [_("Không được âm.")]})
    return number


def _choice(value: str | None, name: str, choices: list[tuple[str, Any]]) -> str:
    if not value:
        return ""
    if value not in {code for code, _label in choices}:
        raise serializers.ValidationError({name: [_("Giá trị không hợp lệ.")]})
    return value


@extend_schema(
    parameters=[
        OpenApiParameter("province", OpenApiTypes.STR, description="Province code (2 digits)"),
        OpenApiParameter("sector", OpenApiTypes.STR, enum=Sector.values),
        OpenApiParameter("wage_from", OpenApiTypes.INT, description="Dong per month"),
        OpenApiParameter("q", OpenApiTypes.STR, description="Free text, accents optional"),
    ],
    summary="Open vacancies",
)
class VacancyListView(PublicAPIView, generics.ListAPIView):
    serializer_class = VacancySerializer

    def get_queryset(self) -> QuerySet[Vacancy]:
        params = self.request.query_params
        return selectors.vacancy_search(
            selectors.VacancyFilters(
                province_code=_choice(params.get("province"), "province", PROVINCES),
                sector=_choice(params.get("sector"), "sector", Sector.choices),
                wage_from=_int_or_none(params.get("wage_from"), "wage_from"),
                query=params.get("q", "")[:100],
            )
        )


@extend_schema(summary="One open vacancy")
class VacancyDetailView(PublicAPIView, generics.RetrieveAPIView):
    serializer_class = VacancySerializer
    lookup_url_kwarg = "vacancy_id"

    def get_queryset(self) -> QuerySet[Vacancy]:
        return selectors.open_vacancies()


@extend_schema(summary="Upcoming job fairs")
class FairListView(PublicAPIView, generics.ListAPIView):
    serializer_class = FairSerializer

    def get_queryset(self) -> QuerySet[JobFair]:
        return selectors.upcoming_fairs()


@extend_schema(summary="One job fair with its employers")
class FairDetailView(PublicAPIView, generics.RetrieveAPIView):
    serializer_class = FairDetailSerializer

    def get_object(self) -> JobFair:
        fair = selectors.public_fair(self.kwargs["fair_id"])
        if fair is None:
            raise NotFound(_("Không tìm thấy."))
        return fair


@extend_schema(
    parameters=[
        OpenApiParameter("country", OpenApiTypes.STR, description="JP, KR, TW, DE, AU, XX"),
        OpenApiParameter("sector", OpenApiTypes.STR, enum=Sector.values),
    ],
    summary="Overseas work programs taking registrations",
)
class ProgramListView(PublicAPIView, generics.ListAPIView):
    serializer_class = ProgramSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.open_programs(
            selectors.ProgramFilters(
                country=_choice(params.get("country"), "country", Country.choices),
                sector=_choice(params.get("sector"), "sector", Sector.choices),
            )
        )


@extend_schema(summary="One overseas work program")
class ProgramDetailView(PublicAPIView, generics.RetrieveAPIView):
    serializer_class = ProgramSerializer

    def get_object(self) -> OverseasProgram:
        program = selectors.public_program(self.kwargs["program_id"])
        if program is None:
            raise NotFound(_("Không tìm thấy."))
        return program


# --- The employer's vacancies ---------------------------------------------------------------


class _EmployerVacancies(EmployerAPIView):
    def vacancy(self, vacancy_id: int) -> Vacancy:
        vacancy = selectors.enterprise_vacancy(self.tax_code(), vacancy_id)
        if vacancy is None:
            raise NotFound(_("Không tìm thấy tin tuyển dụng này."))
        return vacancy


class EmployerVacancyListView(_EmployerVacancies):
    """The enterprise's vacancies (every status); POST posts a new one, open at once."""

    @extend_schema(responses={200: VacancySerializer(many=True)}, summary="List own vacancies")
    def get(self, request: Request) -> Response:
        return Response(
            VacancySerializer(selectors.enterprise_vacancies(self.tax_code()), many=True).data
        )

    @extend_schema(
        request=VacancyWriteSerializer,
        responses={201: VacancySerializer, 400: OpenApiResponse(RefusedSerializer)},
        summary="Post a vacancy",
    )
    def post(self, request: Request) -> Response:
        body = VacancyWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        tax_code = self.tax_code()
        try:
            vacancy = services.vacancy_create(
                actor=cast(User, request.user),
                data=dict(body.validated_data),
                employer_tax_code=tax_code,
                employer_name=selectors.enterprise_name(request.user, tax_code),
            )
        except services.CatalogueError as exc:
            return _refused(exc)
        return Response(VacancySerializer(vacancy).data, status=status.HTTP_201_CREATED)


class EmployerVacancyDetailView(_EmployerVacancies):
    @extend_schema(responses={200: VacancySerializer}, summary="One own vacancy")
    def get(self, request: Request, vacancy_id: int) -> Response:
        return Response(VacancySerializer(self.vacancy(vacancy_id)).data)

    @extend_schema(
        request=VacancyWriteSerializer,
        responses={200: VacancySerializer, 400: OpenApiResponse(RefusedSerializer)},
        summary="Change an own vacancy (the fields sent)",
    )
    def patch(self, request: Request, vacancy_id: int) -> Response:
        vacancy = self.vacancy(vacancy_id)
        body = VacancyWriteSerializer(vacancy, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        try:
            vacancy = services.vacancy_update(
                actor=cast(User, request.user), vacancy=vacancy, data=dict(body.validated_data)
            )
        except services.CatalogueError as exc:
            return _refused(exc)
        return Response(VacancySerializer(vacancy).data)


class EmployerVacancyCloseView(_EmployerVacancies):
    @extend_schema(
        request=None,
        responses={200: VacancySerializer, 400: OpenApiResponse(RefusedSerializer)},
        summary="Close an own vacancy (workers no longer see it)",
    )
    def post(self, request: Request, vacancy_id: int) -> Response:
        try:
            vacancy = services.vacancy_close(
                actor=cast(User, request.user), vacancy=self.vacancy(vacancy_id)
            )
        except services.CatalogueError as exc:
            return _refused(exc)
        return Response(VacancySerializer(vacancy).data)


class EmployerVacancyApplicantsView(_EmployerVacancies):
    @extend_schema(responses={200: ApplicantSerializer(many=True)}, summary="Applicants")
    def get(self, request: Request, vacancy_id: int) -> Response:
        vacancy = self.vacancy(vacancy_id)
        access_record(
            request=request, tax_code=vacancy.employer_tax_code, page="api_vacancy_applicants"
        )
        return Response(ApplicantSerializer(selectors.vacancy_applicants(vacancy), many=True).data)
