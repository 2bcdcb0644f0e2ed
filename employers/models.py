"""Employers' layoff notices (Labour Code 2019 Art. 42, 44), their workers, colleagues and logs.

An enterprise is known by its tax code, the key the social-security store and VNeID's
organisation accounts share; the store's employer row is read through the registry, never
copied except for the name and province printed on a notice.

The list an employer uploads or types is a `WorkerListDraft` until the whole list is confirmed:
only then do its rows become `NoticeWorker`s of the notice (nothing from a file is part of a
notice before that).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from identity.models import EmploymentServiceCenter


class LayoffReason(models.TextChoices):
    RESTRUCTURING = (
        "restructuring",
        _("Thay đổi cơ cấu, công nghệ (Điều 42 Bộ luật Lao động 2019)"),
    )
    ECONOMIC = "economic", _("Vì lý do kinh tế (Điều 42 Bộ luật Lao động 2019)")
    CLOSURE = "closure", _("Doanh nghiệp chấm dứt hoạt động (Điều 34.7 Bộ luật Lao động 2019)")


class _AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{type(self).__name__} rows are append-only")


class EmployerColleague(models.Model):
    """A person (by personal ID) the enterprise lets act for it; they sign in with VNeID."""

    employer_tax_code = models.CharField(_("mã số thuế"), max_length=14, db_index=True)
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("người đại diện doanh nghiệp")
        verbose_name_plural = _("người đại diện doanh nghiệp")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer_tax_code", "personal_id"],
                condition=models.Q(removed_at__isnull=True),
                name="one_active_colleague_per_enterprise",
            )
        ]
        indexes = [models.Index(fields=["personal_id"], name="colleague_personal_id_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} @ {self.employer_tax_code}"


class LayoffNotice(models.Model):
    """Thông báo cho người lao động thôi việc: the employer's list of workers to be terminated."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        CONFIRMED = "confirmed", _("Đã xác nhận")

    employer_tax_code = models.CharField(_("mã số thuế"), max_length=14, db_index=True)
    employer_name = models.CharField(_("tên doanh nghiệp"), max_length=300)
    province_code = models.CharField(_("tỉnh/thành phố"), max_length=2)
    #: The employment service center of the enterprise's province (who will decide the claims).
    center = models.ForeignKey(
        EmploymentServiceCenter,
        verbose_name=_("trung tâm dịch vụ việc làm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="layoff_notices",
    )
    reason = models.CharField(_("lý do cắt giảm"), max_length=20, choices=LayoffReason.choices)
    planned_termination_date = models.DateField(_("ngày dự kiến chấm dứt hợp đồng"))
    notified_on = models.DateField(_("ngày thông báo"))
    note = models.TextField(_("ghi chú"), blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo cắt giảm lao động")
        verbose_name_plural = _("thông báo cắt giảm lao động")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.employer_name} — {self.planned_termination_date:%d/%m/%Y}"

    @property
    def reference(self) -> str:
        return f"TB-{self.pk:06d}"


class NoticeWorker(models.Model):
    """One worker of a confirmed list, as the employer reported them (checked against the store)."""

    notice = models.ForeignKey(LayoffNotice, on_delete=models.PROTECT, related_name="workers")
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    termination_date = models.DateField(_("ngày chấm dứt hợp đồng"))
    reason_code = models.CharField(_("mã lý do chấm dứt"), max_length=32)
    last_salary = models.BigIntegerField(_("tiền lương tháng cuối (đồng)"))
    row_number = models.PositiveIntegerField(_("dòng"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("người lao động trong thông báo")
        verbose_name_plural = _("người lao động trong thông báo")
        ordering = ["row_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "personal_id"], name="one_row_per_worker_per_notice"
            ),
            models.CheckConstraint(
                condition=models.Q(last_salary__gte=0), name="notice_salary_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["personal_id"], name="notice_worker_personal_id_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.termination_date:%d/%m/%Y})"


class WorkerListDraft(models.Model):
    """A list being checked and fixed: rows and their errors, applied only when confirmed."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Tệp tải lên")
        TYPED = "typed", _("Nhập trên trang")
        API = "api", _("Hệ thống nhân sự (API)")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Đang kiểm tra")
        READY = "ready", _("Đã kiểm tra")
        APPLIED = "applied", _("Đã xác nhận")
        DISCARDED = "discarded", _("Đã hủy")

    notice = models.ForeignKey(LayoffNotice, on_delete=models.CASCADE, related_name="drafts")
    source = models.CharField(max_length=10, choices=Source.choices)
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    #: [{"row": n, "personal_id", "full_name", "termination_date", "reason_code", "last_salary"}]
    #: as typed (strings), so a row with an error is shown back exactly as it came.
    rows = models.JSONField(default=list)
    #: {"<index>": {"<field or __all__>": "message"}}: the rows' errors after the last check.
    errors = models.JSONField(default=dict)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("danh sách đang kiểm tra")
        verbose_name_plural = _("danh sách đang kiểm tra")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.file_name or self.source} ({self.status})"


class NoticeEvent(_AppendOnly):
    """Append-only: every change of a notice, its list or the enterprise's colleagues."""

    employer_tax_code = models.CharField(max_length=14, db_index=True)
    notice = models.ForeignKey(
        LayoffNotice, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sự kiện thông báo cắt giảm")
        verbose_name_plural = _("sự kiện thông báo cắt giảm")

    def __str__(self) -> str:
        return f"{self.kind} ({self.created_at:%Y-%m-%d %H:%M})"


class EmployerAccessLog(_AppendOnly):
    """Append-only: someone (an employer's representative or staff) looked at workers' data."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    employer_tax_code = models.CharField(max_length=14)
    notice = models.ForeignKey(
        LayoffNotice, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    page = models.CharField(max_length=60)
    path = models.CharField(max_length=300)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhật ký xem dữ liệu người lao động")
        verbose_name_plural = _("nhật ký xem dữ liệu người lao động")

    def __str__(self) -> str:
        return f"{self.user_id} {self.page} {self.created_at:%Y-%m-%d %H:%M}"
