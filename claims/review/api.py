"""/api/v1/staff/: the center staff's claim detail and review actions (same services as the pages).

Session authentication only: a staff session exists only after password and TOTP (the MFA
middleware), whereas a bearer token would skip the second factor. Scoped to the caller's
center: another center's claim is a 404, a citizen gets 403, an anonymous caller 403 as well
(DRF answers 403 when the only authenticator has no WWW-Authenticate challenge).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import claims.review.actions as actions
import claims.review.services as review
from claims.core.access_log import staff_view_record
from claims.core.permissions import claim_for_staff
from claims.models import Claim, Proposal
from claims.review.services import REFUSAL_REASONS, ReviewInvalid
from claims.review.views import refusal_labels
from identity.models import User


class IsCenterStaff(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if getattr(user, "role", None) not in {User.Role.OFFICER, User.Role.SIGNER} or (
            getattr(user, "center_id", None) is None
        ):
            raise PermissionDenied(_("Chỉ cán bộ trung tâm dịch vụ việc làm mới dùng API này."))
        return True


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    proposed_by = serializers.CharField(source="proposed_by.username")
    refusal_reasons = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "kind",
            "outcome",
            "proposed_by",
            "created_at",
            "monthly_benefit",
            "duration_months",
            "entitlement_start",
            "entitlement_end",
            "override_reason",
            "refusal_codes",
            "refusal_reasons",
            "explanation",
            "comment",
        ]

    def get_refusal_reasons(self, obj: Proposal) -> list[str]:
        return refusal_labels(obj)


class StaffClaimSerializer(serializers.ModelSerializer[Claim]):
    id = serializers.UUIDField(source="public_id")
    full_name = serializers.CharField(source="citizen.full_name")
    assignee = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()
    proposal = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "reference",
            "status",
            "version",
            "personal_id",
            "full_name",
            "employer_tax_code",
            "employer_name",
            "termination_date",
            "termination_reason",
            "submitted_at",
            "decision_due",
            "rule_set",
            "monthly_benefit",
            "duration_months",
            "decided_at",
            "assignee",
            "flags",
            "proposal",
        ]

    def get_assignee(self, obj: Claim) -> str | None:
        return obj.assignee.username if obj.assignee else None

    def get_flags(self, obj: Claim) -> list[dict[str, str]]:
        return [{"code": f.code, "severity": f.severity} for f in obj.flags.order_by("code")]

    def get_proposal(self, obj: Claim) -> dict[str, Any] | None:
        proposal = obj.proposals.select_related("proposed_by").first()
        return ProposalSerializer(proposal).data if proposal else None


class VersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        help_text="The claim version the caller last saw; a stale one gets 409."
    )


class AssignSerializer(VersionSerializer):
    assignee = serializers.CharField(help_text="Username of an officer of the same center.")


class RequestInfoSerializer(VersionSerializer):
    message = serializers.CharField(allow_blank=True, max_length=review.MAX_TEXT)


class ProposeApprovalSerializer(VersionSerializer):
    monthly_benefit = serializers.IntegerField(required=False, allow_null=True)
    duration_months = serializers.IntegerField(required=False, allow_null=True)
    entitlement_start = serializers.DateField(required=False, allow_null=True)
    entitlement_end = serializers.DateField(required=False, allow_null=True)
    override_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=review.MAX_TEXT
    )


class ProposeRefusalSerializer(VersionSerializer):
    reason_codes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(REFUSAL_REASONS)), allow_empty=True
    )
    explanation = serializers.CharField(allow_blank=True, max_length=review.MAX_TEXT)


class CommentSerializer(VersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=review.MAX_TEXT)


class StaffAPIView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsCenterStaff]

    def staff(self) -> User:
        return cast(User, self.request.user)

    def claim(self, claim_id: UUID) -> Claim:
        return claim_for_staff(
            user=self.staff(), public_id=claim_id, request=self.request._request, page=self.page()
        )

    def page(self) -> str:
        """The access log's name for this endpoint ("api:" and the URL name)."""
        match = self.request._request.resolver_match
        return f"api:{match.url_name if match else 'staff'}"


def detail_response(claim: Claim) -> Response:
    claim = Claim.objects.select_related("citizen", "assignee").get(pk=claim.pk)
    return Response(StaffClaimSerializer(claim).data)


class StaffClaimDetailView(StaffAPIView):
    """One claim of the caller's center (the read is logged like a page view)."""

    @extend_schema(responses={200: StaffClaimSerializer})
    def get(self, request: Request, claim_id: UUID) -> Response:
        claim = self.claim(claim_id)
        staff_view_record(request=request._request, claim=claim, page=self.page())
        return detail_response(claim)


class _ActionView(StaffAPIView):
    serializer_class: type[VersionSerializer] = VersionSerializer

    def act(self, claim: Claim, user: User, data: dict[str, Any]) -> None:  # pragma: no cover
        raise NotImplementedError

    def post(self, request: Request, claim_id: UUID) -> Response:
        claim = self.claim(claim_id)
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            self.act(claim, self.staff(), data)
        except ReviewInvalid as error:
            raise ValidationError(error.errors) from error
        # The answer carries the claimant's national ID and name: a view like any other.
        staff_view_record(request=request._request, claim=claim, page=self.page())
        return detail_response(claim)


def _action(
    serializer: type[VersionSerializer], run: Callable[[Claim, User, dict[str, Any]], object]
) -> type[_ActionView]:
    class View(_ActionView):
        serializer_class = serializer

        @extend_schema(request=serializer, responses={200: StaffClaimSerializer})
        def post(self, request: Request, claim_id: UUID) -> Response:
            return super().post(request, claim_id)

        def act(self, claim: Claim, user: User, data: dict[str, Any]) -> None:
            run(claim, user, data)

    return View


def _assign(claim: Claim, user: User, data: dict[str, Any]) -> None:
    assignee = User.objects.filter(username=data["assignee"], center_id=user.center_id).first()
    if assignee is None:
        raise ReviewInvalid({"assignee": [str(_("Không có cán bộ này trong trung tâm."))]})
    actions.action_run(
        actions.ASSIGN,
        claim_id=claim.pk,
        user=user,
        version=data["version"],
        data={"assignee": assignee},
    )


StaffAssignView = _action(AssignSerializer, _assign)


def _run(action: str) -> Callable[[Claim, User, dict[str, Any]], object]:
    """The serializer's validated data to the review action (claims.review.actions)."""
    return lambda claim, user, d: actions.action_run(
        action, claim_id=claim.pk, user=user, version=d["version"], data=d
    )


StaffRequestInfoView = _action(RequestInfoSerializer, _run(actions.REQUEST_INFO))
StaffProposeApprovalView = _action(ProposeApprovalSerializer, _run(actions.PROPOSE_APPROVAL))
StaffProposeRefusalView = _action(ProposeRefusalSerializer, _run(actions.PROPOSE_REFUSAL))
StaffSignView = _action(CommentSerializer, _run(actions.SIGN))
StaffReturnView = _action(CommentSerializer, _run(actions.RETURN))

#: URL slug -> view (claims/api/urls.py).
ACTION_VIEWS: dict[str, type[APIView]] = {
    actions.ASSIGN: StaffAssignView,
    actions.REQUEST_INFO: StaffRequestInfoView,
    actions.PROPOSE_APPROVAL: StaffProposeApprovalView,
    actions.PROPOSE_REFUSAL: StaffProposeRefusalView,
    actions.SIGN: StaffSignView,
    actions.RETURN: StaffReturnView,
}
