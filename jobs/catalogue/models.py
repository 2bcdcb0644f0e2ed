"""The jobs catalogue: vacancies, job fairs and overseas work programs, and the worker's
applications, fair registrations and expressions of interest (issue 18).

Who posts: an employer's representative (employers.selectors.user_represents) posts vacancies
of their enterprise; center staff post vacancies (also for a small employer without a tax code),
fairs and programs of their center. Every change is kept by django-simple-history (who, when,
what), the services set the actor.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.provinces import PROVINCES
from common.textsearch import Searchable
from identity.models import EmploymentServiceCenter


class Sector(models.TextChoices):
    GARMENT = "garment", _("Dệt may")
    ELECTRONICS = "electronics", _("Lắp ráp điện tử")
    FOOTWEAR = "footwear", _("Da giày")
    MECHANICS = "mechanics", _("Cơ khí")
    LOGISTICS = "logistics", _("Kho vận, logistics")
    HOSPITALITY = "hospitality", _("Du lịch, nhà hàng, khách sạn")
    RETAIL = "retail", _("Bán lẻ")
    CONSTRUCTION = "construction", _("Xây dựng")
    AGRICULTURE = "agriculture", _("Nông nghiệp, chế biến thực phẩm")
    IT = "it", _("Công nghệ thông tin")
    OTHER = "other", _("Ngành khác")


class ContractType(models.TextChoices):
    """Labour Code 2019 Art. 20: indefinite or fixed term (at most 36 months); plus seasonal
    and part-time work as a worker searching would name them."""

    INDEFINITE = "indefinite", _("Hợp đồng không xác định thời hạn")
    FIXED_TERM = "fixed_term", _("Hợp đồng xác định thời hạn")
    SEASONAL = "seasonal", _("Thời vụ (dưới 12 tháng)")
    PART_TIME = "part_time", _("Bán thời gian")


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    OPEN = "open", _("Đang tuyển")
    CLOSED = "closed", _("Đã đóng")


class Vacancy(Searchable):
    """Tin tuyển dụng: one job an employer (or the center for them) wants filled.

    `search_text` (Searchable) is the folded title, occupation, employer, sector,
    requirements and address: the free-text search (common.textsearch).
    """

    Status = PublishStatus

    #: The enterprise (as employers.models keys it); empty when center staff post for a small
    #: employer without a tax code, whose name is then employer_name alone.
    employer_tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, db_index=True)
    employer_name = models.CharField(_("tên nhà tuyển dụng"), max_length=200)
    #: The center whose staff see and manage the vacancy (the province's center for an
    #: employer's own post); empty only where no center exists for the province.
    center = models.ForeignKey(
        EmploymentServiceCenter,
        verbose_name=_("trung tâm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
    )
    title = models.CharField(_("vị trí tuyển dụng"), max_length=200)
    occupation = models.CharField(_("nghề"), max_length=200)
    sector = models.CharField(_("ngành"), max_length=20, choices=Sector.choices)
    province_code = models.CharField(_("tỉnh/thành phố"), max_length=2, choices=PROVINCES)
    address = models.CharField(_("nơi làm việc"), max_length=300)
    #: The workplace on the map (WGS 84); empty = the province's seat (jobs.catalogue.places).
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    #: Whole dong per month; wage_max empty = "from wage_min" (negotiable above).
    wage_min = models.PositiveIntegerField(_("lương từ (đồng/tháng)"))
    wage_max = models.PositiveIntegerField(_("lương đến (đồng/tháng)"), null=True, blank=True)
    contract_type = models.CharField(
        _("loại hợp đồng"), max_length=20, choices=ContractType.choices
    )
    positions = models.PositiveIntegerField(_("số lượng cần tuyển"), default=1)
    requirements = models.TextField(_("yêu cầu"))
    benefits = models.TextField(_("quyền lợi"), blank=True)
    deadline = models.DateField(_("hạn nộp hồ sơ"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PublishStatus.choices, default=PublishStatus.DRAFT
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("tin tuyển dụng")
        verbose_name_plural = _("tin tuyển dụng")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_max__isnull=True) | Q(wage_max__gte=F("wage_min")),
                name="vacancy_wage_range_ordered",
            ),
            models.CheckConstraint(condition=Q(positions__gte=1), name="vacancy_positions_min_1"),
        ]
        indexes = [
            models.Index(fields=["status", "province_code", "sector"], name="vacancy_filter_idx"),
            models.Index(fields=["status", "deadline"], name="vacancy_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.employer_name}"

    def search_parts(self) -> list[str]:
        with translation.override("vi"):
            sector = str(Sector(self.sector).label) if self.sector in Sector.values else ""
        return [
            self.title,
            self.occupation,
            self.employer_name,
            sector,
            self.requirements,
            self.address,
        ]


class VacancyApplication(models.Model):
    """A worker's application to a vacancy: the employer sees it among their applicants."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Đã ứng tuyển")
        WITHDRAWN = "withdrawn", _("Đã rút")

    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("tin tuyển dụng"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lao động"),
        on_delete=models.PROTECT,
        related_name="vacancy_applications",
    )
    phone = models.CharField(_("số điện thoại liên hệ"), max_length=20)
    message = models.TextField(_("lời nhắn cho nhà tuyển dụng"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    applied_at = models.DateTimeField(_("ứng tuyển lúc"))
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ ứng tuyển")
        verbose_name_plural = _("hồ sơ ứng tuyển")
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "user"], name="one_application_per_vacancy")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.vacancy_id}"


class JobFair(models.Model):
    """Phiên giao dịch việc làm / hội chợ việc làm organised by a center."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        OPEN = "open", _("Đang nhận đăng ký")
        CANCELLED = "cancelled", _("Đã hủy")

    title = models.CharField(_("tên phiên/hội chợ"), max_length=200)
    date = models.DateField(_("ngày tổ chức"))
    start_time = models.TimeField(_("bắt đầu"))
    end_time = models.TimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300)
    province_code = models.CharField(_("tỉnh/thành phố"), max_length=2, choices=PROVINCES)
    center = models.ForeignKey(
        EmploymentServiceCenter,
        verbose_name=_("trung tâm tổ chức"),
        on_delete=models.PROTECT,
        related_name="job_fairs",
    )
    #: Seats for workers; registrations stop when this many are registered.
    capacity = models.PositiveIntegerField(_("số chỗ"))
    description = models.TextField(_("giới thiệu"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hội chợ việc làm")
        verbose_name_plural = _("hội chợ việc làm")
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="fair_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="fair_capacity_min_1"),
        ]
        indexes = [models.Index(fields=["status", "date"], name="fair_status_date_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class FairEmployer(models.Model):
    """An employer taking part in a fair, with the vacancies they bring."""

    fair = models.ForeignKey(
        JobFair, verbose_name=_("hội chợ"), on_delete=models.CASCADE, related_name="employers"
    )
    employer_tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    employer_name = models.CharField(_("tên doanh nghiệp"), max_length=200)
    booth = models.CharField(_("gian hàng"), max_length=20, blank=True)
    vacancies = models.ManyToManyField(
        Vacancy, verbose_name=_("tin tuyển dụng"), blank=True, related_name="fair_entries"
    )

    history = HistoricalRecords(m2m_fields=[vacancies])

    class Meta:
        verbose_name = _("doanh nghiệp tham gia")
        verbose_name_plural = _("doanh nghiệp tham gia")
        ordering = ["booth", "employer_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "employer_tax_code", "employer_name"],
                name="one_entry_per_employer_per_fair",
            )
        ]

    def __str__(self) -> str:
        return self.employer_name


class FairRegistration(models.Model):
    """A worker's seat at a fair: one row per fair and worker, cancelled and taken again in
    place (the unique pair stays true)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        CANCELLED = "cancelled", _("Đã hủy")

    fair = models.ForeignKey(
        JobFair, verbose_name=_("hội chợ"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lao động"),
        on_delete=models.PROTECT,
        related_name="fair_registrations",
    )
    phone = models.CharField(_("số điện thoại liên hệ"), max_length=20)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    registered_at = models.DateTimeField(_("đăng ký lúc"))
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký tham dự hội chợ")
        verbose_name_plural = _("đăng ký tham dự hội chợ")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "user"], name="one_registration_per_fair")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.fair_id}"


class Country(models.TextChoices):
    JAPAN = "JP", _("Nhật Bản")
    KOREA = "KR", _("Hàn Quốc")
    TAIWAN = "TW", _("Đài Loan (Trung Quốc)")
    GERMANY = "DE", _("Đức")
    AUSTRALIA = "AU", _("Úc")
    OTHER = "XX", _("Nước khác")


class OverseasProgram(models.Model):
    """A program of work abroad under contract (Law 69/2020/QH14), run by a licensed
    enterprise or a public service unit, that the center advertises and takes interest for."""

    Status = PublishStatus

    name = models.CharField(_("tên chương trình"), max_length=200)
    country = models.CharField(_("nước đến làm việc"), max_length=2, choices=Country.choices)
    sector = models.CharField(_("ngành"), max_length=20, choices=Sector.choices)
    description = models.TextField(_("giới thiệu"), blank=True)
    #: The wage in the country's currency (whole units per month) and its dong equivalent
    #: at the rate the center states in wage_note.
    wage_currency = models.CharField(_("đơn vị tiền lương"), max_length=3)
    wage_min = models.PositiveIntegerField(_("lương từ (ngoại tệ/tháng)"))
    wage_max = models.PositiveIntegerField(_("lương đến (ngoại tệ/tháng)"), null=True, blank=True)
    wage_min_dong = models.PositiveBigIntegerField(_("lương từ (quy đổi, đồng/tháng)"))
    wage_max_dong = models.PositiveBigIntegerField(
        _("lương đến (quy đổi, đồng/tháng)"), null=True, blank=True
    )
    wage_note = models.CharField(_("ghi chú về lương"), max_length=300, blank=True)
    language_requirement = models.TextField(_("yêu cầu ngoại ngữ"))
    costs = models.TextField(_("chi phí người lao động phải trả"))
    #: The total a worker pays before departure, in dong (empty = see the text).
    cost_total_dong = models.PositiveBigIntegerField(
        _("tổng chi phí (đồng)"), null=True, blank=True
    )
    loans = models.TextField(_("vay vốn"), blank=True)
    #: The most a worker may borrow for it (e.g. from the Bank for Social Policies), in dong.
    loan_max_dong = models.PositiveBigIntegerField(
        _("mức vay tối đa (đồng)"), null=True, blank=True
    )
    pre_departure_training = models.TextField(_("đào tạo trước khi đi"))
    #: The course of the training catalogue that gives this training, where there is one.
    training_course = models.ForeignKey(
        "training.Course",
        verbose_name=_("khóa đào tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="overseas_programs",
    )
    enterprise_name = models.CharField(_("đơn vị đưa người lao động đi"), max_length=200)
    enterprise_license_number = models.CharField(_("số giấy phép"), max_length=50)
    deadline = models.DateField(_("hạn đăng ký"))
    seats = models.PositiveIntegerField(_("chỉ tiêu"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PublishStatus.choices, default=PublishStatus.DRAFT
    )
    center = models.ForeignKey(
        EmploymentServiceCenter,
        verbose_name=_("trung tâm"),
        on_delete=models.PROTECT,
        related_name="overseas_programs",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chương trình đi làm việc ở nước ngoài")
        verbose_name_plural = _("chương trình đi làm việc ở nước ngoài")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_max__isnull=True) | Q(wage_max__gte=F("wage_min")),
                name="program_wage_range_ordered",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="program_seats_min_1"),
        ]

    def __str__(self) -> str:
        return self.name


class ProgramInterest(models.Model):
    """A worker's registration of interest in a program: the center calls them back."""

    class Status(models.TextChoices):
        INTERESTED = "interested", _("Đã đăng ký quan tâm")
        WITHDRAWN = "withdrawn", _("Đã rút")

    program = models.ForeignKey(
        OverseasProgram,
        verbose_name=_("chương trình"),
        on_delete=models.PROTECT,
        related_name="interests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lao động"),
        on_delete=models.PROTECT,
        related_name="program_interests",
    )
    phone = models.CharField(_("số điện thoại liên hệ"), max_length=20)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.INTERESTED
    )
    registered_at = models.DateTimeField(_("đăng ký lúc"))
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký quan tâm")
        verbose_name_plural = _("đăng ký quan tâm")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_interest_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.program_id}"
