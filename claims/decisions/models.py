"""A claim's decision (quyết định): its number, who signed, the signed PDF and its fingerprints."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.decisions import content
from identity.models import EmploymentServiceCenter


def _decision_path(instance: Decision, filename: str) -> str:
    # Unguessable and free of personal data: the claim's public id is not in it either.
    return f"decisions/{instance.issued_on:%Y}/{uuid.uuid4().hex}.pdf"


class DecisionCounter(models.Model):
    """The last decision number a center issued in a year: numbers restart each year, gapless."""

    center = models.ForeignKey(EmploymentServiceCenter, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "year"], name="one_decision_counter")
        ]
        verbose_name = _("sổ quyết định")
        verbose_name_plural = _("sổ quyết định")

    def __str__(self) -> str:
        return f"{self.center_id}/{self.year}: {self.last}"


class Decision(models.Model):
    """The decision on one claim, created with the move to decision_issued (a row first: work
    that must not be lost), then rendered and signed by a worker (claims.decisions.services)."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Quyết định hưởng trợ cấp thất nghiệp")
        REFUSAL = "refusal", _("Quyết định không được hưởng trợ cấp thất nghiệp")
        # The benefit period's decisions (claims.decisions.kinds): a claim has any number.
        SUSPENSION = "suspension", _("Quyết định tạm dừng hưởng trợ cấp thất nghiệp")
        RESUMPTION = "resumption", _("Quyết định tiếp tục hưởng trợ cấp thất nghiệp")
        TERMINATION = "termination", _("Quyết định chấm dứt hưởng trợ cấp thất nghiệp")
        RECOVERY = "recovery", _("Quyết định thu hồi tiền trợ cấp thất nghiệp")
        TRANSFER = "transfer", _("Quyết định chuyển nơi hưởng trợ cấp thất nghiệp")
        COMPLAINT_ANSWER = "complaint_answer", _("Quyết định giải quyết khiếu nại")

    class State(models.TextChoices):
        PENDING = "pending", _("Đang lập")
        ISSUED = "issued", _("Đã ký số")
        FAILED = "failed", _("Lỗi khi lập")

    #: The claim's one approval or refusal (claim.decision); empty for the other kinds.
    claim = models.OneToOneField(
        "claims.Claim", on_delete=models.PROTECT, related_name="decision", null=True, blank=True
    )
    #: Every decision about the claim, of any kind (claim.decisions).
    case = models.ForeignKey(
        "claims.Claim", on_delete=models.PROTECT, related_name="decisions", null=True, blank=True
    )
    proposal = models.OneToOneField(
        "claims.Proposal",
        on_delete=models.PROTECT,
        related_name="decision",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    #: What a benefit-period decision prints (claims.decisions.kind_content.FACTS).
    facts = models.JSONField(default=dict, blank=True)
    #: Makes the issuing idempotent: one decision per (claim, kind, key), e.g. "suspension:2".
    key = models.CharField(max_length=80, blank=True)
    center = models.ForeignKey(EmploymentServiceCenter, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("số quyết định"), max_length=40, db_index=True)
    issued_on = models.DateField(_("ngày ban hành"))
    #: Empty only when the system decided and the center has no signer to name.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    #: As printed: a later change of the account's name or post does not change the decision.
    signer_name = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100)
    #: Printed under the QR code; with the number it opens the public verification (ADR 0007).
    verification_code = models.CharField(max_length=16)

    state = models.CharField(
        _("trạng thái lập"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    #: A worker rendering this decision holds it until then (claims.decisions.services).
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)

    file = models.FileField(upload_to=_decision_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 của tệp đã ký"), max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    cert_fingerprint = models.CharField(
        _("dấu vân tay chứng thư (SHA-256)"), max_length=64, blank=True
    )
    cert_subject = models.CharField(_("chủ thể chứng thư"), max_length=300, blank=True)
    signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "year", "sequence"], name="one_decision_number"
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "key"],
                condition=~models.Q(key=""),
                name="one_decision_per_case_kind_key",
            ),
        ]
        indexes = [models.Index(fields=["state", "lease_until"], name="decision_sweep_idx")]
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")

    def __str__(self) -> str:
        return self.number

    @property
    def is_approval(self) -> bool:
        return self.kind == self.Kind.APPROVAL

    @property
    def is_period_kind(self) -> bool:
        """A benefit-period decision (not the claim's approval or refusal)."""
        return self.kind not in {self.Kind.APPROVAL, self.Kind.REFUSAL}

    @property
    def code_display(self) -> str:
        """The code as printed, in two groups of five: ABCDE-FGHJK."""
        return content.code_display(self.verification_code)
