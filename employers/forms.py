"""Employers' forms: a notice, an uploaded list, one worker's row, a colleague."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.formatting import ascii_digits
from common.forms import AccessibleFormMixin
from employers.models import LayoffReason
from employers.rows import FIELD_LABELS, LAYOFF_REASON_CODES, MAX_FILE_BYTES, layoff_reason_labels

_DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


class NoticeForm(AccessibleFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Lý do cắt giảm lao động"),
        choices=LayoffReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn lý do cắt giảm lao động.")},
    )
    planned_termination_date = forms.DateField(
        label=_("Ngày dự kiến chấm dứt hợp đồng"),
        help_text=_(
            "Ví dụ 30/11/2026. Pháp luật yêu cầu báo trước ít nhất 30 ngày (Điều 42.6 Bộ luật "
            "Lao động 2019); từng người có thể có ngày khác trong danh sách."
        ),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs=_DATE_INPUT),
        error_messages={
            "required": _("Nhập ngày dự kiến chấm dứt hợp đồng."),
            "invalid": _("Ngày phải có dạng ngày/tháng/năm, ví dụ 30/11/2026."),
        },
    )
    note = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        help_text=_("Ví dụ: số phương án sử dụng lao động, ngày thông báo cho UBND cấp tỉnh."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_planned_termination_date(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["planned_termination_date"]
        today = timezone.localdate()
        if value < today - timedelta(days=60) or value > today + timedelta(days=366):
            raise forms.ValidationError(
                _("Ngày dự kiến phải trong khoảng 60 ngày trước đến một năm sau hôm nay.")
            )
        return value


class UploadForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (CSV hoặc XLSX)"),
        help_text=_("Dùng tệp mẫu. Tối đa 5 MB và 10.000 người."),
        error_messages={
            "required": _("Chọn tệp danh sách để tải lên."),
            "empty": _("Tệp trống. Hãy chọn tệp danh sách đã điền."),
            "invalid": _("Không đọc được tệp. Hãy chọn lại tệp."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB. Hãy chia danh sách thành nhiều tệp."))
        return upload


class WorkerRowForm(AccessibleFormMixin, forms.Form):
    """One row, typed: the values stay text, checked by employers.rows and the store."""

    personal_id = forms.CharField(
        label=FIELD_LABELS["personal_id"],
        help_text=_("12 chữ số, in trên thẻ căn cước."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=FIELD_LABELS["full_name"], max_length=200, required=False)
    termination_date = forms.CharField(
        label=FIELD_LABELS["termination_date"],
        help_text=_("Ví dụ 30/11/2026."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs=_DATE_INPUT),
    )
    reason_code = forms.ChoiceField(
        label=FIELD_LABELS["reason_code"],
        required=False,
        choices=[],
    )
    last_salary = forms.CharField(
        label=FIELD_LABELS["last_salary"],
        help_text=_("Số đồng, ví dụ 7500000."),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, row_errors: dict[str, str] | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", _("Chọn lý do"))] + [
            (code, f"{code} — {label}") for code, label in layoff_reason_labels()
        ]
        typed = str((self.initial or {}).get("reason_code", "") or "")
        if typed and typed not in LAYOFF_REASON_CODES:
            choices.append((typed, typed))  # what the file held, so it shows with its error
        self.fields["reason_code"].choices = choices  # type: ignore[attr-defined]
        self.row_errors = row_errors or {}

    def add_row_errors(self, errors: dict[str, str]) -> None:
        """Put the list check's messages next to their fields (the page's error summary)."""
        for field, message in errors.items():
            if field.startswith("_"):
                continue
            if field in self.fields:
                self.add_error(field, message)
            else:
                self.add_error(None, message)


class ColleagueForm(AccessibleFormMixin, forms.Form):
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân"),
        help_text=_("12 chữ số. Người này đăng nhập bằng tài khoản VNeID của chính họ."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Nhập số định danh cá nhân.")},
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        error_messages={"required": _("Nhập họ và tên.")},
    )

    def clean_personal_id(self) -> str:
        value = "".join(self.cleaned_data["personal_id"].split())
        if not (len(value) == 12 and ascii_digits(value)):
            raise forms.ValidationError(_("Số định danh cá nhân gồm đúng 12 chữ số."))
        return value
