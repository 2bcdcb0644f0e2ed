"""The store's code lists (contract types, termination reasons, regions...), shared by the
store's models and by code that only sees the registry's dataclasses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractType(models.TextChoices):
    INDEFINITE = "indefinite", _("Không xác định thời hạn")
    FIXED_TERM = "fixed_term", _("Xác định thời hạn")
    SEASONAL = "seasonal", _("Theo mùa vụ / dưới 12 tháng")


class TerminationReason(models.TextChoices):
    CONTRACT_EXPIRED = "contract_expired", _("Hết hạn hợp đồng")
    MUTUAL_AGREEMENT = "mutual_agreement", _("Hai bên thỏa thuận chấm dứt")
    EMPLOYER_DISMISSAL = "employer_dismissal", _("Người sử dụng lao động đơn phương chấm dứt")
    BUSINESS_CLOSURE = "business_closure", _("Doanh nghiệp chấm dứt hoạt động")
    EMPLOYEE_LAWFUL_RESIGNATION = (
        "employee_lawful_resignation",
        _("Người lao động nghỉ việc đúng luật"),
    )
    EMPLOYEE_UNLAWFUL_RESIGNATION = (
        "employee_unlawful_resignation",
        _("Người lao động nghỉ việc trái luật"),
    )
    DISCIPLINARY_DISMISSAL = "disciplinary_dismissal", _("Bị sa thải (kỷ luật)")
    RETIREMENT_PENSION = "retirement_pension", _("Nghỉ hưu, hưởng lương hưu")


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
