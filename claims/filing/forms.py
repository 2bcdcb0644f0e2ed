"""The filing steps' forms: one question per page, each validating one part of a draft claim.

The web pages and the REST API validate through these same forms (claims.filing.services builds them
with `step_form`), so a rule written here holds everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.core.banks import bank_choices
from common.forms import AccessibleFormMixin
from common.provinces import PROVINCES
from eligibility.calculator.reasons import reason_choices
from identity.models import EmploymentServiceCenter

CONTRACT_TYPES = [
    ("indefinite", _("Hợp đồng không xác định thời hạn")),
    ("fixed_term", _("Hợp đồng xác định thời hạn")),
    ("seasonal", _("Hợp đồng mùa vụ hoặc dưới 12 tháng")),
]
#: The reason codes and the worker's words for them are defined once (calculator.reasons).
TERMINATION_REASONS = reason_choices(worker=True)
PAYMENT_METHODS = [
    ("bank", _("Chuyển vào tài khoản ngân hàng mang tên tôi")),
    ("cash", _("Nhận tiền mặt tại bưu điện")),
]
#: Date inputs show and take dd/mm/yyyy (as people write dates here); ISO is still accepted
#: (the API sends it).
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
#: Shown in date inputs: 30/10/2026.
DATE_DISPLAY = "%d/%m/%Y"
EARLIEST_TERMINATION = date(2000, 1, 1)

_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
_ACCOUNT = re.compile(r"^\d{6,19}$")
#: Vietnamese mobile numbers: 10 digits, 03x 05x 07x 08x 09x (after +84/84 became 0).
_MOBILE = re.compile(r"^0[35789]\d{8}$")


def name_key(name: str) -> str:
    """A name compared the way banks print it: no diacritics, upper case, single spaces."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.upper().split())


def phone_normalize(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


@dataclass(frozen=True)
class FilingContext:
    """What a step's form needs to know besides the answer: who files, what the record says."""

    full_name: str
    today: date
    #: The social-security record's view of the ended job (empty when there is none).
    record: dict[str, Any] = field(default_factory=dict)


class StepForm(AccessibleFormMixin, forms.Form):
    """A filing step: validated with the filing context, stored as JSON answers.

    `describe=False` leaves out the widgets' accessibility attributes (aria-describedby,
    aria-invalid): for a form that is only validated, never drawn (the one-call filing API).
    """

    def __init__(
        self, *args: Any, context: FilingContext, describe: bool = True, **kwargs: Any
    ) -> None:
        self.context = context
        self.describe = describe
        super().__init__(*args, **kwargs)

    def setup_fields(self) -> None:
        """Set choices that come from the database (before anything validates)."""

    def _describe_fields(self, errors: dict[str, Any]) -> None:
        # Database choices must be in place before the widgets are described (the first call
        # comes from AccessibleFormMixin.__init__), so they are set here, the first time round.
        if not getattr(self, "_fields_ready", False):
            self._fields_ready = True
            self.setup_fields()
        if not self.describe:
            return
        super()._describe_fields(errors)
        # A radio group is described by its fieldset (templates/claims/filing/_field.html),
        # not by each button pointing at ids that only exist for single inputs.
        for form_field in self.fields.values():
            if isinstance(form_field.widget, forms.RadioSelect):
                form_field.widget.attrs.pop("aria-describedby", None)

    def answers(self) -> dict[str, Any]:
        """The cleaned data as JSON values (dates as ISO strings)."""
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name in getattr(self, "not_stored", ()):
                continue
            out[name] = value.isoformat() if isinstance(value, date) else value
        return out


class JobForm(StepForm):
    employer_name = forms.CharField(
        label=_("Tên đơn vị (công ty) nơi bạn làm việc"), max_length=300
    )
    employer_tax_code = forms.CharField(
        label=_("Mã số thuế của đơn vị"),
        max_length=14,
        help_text=_("10 chữ số, hoặc 10 chữ số, gạch ngang và 3 chữ số (ví dụ 2300987654)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contract_type = forms.ChoiceField(
        label=_("Loại hợp đồng lao động"), choices=CONTRACT_TYPES, widget=forms.RadioSelect
    )
    termination_date = forms.DateField(
        label=_("Ngày làm việc cuối cùng (ngày chấm dứt hợp đồng)"),
        input_formats=DATE_FORMATS,
        help_text=_("Ghi theo quyết định thôi việc, ví dụ 30/10/2026."),
        widget=forms.DateInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input--width-12"},
            format=DATE_DISPLAY,
        ),
    )
    termination_reason = forms.ChoiceField(
        label=_("Lý do chấm dứt hợp đồng"), choices=[("", _("Chọn lý do")), *TERMINATION_REASONS]
    )
    correction_reason = forms.CharField(
        label=_("Vì sao thông tin của bạn khác với dữ liệu bảo hiểm xã hội?"),
        required=False,
        max_length=2000,
        help_text=_(
            "Chỉ cần điền nếu bạn đã sửa thông tin được điền sẵn từ dữ liệu bảo hiểm xã hội."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_employer_name(self) -> str:
        return " ".join(self.cleaned_data["employer_name"].split())

    def clean_employer_tax_code(self) -> str:
        value = self.cleaned_data["employer_tax_code"].strip().replace(" ", "")
        if not _TAX_CODE.match(value):
            raise forms.ValidationError(
                _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số.")
            )
        return value

    def clean_termination_date(self) -> date:
        value: date = self.cleaned_data["termination_date"]
        if value > self.context.today:
            raise forms.ValidationError(
                _(
                    "Ngày chấm dứt hợp đồng không thể sau ngày hôm nay. Nếu hợp đồng chưa chấm dứt, bạn chưa thể nộp hồ sơ."
                )
            )
        if value < EARLIEST_TERMINATION:
            raise forms.ValidationError(_("Ngày chấm dứt hợp đồng phải từ năm 2000 trở lại đây."))
        return value

    def differs_from_record(self) -> list[str]:
        """The fields whose answer is not what the social-security record says."""
        record = self.context.record
        if not record:
            return []
        changed = []
        for name in (
            "employer_tax_code",
            "contract_type",
            "termination_date",
            "termination_reason",
        ):
            answer = self.cleaned_data.get(name)
            if isinstance(answer, date):
                answer = answer.isoformat()
            if answer is not None and record.get(name) and answer != record[name]:
                changed.append(name)
        return changed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reason = (cleaned.get("correction_reason") or "").strip()
        cleaned["correction_reason"] = reason
        if self.differs_from_record() and not reason:
            self.add_error(
                "correction_reason",
                _("Bạn đã sửa thông tin khác với dữ liệu bảo hiểm xã hội: hãy cho biết lý do."),
            )
        return cleaned


class CenterForm(StepForm):
    province_code = forms.ChoiceField(
        label=_("Bạn muốn nộp hồ sơ tại trung tâm dịch vụ việc làm của tỉnh, thành phố nào?"),
        help_text=_("Thường là nơi bạn làm việc hoặc nơi bạn đang sống."),
    )

    def setup_fields(self) -> None:
        # Kept: the chosen center is one of these rows (chosen_center), not read again. The
        # rows stay tuples of every column (the same SELECT as the model's): only the chosen
        # one becomes an instance, not the 63 centers each filing offers (issue 11: the center
        # step's form, built and validated, 1,752 -> 1,339 function calls).
        centers = EmploymentServiceCenter.objects.order_by("province_code")
        self._center_db = centers.db
        self._center_columns = [f.attname for f in EmploymentServiceCenter._meta.concrete_fields]
        code_at = self._center_columns.index("province_code")
        name_at = self._center_columns.index("name")
        self.centers = {row[code_at]: row for row in centers.values_list(*self._center_columns)}
        names = dict(PROVINCES)
        field = cast(forms.ChoiceField, self.fields["province_code"])
        field.choices = [("", _("Chọn tỉnh, thành phố"))] + [
            (code, f"{names.get(code, code)} — {row[name_at]}")
            for code, row in self.centers.items()
        ]

    def chosen_center(self) -> EmploymentServiceCenter:
        """The center of the valid answer (its choices are the centers), as the queryset would
        have built it (from_db: a saved row of the database it was read from)."""
        row = self.centers[self.cleaned_data["province_code"]]
        return EmploymentServiceCenter.from_db(self._center_db, self._center_columns, row)


class PaymentForm(StepForm):
    method = forms.ChoiceField(
        label=_("Bạn muốn nhận trợ cấp bằng cách nào?"),
        choices=PAYMENT_METHODS,
        widget=forms.RadioSelect,
    )
    bank_code = forms.ChoiceField(label=_("Ngân hàng"), required=False)
    account_number = forms.CharField(
        label=_("Số tài khoản"),
        required=False,
        max_length=40,
        help_text=_("Chỉ gồm chữ số, từ 6 đến 19 số."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    account_holder = forms.CharField(
        label=_("Tên chủ tài khoản"),
        required=False,
        max_length=200,
        help_text=_("Như in trên thẻ, ví dụ NGUYEN VAN A. Tài khoản phải mang tên bạn."),
    )
    cash_province = forms.ChoiceField(
        label=_("Nhận tiền mặt tại bưu điện của tỉnh, thành phố"),
        required=False,
        choices=[("", _("Chọn tỉnh, thành phố")), *PROVINCES],
    )

    def setup_fields(self) -> None:
        field = cast(forms.ChoiceField, self.fields["bank_code"])
        field.choices = [("", _("Chọn ngân hàng")), *bank_choices()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        method = cleaned.get("method")
        if method == "bank":
            if not cleaned.get("bank_code"):
                self.add_error("bank_code", _("Hãy chọn ngân hàng."))
            number = re.sub(r"[\s.\-]", "", cleaned.get("account_number") or "")
            if not number:
                self.add_error("account_number", _("Hãy nhập số tài khoản."))
            elif not _ACCOUNT.match(number):
                self.add_error("account_number", _("Số tài khoản chỉ gồm chữ số, từ 6 đến 19 số."))
            cleaned["account_number"] = number
            holder = " ".join((cleaned.get("account_holder") or "").split())
            if not holder:
                self.add_error("account_holder", _("Hãy nhập tên chủ tài khoản."))
            elif name_key(holder) != name_key(self.context.full_name):
                self.add_error(
                    "account_holder",
                    _("Tên chủ tài khoản phải trùng với tên của bạn trên VNeID (%(name)s).")
                    % {"name": self.context.full_name},
                )
            cleaned["account_holder"] = holder.upper()
            cleaned["cash_province"] = ""
        elif method == "cash":
            if not cleaned.get("cash_province"):
                self.add_error("cash_province", _("Hãy chọn tỉnh, thành phố nơi bạn nhận tiền."))
            cleaned.update(bank_code="", account_number="", account_holder="")
        return cleaned


class ContactForm(StepForm):
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        help_text=_("Ví dụ 0912345678. Trung tâm gọi hoặc nhắn tin vào số này."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Địa chỉ e-mail (không bắt buộc)"),
        required=False,
        max_length=254,
        help_text=_("Chúng tôi gửi thông báo về hồ sơ vào địa chỉ này."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_phone(self) -> str:
        value = phone_normalize(self.cleaned_data["phone"])
        if not _MOBILE.match(value):
            raise forms.ValidationError(
                _("Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.")
            )
        return value


class DocumentsForm(StepForm):
    """Files are attached one request at a time (claims.filing.services.draft_document_add)."""

    not_stored = ("termination_proof", "supporting")
    termination_proof = forms.FileField(
        label=_("Quyết định thôi việc hoặc giấy tờ chứng minh hợp đồng đã chấm dứt"),
        required=False,
        help_text=_("Bắt buộc. Tệp PDF, JPG hoặc PNG, tối đa 10 MB. Có thể chụp bằng điện thoại."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    supporting = forms.FileField(
        label=_("Giấy tờ khác (không bắt buộc)"),
        required=False,
        help_text=_(
            "Ví dụ hợp đồng lao động, sổ bảo hiểm xã hội. PDF, JPG hoặc PNG, tối đa 10 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class DeclarationForm(StepForm):
    truthful = forms.BooleanField(
        label=_(
            "Tôi cam đoan những thông tin đã khai là đúng sự thật. Tôi biết rằng khai sai để "
            "hưởng trợ cấp thì phải trả lại tiền và có thể bị xử phạt."
        ),
        error_messages={"required": _("Hãy đánh dấu để cam đoan thông tin là đúng.")},
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để trung tâm dịch vụ việc làm và cơ quan bảo hiểm xã hội sử dụng thông "
            "tin cá nhân của tôi để giải quyết hồ sơ này (Nghị định 13/2023/NĐ-CP)."
        ),
        error_messages={
            "required": _("Hãy đánh dấu đồng ý để trung tâm có thể xử lý hồ sơ của bạn.")
        },
    )


@dataclass(frozen=True)
class Step:
    key: str
    title: Any
    form_class: type[StepForm]


STEPS: tuple[Step, ...] = (
    Step("job", _("Công việc đã chấm dứt"), JobForm),
    Step("center", _("Nơi nộp hồ sơ"), CenterForm),
    Step("payment", _("Cách nhận tiền"), PaymentForm),
    Step("contact", _("Thông tin liên hệ"), ContactForm),
    Step("documents", _("Giấy tờ"), DocumentsForm),
    Step("declaration", _("Cam đoan và đồng ý"), DeclarationForm),
)
STEP_KEYS: tuple[str, ...] = tuple(s.key for s in STEPS)
STEPS_BY_KEY: dict[str, Step] = {s.key: s for s in STEPS}
#: The page after the last step: check your answers, see the estimate, submit.
CHECK = "check"


def step_form(
    step: str,
    *,
    context: FilingContext,
    data: Any = None,
    files: Any = None,
    initial: dict[str, Any] | None = None,
    describe: bool = True,
) -> StepForm:
    """The form of `step`, bound when `data` is given (KeyError for an unknown step);
    describe=False for a form only validated, never drawn (StepForm)."""
    form_class = STEPS_BY_KEY[step].form_class
    return form_class(
        data=data, files=files, initial=initial or {}, context=context, describe=describe
    )


#: Files one reply to an information request may carry.
MAX_REPLY_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets the person pick several files at once (Django's documented way)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: cleans each, returns a list (empty when none was chosen)."""

    def __init__(self, *args: Any, max_files: int, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Mỗi lần gửi tối đa %(count)s tệp.") % {"count": self.max_files}
            )
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class InfoReplyForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Trả lời của bạn"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Trả lời yêu cầu của trung tâm. Có thể đính kèm giấy tờ bên dưới."),
    )
    attachments = MultipleFileField(
        label=_("Giấy tờ bổ sung (không bắt buộc)"),
        required=False,
        max_files=MAX_REPLY_FILES,
        help_text=_(
            "Có thể chọn nhiều tệp cùng lúc (tối đa 5). Mỗi tệp PDF, JPG hoặc PNG, tối đa 10 MB."
        ),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class WithdrawForm(AccessibleFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("Tôi hiểu rằng sau khi rút, hồ sơ này sẽ không được xem xét nữa."),
        error_messages={"required": _("Hãy đánh dấu để xác nhận bạn muốn rút hồ sơ.")},
    )
    reason = forms.CharField(
        label=_("Lý do rút hồ sơ (không bắt buộc)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
