"""Serializers of a claim as its owner follows it (API v1): summary, detail, timeline,
withdrawing and answering a request for information."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers import DocumentSerializer
from claims.core.transitions import WITHDRAWABLE, Status
from claims.models import Claim
from claims.tracking.selectors import claim_timeline, info_request_message, next_action


class ClaimSummarySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    can_withdraw = serializers.SerializerMethodField()
    can_reply = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "reference",
            "status",
            "status_label",
            "version",
            "employer_name",
            "termination_date",
            "monthly_benefit",
            "duration_months",
            "created_at",
            "submitted_at",
            "updated_at",
            "can_withdraw",
            "can_reply",
        ]
        read_only_fields = fields

    def get_can_withdraw(self, claim: Claim) -> bool:

        return claim.status in WITHDRAWABLE

    def get_can_reply(self, claim: Claim) -> bool:
        return claim.status == Status.INFO_REQUESTED


class TimelineEntrySerializer(serializers.Serializer):
    """One entry of claims.tracking.selectors.claim_timeline, in the request's language."""

    at = serializers.DateTimeField(source="when")
    title = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    by = serializers.ChoiceField(choices=["you", "center", "system"])
    documents = DocumentSerializer(many=True)


class ClaimDetailSerializer(ClaimSummarySerializer):
    """A claim with its documents and timeline; `context` carries what the selectors computed."""

    center_name = serializers.CharField(source="center.name", default="", read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    timeline = serializers.SerializerMethodField()
    next_action = serializers.SerializerMethodField()
    info_request = serializers.SerializerMethodField(
        help_text="The center's open request for information (empty when there is none)."
    )

    class Meta(ClaimSummarySerializer.Meta):
        fields = [
            *ClaimSummarySerializer.Meta.fields,
            "center_name",
            "employer_tax_code",
            "contract_type",
            "termination_reason",
            "correction_reason",
            "dossier_complete_on",
            "rule_set",
            "eligibility",
            "next_action",
            "info_request",
            "documents",
            "timeline",
        ]
        read_only_fields = fields

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, claim: Claim) -> list[dict[str, Any]]:

        return TimelineEntrySerializer(claim_timeline(claim=claim), many=True).data  # type: ignore[return-value]

    def get_next_action(self, claim: Claim) -> str:

        return next_action(claim=claim)

    def get_info_request(self, claim: Claim) -> str:

        return info_request_message(claim=claim)


class WithdrawSerializer(serializers.Serializer):
    """Documents the body; validated by claims.filing.forms.WithdrawForm."""

    confirm = serializers.BooleanField(help_text="Must be true.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    version = serializers.IntegerField(
        required=False, help_text="The claim version the person saw; refused (409) if it changed."
    )


class InfoReplySerializer(serializers.Serializer):
    """Documents the multipart body; validated by claims.filing.forms.InfoReplyForm."""

    message = serializers.CharField(max_length=4000)
    files = serializers.ListField(child=serializers.FileField(), required=False)
