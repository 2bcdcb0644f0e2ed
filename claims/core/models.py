"""The claim, its append-only event history, and the yearly reference counter."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.core.transitions import Status
from identity.models import EmploymentServiceCenter


class Claim(models.Model):
    """One request for unemployment benefit, from draft to the last payment."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("số hồ sơ"), max_length=20, unique=True, null=True, blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("người lao động"),
    )
    #: Copied from the account at creation: the key into the social-security store (ADR 0003).
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, db_index=True)
    center = models.ForeignKey(
        EmploymentServiceCenter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("trung tâm"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    #: Bumped by every change of state: lets a page say "this changed since you looked".
    version = models.PositiveIntegerField(default=1)

    # What the worker declared (prefilled from the record; the worker may correct it).
    employer_tax_code = models.CharField(_("mã số thuế đơn vị"), max_length=14, blank=True)
    employer_name = models.CharField(_("tên đơn vị"), max_length=300, blank=True)
    contract_type = models.CharField(_("loại hợp đồng"), max_length=12, blank=True)
    termination_date = models.DateField(_("ngày chấm dứt hợp đồng"), null=True, blank=True)
    termination_reason = models.CharField(_("lý do chấm dứt"), max_length=32, blank=True)
    correction_reason = models.TextField(_("lý do khác với dữ liệu BHXH"), blank=True)
    #: Draft answers not yet promoted to columns (step name -> answers).
    answers = models.JSONField(default=dict, blank=True)
    draft_step = models.CharField(max_length=40, blank=True)

    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    #: The day the dossier became complete: legal deadlines count from here.
    dossier_complete_on = models.DateField(_("ngày hồ sơ đầy đủ"), null=True, blank=True)
    #: The calculator's result at submission (and after review), with the rule set used.
    eligibility = models.JSONField(default=dict, blank=True)
    rule_set = models.CharField(_("bộ quy định áp dụng"), max_length=60, blank=True)
    monthly_benefit = models.BigIntegerField(
        _("mức hưởng hằng tháng (đồng)"), null=True, blank=True
    )
    duration_months = models.PositiveSmallIntegerField(_("số tháng hưởng"), null=True, blank=True)

    #: The legal deadline for the decision (working days on the holiday calendar, from the
    #: complete dossier): the queue sorts by it.
    decision_due = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    #: Every check passed and no flag at all: eligible for the mass-layoff fast track.
    is_clean = models.BooleanField(_("hồ sơ sạch"), default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_claims",
        verbose_name=_("cán bộ thụ lý"),
    )
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [
            # The queue: one center, a status, ordered by deadline then id (keyset pagination).
            models.Index(fields=["center", "status", "decision_due", "id"], name="claim_queue_idx"),
            models.Index(fields=["center", "decision_due", "id"], name="claim_queue_all_idx"),
            models.Index(
                fields=["center", "employer_tax_code", "termination_date"], name="claim_batch_idx"
            ),
            models.Index(
                fields=["center", "assignee", "decision_due", "id"], name="claim_assignee_idx"
            ),
            models.Index(fields=["center", "status", "submitted_at"]),
            models.Index(fields=["citizen", "-created_at"]),
            models.Index(fields=["termination_date"]),
        ]
        constraints = [
            # One open draft per person: a second "start" resumes the first (any device).
            models.UniqueConstraint(
                fields=["citizen"], condition=models.Q(status="draft"), name="one_draft_per_citizen"
            ),
            # One claim per person and termination (ADR 0012, claims.filing.duplicates): whatever the
            # pages do, two submissions about the same termination cannot both be stored.
            models.UniqueConstraint(
                fields=["personal_id", "employer_tax_code", "termination_date"],
                condition=~models.Q(status__in=["draft", "withdrawn"]),
                name="one_claim_per_termination",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"draft {self.public_id}"


class ClaimEventQuerySet(models.QuerySet["ClaimEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Claim events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Claim events are append-only")


class ClaimEvent(models.Model):
    """Append-only: who did what to a claim, when, from which state to which, and why."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    actor_role = models.CharField(max_length=10)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")

    def __str__(self) -> str:
        return f"{self.kind} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Claim events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Claim events are append-only")


def _document_path(instance: ClaimDocument, filename: str) -> str:
    # Unguessable, and nothing of the original name (which may hold personal data) is kept.
    return f"claims/{instance.claim.public_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class ClaimDocument(models.Model):
    """A checked, sanitised upload (claims.core.documents); served only through a permission check."""

    class Kind(models.TextChoices):
        TERMINATION_PROOF = (
            "termination_proof",
            _("Quyết định thôi việc / giấy tờ chấm dứt hợp đồng"),
        )
        SUPPORTING = "supporting", _("Giấy tờ khác")
        INFO_REPLY = "info_reply", _("Giấy tờ bổ sung theo yêu cầu")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("giấy tờ")
        verbose_name_plural = _("giấy tờ")

    def __str__(self) -> str:
        return self.original_name


class ReferenceCounter(models.Model):
    """The last reference number issued in a year (TCTN-2026-000123)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ClaimFlag(models.Model):
    """A cross-check flag of a claim (eligibility.crosscheck), one row each so the queue can filter."""

    class Severity(models.TextChoices):
        BLOCKING = "blocking", _("Chặn")
        NEEDS_REVIEW = "needs_review", _("Cần xem xét")
        INFO = "info", _("Thông tin")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(max_length=40)
    severity = models.CharField(max_length=12, choices=Severity.choices)

    class Meta:
        indexes = [models.Index(fields=["code", "claim"])]
        constraints = [
            models.UniqueConstraint(fields=["claim", "code"], name="one_flag_code_per_claim")
        ]
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")

    def __str__(self) -> str:
        return f"{self.code} ({self.severity})"


class StaffAccessLog(models.Model):
    """Append-only: a staff member looked at a claimant's personal data (who, when, which page)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    page = models.CharField(max_length=60)
    path = models.CharField(max_length=300)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhật ký truy cập của cán bộ")
        verbose_name_plural = _("nhật ký truy cập của cán bộ")

    def __str__(self) -> str:
        return f"{self.user_id} {self.page} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The staff access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The staff access log is append-only")
