"""The claim, its append-only event history, and the yearly reference counter."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.transitions import Status
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
            # One claim per person and termination (ADR 0012, claims.duplicates): whatever the
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
    """A checked, sanitised upload (claims.documents); served only through a permission check."""

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


class Notification(models.Model):
    """An in-app message to one person; its words are rendered in the reader's language."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    #: Set by the e-mail task once the message was handed to the mail server (never sent twice).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


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


# Sub-packages' models belong to this app (one import line each).
from claims.complaints.models import *  # noqa: E402, F401, F403
from claims.decisions.models import *  # noqa: E402, F401, F403
from claims.payments.models import *  # noqa: E402, F401, F403
from claims.period.models import *  # noqa: E402, F401, F403
from claims.prefill.models import *  # noqa: E402, F401, F403
from claims.transfers.models import *  # noqa: E402, F401, F403


class FilingRequest(models.Model):
    """One successful call of the one-call filing API under an `Idempotency-Key`.

    Written in the same transaction as the claim it filed, so a retry (or a second request at the
    same moment, which waits on the unique key) finds it and gets the same answer replayed.
    """

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)
    #: SHA-256 of the request's answers and files: the same key with another body is refused.
    fingerprint = models.CharField(max_length=64)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "key"], name="one_filing_per_citizen_and_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.key}"
