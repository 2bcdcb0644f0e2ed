"""The dimensions the statistics are broken down by, their values' labels, and the age bands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from claims.models import Termination
from claims.review.services import REFUSAL_REASONS
from common.formatting import month_label
from common.provinces import province_name
from eligibility.records.codes import ContractType, TerminationReason
from jobs.catalogue.models import Country, Sector
from training.catalogue.models import Course

SEXES = ("F", "M")
SEX_LABELS: dict[str, Any] = {"F": _("Nữ"), "M": _("Nam"), "": _("Không rõ")}

#: (code, label, first age, last age): age on the filing day, in whole years.
AGE_BANDS: tuple[tuple[str, Any, int, int], ...] = (
    ("u25", _("Dưới 25 tuổi"), 0, 24),
    ("25_34", _("25–34 tuổi"), 25, 34),
    ("35_44", _("35–44 tuổi"), 35, 44),
    ("45_54", _("45–54 tuổi"), 45, 54),
    ("55p", _("Từ 55 tuổi"), 55, 200),
)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(birth: date | None, day: date) -> str:
    if birth is None:
        return ""
    age = age_on(birth, day)
    return next((code for code, _label, low, high in AGE_BANDS if low <= age <= high), "")


@dataclass(frozen=True)
class Dimension:
    code: str
    #: URL slug (Vietnamese, like every page address).
    slug: str
    title: Any
    #: The value's column heading.
    heading: Any


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("month", "theo-thang", _("Theo tháng"), _("Tháng")),
    Dimension("province", "theo-tinh", _("Theo tỉnh, thành phố (trung tâm)"), _("Tỉnh/thành phố")),
    Dimension("age_band", "theo-do-tuoi", _("Theo độ tuổi"), _("Độ tuổi")),
    Dimension("sector", "theo-nganh", _("Theo ngành của đơn vị cuối cùng"), _("Ngành")),
    Dimension("contract_type", "theo-loai-hop-dong", _("Theo loại hợp đồng"), _("Loại hợp đồng")),
    Dimension(
        "termination_reason",
        "theo-ly-do-cham-dut",
        _("Theo lý do chấm dứt hợp đồng"),
        _("Lý do chấm dứt"),
    ),
    Dimension(
        "refusal_reason", "ly-do-khong-huong", _("Lý do không được hưởng"), _("Lý do không hưởng")
    ),
    Dimension(
        "termination_ground",
        "can-cu-cham-dut-huong",
        _("Chấm dứt hưởng theo căn cứ"),
        _("Căn cứ (Điều 41.4)"),
    ),
)
#: Dimensions only the path-back-to-work page has (stats.path): a course's field, a
#: vacancy's (or overseas program's) sector, an overseas program's country.
PATH_ONLY: tuple[Dimension, ...] = (
    Dimension(
        "course_field",
        "theo-nganh-nghe-dao-tao",
        _("Theo ngành nghề đào tạo"),
        _("Ngành nghề đào tạo"),
    ),
    Dimension(
        "vacancy_sector", "theo-nganh-tuyen-dung", _("Theo ngành tuyển dụng"), _("Ngành tuyển dụng")
    ),
    Dimension("country", "theo-nuoc-den", _("Theo nước đến làm việc"), _("Nước đến")),
)
BY_CODE = {d.code: d for d in (*DIMENSIONS, *PATH_ONLY)}
BY_SLUG = {d.slug: d for d in DIMENSIONS}

_LABELS: dict[str, dict[str, Any]] = {
    "age_band": {code: label for code, label, _low, _high in AGE_BANDS},
    "contract_type": dict(ContractType.choices),
    "termination_reason": dict(TerminationReason.choices),
    "refusal_reason": dict(REFUSAL_REASONS),
    "termination_ground": dict(Termination.Ground.choices),
    "course_field": dict(Course.Field.choices),
    "vacancy_sector": dict(Sector.choices),
    "country": dict(Country.choices),
}


def value_label(dimension: str, value: str) -> str:
    if value == "":
        return str(_("Không rõ"))
    if dimension == "month":
        return month_label(date.fromisoformat(value + "-01"))
    if dimension == "province":
        return province_name(value)
    return str(_LABELS.get(dimension, {}).get(value, value))
