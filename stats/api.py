"""The analysts' REST API: every table of the pages and the spending projection, as JSON.

Same access as the pages (stats.access): analysts only, a provincial analyst only their
province (`?tinh=`), summaries only. Every table's figures hold the claims' measures and the
path back to work's (training support, job placement: stats.path), as the pages and their
downloads show them (docs/api.md, "The analysts' statistics API").
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from stats.access import PROVINCE_PARAM, IsAnalyst, requested_province
from stats.dimensions import BY_CODE
from stats.selectors import Figures, Row, spending, summary_table


class FiguresSerializer(serializers.Serializer):
    filed = serializers.IntegerField()
    decided = serializers.IntegerField()
    approved = serializers.IntegerField()
    refused = serializers.IntegerField()
    approval_rate = serializers.FloatField(allow_null=True)
    median_days = serializers.FloatField(allow_null=True)
    p90_days = serializers.FloatField(allow_null=True)
    in_time_share = serializers.FloatField(allow_null=True)
    average_benefit = serializers.IntegerField(allow_null=True)
    average_duration = serializers.FloatField(allow_null=True)
    active = serializers.IntegerField()
    suspended = serializers.IntegerField()
    terminated = serializers.IntegerField()
    paid_amount = serializers.IntegerField()
    # The path back to work (issue 18, stats.path): counted as the pages count them.
    tr_submitted = serializers.IntegerField(help_text="Training-support applications submitted")
    tr_approved = serializers.IntegerField(help_text="Training-support applications approved")
    tr_refused = serializers.IntegerField(help_text="Training-support applications refused")
    training_approval_share = serializers.FloatField(
        allow_null=True, help_text="tr_approved / (tr_approved + tr_refused); null when none"
    )
    tr_completed = serializers.IntegerField(help_text="Courses completed (by end month)")
    tr_dropped = serializers.IntegerField(help_text="Courses dropped out of (by end month)")
    tr_months = serializers.IntegerField(help_text="Months attended (institutions' reports)")
    tr_tuition_paid = serializers.IntegerField(help_text="Tuition paid to institutions, dong")
    tr_meal_paid = serializers.IntegerField(help_text="Meal money paid to workers, dong")
    vac_open = serializers.IntegerField(help_text="Vacancies open on the refresh day")
    vac_positions = serializers.IntegerField(help_text="Positions of the open vacancies")
    fair_registrations = serializers.IntegerField(
        help_text="Job-fair registrations (not cancelled)"
    )
    program_interests = serializers.IntegerField(help_text="Interests in overseas programs")
    offers_made = serializers.IntegerField(help_text="Job offers made (withdrawn ones left out)")
    offers_accepted = serializers.IntegerField(help_text="Job offers accepted")
    offers_declined_good = serializers.IntegerField(help_text="Declined with a good reason")
    offers_refused = serializers.IntegerField(help_text="Declined without a good reason")
    offer_acceptance_share = serializers.FloatField(
        allow_null=True, help_text="offers_accepted / offers_made; null when none"
    )
    ended_ground_d = serializers.IntegerField(
        help_text="Benefits ended on ground d (refused offered jobs, Law 74/2025 Art. 41.4.d)"
    )
    ended_ground_a = serializers.IntegerField(help_text="Benefits ended on ground a (a new job)")


class GapSerializer(serializers.Serializer):
    approval_rate = serializers.FloatField(allow_null=True)
    average_benefit = serializers.FloatField(allow_null=True)
    average_duration = serializers.FloatField(allow_null=True)
    median_days = serializers.FloatField(allow_null=True)
    training_approval_share = serializers.FloatField(allow_null=True)
    offer_acceptance_share = serializers.FloatField(allow_null=True)


class RowSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    women = FiguresSerializer()
    men = FiguresSerializer()
    everyone = FiguresSerializer()
    gap = GapSerializer()


class TableSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    province = serializers.CharField(allow_null=True)
    refreshed_at = serializers.DateTimeField(allow_null=True)
    rows = RowSerializer(many=True)
    total = RowSerializer()


class ProjectionMonthSerializer(serializers.Serializer):
    month = serializers.DateField()
    committed = serializers.IntegerField()
    pipeline = serializers.IntegerField()
    pipeline_claims = serializers.IntegerField()
    total = serializers.IntegerField()


class SpendingSerializer(serializers.Serializer):
    province = serializers.CharField(allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    paid_total = serializers.IntegerField()
    committed_total = serializers.IntegerField()
    approval_rate = serializers.FloatField(allow_null=True)
    projection = ProjectionMonthSerializer(many=True)


FIGURE_FIELDS: tuple[str, ...] = tuple(FiguresSerializer._declared_fields)
GAP_FIELDS: tuple[str, ...] = tuple(GapSerializer._declared_fields)

_PROVINCE = OpenApiParameter(
    PROVINCE_PARAM, OpenApiTypes.STR, description="Province code (national analysts only)"
)


def _figures(f: Figures) -> dict[str, Any]:
    return {name: getattr(f, name) for name in FIGURE_FIELDS}


def _row(r: Row) -> dict[str, Any]:
    return {
        "value": r.value,
        "label": r.label,
        "women": _figures(r.women),
        "men": _figures(r.men),
        "everyone": _figures(r.everyone),
        "gap": {name: getattr(r.gap, name) for name in GAP_FIELDS},
    }


class AnalystAPIView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAnalyst]
    # Served under /api/v1/ from the stats URLs (namespace "stats", not "v1"): the version is
    # in the path itself, so DRF's namespace versioning is not asked.
    versioning_class = None

    def province(self, request: Request) -> str | None:
        return requested_province(request.user, request.query_params.get(PROVINCE_PARAM))


class TableView(AnalystAPIView):
    @extend_schema(operation_id="stats_table", parameters=[_PROVINCE], responses=TableSerializer)
    def get(self, request: Request, dimension: str) -> Response:
        if dimension not in BY_CODE:
            raise NotFound
        table = summary_table(dimension=dimension, province=self.province(request))
        return Response(
            {
                "dimension": dimension,
                "province": table.province,
                "refreshed_at": table.refreshed_at,
                "rows": [_row(r) for r in table.rows],
                "total": _row(table.total),
            }
        )


class SpendingView(AnalystAPIView):
    @extend_schema(
        operation_id="stats_spending", parameters=[_PROVINCE], responses=SpendingSerializer
    )
    def get(self, request: Request) -> Response:
        figures = spending(province=self.province(request))
        return Response(
            SpendingSerializer(
                {
                    "province": figures.province,
                    "as_of": figures.as_of,
                    "paid_total": figures.paid_total,
                    "committed_total": figures.committed_total,
                    "approval_rate": figures.rate.rate if figures.rate else None,
                    "projection": figures.projection,
                }
            ).data
        )
