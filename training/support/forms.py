"""The officer's proposal and the signer's return, checked here and again by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import AccessibleFormMixin
from training.support.models import TrainingApplication
from training.support.services import NOTE_MAX


class ProposalForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Đề xuất"),
        choices=TrainingApplication.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Chọn hỗ trợ hoặc không hỗ trợ."),
            "invalid_choice": _("Chọn hỗ trợ hoặc không hỗ trợ."),
        },
    )
    months = forms.IntegerField(
        label=_("Số tháng hỗ trợ"),
        required=False,
        min_value=1,
        max_value=6,
        error_messages={
            "invalid": _("Số tháng hỗ trợ là một số từ 1 đến 6."),
            "min_value": _("Số tháng hỗ trợ là một số từ 1 đến 6."),
            "max_value": _("Số tháng hỗ trợ là một số từ 1 đến 6."),
        },
    )
    tuition = forms.IntegerField(
        label=_("Học phí hỗ trợ (đồng)"),
        help_text=_("Không quá mức tối đa đã tính; để trống để dùng mức tối đa."),
        required=False,
        min_value=0,
        max_value=10**12,
        error_messages={
            "invalid": _("Học phí là một số đồng, không có dấu chấm."),
            "min_value": _("Học phí không được âm."),
            "max_value": _("Học phí quá lớn."),
        },
    )
    note = forms.CharField(
        label=_("Ý kiến của cán bộ (bắt buộc khi không hỗ trợ: người lao động sẽ đọc lý do này)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Ý kiến dài quá %(limit_value)d ký tự.")},
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if (
            data.get("outcome") == TrainingApplication.Outcome.REFUSE
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("Nhập lý do không hỗ trợ để người lao động được biết."))
        return data


class ReturnForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại cán bộ"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Nhập lý do trả lại để cán bộ biết cần xem lại gì."),
            "max_length": _("Lý do dài quá %(limit_value)d ký tự."),
        },
    )
