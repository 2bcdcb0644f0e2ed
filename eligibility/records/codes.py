"""The store's code lists (contract types, termination reasons, regions...), shared by the
store's models and by code that only sees the registry's dataclasses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from eligibility.calculator.reasons import reason_choices


class ContractType(models.TextChoices):
    INDEFINITE = "indefinite", _("Không xác định thời hạn")
    FIXED_TERM = "fixed_term", _("Xác định thời hạn")
    SEASONAL = "seasonal", _("Theo mùa vụ / dưới 12 tháng")


#: The termination reasons the store records: the calculator's codes and words (defined once,
#: in eligibility.calculator.reasons), as model choices.
TerminationReason = models.TextChoices(  # type: ignore[misc, call-overload]
    "TerminationReason",
    [(code.upper(), (code, label)) for code, label in reason_choices()],
)


class WageRegion(models.TextChoices):
    I = "I", _("Vùng I")  # noqa: E741
    II = "II", _("Vùng II")
    III = "III", _("Vùng III")
    IV = "IV", _("Vùng IV")


class WageRegime(models.TextChoices):
    ENTERPRISE = "enterprise", _("Theo chế độ tiền lương do người sử dụng lao động quyết định")
    STATE = "state", _("Theo chế độ tiền lương do Nhà nước quy định")


class Ownership(models.TextChoices):
    STATE = "state", _("Nhà nước")
    PRIVATE = "private", _("Tư nhân")
    FOREIGN = "foreign", _("Có vốn đầu tư nước ngoài")


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")
