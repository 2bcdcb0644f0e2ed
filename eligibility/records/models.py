"""People, employers, employment spells, monthly contributions and past benefits, as VSS records them."""

from __future__ import annotations

from django.db import models

from common.provinces import PROVINCES
from eligibility.records.codes import (
    ContractType,
    Ownership,
    Sex,
    TerminationReason,
    WageRegime,
    WageRegion,
)

__all__ = [
    "BenefitRecord",
    "Contribution",
    "ContractType",
    "Employer",
    "EmploymentSpell",
    "Ownership",
    "Person",
    "Sex",
    "StoreSnapshot",
    "TerminationReason",
    "WageRegime",
    "WageRegion",
]


class Person(models.Model):
    personal_id = models.CharField("số định danh cá nhân", max_length=12, unique=True)
    social_insurance_code = models.CharField("mã số BHXH", max_length=10, unique=True)
    full_name = models.CharField("họ và tên", max_length=200)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=1, choices=Sex.choices)
    #: Monthly pension or working-capacity-loss allowance since this date, if any.
    pension_since = models.DateField(
        "hưởng lương hưu / trợ cấp hằng tháng từ", null=True, blank=True
    )

    class Meta:
        verbose_name = "người tham gia BHXH"
        verbose_name_plural = "người tham gia BHXH"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.social_insurance_code})"


class Employer(models.Model):
    tax_code = models.CharField("mã số thuế", max_length=14, unique=True)
    name = models.CharField("tên đơn vị", max_length=300)
    province_code = models.CharField("tỉnh/thành phố", max_length=2, choices=PROVINCES)
    wage_region = models.CharField("vùng lương tối thiểu", max_length=3, choices=WageRegion.choices)
    wage_regime = models.CharField(
        "chế độ tiền lương",
        max_length=10,
        choices=WageRegime.choices,
        default=WageRegime.ENTERPRISE,
    )
    sector = models.CharField("ngành nghề", max_length=100)
    ownership = models.CharField("loại hình sở hữu", max_length=10, choices=Ownership.choices)

    class Meta:
        verbose_name = "đơn vị sử dụng lao động"
        verbose_name_plural = "đơn vị sử dụng lao động"

    def __str__(self) -> str:
        return self.name


class EmploymentSpell(models.Model):
    """One labour contract, as the employer reported it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="spells")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="spells")
    contract_type = models.CharField("loại hợp đồng", max_length=12, choices=ContractType.choices)
    start_date = models.DateField("ngày bắt đầu")
    end_date = models.DateField("ngày chấm dứt", null=True, blank=True)
    termination_reason = models.CharField(
        "lý do chấm dứt", max_length=32, choices=TerminationReason.choices, blank=True
    )

    class Meta:
        verbose_name = "quá trình làm việc"
        verbose_name_plural = "quá trình làm việc"
        indexes = [
            models.Index(fields=["person", "start_date"]),
            models.Index(fields=["employer", "end_date"]),
            # terminations_between() walks terminations by date for batch what-if analysis.
            models.Index(fields=["end_date", "id"], name="spell_end_date_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.employer_id}: {self.start_date} – {self.end_date or '…'}"


class Contribution(models.Model):
    """One month of compulsory insurance paid by one employer for one person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contributions")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="contributions")
    month = models.DateField("tháng")  # always the first day of the month
    insured_salary = models.BigIntegerField("tiền lương đóng bảo hiểm (đồng)")
    ui_paid = models.BooleanField("đã đóng bảo hiểm thất nghiệp", default=True)

    class Meta:
        verbose_name = "tháng đóng bảo hiểm"
        verbose_name_plural = "tháng đóng bảo hiểm"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "employer", "month"], name="one_contribution_per_employer_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="contribution_month_is_first_day"
            ),
            models.CheckConstraint(
                condition=models.Q(insured_salary__gte=0), name="insured_salary_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["person", "month"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%m/%Y}: {self.insured_salary}"


class BenefitRecord(models.Model):
    """An unemployment benefit already granted: its months used up contribution months."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="benefits")
    decision_number = models.CharField("số quyết định", max_length=40)
    start_date = models.DateField("hưởng từ ngày")
    end_date = models.DateField("đến ngày")
    months_granted = models.PositiveSmallIntegerField("số tháng hưởng")
    contribution_months_used = models.PositiveSmallIntegerField("số tháng đóng đã dùng")
    #: Contributions up to and including this month were consumed by the benefit.
    contributions_used_through = models.DateField("tính hết các tháng đóng đến")

    class Meta:
        verbose_name = "quyết định hưởng TCTN đã có"
        verbose_name_plural = "quyết định hưởng TCTN đã có"

    def __str__(self) -> str:
        return self.decision_number


class StoreSnapshot(models.Model):
    """One row: what the store holds and up to which month employers have reported.

    A real VSS extract has such a cut-off; the record page counts a still-employed
    person's months up to it, never up to months nobody has reported yet.
    """

    data_through = models.DateField("số liệu đến hết tháng")  # first day of that month
    seed = models.BigIntegerField("hạt giống sinh dữ liệu", null=True, blank=True)
    people = models.PositiveIntegerField("số người sinh ngẫu nhiên", default=0)

    class Meta:
        verbose_name = "bản chụp kho dữ liệu"
        verbose_name_plural = "bản chụp kho dữ liệu"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(data_through__day=1), name="snapshot_month_is_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.data_through:%m/%Y}"
