"""claims.prefill models (imported by claims/models.py): what the employer reported about a
worker's termination, the claim prefilled from it, and the social-security agency's signed
extract of the worker's record kept with it (issue #17)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from identity.models import EmploymentServiceCenter


class SignedExtract(models.Model):
    """The agency's signed extract of one person's record, kept exactly as received.

    `payload` holds the signed bytes (canonical UTF-8 JSON), `signature` the detached JWS
    (eligibility.signed_extract); the pair is verified again whenever a page shows it, so a
    changed row is shown as not confirmed rather than believed.
    """

    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, db_index=True)
    payload = models.TextField()
    signature = models.TextField()
    payload_sha256 = models.CharField(max_length=64)
    key_id = models.CharField(max_length=64)
    #: When the agency signed it: "confirmed by the social-security agency on ...".
    issued_at = models.DateTimeField(_("ngày cơ quan BHXH xác nhận"))
    verified_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trích lục BHXH có chữ ký số")
        verbose_name_plural = _("trích lục BHXH có chữ ký số")

    def __str__(self) -> str:
        return f"{self.personal_id} {self.issued_at:%Y-%m-%d}"


class EmployerReport(models.Model):
    """One worker of an employer's layoff notice, and the draft claim prefilled for them.

    The notice itself is the employers app's (`notice_id` is its key: claims never import
    employers); the center's layoff event page groups reports by notice. The claim is the
    worker's own draft: they correct, complete, sign and submit it (Law 74/2025 Art. 38.1.c).
    """

    notice_id = models.PositiveBigIntegerField(_("thông báo của doanh nghiệp"))
    center = models.ForeignKey(
        EmploymentServiceCenter,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trung tâm"),
    )
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    employer_tax_code = models.CharField(_("mã số thuế đơn vị"), max_length=14)
    employer_name = models.CharField(_("tên đơn vị"), max_length=300)
    contract_type = models.CharField(_("loại hợp đồng"), max_length=12, blank=True)
    termination_date = models.DateField(_("ngày chấm dứt hợp đồng"))
    termination_reason = models.CharField(_("lý do chấm dứt (doanh nghiệp báo)"), max_length=32)
    last_salary = models.BigIntegerField(_("tiền lương tháng cuối (đồng)"), null=True, blank=True)
    #: The draft (None once a draft is discarded or expires; the report stays for the event).
    claim = models.OneToOneField(
        "claims.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employer_report",
    )
    extract = models.OneToOneField(
        SignedExtract,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
    )
    #: The calculator's estimate when the report was made (the claim page recomputes its own).
    estimate_eligible = models.BooleanField(default=False)
    estimate_monthly_benefit = models.BigIntegerField(null=True, blank=True)
    estimate_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    #: The worker's SMS about the draft (claims.prefill.sms): when the gateway took it, or why
    #: it never can (a number that is no Vietnamese mobile). Neither: the sweep tries again.
    sms_sent_at = models.DateTimeField(null=True, blank=True)
    sms_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo của doanh nghiệp về người lao động")
        verbose_name_plural = _("báo cáo của doanh nghiệp về người lao động")
        constraints = [
            # A notice confirmed twice (or a re-run after a crash) never doubles a worker.
            models.UniqueConstraint(
                fields=["notice_id", "personal_id"], name="one_report_per_notice_worker"
            ),
        ]
        indexes = [
            models.Index(fields=["center", "notice_id"]),
            models.Index(fields=["personal_id", "termination_date"]),
            # The SMS sweep's look-up: the recently notified whose SMS has not gone.
            models.Index(
                fields=["notified_at"],
                condition=models.Q(sms_sent_at__isnull=True, sms_error=""),
                name="prefill_sms_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.personal_id}"


class CounsellingBooking(models.Model):
    """A listed worker's booking of job counselling with the center, before their last day."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Đã đặt lịch")
        CANCELLED = "cancelled", _("Đã hủy")

    report = models.ForeignKey(EmployerReport, on_delete=models.CASCADE, related_name="bookings")
    center = models.ForeignKey(EmploymentServiceCenter, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey("identity.User", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("ngày tư vấn"))
    slot = models.CharField(_("buổi"), max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "slot", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(status="booked"),
                name="one_open_counselling_booking",
            ),
        ]
        verbose_name = _("lịch tư vấn việc làm")
        verbose_name_plural = _("lịch tư vấn việc làm")

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.day} {self.slot}"


__all__ = ["CounsellingBooking", "EmployerReport", "SignedExtract"]
