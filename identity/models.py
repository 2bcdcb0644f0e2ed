"""Accounts: citizens (from VNeID) and staff (officer, signer, administrator) of a center."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.provinces import PROVINCES
from identity.names import fold_name


class EmploymentServiceCenter(models.Model):
    """Trung tâm dịch vụ việc làm: one per province; decides the claims filed there."""

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    province_code = models.CharField(
        _("tỉnh/thành phố"), max_length=2, choices=PROVINCES, unique=True
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    #: Shown on the help page; empty means the administrative office hours (claims help page).
    opening_hours = models.CharField(_("giờ tiếp nhận hồ sơ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("trung tâm dịch vụ việc làm")
        verbose_name_plural = _("trung tâm dịch vụ việc làm")
        ordering = ["province_code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """One account table; `role` says which side of the portal a person uses."""

    class Role(models.TextChoices):
        CITIZEN = "citizen", _("Người lao động")
        OFFICER = "officer", _("Cán bộ thụ lý")
        SIGNER = "signer", _("Lãnh đạo trung tâm (ký duyệt)")
        ADMIN = "admin", _("Quản trị viên")
        EMPLOYER = "employer", _("Doanh nghiệp (tài khoản định danh tổ chức)")
        #: Ministry or provincial department: statistics only, never a person (stats.access);
        #: `analyst_province` empty = the whole country, set = that province only.
        ANALYST = "analyst", _("Cán bộ phân tích thống kê")

    class Sex(models.TextChoices):
        MALE = "M", _("Nam")
        FEMALE = "F", _("Nữ")

    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.CITIZEN)
    center = models.ForeignKey(
        EmploymentServiceCenter,
        verbose_name=_("trung tâm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    # Identity attributes as VNeID asserted them at the last login (citizens only).
    personal_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, unique=True, null=True, blank=True
    )
    identity_level = models.PositiveSmallIntegerField(_("mức độ định danh"), null=True, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    #: full_name folded (identity.names.fold_name), kept by save(): the queue's name search.
    search_name = models.CharField(
        _("họ và tên (không dấu)"), max_length=200, blank=True, editable=False
    )
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    province_code = models.CharField(
        _("tỉnh/thành phố"), max_length=2, choices=PROVINCES, blank=True
    )
    vneid_synced_at = models.DateTimeField(_("cập nhật từ VNeID lúc"), null=True, blank=True)
    #: An analyst's scope (role "analyst"): the one province whose figures they see, or empty
    #: for the whole country.
    analyst_province = models.CharField(
        _("tỉnh/thành phố được xem thống kê"),
        max_length=2,
        choices=PROVINCES,
        blank=True,
        help_text=_("Chỉ cho cán bộ phân tích thống kê: để trống là toàn quốc."),
    )
    #: The enterprise of a VNeID organisation account (role "employer"; docs/adr/0017).
    org_tax_code = models.CharField(_("mã số thuế tổ chức"), max_length=14, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="citizen") | models.Q(personal_id__isnull=True),
                name="only_citizens_have_a_personal_id",
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_name = fold_name(self.full_name or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_employer(self) -> bool:
        """A VNeID organisation account (employers.selectors says which enterprise)."""
        return self.role == self.Role.EMPLOYER

    @property
    def is_citizen(self) -> bool:
        return self.role == self.Role.CITIZEN

    @property
    def is_staff_member(self) -> bool:
        """Center staff, analysts and administrators: the accounts that must use MFA."""
        return self.role in {
            self.Role.OFFICER,
            self.Role.SIGNER,
            self.Role.ADMIN,
            self.Role.ANALYST,
        }

    @property
    def can_use_claims(self) -> bool:
        """Only a level-2 VNeID identity may file and follow claims (docs/adr/0002)."""
        return self.is_citizen and self.identity_level == 2 and bool(self.personal_id)

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
