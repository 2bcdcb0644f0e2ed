"""Review's rows: an officer's proposal waiting for a signer, and the fast track's batches."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.core.models import Claim
from identity.models import EmploymentServiceCenter

#: The grounds a signer may give for a refusal (Proposal.refusal_codes), printed on the decision.
REFUSAL_REASONS: dict[str, Any] = {
    "not_enough_months": _("Chưa đủ số tháng đóng bảo hiểm thất nghiệp"),
    "filed_late": _("Nộp hồ sơ quá thời hạn"),
    "excluded_reason": _("Lý do chấm dứt hợp đồng không thuộc diện được hưởng"),
    "receiving_pension": _("Đang hưởng lương hưu"),
    "re_employed": _("Đã có việc làm mới"),
    "incomplete_dossier": _("Hồ sơ không đầy đủ"),
    "other": _("Lý do khác"),
}


class Proposal(models.Model):
    """An officer's proposed decision, waiting for a signer (four eyes)."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Đề xuất hưởng")
        REFUSE = "refuse", _("Đề xuất không hưởng")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chờ ký duyệt")
        SIGNED = "signed", _("Đã ký duyệt")
        RETURNED = "returned", _("Trả lại")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Approval: the engine's figures, or edited ones with a written reason.
    monthly_benefit = models.BigIntegerField(null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    entitlement_start = models.DateField(null=True, blank=True)
    entitlement_end = models.DateField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    # Refusal: reason codes and an explanation written for the citizen.
    refusal_codes = models.JSONField(default=list, blank=True)
    explanation = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=models.Q(outcome="pending"),
                name="one_pending_proposal_per_claim",
            ),
        ]
        verbose_name = _("đề xuất")
        verbose_name_plural = _("đề xuất")

    def __str__(self) -> str:
        return f"{self.kind} {self.claim_id} ({self.outcome})"


class BatchApproval(models.Model):
    """Fast track: a signer approves the clean claims of one layoff (employer + date) at once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    center = models.ForeignKey(EmploymentServiceCenter, on_delete=models.PROTECT, related_name="+")
    employer_tax_code = models.CharField(max_length=14)
    termination_date = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    #: The claims the signer saw when approving (ids, and each one's version then).
    claim_versions = models.JSONField(default=dict)
    sample_ids = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("duyệt theo lô")
        verbose_name_plural = _("duyệt theo lô")

    def __str__(self) -> str:
        return f"{self.employer_tax_code} {self.termination_date} ({self.status})"
