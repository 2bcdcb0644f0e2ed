"""The public verification form: a decision's number, the code under its QR, an optional PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.decisions.services import CODE_LENGTH, code_normalize, number_normalize
from common.forms import AccessibleFormMixin

MAX_UPLOAD = 10 * 1024 * 1024


class VerifyForm(AccessibleFormMixin, forms.Form):
    so = forms.CharField(
        label=_("Số quyết định"),
        help_text=_("Như in trên quyết định, ví dụ 123/QĐ-TTDVVL."),
        max_length=60,
        error_messages={"required": _("Hãy nhập số quyết định.")},
    )
    ma = forms.CharField(
        label=_("Mã tra cứu"),
        help_text=_("10 ký tự in dưới mã QR, ví dụ ABCDE-FGHJK."),
        max_length=40,
        error_messages={"required": _("Hãy nhập mã tra cứu in dưới mã QR.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    tep = forms.FileField(
        label=_("Tệp quyết định (PDF, không bắt buộc)"),
        help_text=_("Chọn tệp để kiểm tra tệp có đúng là bản đã ban hành và chữ ký số hợp lệ."),
        required=False,
    )

    def clean_so(self) -> str:
        value = number_normalize(self.cleaned_data.get("so", ""))
        if "/" not in value:
            raise forms.ValidationError(_("Số quyết định có dạng 123/QĐ-TTDVVL."))
        return value

    def clean_ma(self) -> str:
        value = code_normalize(self.cleaned_data.get("ma", ""))
        if len(value) != CODE_LENGTH:
            raise forms.ValidationError(_("Mã tra cứu gồm 10 chữ và số, in dưới mã QR."))
        return value

    def clean_tep(self) -> Any:
        upload = self.cleaned_data.get("tep")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn quá 10 MB: đây không phải tệp quyết định."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(
                _("Tệp này không phải PDF. Hãy chọn tệp quyết định (.pdf).")
            )
        return upload
