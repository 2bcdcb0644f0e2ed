"""Serializers of a claim's payments (API v1): the schedule and the bank details."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.payments.models import PaymentInstallment


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
    """Documents the body; validated by claims.filing.forms.PaymentForm (the page's form)."""

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
