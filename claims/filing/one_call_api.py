"""POST /api/v1/filings/: a whole claim in one call (multipart: `claim` JSON + files), idempotent.

Thin: it reads the request, reduces the JSON to what the step forms take (as the step API does)
and calls claims.filing.one_call.claim_file, which runs the same filing services as the pages.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

import claims.filing.one_call as one_call
from claims.api.permissions import CitizenAPIView
from claims.api.serializers import ErrorSerializer
from claims.filing.forms import STEP_KEYS
from claims.filing.serializers import FiledClaimSerializer, filed_claim
from claims.tracking.api import form_values
from identity.models import User

#: The longest Idempotency-Key taken (a UUID is 36 characters).
MAX_KEY_LENGTH = 200
#: Steps answered in the `claim` JSON (the documents step is the files themselves).
ANSWERED_STEPS = tuple(step for step in STEP_KEYS if step != "documents")


class FilingRequestSerializer(serializers.Serializer):
    """The multipart body, for the schema (the view reads the parts itself)."""

    claim = serializers.CharField(
        help_text="JSON object: one key per step (" + ", ".join(ANSWERED_STEPS) + "), each "
        "the step's form values as in PUT /api/v1/draft/steps/{step}/."
    )
    termination_proof = serializers.ListField(
        child=serializers.FileField(),
        help_text="The termination decision or other proof (PDF, JPEG or PNG, at most 10 MB); "
        "required, may be repeated.",
    )
    supporting = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Other documents (optional, repeated; at most 10 files in all).",
    )


#: `detail`, `code`, and for `invalid` the messages by step and field (inline: a serializer
#: class cannot have a field named `errors`).
FILING_ERROR = inline_serializer(
    "FilingError",
    fields={
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
            required=False,
            help_text='{step: {field: [messages]}}, e.g. {"job": {"termination_date": [...]}}.',
        ),
    },
)


def _error(detail: str, code: str, *, status_code: int = 400, **extra: Any) -> Response:
    return Response({"detail": detail, "code": code, **extra}, status=status_code)


def _answers(raw: Any) -> dict[str, dict[str, Any]]:
    """The `claim` part as {step: form values}; ValidationError with {"errors": ...} if not."""
    if raw is None:
        raise ValidationError({"claim": [_("Thiếu phần “claim” (JSON các câu trả lời).")]})
    try:
        payload = json.loads(raw) if isinstance(raw, str | bytes) else raw
    except (TypeError, ValueError):
        raise ValidationError({"claim": [_("Phần “claim” không phải JSON hợp lệ.")]}) from None
    if not isinstance(payload, dict):
        raise ValidationError({"claim": [_("Phần “claim” phải là một đối tượng JSON.")]})
    errors: dict[str, Any] = {}
    answers: dict[str, dict[str, Any]] = {}
    for step, values in payload.items():
        if step not in ANSWERED_STEPS:
            errors[str(step)[:40]] = {"non_field_errors": [_("Không có bước này trong hồ sơ.")]}
            continue
        try:
            answers[step] = form_values(values)
        except ValidationError as wrong:
            detail = cast(dict[str, Any], wrong.detail)
            errors[step] = {
                ("non_field_errors" if name == "detail" else name): [str(m) for m in messages]
                if isinstance(messages, list)
                else [str(messages)]
                for name, messages in detail.items()
            }
    if errors:
        raise ValidationError({"errors": errors})
    return answers


class FilingView(CitizenAPIView):
    """File a whole claim at once: the answers of every step and the files, submitted."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="filing_create",
        request={"multipart/form-data": FilingRequestSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="A new unique string (a UUID) for each claim. A retry with the same "
                "key and the same body gets the first answer again (`Idempotent-Replayed: "
                "true`) and files nothing; the same key with another body is refused (422).",
            )
        ],
        responses={
            201: OpenApiResponse(
                FiledClaimSerializer,
                description="Filed (or replayed): the receipt; `links.self` is the whole claim.",
            ),
            400: OpenApiResponse(
                FILING_ERROR,
                description="Wrong answers or files (`errors` by step and field), a missing "
                "`Idempotency-Key`; nothing was saved.",
            ),
            403: ErrorSerializer,
            409: OpenApiResponse(
                ErrorSerializer, description="A claim about this termination already stands."
            ),
            422: OpenApiResponse(
                ErrorSerializer,
                description="`idempotency_key_reused`: the key filed a claim with another body.",
            ),
        },
        examples=[
            OpenApiExample(
                "claim part",
                request_only=True,
                value={
                    "claim": json.dumps(
                        {
                            "job": {
                                "employer_name": "Công ty TNHH May mặc Hanwoo Vina",
                                "employer_tax_code": "2300987654",
                                "contract_type": "indefinite",
                                "termination_date": "2026-10-30",
                                "termination_reason": "business_closure",
                            },
                            "center": {"province_code": "24"},
                            "payment": {
                                "method": "bank",
                                "bank_code": "VCB",
                                "account_number": "0123456789",
                                "account_holder": "NGUYEN THI LAN",
                            },
                            "contact": {"phone": "0912345678"},
                            "declaration": {"truthful": True, "consent": True},
                        },
                        ensure_ascii=False,
                    )
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            return _error(
                _(
                    "Hãy gửi tiêu đề Idempotency-Key (một mã mới, ví dụ UUID, cho mỗi hồ sơ, "
                    "tối đa %(max)s ký tự) để khi thử lại không bị nộp hai lần."
                )
                % {"max": MAX_KEY_LENGTH},
                "idempotency_key_required",
            )
        unknown = sorted(set(request.FILES) - set(one_call.UPLOAD_KINDS))
        try:
            answers = _answers(request.data.get("claim"))
        except ValidationError as wrong:
            return _error(_("Có lỗi cần sửa"), "invalid", **cast(dict[str, Any], wrong.detail))
        if unknown:
            return _error(
                _("Tệp gửi kèm phải có tên phần là termination_proof hoặc supporting."),
                "invalid",
                errors={
                    "documents": {name[:40]: [_("Không nhận phần tệp này.")] for name in unknown}
                },
            )
        uploads = [
            (kind, upload)
            for kind in one_call.UPLOAD_KINDS
            for upload in request.FILES.getlist(kind)
        ]
        try:
            filed = one_call.claim_file(
                citizen=user,
                idempotency_key=key,
                answers=answers,
                uploads=uploads,
                respond=filed_claim,
            )
        except one_call.FilingInvalid as invalid:
            return _error(str(invalid), "invalid", errors=invalid.errors)
        except one_call.IdempotencyKeyReused as reused:
            return _error(
                str(reused),
                "idempotency_key_reused",
                status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        headers = {"Location": f"/api/v1/claims/{filed.claim.public_id}/"}
        if filed.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(filed.response, status=filed.status_code, headers=headers)
