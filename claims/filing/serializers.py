"""Serializers of the draft and its steps (API v1). Input is validated by the forms the web
pages use (claims.filing.forms), so the API and the pages cannot disagree on a rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers import DocumentSerializer
from claims.filing.forms import STEPS
from claims.filing.services import RECORD_KEY, draft_last_day, next_step
from claims.models import Claim, ClaimDocument

# --- The draft ---------------------------------------------------------------------------------


class FormFieldSerializer(serializers.Serializer):
    """One question of a step's form, enough for an app to draw it."""

    name = serializers.CharField()
    # The names an app expects; they shadow Field attributes only for the type checker.
    label = serializers.CharField()  # type: ignore[assignment]
    help_text = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    type = serializers.CharField(help_text="text, date, choice, boolean, email, file, integer.")
    required = serializers.BooleanField()  # type: ignore[assignment]
    max_length = serializers.IntegerField(allow_null=True)
    choices = serializers.ListField(child=serializers.DictField(), allow_null=True)


def _field_type(field: forms.Field) -> str:
    for kind, cls in (
        ("boolean", forms.BooleanField),
        ("date", forms.DateField),
        ("email", forms.EmailField),
        ("file", forms.FileField),
        ("integer", forms.IntegerField),
        ("choice", forms.ChoiceField),
    ):
        if isinstance(field, cls):
            return kind
    return "text"


class StepFormSerializer(serializers.Serializer):
    step = serializers.CharField()
    title = serializers.CharField()
    questions = serializers.SerializerMethodField()
    answers = serializers.DictField(help_text="Saved answers, else what the record prefills.")

    @extend_schema_field(FormFieldSerializer(many=True))
    def get_questions(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        form: forms.Form = data["form"]
        out = []
        for name, field in form.fields.items():
            choices = getattr(field, "choices", None)
            out.append(
                {
                    "name": name,
                    "label": str(field.label or name),
                    "help_text": str(field.help_text or ""),
                    "type": _field_type(field),
                    "required": field.required,
                    "max_length": getattr(field, "max_length", None),
                    "choices": [{"value": str(v), "label": str(lbl)} for v, lbl in choices]
                    if choices is not None
                    else None,
                }
            )
        return out


class DraftStepSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    done = serializers.BooleanField()
    answers = serializers.DictField(allow_null=True, help_text="Null until the step is saved.")


class DraftStepSavedSerializer(serializers.Serializer):
    """The small answer to saving one step: what was stored and where to go next.

    The whole draft (every step's answers, the record, the documents) is GET draft/; a phone on
    a slow line should not download it again after each step.
    """

    id = serializers.UUIDField(source="claim.public_id", read_only=True)
    step = serializers.CharField(read_only=True)
    answers = serializers.DictField(read_only=True, help_text="The step's answers as saved.")
    next_step = serializers.CharField(
        read_only=True, help_text='A step key, or "check" when all done.'
    )
    steps_done = serializers.ListField(child=serializers.CharField(), read_only=True)
    updated_at = serializers.DateTimeField(source="claim.updated_at", read_only=True)


class DraftSerializer(serializers.ModelSerializer):
    """The open draft; `context["citizen"]` is its owner."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    next_step = serializers.SerializerMethodField(help_text='A step key, or "check" when all done.')
    steps = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField(
        help_text="The ended job as the social-security record has it (the prefill)."
    )
    documents = DocumentSerializer(many=True, read_only=True)
    last_day = serializers.SerializerMethodField(
        help_text="The last day this draft can still be submitted."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "status",
            "version",
            "created_at",
            "updated_at",
            "next_step",
            "steps",
            "record",
            "documents",
            "last_day",
        ]
        read_only_fields = fields

    def get_next_step(self, claim: Claim) -> str:

        return next_step(claim)

    @extend_schema_field(DraftStepSerializer(many=True))
    def get_steps(self, claim: Claim) -> list[dict[str, Any]]:

        return [
            {
                "key": step.key,
                "title": str(step.title),
                "done": step.key in claim.answers,
                "answers": claim.answers.get(step.key),
            }
            for step in STEPS
        ]

    @extend_schema_field(serializers.DictField())
    def get_record(self, claim: Claim) -> dict[str, Any]:

        return dict(claim.answers.get(RECORD_KEY) or {})

    @extend_schema_field(serializers.DateField())
    def get_last_day(self, claim: Claim) -> str:

        return draft_last_day(claim).isoformat()


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most 10 MB.")
    kind = serializers.ChoiceField(
        choices=[
            (
                ClaimDocument.Kind.TERMINATION_PROOF.value,
                ClaimDocument.Kind.TERMINATION_PROOF.label,
            ),
            (ClaimDocument.Kind.SUPPORTING.value, ClaimDocument.Kind.SUPPORTING.label),
        ],
        default=ClaimDocument.Kind.TERMINATION_PROOF.value,
    )


# --- The one-call filing's answer ----------------------------------------------------------


class FilingLinksSerializer(serializers.Serializer):
    self = serializers.CharField(help_text="GET it for the whole claim: documents, timeline.")
    page = serializers.CharField(help_text="The claim's page on the portal (receipt, status).")


class FiledClaimSerializer(serializers.Serializer):
    """The one-call filing's answer (POST filings/): what the phone shows as the receipt.

    Small on purpose: the claim was just written, so nothing is read back to answer; its
    documents and timeline are GET claims/{id}/ (`links.self`). `filed_claim` builds the same
    JSON without DRF's per-call field construction (the schema is this class).
    """

    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    decision_due = serializers.DateField(
        allow_null=True, help_text="The day the center must decide by."
    )
    monthly_benefit = serializers.IntegerField(
        allow_null=True, help_text="The estimate, in dong, when the claim looks eligible."
    )
    duration_months = serializers.IntegerField(allow_null=True)
    links = serializers.SerializerMethodField()

    @extend_schema_field(FilingLinksSerializer)
    def get_links(self, claim: Claim) -> dict[str, str]:
        return filed_claim_links(claim)


def filed_claim_links(claim: Claim) -> dict[str, str]:
    return {
        "self": f"/api/v1/claims/{claim.public_id}/",
        "page": reverse("claims:claim_detail", kwargs={"public_id": claim.public_id}),
    }


_DATETIME = serializers.DateTimeField()


def filed_claim(claim: Claim) -> dict[str, Any]:
    """FiledClaimSerializer(claim).data as plain JSON values (stored for a replay)."""
    return {
        "id": str(claim.public_id),
        "reference": claim.reference,
        "status": claim.status,
        "status_label": str(claim.get_status_display()),  # type: ignore[attr-defined]
        "version": claim.version,
        "submitted_at": _DATETIME.to_representation(claim.submitted_at)
        if claim.submitted_at
        else None,
        "decision_due": claim.decision_due.isoformat() if claim.decision_due else None,
        "monthly_benefit": claim.monthly_benefit,
        "duration_months": claim.duration_months,
        "links": filed_claim_links(claim),
    }
