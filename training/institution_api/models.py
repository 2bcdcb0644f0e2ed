"""training.institution_api models (gathered by training/models.py): the portal's link to an
institution's system: its API key and the account its tuition is paid to (docs/adr/0024)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from training.catalogue.models import Institution


class InstitutionLink(models.Model):
    """How the portal and one institution's system talk, and where its tuition goes.

    Without a row, or with a blank secret, the institution's key is derived from
    TRAINING_INSTITUTION_SECRET and its code (common.institution_keys): the stand-in's keys.
    A real institution is given its own secret here; `active` off refuses its requests (403).
    """

    institution = models.OneToOneField(
        Institution, on_delete=models.PROTECT, related_name="link", verbose_name=_("cơ sở đào tạo")
    )
    #: Blank: the institution's system at TRAINING_INSTITUTION_URL (the stand-in).
    api_url = models.URLField(_("địa chỉ hệ thống của cơ sở"), max_length=300, blank=True)
    secret = models.CharField(
        _("khóa ký (HMAC)"),
        max_length=200,
        blank=True,
        help_text=_("Để trống: khóa sinh từ khóa chung của cổng và mã cơ sở (môi trường thử)."),
    )
    active = models.BooleanField(_("cho phép kết nối"), default=True)
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=12,
        validators=[RegexValidator(r"^[0-9]{10}$|^[0-9]{12}$", _("Mã số thuế gồm 10 chữ số."))],
    )
    bank_code = models.CharField(_("mã ngân hàng"), max_length=10)
    account_number = models.CharField(
        _("số tài khoản"),
        max_length=34,
        validators=[RegexValidator(r"^[A-Za-z0-9]{1,34}$", _("Số tài khoản gồm chữ và số."))],
    )
    account_holder = models.CharField(_("chủ tài khoản"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết nối cơ sở đào tạo")
        verbose_name_plural = _("kết nối cơ sở đào tạo")

    def __str__(self) -> str:
        return str(self.institution_id)
