"""The API's one exception handler: domain errors become clear 4xx JSON, never a 500.

Every error body has `detail` (a message in the request's language, safe to show) and `code`
(stable, for programs). Field validation errors keep DRF's shape (`{field: [messages]}`) with
`detail` and `code` added, so a client can show both a summary and per-field messages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from claims.core.documents import DocumentRejected
from claims.core.exceptions import ClaimError, ClaimPermissionError, ClaimStateError
from claims.filing.duplicates import DuplicateClaim
from claims.filing.services import ClaimNotFound, DraftIncomplete, StepInvalid
from eligibility.exceptions import NoRuleSetInForce, RulesError


def _domain_response(exc: Exception) -> Response | None:
    """The response for one of our own exceptions; None for anything else."""

    body: dict[str, Any] = {"detail": str(exc)}
    if isinstance(exc, DuplicateClaim):  # ADR 0012: the claim that already stands, linked
        body |= {"code": "duplicate_claim", "existing_claim": exc.payload()}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, StepInvalid):
        fields = {
            ("non_field_errors" if name == "__all__" else name): messages
            for name, messages in exc.errors.items()
        }
        return Response(body | {"code": "invalid", **fields}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DraftIncomplete):
        body |= {"code": "incomplete", "missing": exc.missing}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ClaimNotFound):
        return Response(body | {"code": "not_found"}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, ClaimStateError):
        body |= {"code": "claim_state", "current_status": exc.current_status}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ClaimPermissionError):
        return Response(body | {"code": "claim_permission"}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DocumentRejected):
        return Response(body | {"code": "document_rejected"}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, NoRuleSetInForce):
        return Response(body | {"code": "no_rule_set"}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, RulesError):
        return Response(body | {"code": "rules"}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, ClaimError):  # any other claim error a service raises with a user message
        return Response(body | {"code": "claim_error"}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            fields = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
            return Response(
                {"detail": _("Thông tin chưa hợp lệ."), "code": "invalid", **fields},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {"detail": " ".join(exc.messages), "code": "invalid"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _domain_response(exc)
    if response is not None:
        # A service may have written before raising; never keep half of an action.
        set_rollback()
        return response
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: let Django log it and answer 500
    data = response.data
    code = getattr(exc, "default_code", "error")
    if isinstance(data, dict) and "detail" not in data:
        # Field errors: add a one-line summary for the error summary pattern.
        response.data = {"detail": _("Thông tin chưa hợp lệ."), "code": code, **data}
    elif isinstance(data, list):
        response.data = {"detail": " ".join(str(m) for m in data), "code": code}
    elif isinstance(data, dict):
        if isinstance(data["detail"], list):  # ValidationError({"detail": ...}) wraps it in a list
            data["detail"] = " ".join(str(m) for m in data["detail"])
        data.setdefault("code", code)
    return response
