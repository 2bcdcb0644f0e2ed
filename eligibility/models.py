"""Benefit rules as dated data: rule sets, regional minimum wages, base salaries, holidays.

A published rule set applies to terminations from its `valid_from` until the day before the
next published one starts (the dated-parameter model of OpenFisca); see docs/adr/0005.
Every table keeps its full change history (who, when, old, new) with django-simple-history.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from eligibility.calculator.reasons import TERMINATION_REASON_CODES, reason_choices
from eligibility.rules_cache import rules_changed

# The termination reason codes of the calculator's interface, defined once (calculator.reasons).
TERMINATION_REASONS: list[tuple[str, Any]] = reason_choices()

_POSITIVE_MONTHS = MinValueValidator(1, message=_("Số tháng phải lớn hơn 0."))
_POSITIVE_DAYS = MinValueValidator(1, message=_("Số ngày phải lớn hơn 0."))
_POSITIVE = MinValueValidator(1, message=_("Giá trị phải lớn hơn 0."))
_POSITIVE_AMOUNT = MinValueValidator(1, message=_("Số tiền phải lớn hơn 0 đồng."))


def validate_replacement_rate(value: Decimal) -> None:
    """The share of the average salary paid: more than 0 and at most 1 (100%)."""
    if value is None:
        return
    if not Decimal(0) < value <= Decimal(1):
        raise ValidationError(
            _("Tỷ lệ hưởng phải lớn hơn 0 và không quá 1 (ví dụ 0,60)."),
            code="rate_out_of_range",
        )


def validate_termination_reason_codes(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(
            _("Lý do bị loại trừ phải là một danh sách mã lý do."), code="reasons_not_a_list"
        )
    unknown = sorted(set(value) - TERMINATION_REASON_CODES)
    if unknown:
        raise ValidationError(
            _("Mã lý do chấm dứt không tồn tại: %(codes)s."),
            code="unknown_reason",
            params={"codes": ", ".join(unknown)},
        )


class DayUnit(models.TextChoices):
    CALENDAR = "calendar", _("ngày (theo lịch)")
    WORKING = "working", _("ngày làm việc")


class CapBase(models.TextChoices):
    REGIONAL_MINIMUM_WAGE = "regional_minimum_wage", _("lương tối thiểu vùng")
    BASE_SALARY = "base_salary", _("lương cơ sở")


class CapWageDate(models.TextChoices):
    TERMINATION_DATE = "termination_date", _("mức lương có hiệu lực vào ngày chấm dứt hợp đồng")
    LAST_CONTRIBUTION_MONTH = (
        "last_contribution_month",
        _("mức lương áp dụng trong tháng cuối cùng đóng bảo hiểm thất nghiệp"),
    )


class RuleSet(models.Model):
    """One version of the unemployment-benefit rules (bộ quy định), dated by decision date.

    Parameters of a published rule set are not edited in place: a change in the law is a new
    rule set with its own `valid_from` (drafted, checked, then published).
    """

    class Law(models.TextChoices):
        LAW_2013 = "2013", _("Luật Việc làm 2013 (38/2013/QH13)")
        LAW_2025 = "2025", _("Luật Việc làm 2025 (74/2025/QH15)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("bản nháp")
        PUBLISHED = "published", _("đã công bố")

    identifier = models.SlugField(
        _("mã bộ quy định"),
        max_length=60,
        unique=True,
        help_text=_(
            "Mã cố định, lưu kèm mọi kết quả tính, ví dụ luat-viec-lam-2025. "
            "Chỉ gồm chữ không dấu, số và dấu gạch ngang."
        ),
    )
    name = models.CharField(_("tên"), max_length=200)
    law = models.CharField(_("luật áp dụng"), max_length=4, choices=Law.choices)
    legal_reference = models.TextField(
        _("căn cứ pháp lý"),
        help_text=_("Các văn bản và điều khoản mà bộ quy định này thực hiện."),
    )
    valid_from = models.DateField(
        _("áp dụng cho quyết định từ ngày"),
        help_text=_(
            "Áp dụng cho các hồ sơ được quyết định từ ngày này đến ngày trước ngày bắt đầu của "
            "bộ quy định đã công bố tiếp theo (luật được chọn theo ngày quyết định: Luật "
            "74/2025/QH15 Điều 54.2, 55.4)."
        ),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # --- Conditions (2013: Art. 49; 2025: Art. 38) -------------------------------------
    min_contribution_months = models.PositiveSmallIntegerField(
        _("số tháng đóng tối thiểu"),
        validators=[_POSITIVE_MONTHS],
        help_text=_(
            "Số tháng đóng bảo hiểm thất nghiệp tối thiểu trong khoảng thời gian xét "
            "(Luật 38/2013/QH13 Điều 49 khoản 2; Luật 74/2025/QH15 Điều 38 khoản 2): 12."
        ),
    )
    window_months_indefinite = models.PositiveSmallIntegerField(
        _("khoảng thời gian xét — HĐLĐ không xác định thời hạn (tháng)"),
        validators=[_POSITIVE_MONTHS],
        help_text=_(
            "Số tháng trước khi chấm dứt hợp đồng, tính cả tháng chấm dứt "
            "(Luật 38/2013/QH13 Điều 49.2.a; Luật 74/2025/QH15 Điều 38.2): 24."
        ),
    )
    window_months_fixed_term = models.PositiveSmallIntegerField(
        _("khoảng thời gian xét — HĐLĐ xác định thời hạn (tháng)"),
        validators=[_POSITIVE_MONTHS],
        help_text=_("Luật 38/2013/QH13 Điều 49.2.a; Luật 74/2025/QH15 Điều 38.2: 24."),
    )
    window_months_seasonal = models.PositiveSmallIntegerField(
        _("khoảng thời gian xét — HĐLĐ mùa vụ / dưới 12 tháng (tháng)"),
        validators=[_POSITIVE_MONTHS],
        help_text=_(
            "Hợp đồng mùa vụ hoặc từ đủ 3 đến dưới 12 tháng (Luật 38/2013/QH13 Điều 49.2.b); "
            "từ đủ 1 đến dưới 12 tháng (Luật 74/2025/QH15 Điều 38.2): 36."
        ),
    )
    excluded_reasons = models.JSONField(
        _("lý do chấm dứt không được hưởng"),
        default=list,
        blank=True,
        validators=[validate_termination_reason_codes],
        help_text=_(
            "Đơn phương chấm dứt hợp đồng trái luật; đang hưởng lương hưu hằng tháng "
            "(Luật 38/2013/QH13 Điều 49.1; Luật 74/2025/QH15 Điều 38.1)."
        ),
    )
    filing_deadline_months = models.PositiveSmallIntegerField(
        _("thời hạn nộp hồ sơ (tháng)"),
        validators=[_POSITIVE_MONTHS],
        help_text=_(
            "Nộp hồ sơ trong số tháng này kể từ ngày chấm dứt hợp đồng "
            "(Luật 38/2013/QH13 Điều 49.3; Luật 74/2025/QH15 Điều 38.3): 3."
        ),
    )

    # --- Amount (2013: Art. 50.1; 2025: Art. 39.1) -------------------------------------
    replacement_rate = models.DecimalField(
        _("tỷ lệ hưởng"),
        max_digits=4,
        decimal_places=3,
        validators=[validate_replacement_rate],
        help_text=_(
            "Phần của bình quân tiền lương đóng bảo hiểm thất nghiệp được trả hằng tháng, "
            "lớn hơn 0 và không quá 1 (Luật 38/2013/QH13 Điều 50.1; Luật 74/2025/QH15 "
            "Điều 39.1): 0,60."
        ),
    )
    averaged_months = models.PositiveSmallIntegerField(
        _("số tháng tính bình quân"),
        validators=[_POSITIVE_MONTHS],
        help_text=_(
            "Số tháng đóng gần nhất trước khi thất nghiệp dùng để tính bình quân tiền lương "
            "(Luật 38/2013/QH13 Điều 50.1; Luật 74/2025/QH15 Điều 39.1): 6."
        ),
    )
    cap_multiplier = models.PositiveSmallIntegerField(
        _("hệ số mức trần"),
        validators=[_POSITIVE],
        help_text=_(
            "Mức hưởng tối đa = hệ số này × mức lương làm căn cứ "
            "(Luật 38/2013/QH13 Điều 50.1; Luật 74/2025/QH15 Điều 39.1): 5."
        ),
    )
    cap_base_enterprise = models.CharField(
        _("căn cứ mức trần — chế độ tiền lương do người sử dụng lao động quyết định"),
        max_length=30,
        choices=CapBase.choices,
        blank=True,
        help_text=_(
            "Luật 38/2013/QH13 Điều 50.1 và Luật 74/2025/QH15 Điều 39.1: lương tối thiểu vùng."
        ),
    )
    cap_base_state = models.CharField(
        _("căn cứ mức trần — chế độ tiền lương do Nhà nước quy định"),
        max_length=30,
        choices=CapBase.choices,
        blank=True,
        help_text=_(
            "Luật 38/2013/QH13 Điều 50.1: lương cơ sở; Luật 74/2025/QH15 Điều 39.1: "
            "lương tối thiểu vùng (mọi chế độ tiền lương)."
        ),
    )
    cap_wage_date = models.CharField(
        _("thời điểm lấy mức lương làm căn cứ mức trần"),
        max_length=30,
        choices=CapWageDate.choices,
        help_text=_(
            "Luật 38/2013/QH13 Điều 50.1: tại thời điểm chấm dứt hợp đồng; Luật 74/2025/QH15 "
            "Điều 39.1: áp dụng đối với tháng cuối cùng đóng bảo hiểm thất nghiệp."
        ),
    )

    # --- Duration (2013: Art. 50.2; 2025: Art. 39.2) -----------------------------------
    duration_base_months = models.PositiveSmallIntegerField(
        _("số tháng hưởng cơ bản"),
        validators=[_POSITIVE_MONTHS],
        help_text=_(
            "Đóng đủ 12 đến 36 tháng thì hưởng số tháng này "
            "(Luật 38/2013/QH13 Điều 50.2; Luật 74/2025/QH15 Điều 39.2): 3."
        ),
    )
    duration_base_threshold = models.PositiveSmallIntegerField(
        _("ngưỡng số tháng đóng của mức hưởng cơ bản"),
        validators=[_POSITIVE_MONTHS],
        help_text=_("Số tháng đóng cho số tháng hưởng cơ bản (cùng điều khoản): 36."),
    )
    duration_step_months = models.PositiveSmallIntegerField(
        _("số tháng đóng thêm cho mỗi tháng hưởng thêm"),
        validators=[_POSITIVE_MONTHS],
        help_text=_("Sau đó, cứ đóng đủ thêm số tháng này thì hưởng thêm 1 tháng: 12."),
    )
    duration_max_months = models.PositiveSmallIntegerField(
        _("số tháng hưởng tối đa"),
        validators=[_POSITIVE_MONTHS],
        help_text=_("Luật 38/2013/QH13 Điều 50.2; Luật 74/2025/QH15 Điều 39.2: 12."),
    )

    # --- When benefit starts, decision deadline -----------------------------------------
    entitlement_start_days = models.PositiveSmallIntegerField(
        _("số ngày trước khi bắt đầu hưởng"),
        validators=[_POSITIVE_DAYS],
        help_text=_(
            "Hưởng từ ngày thứ (số ngày này + 1) sau ngày nộp đủ hồ sơ, không tính ngày nộp. "
            "Luật 38/2013/QH13 Điều 50.3: ngày thứ 16 (15 ngày theo lịch); "
            "Luật 74/2025/QH15 Điều 39.3: ngày làm việc thứ 11 (10 ngày làm việc)."
        ),
    )
    entitlement_start_unit = models.CharField(
        _("đơn vị ngày bắt đầu hưởng"), max_length=10, choices=DayUnit.choices
    )
    decision_deadline_days = models.PositiveSmallIntegerField(
        _("thời hạn ra quyết định (ngày)"),
        validators=[_POSITIVE_DAYS],
        help_text=_(
            "Kể từ ngày nhận đủ hồ sơ. Nghị định 28/2015/NĐ-CP Điều 18: 20 ngày; "
            "theo Nghị định 374/2025/NĐ-CP: xem căn cứ pháp lý của bộ quy định."
        ),
    )
    decision_deadline_unit = models.CharField(
        _("đơn vị thời hạn ra quyết định"), max_length=10, choices=DayUnit.choices
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ quy định trợ cấp thất nghiệp")
        verbose_name_plural = _("bộ quy định trợ cấp thất nghiệp")
        ordering = ["valid_from", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from"],
                condition=models.Q(status="published"),
                name="one_published_rule_set_per_start_date",
                violation_error_message=_(
                    "Đã có một bộ quy định đã công bố bắt đầu áp dụng từ ngày này; "
                    "hai bộ quy định không thể cùng áp dụng cho một ngày."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(replacement_rate__gt=0, replacement_rate__lte=1),
                name="replacement_rate_in_0_1",
                violation_error_message=_("Tỷ lệ hưởng phải lớn hơn 0 và không quá 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier}, {self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def window_months(self) -> dict[str, int]:
        return {
            "indefinite": self.window_months_indefinite,
            "fixed_term": self.window_months_fixed_term,
            "seasonal": self.window_months_seasonal,
        }

    def clean(self) -> None:
        """Refuse contradictory parameters, each with a message on the field at fault."""
        errors: dict[str, list[ValidationError]] = {}

        def add(field: str, message: Any, code: str, **params: Any) -> None:
            errors.setdefault(field, []).append(
                ValidationError(message, code=code, params=params or None)
            )

        if self.cap_multiplier:
            for field in ("cap_base_enterprise", "cap_base_state"):
                if not getattr(self, field):
                    add(
                        field,
                        _(
                            "Đã có hệ số mức trần thì phải chọn mức lương làm căn cứ mức trần "
                            "cho chế độ tiền lương này."
                        ),
                        "cap_without_base",
                    )
        if self.min_contribution_months:
            for field, months in (
                ("window_months_indefinite", self.window_months_indefinite),
                ("window_months_fixed_term", self.window_months_fixed_term),
                ("window_months_seasonal", self.window_months_seasonal),
            ):
                if months and months < self.min_contribution_months:
                    add(
                        field,
                        _(
                            "Khoảng thời gian xét (%(window)s tháng) không được ngắn hơn số "
                            "tháng đóng tối thiểu (%(minimum)s tháng)."
                        ),
                        "window_shorter_than_minimum",
                        window=months,
                        minimum=self.min_contribution_months,
                    )
        if (
            self.duration_base_months
            and self.duration_max_months
            and self.duration_max_months < self.duration_base_months
        ):
            add(
                "duration_max_months",
                _("Số tháng hưởng tối đa không được nhỏ hơn số tháng hưởng cơ bản (%(base)s)."),
                "max_below_base",
                base=self.duration_base_months,
            )
        if (
            self.min_contribution_months
            and self.duration_base_threshold
            and self.duration_base_threshold < self.min_contribution_months
        ):
            add(
                "duration_base_threshold",
                _(
                    "Ngưỡng của mức hưởng cơ bản không được nhỏ hơn số tháng đóng tối thiểu "
                    "(%(minimum)s tháng)."
                ),
                "threshold_below_minimum",
                minimum=self.min_contribution_months,
            )
        if errors:
            raise ValidationError(errors)


class RegionalMinimumWage(models.Model):
    """Lương tối thiểu vùng: the monthly minimum wage of one region, from a date."""

    class Region(models.TextChoices):
        I = "I", _("Vùng I")  # noqa: E741 - the legal name of the region
        II = "II", _("Vùng II")
        III = "III", _("Vùng III")
        IV = "IV", _("Vùng IV")

    valid_from = models.DateField(_("áp dụng từ ngày"))
    region = models.CharField(_("vùng"), max_length=3, choices=Region.choices)
    amount = models.PositiveIntegerField(
        _("mức lương tối thiểu tháng (đồng)"), validators=[_POSITIVE_AMOUNT]
    )
    legal_reference = models.CharField(
        _("căn cứ pháp lý"),
        max_length=300,
        help_text=_("Nghị định quy định mức lương, ví dụ Nghị định 74/2024/NĐ-CP, Điều 3."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lương tối thiểu vùng")
        verbose_name_plural = _("lương tối thiểu vùng")
        ordering = ["-valid_from", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from", "region"],
                name="one_regional_minimum_wage_per_date_and_region",
                violation_error_message=_(
                    "Đã có mức lương tối thiểu của vùng này áp dụng từ ngày này."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_region_display()} {self.valid_from:%d/%m/%Y}: {self.amount:,} ₫"


class BaseSalary(models.Model):
    """Lương cơ sở: the base salary of the State's wage regime, from a date."""

    valid_from = models.DateField(
        _("áp dụng từ ngày"),
        unique=True,
        error_messages={"unique": _("Đã có mức lương cơ sở áp dụng từ ngày này.")},
    )
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"), validators=[_POSITIVE_AMOUNT])
    legal_reference = models.CharField(
        _("căn cứ pháp lý"),
        max_length=300,
        help_text=_("Nghị định quy định mức lương cơ sở, ví dụ Nghị định 73/2024/NĐ-CP."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lương cơ sở")
        verbose_name_plural = _("lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}: {self.amount:,} ₫"


class PublicHoliday(models.Model):
    """A day off that is not a working day when deadlines are counted in working days."""

    date = models.DateField(
        _("ngày"),
        unique=True,
        error_messages={"unique": _("Ngày này đã có trong lịch nghỉ lễ, Tết.")},
    )
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)
    legal_reference = models.CharField(
        _("căn cứ pháp lý"),
        max_length=300,
        help_text=_(
            "Bộ luật Lao động 45/2019/QH14 Điều 112 và thông báo lịch nghỉ hằng năm; ngày nghỉ "
            "bù khi ngày lễ trùng ngày nghỉ hằng tuần (Điều 111.3, 112.3)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ngày nghỉ lễ, Tết")
        verbose_name_plural = _("ngày nghỉ lễ, Tết")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class HolidayYear(models.Model):
    """One year of the holiday calendar and whether an administrator has confirmed it.

    A year is filled "provisional" from the `holidays` package (Viet Nam: the lunar Tết and
    Hùng Kings' days, plus the compensatory days of Labour Code Art. 111.3); an administrator
    checks it against the government's announced schedule (which Tết days, swapped days),
    corrects the PublicHoliday rows and confirms it. Dates counted in working days through a
    provisional year are marked as such; a year that is not here cannot be counted at all.
    """

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("tạm tính (chưa đối chiếu lịch nghỉ chính thức)")
        CONFIRMED = "confirmed", _("đã xác nhận theo lịch nghỉ chính thức")

    year = models.PositiveSmallIntegerField(
        _("năm"),
        unique=True,
        error_messages={"unique": _("Năm này đã có trong lịch nghỉ lễ, Tết.")},
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PROVISIONAL
    )
    source = models.CharField(
        _("nguồn"),
        max_length=300,
        blank=True,
        help_text=_("Nơi lấy lịch: thông báo lịch nghỉ của Chính phủ, hoặc tính tự động."),
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("năm của lịch nghỉ lễ, Tết")
        verbose_name_plural = _("lịch nghỉ lễ, Tết theo năm")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


# --- Keep every process's cached rules current (eligibility.rules_cache) -------------------


def _rules_table_changed(**kwargs: Any) -> None:
    # After commit, so no process caches rows that may still roll back; the local snapshot is
    # dropped at once too, for reads later in this same transaction's process.
    rules_changed()
    transaction.on_commit(rules_changed, using=kwargs.get("using"))


for _model in (RuleSet, RegionalMinimumWage, BaseSalary, PublicHoliday, HolidayYear):
    post_save.connect(
        _rules_table_changed, sender=_model, dispatch_uid=f"rules-save-{_model.__name__}"
    )
    post_delete.connect(
        _rules_table_changed, sender=_model, dispatch_uid=f"rules-delete-{_model.__name__}"
    )
# A flush (transactional tests) or migration rewrites the tables without model signals.
post_migrate.connect(
    lambda **kwargs: _rules_table_changed(), dispatch_uid="rules-post-migrate", weak=False
)

# The what-if analysis of a draft rule set lives in its own module (eligibility.whatif_models).
from eligibility.whatif_models import WhatIfRun  # noqa: E402, F401
