"""Serializers of the citizen API (claims.api): read models of records, assessments and claims.

Input is validated by the same forms the web pages use (claims.filing.forms) wherever there is one,
so the API and the pages cannot disagree on a business rule.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from rest_framework import serializers

from claims.models import ClaimDocument


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
