"""The catalogue's search form (a phone's filters) and the center's course and institution forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import AccessibleFormMixin
from common.provinces import PROVINCES
from training.catalogue.models import Course, Institution

QUERY_MAX = 100


class CourseSearchForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Tìm khóa học"),
        help_text=_(
            "Ví dụ: kỹ năng số, tiếng Hàn, may công nghiệp. Gõ có dấu hay không dấu đều được."
        ),
        required=False,
        max_length=QUERY_MAX,
        error_messages={"max_length": _("Từ khóa dài quá %(limit_value)d ký tự.")},
    )
    field = forms.ChoiceField(
        label=_("Ngành nghề"),
        required=False,
        choices=[("", _("Tất cả ngành nghề")), *Course.Field.choices],
        error_messages={"invalid_choice": _("Chọn một ngành nghề trong danh sách.")},
    )
    province = forms.ChoiceField(
        label=_("Tỉnh, thành phố"),
        required=False,
        choices=[("", _("Tất cả tỉnh, thành phố")), *PROVINCES],
        error_messages={"invalid_choice": _("Chọn một tỉnh, thành phố trong danh sách.")},
    )
    mode = forms.ChoiceField(
        label=_("Hình thức học"),
        required=False,
        choices=[
            ("", _("Trực tiếp và trực tuyến")),
            ("in_person", _("Học trực tiếp")),
            ("online", _("Học trực tuyến")),
        ],
        error_messages={"invalid_choice": _("Chọn hình thức học trong danh sách.")},
    )
    start_from = forms.DateField(
        label=_("Khai giảng từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/01/2027.")},
    )


class InstitutionForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = [
            "name",
            "code",
            "province_code",
            "address",
            "license_number",
            "phone",
            "email",
            "active",
        ]
        error_messages = {
            "name": {"required": _("Nhập tên cơ sở đào tạo.")},
            "code": {
                "required": _("Nhập mã cơ sở đào tạo."),
                "invalid": _("Mã chỉ gồm chữ không dấu, số và dấu gạch ngang."),
                "unique": _("Đã có cơ sở đào tạo với mã này."),
            },
            "province_code": {"required": _("Chọn tỉnh, thành phố.")},
            "address": {"required": _("Nhập địa chỉ.")},
            "license_number": {"required": _("Nhập số giấy chứng nhận đăng ký hoạt động.")},
            "email": {"invalid": _("Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@truong.edu.vn.")},
        }

    def __init__(self, *args: Any, provinces: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if provinces is not None:
            field = self.fields["province_code"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - a choices field
            field.choices = [(c, n) for c, n in PROVINCES if c in provinces]


class CourseForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "institution",
            "title",
            "field",
            "level",
            "province_code",
            "address",
            "online",
            "start_date",
            "duration_months",
            "seats",
            "tuition",
            "schedule",
            "description",
            "active",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "institution": {
                "required": _("Chọn cơ sở đào tạo."),
                "invalid_choice": _("Chọn cơ sở đào tạo trong danh sách."),
            },
            "title": {"required": _("Nhập tên khóa học.")},
            "field": {"required": _("Chọn ngành nghề.")},
            "level": {"required": _("Chọn trình độ.")},
            "province_code": {"required": _("Chọn tỉnh, thành phố.")},
            "start_date": {
                "required": _("Nhập ngày khai giảng."),
                "invalid": _("Nhập ngày theo dạng ngày/tháng/năm."),
            },
            "duration_months": {
                "required": _("Nhập thời gian đào tạo (tháng)."),
                "invalid": _("Thời gian đào tạo là một số tháng."),
            },
            "seats": {"required": _("Nhập số chỗ."), "invalid": _("Số chỗ là một số.")},
            "tuition": {
                "required": _("Nhập học phí (đồng), 0 nếu miễn phí."),
                "invalid": _("Học phí là một số đồng, không có dấu chấm."),
            },
        }

    def __init__(self, *args: Any, institutions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]  # type: ignore[attr-defined]
        if institutions is not None:
            self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("online") and not (data.get("address") or "").strip():
            self.add_error("address", _("Nhập địa điểm học, hoặc chọn học trực tuyến."))
        return data
