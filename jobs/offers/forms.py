"""The forms of job offers: the worker's refusal, the officer's offer and judgement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import AccessibleFormMixin
from jobs.offers.models import DeclineReason
from jobs.offers.services import MAX_TEXT

YES, NO = "yes", "no"


class DeclineForm(AccessibleFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Vì sao bạn từ chối việc làm này?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn lý do từ chối."),
            "invalid_choice": _("Hãy chọn lý do từ chối."),
        },
    )
    text = forms.CharField(
        label=_("Giải thích thêm"),
        help_text=_("Bắt buộc khi bạn chọn “Lý do khác”."),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Nội dung dài quá %(limit_value)s ký tự.")},
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("reason") == DeclineReason.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", _("Hãy ghi rõ lý do từ chối để trung tâm xem xét."))
        return data


class OfferForm(AccessibleFormMixin, forms.Form):
    vacancy = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Hãy chọn việc làm.")}
    )
    message = forms.CharField(
        label=_("Lời nhắn cho người lao động"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Nội dung dài quá %(limit_value)s ký tự.")},
    )


class JudgeForm(AccessibleFormMixin, forms.Form):
    good = forms.ChoiceField(
        label=_("Lý do từ chối có chính đáng không?"),
        choices=[
            (YES, _("Có, lý do chính đáng")),
            (NO, _("Không, từ chối không có lý do chính đáng")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn một câu trả lời."),
            "invalid_choice": _("Hãy chọn một câu trả lời."),
        },
    )
    note = forms.CharField(
        label=_("Nhận xét"),
        help_text=_(
            "Bắt buộc khi lý do không chính đáng: người lao động và lãnh đạo trung tâm sẽ đọc."
        ),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Nội dung dài quá %(limit_value)s ký tự.")},
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("good") == NO and not (data.get("note") or "").strip():
            self.add_error("note", _("Hãy ghi vì sao lý do này không chính đáng."))
        return data
