"""Claims in the admin: read-only; every change goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from claims.complaints.models import Complaint
from claims.core.admin_access import AccessLoggedAdmin
from claims.decisions.models import Decision
from claims.models import BatchApproval, Claim, ClaimEvent, Proposal, StaffAccessLog
from claims.payments.models import PaymentCallback, PaymentOrder
from claims.transfers.models import Transfer
from common.formatting import dong


class MoneyDisplayMixin:
    """Money as people read it (5.310.000 ₫), in the lists and on the read-only pages."""

    @admin.display(description=_("mức hưởng hằng tháng"), ordering="monthly_benefit")
    def monthly_benefit_display(self, obj: Any) -> str:
        return dong(obj.monthly_benefit) or "—"

    @admin.display(description=_("số tiền"), ordering="amount")
    def amount_display(self, obj: Any) -> str:
        return dong(obj.amount) or "—"


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "actor", "actor_role", "from_status", "to_status", "reason")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(MoneyDisplayMixin, AccessLoggedAdmin):
    list_display = (
        "reference",
        "personal_id",
        "center",
        "status",
        "monthly_benefit_display",
        "submitted_at",
    )
    exclude = ("monthly_benefit",)
    readonly_fields = ("monthly_benefit_display",)
    list_filter = ("status", "center")
    search_fields = ("reference", "personal_id")
    inlines = [ClaimEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnlyAdmin(AccessLoggedAdmin):
    """Records written by the services: administrators read them, nobody edits them here
    (and every page of them is in the access log)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StaffAccessLog)
class StaffAccessLogAdmin(_ReadOnlyAdmin):
    """Oversight: which staff member looked at which claimant's data, when, on which page."""

    list_display = ("created_at", "user", "page", "claim", "path", "ip_address")
    list_filter = ("page", ("created_at", admin.DateFieldListFilter), "user__center")
    search_fields = ("user__username", "user__full_name", "claim__reference", "path")
    date_hierarchy = "created_at"
    list_select_related = ("user", "claim")
    raw_id_fields = ("user", "claim")


@admin.register(Proposal)
class ProposalAdmin(MoneyDisplayMixin, _ReadOnlyAdmin):
    list_display = (
        "claim",
        "kind",
        "outcome",
        "monthly_benefit_display",
        "proposed_by",
        "created_at",
        "decided_by",
    )
    exclude = ("monthly_benefit",)
    readonly_fields = ("monthly_benefit_display",)
    list_filter = ("kind", "outcome", "claim__center")
    search_fields = ("claim__reference",)
    list_select_related = ("claim", "proposed_by", "decided_by")


@admin.register(BatchApproval)
class BatchApprovalAdmin(_ReadOnlyAdmin):
    list_display = (
        "created_at",
        "center",
        "employer_tax_code",
        "termination_date",
        "status",
        "total",
        "approved",
        "skipped",
        "failed",
    )
    list_filter = ("status", "center")
    search_fields = ("employer_tax_code",)


@admin.register(Decision)
class DecisionAdmin(_ReadOnlyAdmin):
    """Issued decisions: number, state of the signed file, who signed, fingerprints."""

    list_display = ("number", "claim", "kind", "state", "issued_on", "signer_name", "signed_at")
    list_filter = ("kind", "state", "center")
    search_fields = ("number", "claim__reference")
    list_select_related = ("claim",)
    exclude = ("verification_code", "lease_token")
    raw_id_fields = ("claim", "proposal", "signer")


@admin.register(PaymentOrder)
class PaymentOrderAdmin(MoneyDisplayMixin, _ReadOnlyAdmin):
    """Payment orders and where each one stands with the settlement office."""

    list_display = ("reference", "claim", "amount_display", "status", "attempts", "created_at")
    readonly_fields = ("amount_display",)
    list_filter = ("status", "method", "claim__center")
    search_fields = ("reference", "claim__reference", "=idempotency_key", "office_order_id")
    list_select_related = ("claim",)
    exclude = ("account_number", "personal_id", "amount")
    raw_id_fields = ("claim", "installment", "reissue_of", "created_by")


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(_ReadOnlyAdmin):
    """Every callback the settlement office sent, applied or ignored, and why."""

    list_display = ("received_at", "order", "sequence", "status", "outcome")
    list_filter = ("outcome", "status")
    search_fields = ("order__reference", "=event_id")
    list_select_related = ("order",)
    raw_id_fields = ("order",)


@admin.register(Transfer)
class TransferAdmin(_ReadOnlyAdmin):
    """Transfers to another province: each step, who took it, the decision (claims.transfers)."""

    list_display = ("claim", "from_center", "to_center", "status", "requested_on", "handover_due")
    list_filter = ("status", "from_center", "to_center")
    search_fields = ("claim__reference",)
    list_select_related = ("claim", "from_center", "to_center")
    raw_id_fields = (
        "claim",
        "from_center",
        "to_center",
        "requested_by",
        "handed_over_by",
        "accepted_by",
        "decision",
    )


@admin.register(Complaint)
class ComplaintAdmin(_ReadOnlyAdmin):
    """Complaints against a decision and their answer (claims.complaints)."""

    list_display = (
        "reference",
        "claim",
        "decision",
        "center",
        "status",
        "received_on",
        "answer_due",
    )
    list_filter = ("status", "is_complex", "center")
    search_fields = ("reference", "claim__reference")
    list_select_related = ("claim", "decision", "center")
    raw_id_fields = ("claim", "decision", "center", "filed_by", "answer", "answered_by")
