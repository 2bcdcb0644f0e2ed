"""Serializers of the citizen API (claims.api): read models of records, assessments and claims.

Input is validated by the same forms the web pages use (claims.forms) wherever there is one,
so the API and the pages cannot disagree on a business rule.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.decisions.models import Decision
from claims.models import Claim, ClaimDocument
from claims.payments.models import PaymentInstallment
from claims.transitions import Status


def _in_language(obj: dict[str, Any]) -> str:
    """The message of a check or flag in the request's language (Vietnamese unless English)."""
    language = (get_language() or "vi")[:2]
    return obj.get("message_en") if language == "en" else obj.get("message_vi")  # type: ignore[return-value]


# --- The social-insurance record --------------------------------------------------------------


class RecordEmployerSerializer(serializers.Serializer):
    tax_code = serializers.CharField(source="employer.tax_code")
    name = serializers.CharField(source="employer.name")
    province_code = serializers.CharField(source="employer.province_code")
    province_name = serializers.CharField(source="employer.province_name")
    wage_region = serializers.CharField(source="employer.wage_region")
    wage_region_label = serializers.CharField(source="region_label")
    wage_regime = serializers.CharField(source="employer.wage_regime")
    wage_regime_label = serializers.CharField(source="regime_label")
    ownership = serializers.CharField(source="employer.ownership")
    ownership_label = serializers.CharField()
    sector = serializers.CharField(source="employer.sector")


class RecordSpellSerializer(serializers.Serializer):
    employer_tax_code = serializers.CharField(source="spell.employer.tax_code")
    employer_name = serializers.CharField(source="spell.employer.name")
    contract_type = serializers.CharField(source="spell.contract_type")
    contract_type_label = serializers.CharField(source="contract_label")
    start_date = serializers.DateField(source="spell.start_date")
    end_date = serializers.DateField(source="spell.end_date", allow_null=True)
    termination_reason = serializers.CharField(source="spell.termination_reason")
    termination_reason_label = serializers.CharField(source="reason_label")
    latest_insured_salary = serializers.IntegerField(source="latest_salary", allow_null=True)
    ui_months = serializers.IntegerField()


class RecordContributionSerializer(serializers.Serializer):
    month = serializers.DateField()
    employer_tax_code = serializers.CharField()
    employer_name = serializers.CharField()
    insured_salary = serializers.IntegerField(help_text="Whole dong.")
    wage_region = serializers.CharField()
    ui_paid = serializers.BooleanField()


class RecordBenefitSerializer(serializers.Serializer):
    decision_number = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    months_granted = serializers.IntegerField()
    contribution_months_used = serializers.IntegerField()


class RecordSummarySerializer(serializers.Serializer):
    """The record summary; built from eligibility.record_page.RecordPage (what the page shows)."""

    personal_id = serializers.CharField(source="record.personal_id")
    social_insurance_code = serializers.CharField(source="record.social_insurance_code")
    full_name = serializers.CharField(source="record.full_name")
    birth_date = serializers.DateField(source="record.birth_date")
    still_employed = serializers.BooleanField(source="record.still_employed")
    receiving_pension = serializers.BooleanField()
    data_through = serializers.DateField(allow_null=True)
    reference_month = serializers.DateField(
        help_text="The month the windows are counted back from: the latest termination's "
        "month, or the current month while still employed."
    )
    ui_months_24 = serializers.IntegerField(source="ui_short")
    ui_months_36 = serializers.IntegerField(source="ui_long")
    ui_months_total = serializers.IntegerField(source="ui_total")
    insured_months_total = serializers.IntegerField(source="insured_total")
    latest_month = serializers.SerializerMethodField()
    latest_insured_salary = serializers.IntegerField(
        source="latest_total", help_text="Sum over employers of the latest month, whole dong."
    )
    latest_contributions = RecordContributionSerializer(source="latest", many=True)
    employers = RecordEmployerSerializer(many=True)
    spells = RecordSpellSerializer(many=True, help_text="Newest first.")
    past_benefits = RecordBenefitSerializer(source="benefits", many=True)

    def get_latest_month(self, page: Any) -> str | None:
        return page.latest[0].month.isoformat() if page.latest else None


class RecordMonthSerializer(serializers.Serializer):
    """One month of the contribution history (all employers of that month)."""

    month = serializers.DateField()
    status = serializers.ChoiceField(choices=["ui", "si", "none", "nodata"])
    status_text = serializers.CharField()
    insured_salary = serializers.IntegerField(source="salary")
    employers = serializers.ListField(child=serializers.CharField())
    in_24_month_window = serializers.BooleanField(source="in_short_window")
    in_36_month_window = serializers.BooleanField(source="in_long_window")


# --- Eligibility pre-check (eligibility.assessment.assessment_to_json) --------------------------


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    passed = serializers.BooleanField()
    message = serializers.SerializerMethodField(help_text="In the request's language.")
    message_vi = serializers.CharField()
    message_en = serializers.CharField()
    values = serializers.DictField(help_text="The numbers the check used.")

    def get_message(self, obj: dict[str, Any]) -> str:
        return _in_language(obj)


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField(help_text='"blocking" or "warning".')
    message = serializers.SerializerMethodField(help_text="In the request's language.")
    message_vi = serializers.CharField()
    message_en = serializers.CharField()
    values = serializers.DictField()

    def get_message(self, obj: dict[str, Any]) -> str:
        return _in_language(obj)


class CalculationSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    checks = CheckSerializer(many=True)
    average_salary = serializers.IntegerField(help_text="Whole dong.")
    cap = serializers.IntegerField(help_text="Whole dong.")
    monthly_benefit = serializers.IntegerField(help_text="Whole dong.")
    duration_months = serializers.IntegerField()
    reserved_months = serializers.IntegerField()
    contribution_months = serializers.IntegerField()
    entitlement_start = serializers.DateField(allow_null=True)
    entitlement_end = serializers.DateField(allow_null=True)
    installment_dates = serializers.ListField(child=serializers.DateField())
    rule_set = serializers.CharField()
    decision_deadline = serializers.DateField(allow_null=True)
    last_filing_day = serializers.DateField(allow_null=True)


class FactsSerializer(serializers.Serializer):
    termination_date = serializers.DateField()
    filing_date = serializers.DateField()
    contract_type = serializers.CharField()
    termination_reason = serializers.CharField()
    wage_regime = serializers.CharField()
    region = serializers.CharField()
    receiving_pension = serializers.BooleanField()
    months_used_by_earlier_benefit = serializers.IntegerField()


class AssessmentEmployerSerializer(serializers.Serializer):
    tax_code = serializers.CharField()
    name = serializers.CharField()
    province_code = serializers.CharField()
    wage_region = serializers.CharField()
    wage_regime = serializers.CharField()
    sector = serializers.CharField()
    ownership = serializers.CharField()


class AssessmentSerializer(serializers.Serializer):
    """The same result as the "Am I eligible?" page (eligibility.assessment.assess)."""

    eligible = serializers.BooleanField()
    record_found = serializers.BooleanField()
    problem = serializers.CharField(
        allow_null=True, help_text="Why there is no result, in the request's language."
    )
    employer = AssessmentEmployerSerializer(allow_null=True)
    rule_set_name = serializers.CharField()
    legal_reference = serializers.CharField()
    averaged = serializers.ListField(
        child=serializers.ListField(), help_text="[month, insured salary] pairs, newest first."
    )
    facts = FactsSerializer(allow_null=True)
    result = CalculationSerializer(allow_null=True)
    flags = FlagSerializer(many=True)


# --- Claims ------------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ClaimDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "created_at",
        ]
        read_only_fields = fields


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
        from claims.transitions import WITHDRAWABLE

        return claim.status in WITHDRAWABLE

    def get_can_reply(self, claim: Claim) -> bool:
        return claim.status == Status.INFO_REQUESTED


class TimelineEntrySerializer(serializers.Serializer):
    """One entry of claims.selectors.claim_timeline, in the request's language."""

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
        from claims.selectors import claim_timeline

        return TimelineEntrySerializer(claim_timeline(claim=claim), many=True).data  # type: ignore[return-value]

    def get_next_action(self, claim: Claim) -> str:
        from claims.selectors import next_action

        return next_action(claim=claim)

    def get_info_request(self, claim: Claim) -> str:
        from claims.selectors import info_request_message

        return info_request_message(claim=claim)


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
        from claims.filing import next_step

        return next_step(claim)

    @extend_schema_field(DraftStepSerializer(many=True))
    def get_steps(self, claim: Claim) -> list[dict[str, Any]]:
        from claims.forms import STEPS

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
        from claims.filing import RECORD_KEY

        return dict(claim.answers.get(RECORD_KEY) or {})

    @extend_schema_field(serializers.DateField())
    def get_last_day(self, claim: Claim) -> str:
        from claims.filing import draft_last_day

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


class WithdrawSerializer(serializers.Serializer):
    """Documents the body; validated by claims.forms.WithdrawForm."""

    confirm = serializers.BooleanField(help_text="Must be true.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    version = serializers.IntegerField(
        required=False, help_text="The claim version the person saw; refused (409) if it changed."
    )


class InfoReplySerializer(serializers.Serializer):
    """Documents the multipart body; validated by claims.forms.InfoReplyForm."""

    message = serializers.CharField(max_length=4000)
    files = serializers.ListField(child=serializers.FileField(), required=False)


# --- The decision and payments (claims.api.decisions_payments) ---------------------------------


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


class InstallmentSerializer(serializers.Serializer):
    """One month of the schedule; built from {"installment", "failure"} (payments selectors)."""

    number = serializers.IntegerField(source="installment.number")
    period_start = serializers.DateField(source="installment.period_start")
    period_end = serializers.DateField(source="installment.period_end")
    amount = serializers.IntegerField(source="installment.amount", help_text="Whole dong.")
    due_on = serializers.DateField(source="installment.due_on")
    # A plain string: a second "status" enum would collide with the claim's in the schema.
    status = serializers.CharField(
        source="installment.status",
        help_text=" / ".join(PaymentInstallment.Status.values) + ".",
    )
    status_label = serializers.CharField(source="installment.get_status_display")
    paid_at = serializers.DateTimeField(source="installment.paid_at", allow_null=True)
    failure_reason = serializers.SerializerMethodField(
        help_text="The settlement office's reason, when this month could not be paid."
    )
    details_changed = serializers.SerializerMethodField(
        help_text="You changed your payment details since the failure: the center pays again."
    )
    action = serializers.SerializerMethodField(
        help_text='"fix_payment_details" when this month failed: check and change the details '
        "(PUT payment-details/)."
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_failure_reason(self, data: dict[str, Any]) -> str | None:
        return data["failure"].reason if data["failure"] else None

    def get_details_changed(self, data: dict[str, Any]) -> bool:
        return bool(data["failure"] and data["failure"].details_changed)

    @extend_schema_field(serializers.ChoiceField(choices=["fix_payment_details"], allow_null=True))
    def get_action(self, data: dict[str, Any]) -> str | None:
        return "fix_payment_details" if data["failure"] else None


class PaymentScheduleSerializer(serializers.Serializer):
    installments = InstallmentSerializer(many=True, help_text="By month number.")
    paid = serializers.IntegerField(help_text="Whole dong paid so far.")
    total = serializers.IntegerField(help_text="Whole dong of the whole schedule.")


class PaymentDetailsInputSerializer(serializers.Serializer):
    """Documents the body; validated by claims.forms.PaymentForm (the page's form)."""

    method = serializers.ChoiceField(choices=["bank", "cash"])
    bank_code = serializers.CharField(required=False, allow_blank=True, help_text="For bank.")
    account_number = serializers.CharField(
        required=False, allow_blank=True, help_text="For bank: 6 to 19 digits."
    )
    account_holder = serializers.CharField(
        required=False, allow_blank=True, help_text="For bank: your name as on VNeID."
    )
    cash_province = serializers.CharField(
        required=False, allow_blank=True, help_text="For cash: the province code."
    )


class PaymentDetailsSerializer(serializers.Serializer):
    """The details now on file, masked (the end of the account number, the holder's initials)."""

    method = serializers.CharField()
    bank_code = serializers.CharField(allow_blank=True)
    account_number = serializers.CharField(allow_blank=True)
    account_holder = serializers.CharField(allow_blank=True)
    cash_province = serializers.CharField(allow_blank=True)
    changed = serializers.ListField(
        child=serializers.CharField(), help_text="The fields this call changed (empty: none)."
    )


class ErrorSerializer(serializers.Serializer):
    """Every error: a message to show, a stable code, and per-field messages when there are."""

    detail = serializers.CharField()
    code = serializers.CharField()
    missing = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Steps still to do (submit)."
    )
    current_status = serializers.CharField(required=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        read_only=True, help_text='Send as "Authorization: Token <token>".'
    )
    created = serializers.DateTimeField(read_only=True)
    expires = serializers.DateTimeField(
        read_only=True, help_text="After this moment the token no longer works: get a new one."
    )
