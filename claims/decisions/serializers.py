"""Serializer of a claim's decision (API v1)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.decisions.models import Decision


class DecisionSerializer(serializers.Serializer):
    """A claim's decision; built from {"decision", "state", "pdf_url", "verify_url"}."""

    number = serializers.CharField(source="decision.number")
    kind = serializers.ChoiceField(source="decision.kind", choices=Decision.Kind.choices)
    kind_label = serializers.CharField(source="decision.get_kind_display")
    issued_on = serializers.DateField(source="decision.issued_on")
    signer_name = serializers.CharField(source="decision.signer_name")
    signer_title = serializers.CharField(source="decision.signer_title")
    state = serializers.ChoiceField(
        choices=["preparing", "issued"],
        help_text='"preparing" until the signed PDF is ready (also while it is prepared again).',
    )
    verification_code = serializers.CharField(
        source="decision.code_display", help_text="As printed under the QR code: ABCDE-FGHJK."
    )
    sha256 = serializers.SerializerMethodField(help_text="Of the signed PDF; null until issued.")
    cert_fingerprint = serializers.SerializerMethodField(
        help_text="SHA-256 of the signing certificate; null until issued."
    )
    signed_at = serializers.SerializerMethodField()
    pdf_url = serializers.URLField(help_text="The signed PDF; 409 until `state` is issued.")
    verify_url = serializers.URLField(
        allow_null=True, help_text="The public verification page (the QR code's link)."
    )

    def _issued(self, data: dict[str, Any]) -> Decision | None:
        return data["decision"] if data["state"] == "issued" else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_sha256(self, data: dict[str, Any]) -> str | None:
        decision = self._issued(data)
        return decision.sha256 if decision else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_cert_fingerprint(self, data: dict[str, Any]) -> str | None:
        decision = self._issued(data)
        return decision.cert_fingerprint if decision else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_signed_at(self, data: dict[str, Any]) -> str | None:
        decision = self._issued(data)
        if decision is None or decision.signed_at is None:
            return None
        return serializers.DateTimeField().to_representation(decision.signed_at)
