"""training.catalogue models (gathered by training/models.py): the registered training
institutions and the courses they offer (issue #18, "a catalogue of courses")."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.provinces import PROVINCE_NAMES, PROVINCES
from common.textsearch import Searchable


class Institution(models.Model):
    """A training institution registered with the labour authority (cơ sở giáo dục nghề nghiệp)."""

    name = models.CharField(_("tên cơ sở đào tạo"), max_length=200)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    province_code = models.CharField(_("tỉnh/thành phố"), max_length=2, choices=PROVINCES)
    address = models.CharField(_("địa chỉ"), max_length=300)
    #: The registration of vocational-education activity (giấy chứng nhận đăng ký hoạt động GDNN).
    license_number = models.CharField(_("số giấy chứng nhận đăng ký hoạt động"), max_length=60)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("cơ sở đào tạo")
        verbose_name_plural = _("cơ sở đào tạo")

    def __str__(self) -> str:
        return self.name


class Course(Searchable):
    """A course an institution offers, with its start date, length, seats and tuition; its
    folded `search_text` (common.textsearch) finds "ky nang so" in "Kỹ năng số"."""

    class Field(models.TextChoices):
        DIGITAL_SKILLS = "digital_skills", _("Kỹ năng số, tin học")
        ELECTRONICS_ASSEMBLY = "electronics_assembly", _("Lắp ráp điện tử")
        TOURISM_HOSPITALITY = "tourism_hospitality", _("Du lịch, nhà hàng, khách sạn")
        GARMENT_TECHNOLOGY = "garment_technology", _("Công nghệ may")
        OVERSEAS_LANGUAGES = "overseas_languages", _("Ngoại ngữ đi làm việc ở nước ngoài")
        MECHANICS = "mechanics", _("Cơ khí, sửa chữa")
        LOGISTICS = "logistics", _("Logistics, kho vận")
        CARE = "care", _("Chăm sóc sức khỏe, điều dưỡng")
        AGRICULTURE = "agriculture", _("Nông nghiệp công nghệ cao")
        OTHER = "other", _("Ngành nghề khác")

    class Level(models.TextChoices):
        SHORT = "short", _("Đào tạo dưới 3 tháng")
        ELEMENTARY = "elementary", _("Sơ cấp")
        INTERMEDIATE = "intermediate", _("Trung cấp")
        COLLEGE = "college", _("Cao đẳng")

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("cơ sở đào tạo"),
    )
    title = models.CharField(_("tên khóa học"), max_length=200)
    field = models.CharField(_("ngành nghề"), max_length=24, choices=Field.choices)
    level = models.CharField(_("trình độ"), max_length=16, choices=Level.choices)
    province_code = models.CharField(_("tỉnh/thành phố"), max_length=2, choices=PROVINCES)
    address = models.CharField(_("địa điểm học"), max_length=300, blank=True)
    online = models.BooleanField(_("học trực tuyến"), default=False)
    start_date = models.DateField(_("ngày khai giảng"))
    duration_months = models.PositiveSmallIntegerField(
        _("thời gian đào tạo (tháng)"),
        validators=[
            MinValueValidator(1, message=_("Thời gian đào tạo ít nhất 1 tháng.")),
            MaxValueValidator(36, message=_("Thời gian đào tạo tối đa 36 tháng.")),
        ],
    )
    seats = models.PositiveIntegerField(
        _("số chỗ"), validators=[MinValueValidator(1, message=_("Số chỗ phải lớn hơn 0."))]
    )
    tuition = models.BigIntegerField(
        _("học phí cả khóa (đồng)"),
        validators=[MinValueValidator(0, message=_("Học phí không được âm."))],
    )
    schedule = models.CharField(_("lịch học"), max_length=200, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    active = models.BooleanField(_("đang tuyển sinh"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("khóa học")
        verbose_name_plural = _("khóa học")
        indexes = [
            models.Index(fields=["active", "start_date", "id"], name="course_catalogue_idx"),
            models.Index(fields=["active", "field", "province_code"], name="course_filter_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_months__gte=1), name="course_duration_positive"
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="course_seats_positive"),
            models.CheckConstraint(
                condition=models.Q(tuition__gte=0), name="course_tuition_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(online=True) | ~models.Q(address=""),
                name="course_address_unless_online",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def search_parts(self) -> list[str]:
        with translation.override("vi"):
            field = str(self.Field(self.field).label) if self.field in self.Field.values else ""
        return [
            self.title,
            self.institution.name,
            field,
            PROVINCE_NAMES.get(self.province_code, ""),
            self.address,
            self.description,
        ]
