"""The catalogue's forms: a worker's filters and registrations, an employer's or a center's
vacancy, a center's fair, fair employer and overseas program.

Every message is the user's language; a form that does not validate changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.formatting import ascii_digits
from common.forms import AccessibleFormMixin
from common.provinces import PROVINCES
from jobs.catalogue.models import (
    ContractType,
    Country,
    JobFair,
    OverseasProgram,
    Sector,
    Vacancy,
)

_DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
_DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
_DATE_ERRORS = {"invalid": _("Ngày phải có dạng ngày/tháng/năm, ví dụ 30/11/2026.")}
_MONEY_INPUT = {"inputmode": "numeric", "autocomplete": "off"}
#: The most a monthly wage field takes (dong): far above any wage, below the column's limit.
MAX_WAGE = 1_000_000_000
#: A deadline or a fair at most this far ahead.
MAX_AHEAD = timedelta(days=366)
_PHONE_HELP = _("Số điện thoại di động, ví dụ 0912345678.")


def _date_field(label: Any, required_message: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text or _("Ví dụ 30/11/2026."),
        input_formats=_DATE_FORMATS,
        widget=forms.TextInput(attrs=_DATE_INPUT),
        error_messages={**_DATE_ERRORS, "required": required_message},
    )


def _money_field(label: Any, *, required: bool, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        max_value=MAX_WAGE,
        widget=forms.TextInput(attrs=_MONEY_INPUT),
        error_messages={
            "required": _("Nhập %(label)s.") % {"label": str(label).lower()},
            "invalid": _("Chỉ nhập số, không có dấu chấm hay chữ, ví dụ 8000000."),
            "min_value": _("Số tiền không được âm."),
            "max_value": _("Số tiền quá lớn."),
        },
    )


def _not_past_nor_far(value: Any) -> Any:
    today = timezone.localdate()
    if value < today:
        raise forms.ValidationError(_("Ngày này đã qua: hãy chọn một ngày từ hôm nay trở đi."))
    if value > today + MAX_AHEAD:
        raise forms.ValidationError(_("Ngày phải trong vòng một năm tới."))
    return value


class PhoneField(forms.CharField):
    """A Vietnamese phone number: 10 digits starting with 0 (or +84), kept as 0xxxxxxxxx."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Số điện thoại liên hệ"))
        kwargs.setdefault("help_text", _PHONE_HELP)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "error_messages", {"required": _("Nhập số điện thoại để được liên hệ lại.")}
        )
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        if not (len(digits) == 10 and ascii_digits(digits) and digits.startswith("0")):
            raise forms.ValidationError(
                _("Số điện thoại gồm 10 chữ số và bắt đầu bằng 0, ví dụ 0912345678.")
            )
        return digits


# --- The worker's -------------------------------------------------------------------------


class VacancyFilterForm(AccessibleFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Tìm theo từ khóa"),
        help_text=_("Ví dụ: công nhân may, lắp ráp điện tử, lái xe nâng."),
        required=False,
        max_length=100,
    )
    province = forms.ChoiceField(
        label=_("Tỉnh/thành phố"),
        choices=[("", _("Tất cả")), *PROVINCES],
        required=False,
    )
    sector = forms.ChoiceField(
        label=_("Ngành"), choices=[("", _("Tất cả")), *Sector.choices], required=False
    )
    wage_from = forms.IntegerField(
        label=_("Lương từ (đồng/tháng)"),
        required=False,
        min_value=0,
        max_value=MAX_WAGE,
        widget=forms.TextInput(attrs=_MONEY_INPUT),
        error_messages={
            "invalid": _("Chỉ nhập số, không có dấu chấm hay chữ, ví dụ 8000000."),
            "min_value": _("Số tiền không được âm."),
            "max_value": _("Số tiền quá lớn."),
        },
    )
    deadline_from = forms.DateField(
        label=_("Còn nhận hồ sơ đến ít nhất ngày"),
        help_text=_("Ví dụ 30/11/2026."),
        required=False,
        input_formats=_DATE_FORMATS,
        widget=forms.TextInput(attrs=_DATE_INPUT),
        error_messages=_DATE_ERRORS,
    )


class ProgramFilterForm(AccessibleFormMixin, forms.Form):
    country = forms.ChoiceField(
        label=_("Nước đến làm việc"),
        choices=[("", _("Tất cả")), *Country.choices],
        required=False,
    )
    sector = forms.ChoiceField(
        label=_("Ngành"), choices=[("", _("Tất cả")), *Sector.choices], required=False
    )


class PhoneForm(AccessibleFormMixin, forms.Form):
    """A fair registration: the phone on which the center confirms the seat."""

    phone = PhoneField()


class ApplicationForm(AccessibleFormMixin, forms.Form):
    phone = PhoneField()
    message = forms.CharField(
        label=_("Lời nhắn cho nhà tuyển dụng (không bắt buộc)"),
        help_text=_("Ví dụ: kinh nghiệm của bạn, thời gian có thể bắt đầu làm."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Lời nhắn tối đa 1.000 ký tự.")},
    )


class InterestForm(AccessibleFormMixin, forms.Form):
    phone = PhoneField()
    note = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        help_text=_("Ví dụ: bạn đã học tiếng Hàn hay tiếng Nhật chưa, khi nào gọi được."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Ghi chú tối đa 1.000 ký tự.")},
    )


# --- Posting: vacancies, fairs, programs --------------------------------------------------


class VacancyForm(AccessibleFormMixin, forms.ModelForm):
    """The vacancy, as an employer posts it (center staff also name the employer)."""

    wage_min = _money_field(
        _("Lương từ (đồng/tháng)"), required=True, help_text=_("Ví dụ 7000000.")
    )
    wage_max = _money_field(
        _("Lương đến (đồng/tháng)"),
        required=False,
        help_text=_("Để trống nếu là “từ … trở lên”."),
    )
    deadline = _date_field(_("Hạn nộp hồ sơ"), _("Nhập hạn nộp hồ sơ."))
    positions = forms.IntegerField(
        label=_("Số lượng cần tuyển"),
        min_value=1,
        max_value=100_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Nhập số lượng cần tuyển."),
            "invalid": _("Số lượng là một số nguyên, ví dụ 50."),
            "min_value": _("Cần tuyển ít nhất 1 người."),
            "max_value": _("Số lượng quá lớn."),
        },
    )

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "occupation",
            "sector",
            "contract_type",
            "positions",
            "wage_min",
            "wage_max",
            "province_code",
            "address",
            "requirements",
            "benefits",
            "deadline",
        ]
        widgets = {
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("Ví dụ: Công nhân lắp ráp linh kiện điện tử."),
            "occupation": _("Nghề theo cách người lao động gọi, ví dụ: công nhân may."),
            "address": _("Ví dụ: KCN Yên Phong, xã Yên Phong, tỉnh Bắc Ninh."),
            "requirements": _("Tuổi, trình độ, kinh nghiệm, sức khỏe…"),
            "benefits": _("Bảo hiểm, phụ cấp, xe đưa đón, ký túc xá…"),
        }
        error_messages = {
            "title": {"required": _("Nhập vị trí tuyển dụng.")},
            "occupation": {"required": _("Nhập nghề.")},
            "sector": {"required": _("Chọn ngành.")},
            "contract_type": {"required": _("Chọn loại hợp đồng.")},
            "province_code": {"required": _("Chọn tỉnh/thành phố nơi làm việc.")},
            "address": {"required": _("Nhập nơi làm việc.")},
            "requirements": {"required": _("Nhập yêu cầu đối với người lao động.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["sector"]).choices = [("", _("Chọn ngành")), *Sector.choices]
        cast(Any, self.fields["contract_type"]).choices = [
            ("", _("Chọn loại hợp đồng")),
            *ContractType.choices,
        ]
        cast(Any, self.fields["province_code"]).choices = [
            ("", _("Chọn tỉnh/thành phố")),
            *PROVINCES,
        ]

    def clean_deadline(self) -> Any:
        return _not_past_nor_far(self.cleaned_data["deadline"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("wage_min"), data.get("wage_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "wage_max", _("Mức lương tối đa phải lớn hơn hoặc bằng mức lương tối thiểu.")
            )
        return data

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CenterVacancyForm(VacancyForm):
    """Center staff post for an employer: its name, and its tax code when it has one."""

    employer_name = forms.CharField(
        label=_("Tên nhà tuyển dụng"),
        max_length=200,
        error_messages={"required": _("Nhập tên nhà tuyển dụng.")},
    )
    employer_tax_code = forms.CharField(
        label=_("Mã số thuế (không bắt buộc)"),
        help_text=_("10 hoặc 13 chữ số; để trống với hộ kinh doanh nhỏ không có mã số thuế."),
        required=False,
        max_length=14,
    )

    field_order = ["employer_name", "employer_tax_code"]

    def clean_employer_tax_code(self) -> str:
        value = "".join(self.cleaned_data.get("employer_tax_code", "").split()).replace("-", "")
        if value and not (ascii_digits(value) and len(value) in (10, 13)):
            raise forms.ValidationError(_("Mã số thuế gồm 10 hoặc 13 chữ số."))
        return value


class FairForm(AccessibleFormMixin, forms.ModelForm):
    date = _date_field(_("Ngày tổ chức"), _("Nhập ngày tổ chức."))
    capacity = forms.IntegerField(
        label=_("Số chỗ cho người lao động"),
        min_value=1,
        max_value=100_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Nhập số chỗ."),
            "invalid": _("Số chỗ là một số nguyên, ví dụ 300."),
            "min_value": _("Cần ít nhất 1 chỗ."),
            "max_value": _("Số chỗ quá lớn."),
        },
    )

    class Meta:
        model = JobFair
        fields = [
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "address",
            "province_code",
            "capacity",
            "description",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"placeholder": "08:00", "inputmode": "numeric"}),
            "end_time": forms.TimeInput(attrs={"placeholder": "11:30", "inputmode": "numeric"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"start_time": _("Ví dụ 08:00."), "end_time": _("Ví dụ 11:30.")}
        error_messages = {
            "title": {"required": _("Nhập tên phiên giao dịch việc làm.")},
            "start_time": {
                "required": _("Nhập giờ bắt đầu."),
                "invalid": _("Giờ có dạng giờ:phút, ví dụ 08:00."),
            },
            "end_time": {
                "required": _("Nhập giờ kết thúc."),
                "invalid": _("Giờ có dạng giờ:phút, ví dụ 11:30."),
            },
            "place": {"required": _("Nhập địa điểm.")},
            "address": {"required": _("Nhập địa chỉ.")},
            "province_code": {"required": _("Chọn tỉnh/thành phố.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["province_code"]).choices = [
            ("", _("Chọn tỉnh/thành phố")),
            *PROVINCES,
        ]

    def clean_date(self) -> Any:
        return _not_past_nor_far(self.cleaned_data["date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error("end_time", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FairEmployerForm(AccessibleFormMixin, forms.Form):
    employer_name = forms.CharField(
        label=_("Tên doanh nghiệp"),
        max_length=200,
        error_messages={"required": _("Nhập tên doanh nghiệp.")},
    )
    employer_tax_code = forms.CharField(
        label=_("Mã số thuế (không bắt buộc)"),
        help_text=_("10 hoặc 13 chữ số: doanh nghiệp sẽ thấy hội chợ trong trang tuyển dụng."),
        required=False,
        max_length=14,
    )
    booth = forms.CharField(label=_("Gian hàng (không bắt buộc)"), required=False, max_length=20)
    vacancies = forms.ModelMultipleChoiceField(
        label=_("Tin tuyển dụng mang đến hội chợ"),
        queryset=Vacancy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, vacancies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if vacancies is not None:
            cast(Any, self.fields["vacancies"]).queryset = vacancies

    def clean_employer_tax_code(self) -> str:
        value = "".join(self.cleaned_data.get("employer_tax_code", "").split()).replace("-", "")
        if value and not (ascii_digits(value) and len(value) in (10, 13)):
            raise forms.ValidationError(_("Mã số thuế gồm 10 hoặc 13 chữ số."))
        return value


class ProgramForm(AccessibleFormMixin, forms.ModelForm):
    wage_min = _money_field(_("Lương từ (ngoại tệ/tháng)"), required=True)
    wage_max = _money_field(_("Lương đến (ngoại tệ/tháng)"), required=False)
    wage_min_dong = _money_field(_("Lương từ, quy đổi (đồng/tháng)"), required=True)
    wage_max_dong = _money_field(_("Lương đến, quy đổi (đồng/tháng)"), required=False)
    cost_total_dong = _money_field(_("Tổng chi phí (đồng, không bắt buộc)"), required=False)
    loan_max_dong = _money_field(_("Mức vay tối đa (đồng, không bắt buộc)"), required=False)
    deadline = _date_field(_("Hạn đăng ký"), _("Nhập hạn đăng ký."))
    seats = forms.IntegerField(
        label=_("Chỉ tiêu"),
        min_value=1,
        max_value=100_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Nhập chỉ tiêu."),
            "invalid": _("Chỉ tiêu là một số nguyên, ví dụ 100."),
            "min_value": _("Chỉ tiêu ít nhất là 1."),
            "max_value": _("Chỉ tiêu quá lớn."),
        },
    )

    class Meta:
        model = OverseasProgram
        fields = [
            "name",
            "country",
            "sector",
            "description",
            "wage_currency",
            "wage_min",
            "wage_max",
            "wage_min_dong",
            "wage_max_dong",
            "wage_note",
            "language_requirement",
            "costs",
            "cost_total_dong",
            "loans",
            "loan_max_dong",
            "pre_departure_training",
            "training_course",
            "enterprise_name",
            "enterprise_license_number",
            "deadline",
            "seats",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "language_requirement": forms.Textarea(attrs={"rows": 3}),
            "costs": forms.Textarea(attrs={"rows": 3}),
            "loans": forms.Textarea(attrs={"rows": 3}),
            "pre_departure_training": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "wage_currency": _("Mã tiền tệ 3 chữ cái, ví dụ KRW, JPY, USD."),
            "wage_note": _("Ví dụ: quy đổi theo tỷ giá ngày 01/12/2026."),
            "enterprise_license_number": _(
                "Giấy phép hoạt động dịch vụ đưa người lao động đi làm việc ở nước ngoài."
            ),
        }
        error_messages = {
            "name": {"required": _("Nhập tên chương trình.")},
            "country": {"required": _("Chọn nước đến làm việc.")},
            "sector": {"required": _("Chọn ngành.")},
            "wage_currency": {"required": _("Nhập đơn vị tiền lương.")},
            "language_requirement": {"required": _("Nhập yêu cầu ngoại ngữ.")},
            "costs": {"required": _("Nhập chi phí người lao động phải trả.")},
            "pre_departure_training": {"required": _("Nhập nội dung đào tạo trước khi đi.")},
            "enterprise_name": {"required": _("Nhập đơn vị đưa người lao động đi.")},
            "enterprise_license_number": {"required": _("Nhập số giấy phép.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["country"]).choices = [("", _("Chọn nước")), *Country.choices]
        cast(Any, self.fields["sector"]).choices = [("", _("Chọn ngành")), *Sector.choices]
        self.fields["training_course"].required = False
        cast(Any, self.fields["training_course"]).empty_label = _("Không có")

    def clean_wage_currency(self) -> str:
        value = self.cleaned_data["wage_currency"].strip().upper()
        if not (len(value) == 3 and value.isalpha() and value.isascii()):
            raise forms.ValidationError(_("Mã tiền tệ gồm 3 chữ cái, ví dụ KRW."))
        return value

    def clean_deadline(self) -> Any:
        return _not_past_nor_far(self.cleaned_data["deadline"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for low, high in (("wage_min", "wage_max"), ("wage_min_dong", "wage_max_dong")):
            a, b = data.get(low), data.get(high)
            if a is not None and b is not None and b < a:
                self.add_error(high, _("Mức tối đa phải lớn hơn hoặc bằng mức tối thiểu."))
        return data

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
