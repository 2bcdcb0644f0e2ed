"""The layoff notice for employers' HR systems: JSON over the REST API with an organisation token.

The same notice and the same checks as the pages (employers.services): a list with any bad
row is refused whole, row by row, and nothing is saved; a list sent again for the same notice
updates its workers by personal ID, never adds them twice. A token (django-rest-knox, issued
from a signed-in browser session of the enterprise's representative) reaches only the
enterprise that account represents: another enterprise's notice is 404.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.tokens import api_token_issue
from employers import selectors, services
from employers.checks import STORE
from employers.models import LayoffNotice, LayoffReason, NoticeWorker, WorkerListDraft
from employers.rows import FIELDS, MAX_ROWS
from identity.models import User


class RepresentsEnterprise(BasePermission):
    message = _("Tài khoản này không đại diện cho doanh nghiệp nào.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not selectors.represented_tax_codes(user):
            raise PermissionDenied(self.message)
        return True


class EmployerAPIView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [RepresentsEnterprise]
    # Mounted outside the "v1" namespace include: the version is in the path itself.
    versioning_class = None

    def tax_code(self) -> str:
        codes = selectors.represented_tax_codes(self.request.user)
        asked = self.request.query_params.get("tax_code")
        if asked:
            if asked not in codes:
                raise NotFound(_("Không tìm thấy."))
            return asked
        return codes[0]

    def notice(self, notice_id: int) -> LayoffNotice:
        notice = selectors.enterprise_notice(self.tax_code(), notice_id)
        if notice is None:
            raise NotFound(_("Không tìm thấy thông báo này."))
        return notice


class WorkerRowSerializer(serializers.Serializer):
    personal_id = serializers.CharField(max_length=20, help_text="12 digits")
    full_name = serializers.CharField(max_length=200)
    termination_date = serializers.CharField(max_length=20, help_text="YYYY-MM-DD or DD/MM/YYYY")
    reason_code = serializers.CharField(
        max_length=40, help_text="business_closure | employer_dismissal | mutual_agreement | …"
    )
    last_salary = serializers.CharField(max_length=30, help_text="whole dong, e.g. 7500000")


class WorkerSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeWorker
        fields = [
            "personal_id",
            "full_name",
            "termination_date",
            "reason_code",
            "last_salary",
            "row_number",
        ]


class NoticeSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    worker_count = serializers.SerializerMethodField()

    class Meta:
        model = LayoffNotice
        fields = [
            "id",
            "reference",
            "employer_tax_code",
            "employer_name",
            "reason",
            "planned_termination_date",
            "notified_on",
            "note",
            "status",
            "confirmed_at",
            "worker_count",
        ]

    def get_worker_count(self, obj: LayoffNotice) -> int:
        return int(getattr(obj, "worker_count", None) or obj.workers.count())


class NoticeDetailSerializer(NoticeSerializer):
    workers = WorkerSerializer(many=True, read_only=True)

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "workers"]


class NoticeCreateSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=LayoffReason.choices)
    planned_termination_date = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    workers = serializers.ListField(child=WorkerRowSerializer(), min_length=1, max_length=MAX_ROWS)


class WorkersSerializer(serializers.Serializer):
    workers = serializers.ListField(child=WorkerRowSerializer(), min_length=1, max_length=MAX_ROWS)


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="1 = the first worker of the request")
    messages = serializers.DictField(
        child=serializers.CharField(), help_text="field -> message, in the request's language"
    )


class ListRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    rows = RowErrorSerializer(many=True)


class EmployerTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField(allow_null=True)


class ListRefused(Exception):
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__("list refused")
        self.rows = rows


def _apply_list(*, actor: User, notice: LayoffNotice, workers: list[dict[str, str]]) -> None:
    """Check the whole list now and confirm it, or raise ListRefused (the caller rolls back)."""
    rows = [{"row": str(n), **{f: w.get(f, "") for f in FIELDS}} for n, w in enumerate(workers, 1)]
    draft = services.draft_create(
        actor=actor, notice=notice, rows=rows, source=WorkerListDraft.Source.API, check_now=True
    )
    if draft.errors:
        raise ListRefused(
            [
                {"row": int(key), "messages": {f: m for f, m in errs.items() if f != STORE}}
                for key, errs in sorted(draft.errors.items(), key=lambda kv: int(kv[0]))
            ]
        )
    services.draft_confirm(actor=actor, draft_id=draft.pk)


def _refused(exc: ListRefused) -> Response:
    return Response(
        {
            "detail": _("Danh sách có %(n)s dòng có lỗi; không có gì được lưu.")
            % {"n": len(exc.rows)},
            "code": "list_invalid",
            "rows": exc.rows,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class TokenView(EmployerAPIView):
    """The HR system's token, issued from the representative's signed-in browser session.

    POST issues a new one and revokes the previous one; the key is shown only in this answer.
    """

    authentication_classes = [SessionAuthentication]

    @extend_schema(
        request=None, responses={201: EmployerTokenSerializer}, summary="Issue or rotate"
    )
    def post(self, request: Request) -> Response:
        key, created, expires = api_token_issue(user=cast(User, request.user))
        return Response(
            EmployerTokenSerializer({"token": key, "created": created, "expires": expires}).data,
            status=status.HTTP_201_CREATED,
        )


class NoticeListView(EmployerAPIView):
    """The enterprise's layoff notices; POST files a new one with its whole list of workers."""

    @extend_schema(responses={200: NoticeSerializer(many=True)}, summary="List notices")
    def get(self, request: Request) -> Response:
        notices = selectors.enterprise_notices(self.tax_code())
        return Response(NoticeSerializer(notices, many=True).data)

    @extend_schema(
        request=NoticeCreateSerializer,
        responses={
            201: NoticeDetailSerializer,
            400: OpenApiResponse(ListRefusedSerializer, description="Rows refused, row by row."),
        },
        summary="File a notice with its list (checked against the social-security store)",
    )
    def post(self, request: Request) -> Response:
        body = NoticeCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actor = cast(User, request.user)
        try:
            with transaction.atomic():
                notice = services.notice_create(
                    actor=actor,
                    tax_code=self.tax_code(),
                    reason=data["reason"],
                    planned_termination_date=data["planned_termination_date"],
                    note=data.get("note", ""),
                )
                _apply_list(actor=actor, notice=notice, workers=data["workers"])
        except ListRefused as exc:
            return _refused(exc)
        except services.EmployerError as exc:
            return Response({"detail": str(exc), "code": "refused"}, status=400)
        notice.refresh_from_db()
        services.access_record(
            request=request, tax_code=notice.employer_tax_code, page="api_notice", notice=notice
        )
        return Response(NoticeDetailSerializer(notice).data, status=status.HTTP_201_CREATED)


class NoticeDetailView(EmployerAPIView):
    @extend_schema(responses={200: NoticeDetailSerializer}, summary="One notice with its workers")
    def get(self, request: Request, notice_id: int) -> Response:
        notice = self.notice(notice_id)
        services.access_record(
            request=request, tax_code=notice.employer_tax_code, page="api_notice", notice=notice
        )
        return Response(NoticeDetailSerializer(notice).data)


class NoticeWorkersView(EmployerAPIView):
    """Send the list again (or more workers): workers are matched by personal ID."""

    @extend_schema(
        request=WorkersSerializer,
        responses={
            200: NoticeDetailSerializer,
            400: OpenApiResponse(ListRefusedSerializer, description="Rows refused, row by row."),
        },
        summary="Add or update workers of a notice",
    )
    def post(self, request: Request, notice_id: int) -> Response:
        notice = self.notice(notice_id)
        body = WorkersSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                _apply_list(
                    actor=cast(User, request.user),
                    notice=notice,
                    workers=body.validated_data["workers"],
                )
        except ListRefused as exc:
            return _refused(exc)
        except services.EmployerError as exc:
            return Response({"detail": str(exc), "code": "refused"}, status=400)
        notice.refresh_from_db()
        services.access_record(
            request=request, tax_code=notice.employer_tax_code, page="api_notice", notice=notice
        )
        return Response(NoticeDetailSerializer(notice).data)
