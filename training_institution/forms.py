"""The clerk's forms: attendance for a month, completion, dropout; the fault settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from training_institution.models import StandinSettings

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AttendanceForm(forms.Form):
    month = forms.IntegerField(label=_("Tháng thứ"), min_value=1, max_value=36)
    days_attended = forms.IntegerField(label=_("Số ngày đi học"), min_value=0, max_value=31)
    days_scheduled = forms.IntegerField(label=_("Số ngày theo lịch"), min_value=1, max_value=31)

    def clean(self) -> dict:
        data = super().clean() or {}
        attended, scheduled = data.get("days_attended"), data.get("days_scheduled")
        if attended is not None and scheduled is not None and attended > scheduled:
            self.add_error(
                "days_attended", _("Số ngày đi học không được nhiều hơn số ngày theo lịch.")
            )
        return data


class CompletionForm(forms.Form):
    certificate_number = forms.CharField(label=_("Số chứng chỉ"), max_length=60)
    completed_on = forms.DateField(
        label=_("Ngày hoàn thành"), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )


class DropoutForm(forms.Form):
    dropped_on = forms.DateField(label=_("Ngày thôi học"), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False)


def _fraction(label: StrOrPromise) -> forms.FloatField:
    return forms.FloatField(label=label, min_value=0.0, max_value=1.0)


class StandinSettingsForm(forms.ModelForm):
    report_delay = forms.FloatField(
        label=_("Gửi báo cáo muộn (giây)"), min_value=0.0, max_value=86400.0
    )
    duplicate_reports = _fraction(_("Tỷ lệ báo cáo gửi hai lần"))
    fail_5xx = _fraction(_("Tỷ lệ hồ sơ nhập học trả lời lỗi 503"))
    report_attempts = forms.IntegerField(
        label=_("Số lần gửi báo cáo tối đa"), min_value=1, max_value=100
    )

    class Meta:
        model = StandinSettings
        fields = ["report_delay", "duplicate_reports", "fail_5xx", "report_attempts"]
